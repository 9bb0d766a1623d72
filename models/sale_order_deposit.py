# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import api, fields, models

from ..tools.trusted import AUTOMATION, INTERNAL_WRITE, TRUSTED


class SaleOrder(models.Model):
    """Stages that ask for a deposit: Odoo's online payment with that
    prepayment, a text with the payment link, and the move on once paid."""

    _inherit = "sale.order"

    deposit_sms_date = fields.Datetime(
        string="Deposit Texted On",
        copy=False,
        readonly=True,
        help="When the customer was last texted the link to pay the deposit.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._deposit_request()
        return orders

    def write(self, vals):
        entering = self._work_stage_entering(vals)
        result = super().write(vals)
        entering._deposit_request()
        return result

    def _deposit_request(self):
        """Quotes that entered a stage asking for a deposit: ask it through
        Odoo's own online payment (``require_payment``, ``prepayment_percent``)
        and text the customer the link to pay it."""
        for order in self.filtered(
            lambda o: o.work_stage_id.deposit_percent and o.state in ("draft", "sent")
        ):
            stage = order.work_stage_id
            order.with_context(**{INTERNAL_WRITE: TRUSTED}).write(
                {
                    "require_payment": True,
                    "prepayment_percent": stage.deposit_percent / 100.0,
                }
            )
            if (
                stage.deposit_sms_template_id
                and not order._deposit_texted_lately()
                and order._sms_queue_template(stage.deposit_sms_template_id)
            ):
                order.with_context(**{INTERNAL_WRITE: TRUSTED}).write(
                    {"deposit_sms_date": fields.Datetime.now()}
                )

    def _deposit_texted_lately(self):
        """The customer got the deposit link within the company's resend
        window: a quote taken out of the stage and back gets no second one."""
        self.ensure_one()
        window = timedelta(hours=self.company_id.sms_resend_window_hours)
        return bool(
            self.deposit_sms_date
            and fields.Datetime.now() - self.deposit_sms_date < window
        )

    def _deposit_paid(self, transaction):
        """The deposit of these orders was paid (``transaction``, confirmed):
        move each on to its stage's Stage After Payment, and say so."""
        for order in self:
            stage = order.work_stage_id
            target = stage.after_payment_stage_id
            if not stage.deposit_percent or not target:
                continue
            order.with_context(**{AUTOMATION: TRUSTED}).write(
                {"work_stage_id": target.id}
            )
            order.message_post(
                body=self.env._(
                    "Deposit of %(amount)s paid (%(reference)s): moved from "
                    "%(stage)s to %(target)s.",
                    amount=transaction.currency_id.format(transaction.amount),
                    reference=transaction.reference,
                    stage=stage.name,
                    target=target.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
