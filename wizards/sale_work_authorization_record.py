# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class SaleWorkAuthorizationRecord(models.TransientModel):
    """An authorization the customer gave in person or by phone, entered by
    the shop: the same record as one given on the portal, with its method and
    a note."""

    _name = "sale.work.authorization.record"
    _description = "Record Authorization"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="order_id.currency_id")
    method = fields.Selection(
        [("in_person", "In Person"), ("phone", "By Phone")],
        required=True,
        default="phone",
    )
    signed_by = fields.Char(string="Authorized By", required=True)
    signature = fields.Binary(help="The customer's signature, when given in person.")
    note = fields.Text(
        required=True,
        help="What the customer was told and said: the shop's record of the consent.",
    )
    job_ids = fields.One2many(
        "sale.work.authorization.record.job", "wizard_id", string="Jobs"
    )
    amount_approved = fields.Monetary(compute="_compute_amount_approved")

    @api.depends("job_ids.approved", "job_ids.amount")
    def _compute_amount_approved(self):
        for wizard in self:
            wizard.amount_approved = sum(
                wizard.job_ids.filtered("approved").mapped("amount")
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        order = self.env["sale.order"].browse(values.get("order_id"))
        if order:
            values.setdefault("signed_by", order.partner_id.name)
            values["job_ids"] = [
                fields.Command.create(
                    {
                        "job_key": job.key,
                        "name": order._work_job_title(job),
                        "amount": job.amount,
                        "approved": True,
                    }
                )
                for job in order._work_jobs()
            ]
        return values

    def action_confirm(self):
        self.ensure_one()
        self.order_id._work_authorize(
            self.job_ids.filtered("approved").mapped("job_key"),
            self.signed_by,
            self.method,
            signature=self.signature,
            note=self.note,
        )
        return {"type": "ir.actions.act_window_close"}
