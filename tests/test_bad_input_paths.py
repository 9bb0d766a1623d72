# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Bad input to the paths of an order's life gets a clear error and changes
nothing: the books are read before and after each refusal."""

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SIGNATURE_PNG, StockHoldCommon


@tagged("post_install", "-at_install")
class TestBadInputPaths(StockHoldCommon):
    def _books(self):
        """What stock, the orders and the outbox say, to compare."""
        self.env.flush_all()
        self.env.invalidate_all()
        orders = self.env["sale.order"].search([])
        return {
            "free": self._free(),
            "in work": self._on_hand(self.wip),
            "held": {order.name: self._held(order) for order in orders},
            "orders": {
                order.name: (order.state, order.quote_state, order.work_stage_id.name)
                for order in orders
            },
            "moves": self.env["stock.move"].search_count([]),
            "pickings": self.env["stock.picking"].search_count([]),
            "texts": self.env["sms.sms"].search_count([]),
            "authorizations": self.env["sale.order.authorization"].search_count([]),
        }

    def assertRefusedUnchanged(self, call, error, message):
        before = self._books()
        with self.assertRaisesRegex(error, message), self.env.cr.savepoint():
            call()
        self.assertEqual(self._books(), before)
        self.assertBooksBalance()

    def _two_job_quote(self):
        self.env.company.work_stage_proposed_id = self.env["sale.work.stage"].create(
            {"name": "Proposed", "sequence": 30}
        )
        quote = self._create_order(
            work_stage_id=self.stage_wip.id,
            require_payment=False,
            order_line=[
                fields.Command.create({"display_type": "line_section", "name": job})
                if isinstance(job, str)
                else fields.Command.create(
                    {"product_id": self.pads.id, "product_uom_qty": job}
                )
                for job in ("Brakes", 2, "Extra", 1)
            ],
        )
        quote.action_quotation_sent()
        return quote

    def test_authorizing_an_unknown_job_is_refused(self):
        """A job key of no job of the quote (a page of another version):
        refused, no authorization, the parts in work stay held."""
        quote = self._two_job_quote()
        unknown = max(quote.order_line.ids) + 1000
        self.assertRefusedUnchanged(
            lambda: quote._work_authorize(
                [unknown],
                "Jane Driver",
                "portal",
                signature=SIGNATURE_PNG,
                version=quote.issue_count,
            ),
            UserError,
            "changed",
        )
        self.assertEqual(self._held(quote), (0, 3))

    def test_supplement_of_a_cancelled_order_is_refused(self):
        order = self._pads_order(1, work_stage_id=self.stage_wip.id)
        order.action_confirm()
        order._action_cancel()
        self.assertRefusedUnchanged(
            order.action_new_supplement, UserError, "not an approved order"
        )
        self.assertFalse(order.supplement_ids)

    def test_deposit_outside_0_to_100_percent_is_refused(self):
        """150 % or below 0 is refused and the stage keeps its deposit; an
        order entering it afterwards is asked the deposit it had."""
        stage = self._create_reserve_stage(
            "Appointment / deposit",
            deposit_percent=30,
            after_payment_stage_id=self.stage_wip.id,
        )
        for percent in (150, -10):
            self.assertRefusedUnchanged(
                lambda p=percent: stage.write({"deposit_percent": p}),
                ValidationError,
                "between 0 and 100",
            )
            self.assertEqual(stage.deposit_percent, 30)
        order = self._pads_order(1, require_payment=False)
        order.work_stage_id = stage
        self.assertAlmostEqual(order.prepayment_percent, 0.3)

    def test_a_deposit_of_0_percent_asks_no_payment(self):
        """0 % is no deposit: entering the stage asks for no payment."""
        stage = self._create_reserve_stage("Appointment", deposit_percent=0)
        order = self._pads_order(1, require_payment=False)
        order.work_stage_id = stage
        self.assertFalse(order.require_payment)
        self.assertFalse(order._has_to_be_paid())

    def test_returning_more_than_was_delivered_is_refused(self):
        """Odoo's return of an order's delivery: more than was delivered, or
        than is left after an earlier return, is refused; nothing is made."""
        order = self._pads_order(2, work_stage_id=self.stage_wip.id)
        order.action_confirm()
        delivery = order.picking_ids
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")

        def wizard(qty):
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_id=delivery.id, active_model="stock.picking")
                .create({})
            )
            wizard.product_return_moves.quantity = qty
            return wizard

        self.assertRefusedUnchanged(
            lambda: wizard(3).action_create_returns(),
            UserError,
            "only 2.0 Units of this delivery is not returned yet",
        )
        wizard(1).action_create_returns()
        self.assertRefusedUnchanged(
            lambda: wizard(2).action_create_returns(),
            UserError,
            "only 1.0 Units",
        )
        self.assertEqual(order.order_line.qty_delivered, 2)
