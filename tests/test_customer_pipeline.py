# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestCustomerPipeline(WorkStageCommon):
    """Order, product, source, invoice and payment statuses from real flows.

    The test database also has Purchase and Manufacturing installed (see
    scripts/devenv.py): their orders are sources of the goods of an order.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "UTC"
        cls._free_transitions()
        cls.pads = cls._create_storable("Brake pads", list_price=50)
        cls.labour = cls.env["product.product"].create(
            {"name": "Labour", "type": "service", "list_price": 60}
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Parts Wholesale"})

    def _in_days(self, days):
        """Noon, ``days`` days from now."""
        return fields.Datetime.now().replace(hour=12, minute=0, second=0) + timedelta(
            days=days
        )

    # Order status --------------------------------------------------------------

    def test_line_being_edited_before_its_company_is_known(self):
        """A line of an order being edited whose company is not known yet (as
        in Odoo's combo configurator) gets its statuses, not an error."""
        order = self.env["sale.order"].new({"partner_id": self.customer.id})
        order.company_id = False
        line = self.env["sale.order.line"].new(
            {"order_id": order.id, "product_id": self.pads.id, "product_uom_qty": 1}
        )
        self.assertFalse(line.order_id.company_id)
        self.assertTrue(line.booking_status)
        self.assertTrue(order.pipeline_status)

    def test_quotation_then_waiting_for_confirmation(self):
        """A new quote is a quotation; once sent it waits for confirmation."""
        order = self._create_order({self.pads: 2})
        self.assertEqual(order.pipeline_status, "quotation")
        self.assertEqual(order.order_line.booking_status, "not_booked")
        order.action_quotation_sent()
        self.assertEqual(order.pipeline_status, "waiting_confirmation")

    def test_stock_on_hand_ready_shipped_delivered(self):
        """From stock: ready for shipment, shipped, delivered when the customer says."""
        self._add_stock(self.pads, 5)
        order = self._create_order({self.pads: 2}, commitment_date=self._in_days(5))
        order.action_confirm()
        line = order.order_line
        self.assertEqual(line.booking_status, "ready_for_shipment")
        self.assertFalse(line.source_document, "from stock: no source document")
        self.assertEqual(order.pipeline_status, "ready_for_shipment")
        with self.assertRaisesRegex(UserError, "not shipped in full"):
            order.action_confirm_customer_receipt()
        self._validate_in_full(order.picking_ids)
        self.assertEqual(line.booking_status, "delivered")
        self.assertEqual(order.pipeline_status, "shipped")
        order.action_confirm_customer_receipt()
        self.assertEqual(order.pipeline_status, "delivered")
        self.assertTrue(order.customer_received_date)

    def test_partial_stock_not_enough_then_receipt_expected(self):
        """Short of stock, a receipt's date makes it on time, possibly late or late."""
        self._add_stock(self.pads, 1)
        order = self._create_order({self.pads: 3}, commitment_date=self._in_days(10))
        order.action_confirm()
        line = order.order_line
        self.assertEqual(line.booking_status, "not_enough")
        self.assertEqual(order.pipeline_status, "confirmed")
        # Incoming supply before the delivery date covers it.
        receipt = self._create_receipt(self.pads, 5, self._in_days(3))
        self.assertEqual(line.booking_status, "expected_on_time")
        self.assertEqual(order.pipeline_status, "waiting_production")
        self.assertFalse(order.booking_alert)
        # The receipt slips to the delivery date, then after it.
        receipt.move_ids.date = self._in_days(10)
        self.assertEqual(line.booking_status, "possibly_delayed")
        self.assertEqual(order.booking_alert, "possibly_delayed")
        receipt.move_ids.date = self._in_days(12)
        self.assertEqual(line.booking_status, "delayed")
        self.assertEqual(order.booking_alert, "delayed")
        # Received: the delivery is reserved, ready to ship.
        self._validate_in_full(receipt)
        self.assertEqual(line.booking_status, "ready_for_shipment")
        self.assertEqual(order.pipeline_status, "ready_for_shipment")
        self.assertFalse(order.booking_alert)

    def test_delivery_date_today_or_passed_without_the_goods(self):
        """Goods missing on the delivery day: possibly delayed, the next day delayed."""
        order = self._create_order({self.pads: 2}, commitment_date=self._in_days(0))
        order.action_confirm()
        # Nothing in stock, nothing coming.
        self.assertEqual(order.order_line.booking_status, "not_enough")
        receipt = self._create_receipt(self.pads, 2, self._in_days(-2))
        self.assertTrue(receipt)
        # Expected in time, but the day has come and the goods are not there.
        self.assertEqual(order.order_line.booking_status, "possibly_delayed")
        with freeze_time(fields.Datetime.now() + timedelta(days=1)):
            order.order_line._mark_booking_status_to_compute()
            self.assertEqual(order.order_line.booking_status, "delayed")

    def test_work_in_progress_stage_is_in_production(self):
        """An order in a work in progress stage is in production."""
        self._add_stock(self.pads, 5)
        stage_wip = self._create_wip_stage("In the workshop", sequence=2)
        order = self._create_order({self.pads: 2})
        order.action_confirm()
        self.assertEqual(order.pipeline_status, "ready_for_shipment")
        order.work_stage_id = stage_wip
        self.assertEqual(order.pipeline_status, "in_production")

    def test_services_only_order(self):
        """Services only: no booking status; shipped once delivered."""
        order = self._create_order({self.labour: 1})
        order.action_confirm()
        self.assertFalse(order.order_line.booking_status)
        self.assertEqual(order.pipeline_status, "confirmed")
        order.order_line.qty_delivered = 1
        self.assertEqual(order.pipeline_status, "shipped")

    def test_cancel_releases_and_cannot_be_restored(self):
        """A cancelled order frees its stock and cannot become a quotation again."""
        self._add_stock(self.pads, 5)
        order = self._create_order({self.pads: 2})
        order.action_confirm()
        order._action_cancel()
        self.assertEqual(order.pipeline_status, "canceled")
        self.assertEqual(order.order_line.booking_status, "not_booked")
        self.assertEqual(self._free_qty(self.pads), 5)
        with self.assertRaises(UserError):
            order.action_draft()

    def test_amended_revision_leaves_the_pipeline(self):
        """An amended quote counts as cancelled; its revision is the quotation."""
        order = self._create_order({self.pads: 2})
        order.action_quotation_sent()
        revision = order.action_new_revision()
        new = self.env["sale.order"].browse(revision["res_id"])
        self.assertEqual(order.pipeline_status, "canceled")
        self.assertEqual(new.pipeline_status, "quotation")

    def test_status_changes_are_tracked(self):
        """Changes of the pipeline status are tracked in the chatter."""
        self._add_stock(self.pads, 5)
        order = self._create_order({self.pads: 2})
        # Changes are tracked from the transaction after the creation.
        self._commit_tracking()
        order.action_confirm()
        self._commit_tracking()
        values = order.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "pipeline_status"
        )
        self.assertIn("Ready for Shipment", values.mapped("new_value_char"))

    def test_archive_old_data(self):
        """The wizard archives closed and cancelled orders older than a past day."""
        self._add_stock(self.pads, 5)
        old = self._create_order({self.pads: 2})
        old.action_confirm()
        self._validate_in_full(old.picking_ids)
        old.action_confirm_customer_receipt()
        old.date_order = datetime(2024, 1, 10)
        old_cancel = self._create_order(
            {self.pads: 2}, date_order=datetime(2024, 2, 10)
        )
        old_cancel._action_cancel()
        recent = self._create_order({self.pads: 2})
        recent._action_cancel()
        wizard = self.env["sale.pipeline.archive"].create(
            {"before_date": fields.Date.to_date("2025-01-01")}
        )
        wizard.action_archive()
        self.assertEqual(old.pipeline_status, "archived")
        self.assertEqual(old_cancel.pipeline_status, "archived")
        self.assertEqual(recent.pipeline_status, "canceled")
        # Tomorrow in the user's time zone (UTC may still be a day behind).
        wizard.before_date = fields.Date.context_today(wizard) + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "day in the past"):
            wizard.action_archive()

    def test_sales_pipeline_groups_every_status(self):
        """Grouped by status, the pipeline shows the open statuses in their order."""
        self._create_order({self.pads: 2})
        groups = self.env["sale.order"].read_group(
            [("pipeline_archived", "=", False)],
            ["pipeline_status"],
            ["pipeline_status"],
        )
        statuses = [group["pipeline_status"] for group in groups]
        self.assertEqual(
            statuses[:3], ["quotation", "waiting_confirmation", "confirmed"]
        )
        self.assertNotIn("archived", statuses)

    # Sources: purchase and manufacturing -------------------------------------

    def _mto_route(self):
        """The replenish on order route, made active."""
        route = self.env.ref("stock.route_warehouse0_mto")
        route.active = True
        return route

    def test_purchase_source_requested_expected_received(self):
        """A purchase as source: requested, on time or late by its receipt, received."""
        if "purchase.order" not in self.env:
            self.skipTest("needs purchase_stock in the test database")
        product = self._create_storable(
            "Gearbox",
            route_ids=[
                Command.set(
                    (
                        self._mto_route()
                        | self.env.ref("purchase_stock.route_warehouse0_buy")
                    ).ids
                )
            ],
            seller_ids=[Command.create({"partner_id": self.vendor.id, "delay": 2})],
        )
        order = self._create_order({product: 1}, commitment_date=self._in_days(10))
        order.action_confirm()
        line = order.order_line
        purchase = self.env["purchase.order"].search(
            [("partner_id", "=", self.vendor.id)]
        )
        self.assertEqual(purchase.state, "draft")
        self.assertEqual(line.booking_status, "requested")
        self.assertEqual(line.source_document, purchase)
        self.assertEqual(line.source_status, "requested")
        self.assertEqual(order.pipeline_status, "confirmed")
        purchase.button_confirm()
        # Odoo plans the receipt just in time: on the delivery date.
        self.assertEqual(line.booking_status, "possibly_delayed")
        self.assertEqual(line.source_document, purchase)
        self.assertEqual(line.source_status, "possibly_delayed")
        self.assertEqual(order.pipeline_status, "waiting_production")
        # The vendor will deliver two days earlier.
        purchase.picking_ids.move_ids.date = self._in_days(8)
        self.assertEqual(line.booking_status, "expected_on_time")
        self.assertEqual(line.source_status, "expected_on_time")
        # The vendor announces a date after the delivery date.
        purchase.picking_ids.move_ids.date = self._in_days(11)
        self.assertEqual(line.booking_status, "delayed")
        self.assertEqual(line.source_status, "delayed")
        self._validate_in_full(purchase.picking_ids)
        self.assertEqual(line.booking_status, "ready_for_shipment")
        self.assertEqual(line.source_status, "received")

    def test_manufacturing_source_and_production_in_progress(self):
        """A manufacturing order as source: in production once started, received."""
        if "mrp.production" not in self.env:
            self.skipTest("needs mrp in the test database")
        component = self._create_storable("Steel plate")
        self._add_stock(component, 10)
        product = self._create_storable(
            "Trailer hitch",
            route_ids=[
                Command.set(
                    (
                        self._mto_route()
                        | self.env.ref("mrp.route_warehouse0_manufacture")
                    ).ids
                )
            ],
        )
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": component.id, "product_qty": 2})
                ],
            }
        )
        order = self._create_order({product: 1}, commitment_date=self._in_days(10))
        order.action_confirm()
        line = order.order_line
        production = self.env["mrp.production"].search(
            [("product_id", "=", product.id)]
        )
        self.assertEqual(production.state, "confirmed")
        self.assertEqual(line.source_document, production)
        # Odoo plans the production just in time: on the delivery date.
        self.assertEqual(line.booking_status, "possibly_delayed")
        self.assertEqual(order.pipeline_status, "waiting_production")
        with Form(production) as form:
            form.qty_producing = 1
        self.assertIn(production.state, ("progress", "to_close"))
        self.assertTrue(line.work_started)
        self.assertEqual(order.pipeline_status, "in_production")
        production.button_mark_done()
        self.assertEqual(line.source_status, "received")
        self.assertFalse(line.work_started)
        self.assertEqual(line.booking_status, "ready_for_shipment")
        self.assertEqual(order.pipeline_status, "ready_for_shipment")

    # Nightly run -----------------------------------------------------------------

    def _confirmed_orders(self, product, count):
        """``count`` confirmed orders of one ``product`` each, in stock."""
        self._add_stock(product, 100)
        orders = self.env["sale.order"].browse()
        for _i in range(count):
            orders |= self._create_order({product: 1})
        orders.action_confirm()
        self.env.flush_all()
        return orders

    def test_nightly_run_follows_the_calendar(self):
        """The nightly run works at night in the company's time zone."""
        self.env.company.partner_id.tz = "Europe/Brussels"
        order = self._create_order(
            {self.pads: 2}, commitment_date=datetime(2026, 12, 10, 12, 0)
        )
        with freeze_time("2026-12-08 10:00:00"):
            order.action_confirm()
            self._create_receipt(self.pads, 2, datetime(2026, 12, 5, 12, 0))
            line = order.order_line
            self.assertEqual(line.booking_status, "expected_on_time")
            self.env.flush_all()
        Cron = self.env["sale.order"]
        # Noon on the delivery day: outside the night window, nothing runs.
        with freeze_time("2026-12-10 11:00:00"):
            Cron._cron_refresh_booking_status()
            self.env.invalidate_all()
            self.assertEqual(line.booking_status, "expected_on_time")
        # 01:30 in Brussels (00:30 UTC): the delivery day has come.
        with freeze_time("2026-12-10 00:30:00"):
            Cron._cron_refresh_booking_status()
            self.env.invalidate_all()
            self.assertEqual(line.booking_status, "possibly_delayed")
            self.assertEqual(
                line.booking_checked_date, fields.Date.to_date("2026-12-10")
            )
            self.assertEqual(order.booking_alert, "possibly_delayed")
        with freeze_time("2026-12-11 01:15:00"):
            Cron._cron_refresh_booking_status()
            self.env.invalidate_all()
            self.assertEqual(line.booking_status, "delayed")

    def test_nightly_run_resumes_in_batches(self):
        """The nightly run goes in batches and resumes with the lines not seen today."""
        products = (
            self.pads
            | self._create_storable("Wheel hub")
            | self._create_storable("Brake disc")
        )
        orders = self.env["sale.order"].union(
            *(self._confirmed_orders(product, 2) for product in products)
        )
        tomorrow = fields.Date.today() + timedelta(days=1)
        # Lines of other orders (demo data) are already seen: the batches
        # below hold this test's lines only, with or without demo data.
        self.env["sale.order.line"].search(
            [("id", "not in", orders.order_line.ids)]
        ).write({"booking_checked_date": tomorrow})
        Cron = self.env["sale.order"]

        def seen_today():
            return orders.order_line.filtered(
                lambda line: line.booking_checked_date == tomorrow
            )

        with freeze_time(
            datetime.combine(tomorrow, datetime.min.time()).replace(hour=1)
        ):
            Cron._cron_refresh_booking_status(batch_size=2)
            self.assertEqual(len(seen_today()), 2, "one product's two lines")
            # A run stopped here resumes with the lines not seen today.
            Cron._cron_refresh_booking_status(batch_size=2)
            self.assertEqual(len(seen_today()), 4)
            self.assertEqual(len(seen_today().product_id), 2)
            Cron._cron_refresh_booking_status(batch_size=50)
            self.assertEqual(seen_today(), orders.order_line)
            with patch.object(self.registry["ir.cron"], "_notify_progress") as progress:
                Cron._cron_refresh_booking_status(batch_size=50)
            progress.assert_called_once_with(done=0, remaining=0)

    def test_nightly_batches_take_whole_products(self):
        """A batch takes every open line of the products it starts."""
        # Odoo's forecast goes through all the moves of a product anyway.
        hubs = self._create_storable("Wheel hub")
        orders = self._confirmed_orders(self.pads, 3) | self._confirmed_orders(hubs, 3)
        tomorrow = fields.Date.today() + timedelta(days=1)
        Line = self.env["sale.order.line"]
        Line.search([("id", "not in", orders.order_line.ids)]).write(
            {"booking_checked_date": tomorrow}
        )
        with freeze_time(
            datetime.combine(tomorrow, datetime.min.time()).replace(hour=1)
        ):
            self.env["sale.order"]._cron_refresh_booking_status(batch_size=2)
            seen = orders.order_line.filtered(
                lambda line: line.booking_checked_date == tomorrow
            )
            self.assertEqual(seen.product_id, self.pads)
            self.assertEqual(len(seen), 3, "all the pads, though the batch is 2")

    # Invoice and payment status ----------------------------------------------

    def test_invoiced_and_paid_shares(self):
        """Invoiced and paid shares follow down payment, invoice, payment, refund."""
        self._add_stock(self.pads, 5)
        order = self._create_order({self.pads: 2})  # 100 before taxes
        order.order_line.tax_id = False
        order.action_confirm()
        self.assertEqual(order.invoicing_progress, "not_invoiced")
        self.assertEqual(order.payment_progress, "not_paid")
        # Down payment of 30 %: a draft does not count, a posted one does.
        down_payment = self._invoice_down_payment(order, 30)
        self.assertEqual(order.invoiced_percent, 0)
        down_payment.action_post()
        self.assertEqual(order.invoiced_percent, 30)
        self.assertEqual(order.invoicing_progress, "part_invoiced")
        self.assertEqual(order.paid_percent, 0)
        self._pay(down_payment)
        self.assertEqual(order.paid_percent, 100)
        self.assertEqual(order.payment_progress, "paid")
        # The final invoice deducts the down payment: all invoiced, 30 % paid.
        self._validate_in_full(order.picking_ids)
        final = order._create_invoices(final=True)
        final.action_post()
        self.assertEqual(order.invoiced_percent, 100)
        self.assertEqual(order.invoicing_progress, "invoiced")
        self.assertEqual(order.paid_percent, 30)
        self.assertEqual(order.payment_progress, "part_paid")
        self._pay(final, amount=35)
        self.assertEqual(order.paid_percent, 65)
        # A credit note of the final invoice takes its share back.
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=final.ids)
            .create({"journal_id": final.journal_id.id})
        )
        reversal.refund_moves()
        refund = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(
            order.invoiced_percent, 100, "a draft credit note is not counted"
        )
        refund.action_post()
        self.assertEqual(order.invoiced_percent, 30)
        self.assertEqual(order.invoicing_progress, "part_invoiced")

    def test_nightly_run_killed_midway_resumes(self):
        """A killed worker loses its batch only; later runs do each line once."""
        orders = self._confirmed_orders(self.pads, 6)
        Line = self.env["sale.order.line"]
        Cron = self.env["sale.order"]
        tomorrow = fields.Date.today() + timedelta(days=1)
        original = type(Line)._booking_values
        worked = []

        def killed_after_two(line, deliveries):
            if len(worked) == 2:
                raise KeyboardInterrupt("worker killed")
            worked.append(line.id)
            return original(line, deliveries)

        with freeze_time(
            datetime.combine(tomorrow, datetime.min.time()).replace(hour=1)
        ):
            # Only our lines are left to do tonight.
            others = Line.search([("id", "not in", orders.order_line.ids)])
            others.write({"booking_checked_date": tomorrow})
            with (
                patch.object(type(Line), "_booking_values", killed_after_two),
                self.assertRaises(KeyboardInterrupt),
                self.env.cr.savepoint(),
            ):
                Cron._cron_refresh_booking_status(batch_size=4)
            self.env.invalidate_all()
            self.assertFalse(
                Line.search_count([("booking_checked_date", "=", tomorrow)])
                - len(others),
                "the killed batch left nothing half done",
            )
            counted = []
            with patch.object(
                type(Line),
                "_booking_values",
                lambda line, deliveries: (
                    counted.append(line.id) or original(line, deliveries)
                ),
            ):
                for _i in range(3):
                    Cron._cron_refresh_booking_status(batch_size=4)
            self.assertEqual(
                sorted(counted), sorted(orders.order_line.ids), "once each"
            )
            self.assertEqual(
                set(orders.order_line.mapped("booking_checked_date")), {tomorrow}
            )
