# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestDeposit(WorkStageCommon):
    """A stage asking for a deposit, paid through Odoo's Demo payment provider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._free_transitions()
        cls.stage_deposit = cls.env["sale.work.stage"].create(
            {
                "name": "Booking (deposit)",
                "sequence": 2,
                "deposit_percent": 30,
                "after_payment_stage_id": cls.stage_repair.id,
            }
        )
        cls.customer.write(
            {"mobile": "+32 470 12 34 56", "country_id": cls.env.ref("base.be").id}
        )
        cls.env.company.write({"sms_quiet_start": 0, "sms_quiet_end": 0})
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        cls.provider.write({"state": "test", "company_id": cls.env.company.id})

    def _texts(self, order):
        return self.env["sms.sms"].search(
            [("mail_message_id", "in", order.message_ids.ids)]
        )

    def test_entering_a_deposit_stage_asks_and_texts(self):
        """Entering the stage sets Odoo's online payment with the deposit as
        prepayment and texts the customer the payment link."""
        order = self._create_order()
        order.write({"require_payment": False, "work_stage_id": self.stage_deposit.id})
        self.assertTrue(order.require_payment)
        self.assertAlmostEqual(order.prepayment_percent, 0.3)
        self.assertTrue(order._has_to_be_paid())
        text = self._texts(order)
        self.assertEqual(len(text), 1)
        self.assertIn("deposit", text.body)
        self.assertIn(order.get_portal_url(), text.body)
        self.assertIn(
            order.currency_id.format(order._get_prepayment_required_amount()).replace(
                "\xa0", " "
            ),
            text.body.replace("\xa0", " "),
        )

    def test_re_entering_the_deposit_stage_texts_once(self):
        """Taken out of the stage and back within the resend window: the
        payment is still asked, the link is not texted a second time."""
        order = self._create_order()
        order.write({"work_stage_id": self.stage_deposit.id})
        order.write({"work_stage_id": self.stage_repair.id})
        order.write({"work_stage_id": self.stage_deposit.id})
        self.assertTrue(order._has_to_be_paid())
        self.assertEqual(len(self._texts(order)), 1)
        self.assertTrue(order.deposit_sms_date)

    def test_paying_the_deposit_moves_the_order_on(self):
        """The Demo provider's payment of the deposit confirms the order and
        moves it to the stage set after payment, told in the chatter."""
        order = self._create_order()
        order.write({"work_stage_id": self.stage_deposit.id})
        amount = order._get_prepayment_required_amount()
        self.assertLess(amount, order.amount_total)
        transaction = self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.env.ref(
                    "payment_demo.payment_method_demo"
                ).id,
                "amount": amount,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_id.id,
                "reference": f"{order.name}-deposit",
                "operation": "online_direct",
                "sale_order_ids": [(6, 0, order.ids)],
            }
        )
        transaction.action_demo_set_done()
        transaction._post_process()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.work_stage_id, self.stage_repair)
        self.assertIn("Deposit of", "".join(order.message_ids.mapped("body")))

    def test_a_stage_without_deposit_changes_nothing(self):
        """A stage without deposit leaves the quote's payment as it was."""
        order = self._create_order()
        order.write({"require_payment": False, "work_stage_id": self.stage_repair.id})
        self.assertFalse(order.require_payment)

    def test_deposit_is_a_percentage(self):
        """A deposit outside 0-100 % is refused with a clear message."""
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self.stage_deposit.deposit_percent = 150
