# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleWorkReschedule(models.TransientModel):
    """Keep the work a customer declined as a proposal with a follow-up."""

    _name = "sale.work.reschedule"
    _description = "Reschedule Declined Work"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    line_ids = fields.Many2many(
        "sale.order.line",
        string="Declined Lines",
        domain="[('order_id', '=', order_id), ('display_type', '=', False)]",
    )
    follow_up_date = fields.Date(required=True)
    note = fields.Text(help="Why the customer declined, what to propose again.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "follow_up_date" in fields_list and not values.get("follow_up_date"):
            values["follow_up_date"] = fields.Date.add(
                fields.Date.context_today(self), months=1
            )
        return values

    def _check_can_reschedule(self):
        order = self.order_id
        if order.quote_locked or order.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "%(order)s is locked: make a new revision, then reschedule the "
                    "declined work from it.",
                    order=order.display_name,
                )
            )
        if not self.line_ids:
            raise UserError(self.env._("Choose the lines the customer declined."))
        foreign = self.line_ids.filtered(lambda line: line.order_id != order)
        if foreign:
            raise UserError(
                self.env._(
                    "Only lines of %(order)s can be rescheduled.", order=order.name
                )
            )
        product_lines = order.order_line.filtered(lambda line: not line.display_type)
        if not product_lines - self.line_ids:
            raise UserError(
                self.env._(
                    "Every line of %(order)s would leave it. Keep at least one line "
                    "the customer accepted, or leave the whole estimate as it is.",
                    order=order.name,
                )
            )

    def action_confirm(self):
        self.ensure_one()
        self._check_can_reschedule()
        proposal = self.order_id._work_move_to_proposal(
            self.line_ids, self.follow_up_date, self.note
        )
        return proposal._get_records_action(name=self.env._("Proposed Work"))
