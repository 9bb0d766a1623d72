# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

STAGE_DOMAIN = "['|', ('company_id', '=', False), ('company_id', '=', company_id)]"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    work_stage_proposed_id = fields.Many2one(
        related="company_id.work_stage_proposed_id",
        readonly=False,
        domain=STAGE_DOMAIN,
    )
    work_stage_backorder_id = fields.Many2one(
        related="company_id.work_stage_backorder_id",
        readonly=False,
        domain=STAGE_DOMAIN,
    )
    work_stage_print_target_id = fields.Many2one(
        related="company_id.work_stage_print_target_id",
        readonly=False,
        domain=STAGE_DOMAIN,
    )
