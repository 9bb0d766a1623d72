# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models

AUTHORIZATION_METHODS = [
    ("portal", "Customer Portal"),
    ("sms_link", "Text Link"),
    ("in_person", "In Person"),
    ("phone", "By Phone"),
]


class SaleOrderAuthorization(models.Model):
    """The customer's authorization of a quote's jobs: who, when, how, from
    where, on which version, and each job approved or declined. Kept as the
    shop's proof of consent; never changed once given."""

    _name = "sale.order.authorization"
    _description = "Customer Authorization"
    _order = "authorized_on desc, id desc"
    _rec_name = "signed_by"

    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    signed_by = fields.Char(string="Authorized By", required=True, readonly=True)
    signature = fields.Image(max_width=1024, max_height=1024, readonly=True)
    authorized_on = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True
    )
    method = fields.Selection(AUTHORIZATION_METHODS, required=True, readonly=True)
    note = fields.Text(readonly=True)
    ip_address = fields.Char(string="IP Address", readonly=True)
    version = fields.Integer(
        string="Version Seen",
        readonly=True,
        help="The version of the quote the customer authorized (how many times "
        "it had been issued).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Entered By",
        readonly=True,
        help="The employee who recorded an authorization given in person or by phone.",
    )
    job_ids = fields.One2many(
        "sale.order.authorization.job", "authorization_id", string="Jobs", readonly=True
    )
    amount_approved = fields.Monetary(compute="_compute_amounts", store=True)
    amount_declined = fields.Monetary(compute="_compute_amounts", store=True)
    proposal_id = fields.Many2one(
        "sale.order",
        string="Declined Work Estimate",
        readonly=True,
        help="The Proposed & Re-scheduled estimate the declined jobs went to.",
    )

    _sql_constraints = [
        (
            "order_version_unique",
            "unique(order_id, version)",
            "This version of the quote was already authorized.",
        )
    ]

    @api.depends("job_ids.amount", "job_ids.approved")
    def _compute_amounts(self):
        for authorization in self:
            jobs = authorization.job_ids
            authorization.amount_approved = sum(
                jobs.filtered("approved").mapped("amount")
            )
            authorization.amount_declined = sum(
                jobs.filtered(lambda job: not job.approved).mapped("amount")
            )
