# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class SaleWorkAuthorizationRecordJob(models.TransientModel):
    """One job of the quote, approved or declined by the customer."""

    _name = "sale.work.authorization.record.job"
    _description = "Job to Authorize"

    wizard_id = fields.Many2one(
        "sale.work.authorization.record", required=True, ondelete="cascade"
    )
    job_key = fields.Integer(required=True)
    name = fields.Char(string="Job", readonly=True)
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    amount = fields.Monetary(readonly=True)
    approved = fields.Boolean()
