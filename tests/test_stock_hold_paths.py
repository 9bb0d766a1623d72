# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import SIGNATURE_PNG, StockHoldCommon


@tagged("post_install", "-at_install")
class TestStockHoldPaths(StockHoldCommon):
    """The paths between features keep the books: after each step, what the
    orders hold equals what stock says is reserved or in work."""

    # Job authorization ----------------------------------------------------

    def _two_job_quote(self, stage):
        """A submitted quote in ``stage``: Brakes (2 pads), Extra (1 pad)."""
        self.env.company.work_stage_proposed_id = self.env["sale.work.stage"].create(
            {"name": "Proposed", "sequence": 30}
        )

        def section(name):
            return fields.Command.create({"display_type": "line_section", "name": name})

        def pads(qty):
            return fields.Command.create(
                {"product_id": self.pads.id, "product_uom_qty": qty}
            )

        quote = self._create_order(
            work_stage_id=stage.id,
            require_payment=False,
            order_line=[section("Brakes"), pads(2), section("Extra"), pads(1)],
        )
        quote.action_quotation_sent()
        return quote

    def _authorize_brakes(self, quote, method):
        keys = [job.key for job in quote._work_jobs() if job.title == "Brakes"]
        return quote._work_authorize(
            keys,
            "Jane Driver",
            method,
            signature=SIGNATURE_PNG,
            version=quote.issue_count,
        )

    def test_declined_job_gives_back_its_parts(self):
        """A job declined at authorization gives back what it held, reserved
        or in work, staff or portal: the Proposed & Re-scheduled estimate
        holds nothing, the approved job keeps its parts in work for the
        delivery."""
        for stage, held in ((self.stage_reserve, (2, 0)), (self.stage_wip, (0, 2))):
            for method in ("portal", "in_person"):
                savepoint = self.env.cr.savepoint()
                with self.subTest(stage=stage.name, method=method):
                    quote = self._two_job_quote(stage)
                    self.assertEqual(sum(self._held(quote)), 3)
                    authorization = self._authorize_brakes(quote, method)
                    proposal = authorization.proposal_id
                    self.assertEqual(quote.state, "sale")
                    self.assertEqual(proposal.order_line.product_id, self.pads)
                    self.assertEqual(self._held(proposal), (0, 0))
                    # What stays in work is the approved job's, for its delivery.
                    self.assertEqual(self._on_hand(self.wip), held[1])
                    self.assertBooksBalance()
                savepoint.close(rollback=True)
                self.env.invalidate_all()

    def test_declined_job_gives_back_its_parts_while_payment_is_due(self):
        """Signed with a payment still due (the order waits, unconfirmed, in
        its stage): the approved job keeps holding its parts, the declined
        job's come back, the estimate of declined work holds nothing."""
        self.env.ref("payment.payment_provider_demo").write(
            {"state": "test", "company_id": self.env.company.id}
        )
        for stage, held in ((self.stage_reserve, (2, 0)), (self.stage_wip, (0, 2))):
            savepoint = self.env.cr.savepoint()
            with self.subTest(stage=stage.name):
                quote = self._two_job_quote(stage)
                quote.write({"require_payment": True, "prepayment_percent": 1.0})
                authorization = self._authorize_brakes(quote, "portal")
                self.assertEqual(quote.state, "sent")
                self.assertEqual(self._held(quote), held)
                self.assertEqual(self._held(authorization.proposal_id), (0, 0))
                self.assertEqual(self._on_hand(self.wip), held[1])
                self.assertBooksBalance()
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    # Revision -------------------------------------------------------------

    def test_revision_hands_reservation_over(self):
        """A revision takes over the reservation: free and on hand unchanged."""
        order = self._pads_order(2, work_stage_id=self.stage_reserve.id)
        self.assertEqual(self._free(), 3)
        revision = self._revise(order)
        self.assertEqual(self._free(), 3)
        self.assertEqual(self._on_hand(), 5)
        self.assertFalse(order.stock_hold_move_ids)
        self.assertEqual(self._held(revision), (2, 0))
        self.assertBooksBalance()
        revision.write({"work_stage_id": self.stage_intake.id})
        self.assertEqual(self._free(), 5)
        self.assertBooksBalance()

    def test_revision_keeps_parts_in_work_in_progress(self):
        """Parts in work stay in the WIP location: no return and take again."""
        order = self._pads_order(2, work_stage_id=self.stage_wip.id)
        moves_before = self.env["stock.move"].search_count([])
        revision = self._revise(order)
        self.assertEqual(self.env["stock.move"].search_count([]), moves_before)
        self.assertEqual(self._on_hand(self.wip), 2)
        self.assertEqual(self._on_hand(), 3)
        self.assertEqual(self._held(revision), (0, 2))
        self.assertEqual(self._held(order), (0, 0))
        self.assertBooksBalance()
        revision.write({"work_stage_id": self.stage_intake.id})
        self.assertEqual(self._on_hand(), 5)
        self.assertEqual(self._on_hand(self.wip), 0)
        self.assertBooksBalance()

    def test_revision_keeps_its_place_in_the_back_order_queue(self):
        """A revised order waiting for parts is still served before later ones."""
        self._pads_order(4, work_stage_id=self.stage_reserve.id)
        first = self._pads_order(3, work_stage_id=self.stage_reserve.id)
        later = self._pads_order(1, work_stage_id=self.stage_reserve.id)
        self.assertEqual(first.work_stage_id, self.stage_waiting)
        self.assertEqual(later.work_stage_id, self.stage_waiting)
        first_revision = self._revise(first)
        self.assertEqual(first_revision.work_stage_id, self.stage_waiting)
        self.assertEqual(first_revision.backorder_return_stage_id, self.stage_reserve)
        self.assertBooksBalance()
        self._receive(self.pads, 2)
        self.assertEqual(first_revision.work_stage_id, self.stage_reserve)
        self.assertEqual(self._held(first_revision), (3, 0))
        self.assertEqual(later.work_stage_id, self.stage_waiting)
        self.assertBooksBalance()

    def test_revision_does_not_text_the_customer(self):
        """Only entering a stage texts: a revision enters none."""
        self.stage_reserve.write(
            {"send_sms": True, "sms_template_id": self.sms_template.id}
        )
        order = self._pads_order(1, work_stage_id=self.stage_reserve.id)
        texts = self.env["sms.sms"].search([])
        self.assertIn(order.id, texts.mail_message_id.mapped("res_id"), "entering")
        revision = self._revise(order)
        new_texts = self.env["sms.sms"].search([]) - texts
        self.assertFalse(
            new_texts,
            f"texts {new_texts.mapped('body')} about "
            f"{new_texts.mail_message_id.mapped('res_id')} (revision {revision.id})",
        )

    # Deletion -------------------------------------------------------------

    def test_deleting_a_quote_gives_everything_back(self):
        """Deleting releases reservations and returns parts in work."""
        reserved = self._pads_order(2, work_stage_id=self.stage_reserve.id)
        in_work = self._pads_order(1, work_stage_id=self.stage_wip.id)
        self.assertEqual(self._free(), 2)
        (reserved | in_work).unlink()
        self.assertEqual(self._free(), 5)
        self.assertEqual(self._on_hand(), 5)
        self.assertEqual(self._on_hand(self.wip), 0)
        self.assertFalse(
            self.env["stock.move"].search(
                [
                    ("product_id", "=", self.pads.id),
                    ("state", "in", ["assigned", "partially_available"]),
                ]
            )
        )
        self.assertBooksBalance()

    # Warehouse change -----------------------------------------------------

    def test_warehouse_change_moves_the_reservation(self):
        """Released in the old warehouse, reserved in the new one, back order
        for what the new one lacks."""
        order = self._pads_order(2, work_stage_id=self.stage_reserve.id)
        order.write({"warehouse_id": self.warehouse_2.id})
        self.assertEqual(self._free(), 5)
        self.assertEqual(self._free(self.warehouse_2.lot_stock_id), 0)
        self.assertEqual(self._held(order), (1, 0))
        self.assertEqual(order.work_stage_id, self.stage_waiting)
        self.assertTrue(
            any(
                "Warehouse changed" in str(body)
                for body in order.message_ids.mapped("body")
            )
        )
        self.assertBooksBalance()

    def test_salesperson_change_moves_parts_in_work(self):
        """A salesperson of another warehouse recomputes the warehouse: parts in
        work go back to the old shelf and are taken in the new warehouse."""
        self._set_pads(3, self.warehouse_2.lot_stock_id)
        order = self._pads_order(2, work_stage_id=self.stage_wip.id)
        self.assertEqual(self._on_hand(self.wip), 2)
        order.write({"user_id": self.salesman_2.id})
        self.assertEqual(order.warehouse_id, self.warehouse_2)
        self.assertEqual(self._on_hand(self.wip), 0)
        self.assertEqual(self._on_hand(), 5)
        self.assertEqual(self._on_hand(self.warehouse_2.wip_location_id), 2)
        self.assertEqual(self._on_hand(self.warehouse_2.lot_stock_id), 1)
        self.assertEqual(self._held(order), (0, 2))
        self.assertBooksBalance()

    # Expiry ---------------------------------------------------------------

    def test_expiry_releases_reservations_keeps_work(self):
        """Expired: reservations released and listed; parts in work stay."""
        reserved = self._pads_order(2, work_stage_id=self.stage_reserve.id)
        in_work = self._pads_order(1, work_stage_id=self.stage_wip.id)
        yesterday = fields.Date.today() - timedelta(days=1)
        (reserved | in_work).write({"validity_date": yesterday})
        self.env["sale.order"]._cron_expire_quotes()
        self.assertEqual((reserved | in_work).mapped("quote_state"), ["expired"] * 2)
        self.assertEqual(self._held(reserved), (0, 0))
        self.assertEqual(self._held(in_work), (0, 1))
        self.assertEqual(self._free(), 4)
        note = reserved.message_ids[0].body
        self.assertIn("reserved parts were released", note)
        self.assertIn("Brake pads: reservation of 2.0", note)
        self.assertBooksBalance()

    # Confirmation ---------------------------------------------------------

    def test_confirming_from_work_in_progress_delivers_from_there(self):
        """Parts in work stay there at confirmation; the delivery takes them
        from there; on hand drops by exactly what was delivered."""
        order = self._pads_order(2, work_stage_id=self.stage_wip.id)
        self.assertEqual(self._on_hand(), 3)
        self.assertEqual(self._on_hand_warehouse(), 5)
        order.action_confirm()
        self.assertEqual(self._on_hand(), 3)
        self.assertEqual(self._on_hand(self.wip), 2)
        delivery = order.picking_ids
        self.assertEqual(delivery.move_ids.location_id, self.wip)
        self.assertEqual(delivery.move_ids.quantity, 2)
        self.assertEqual(self._held(order), (0, 0))
        self.assertBooksBalance()
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(self._on_hand_warehouse(), 3)
        self.assertEqual(self._on_hand(self.wip), 0)
        self.assertEqual(self._on_hand(), 3)
        self.assertBooksBalance()

    def test_confirming_part_in_work_part_short(self):
        """Only what is in work comes from there; the rest waits for stock."""
        self._set_pads(2)
        order = self._pads_order(3, work_stage_id=self.stage_wip.id)
        self.assertEqual(order.work_stage_id, self.stage_waiting)
        self.assertEqual(self._on_hand(self.wip), 2)
        order.action_confirm()
        moves = order.picking_ids.move_ids
        self.assertEqual(
            sorted(moves.mapped(lambda m: (m.location_id.id, m.product_uom_qty))),
            sorted([(self.wip.id, 2.0), (self.stock.id, 1.0)]),
        )
        self.assertEqual(
            moves.filtered(lambda m: m.location_id == self.wip).quantity, 2
        )
        self.assertEqual(self._on_hand(), 0)
        self.assertBooksBalance()
        self._receive(self.pads, 1)
        self.assertEqual(sum(moves.mapped("quantity")), 3)
        self.assertBooksBalance()

    def test_confirming_reserved_parts_hands_them_to_the_delivery(self):
        """Parts only reserved are reserved by the delivery instead."""
        order = self._pads_order(2, work_stage_id=self.stage_reserve.id)
        order.action_confirm()
        self.assertEqual(order.picking_ids.move_ids.quantity, 2)
        self.assertEqual(order.picking_ids.move_ids.location_id, self.stock)
        self.assertEqual(self._free(), 3)
        self.assertEqual(self._held(order), (0, 0))
        self.assertBooksBalance()

    def test_cancelling_a_confirmed_order_gives_back_its_parts_in_work(self):
        """The delivery was to take the parts from work in progress; the
        order is cancelled: they go back to the shelf, nobody holds them."""
        order = self._pads_order(2, work_stage_id=self.stage_wip.id)
        order.action_confirm()
        self.assertEqual(self._on_hand(self.wip), 2)
        order._action_cancel()
        self.assertEqual(order.picking_ids.state, "cancel")
        self.assertEqual(self._on_hand(self.wip), 0)
        self.assertEqual(self._free(), 5)
        self.assertEqual(self._held(order), (0, 0))
        self.assertBooksBalance()

    def test_delivering_part_without_back_order_gives_back_the_rest(self):
        """One of two parts in work delivered, no back order wanted: the
        other goes back to the shelf."""
        order = self._pads_order(2, work_stage_id=self.stage_wip.id)
        order.action_confirm()
        delivery = order.picking_ids
        delivery.move_ids.quantity = 1
        delivery.move_ids.picked = True
        delivery.with_context(cancel_backorder=True)._action_done()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(self._on_hand(self.wip), 0)
        self.assertEqual(self._on_hand(), 4)
        self.assertEqual(self._on_hand_warehouse(), 4)
        self.assertBooksBalance()
