# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """An order confirmed by the payment of its deposit moves on."""
        confirmed = super()._check_amount_and_confirm_order()
        for transaction in self:
            (transaction.sale_order_ids & confirmed)._deposit_paid(transaction)
        return confirmed
