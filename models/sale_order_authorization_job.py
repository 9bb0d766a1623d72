# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class SaleOrderAuthorizationJob(models.Model):
    """One job of an authorization, as the customer saw it: its title and
    amount, approved or declined (the lines themselves may since have moved to
    the declined work's estimate)."""

    _name = "sale.order.authorization.job"
    _description = "Authorized Job"
    _order = "authorization_id, sequence, id"

    authorization_id = fields.Many2one(
        "sale.order.authorization", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer()
    name = fields.Char(string="Job", required=True)
    currency_id = fields.Many2one(related="authorization_id.currency_id")
    amount = fields.Monetary()
    approved = fields.Boolean()
