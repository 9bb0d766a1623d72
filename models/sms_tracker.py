# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class SmsTracker(models.Model):
    """The provider's message id, for its delivery reports: the tracker
    outlives the text (deleted once sent)."""

    _inherit = "sms.tracker"

    sale_sms_provider_id = fields.Char(
        string="Provider Message Id", index="btree_not_null", copy=False
    )
