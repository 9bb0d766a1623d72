# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import date

from odoo.tests import BaseCase, tagged

from ..existing_orders import place_of
from ..tools.order_status import (
    INVOICING_PROGRESS,
    PAYMENT_PROGRESS,
    delay_alert,
    fully_delivered,
    invoicing_values,
    line_booking_status,
    order_line_statuses,
    order_pipeline_values,
    paid_amount,
    pipeline_status,
    progress,
    share_percent,
    timeliness,
    worst_booking_status,
)

TODAY = date(2026, 11, 20)
DEADLINE = date(2026, 11, 25)


def status(order_state="sale", lines=(), **flags):
    values = {
        "quote_submitted": False,
        "quote_superseded": False,
        "customer_received": False,
        "archived": False,
        "line_statuses": list(lines),
        "work_started": False,
    }
    values.update(flags)
    return pipeline_status(order_state, **values)


@tagged("post_install", "-at_install")
class TestTimeliness(BaseCase):
    def test_supply_before_on_after_the_delivery_date(self):
        self.assertEqual(
            timeliness(date(2026, 11, 24), DEADLINE, TODAY), "expected_on_time"
        )
        self.assertEqual(timeliness(DEADLINE, DEADLINE, TODAY), "possibly_delayed")
        self.assertEqual(timeliness(date(2026, 11, 26), DEADLINE, TODAY), "delayed")

    def test_delivery_date_today_or_passed(self):
        self.assertEqual(timeliness(None, TODAY, TODAY), "possibly_delayed")
        self.assertEqual(timeliness(None, date(2026, 11, 19), TODAY), "delayed")
        # Supply early enough does not help when the day has passed.
        self.assertEqual(
            timeliness(date(2026, 11, 1), date(2026, 11, 19), TODAY), "delayed"
        )

    def test_unknown_dates_are_on_time(self):
        self.assertEqual(timeliness(None, None, TODAY), "expected_on_time")
        self.assertEqual(timeliness(date(2030, 1, 1), None, TODAY), "expected_on_time")


@tagged("post_install", "-at_install")
class TestWorstStatus(BaseCase):
    def test_worst_first(self):
        self.assertEqual(
            worst_booking_status(["ready_for_shipment", "delayed", None]), "delayed"
        )
        self.assertEqual(
            worst_booking_status(["expected_on_time", "not_enough"]), "not_enough"
        )
        self.assertIsNone(worst_booking_status([None]))

    def test_delay_alert(self):
        self.assertEqual(delay_alert(["possibly_delayed", "delayed"]), "delayed")
        self.assertEqual(
            delay_alert(["possibly_delayed", "ready_for_shipment"]),
            "possibly_delayed",
        )
        self.assertIsNone(delay_alert(["ready_for_shipment", "delivered"]))


@tagged("post_install", "-at_install")
class TestPipelineStatus(BaseCase):
    def test_quotes(self):
        self.assertEqual(status("draft"), "quotation")
        self.assertEqual(status("draft", quote_submitted=True), "waiting_confirmation")
        self.assertEqual(status("draft", quote_superseded=True), "canceled")
        self.assertEqual(status("cancel"), "canceled")

    def test_confirmed_orders_follow_their_goods(self):
        self.assertEqual(
            status(lines=["not_enough", "ready_for_shipment"]), "confirmed"
        )
        self.assertEqual(status(lines=["requested"]), "confirmed")
        self.assertEqual(
            status(lines=["expected_on_time", "ready_for_shipment"]),
            "waiting_production",
        )
        self.assertEqual(status(lines=["delayed"]), "waiting_production")
        self.assertEqual(
            status(lines=["ready_for_shipment", "delivered"]), "ready_for_shipment"
        )
        self.assertEqual(status(lines=["delivered", "delivered"]), "shipped")
        self.assertEqual(status(lines=[]), "confirmed")

    def test_work_started_and_manual_statuses(self):
        self.assertEqual(
            status(lines=["ready_for_shipment"], work_started=True), "in_production"
        )
        # Shipped wins over work: everything left.
        self.assertEqual(status(lines=["delivered"], work_started=True), "shipped")
        self.assertEqual(
            status(lines=["delivered"], customer_received=True), "delivered"
        )
        self.assertEqual(status("cancel", archived=True), "archived")
        self.assertEqual(status(lines=["delivered"], archived=True), "archived")


@tagged("post_install", "-at_install")
class TestInvoicingShares(BaseCase):
    def test_share_percent(self):
        self.assertEqual(share_percent(50, 200), 25.0)
        self.assertEqual(share_percent(1, 3), 33.33)
        self.assertEqual(share_percent(10, 0), 0.0)

    def test_progress(self):
        self.assertEqual(progress(0.0, INVOICING_PROGRESS), "not_invoiced")
        self.assertEqual(progress(0.01, INVOICING_PROGRESS), "part_invoiced")
        self.assertEqual(progress(100.0, INVOICING_PROGRESS), "invoiced")
        self.assertEqual(progress(120.0, PAYMENT_PROGRESS), "paid")
        self.assertEqual(progress(-5.0, PAYMENT_PROGRESS), "not_paid")

    def test_paid_amount(self):
        # Down payment of 100 paid, final invoice of 900 unpaid.
        self.assertEqual(paid_amount([(100, 100, 0), (900, 900, 900)]), 100)
        # An invoice shared with another order, half paid: half of our share.
        self.assertEqual(paid_amount([(300, 1000, 500)]), 150)
        # A credit note reconciled with its invoice cancels it out.
        self.assertEqual(paid_amount([(1000, 1000, 0), (-1000, 1000, 0)]), 0)
        self.assertEqual(paid_amount([(0, 0, 0)]), 0)


@tagged("post_install", "-at_install")
class TestLineAndOrderValues(BaseCase):
    def test_fully_delivered_at_the_units_rounding(self):
        self.assertTrue(fully_delivered(2.0, 2.0, 0.01))
        self.assertTrue(fully_delivered(1.996, 2.0, 0.01))
        self.assertFalse(fully_delivered(1.99, 2.0, 0.01))
        self.assertTrue(fully_delivered(3.0, 2.0, 1.0))

    def test_line_booking_status(self):
        self.assertEqual(line_booking_status("draft", True, ["delayed"]), "not_booked")
        self.assertEqual(line_booking_status("sale", True, ["delayed"]), "delivered")
        self.assertEqual(line_booking_status("sale", False, []), "not_booked")
        self.assertEqual(
            line_booking_status("sale", False, ["ready_for_shipment", "delayed"]),
            "delayed",
        )

    def test_open_deliveries_are_read_only_when_they_count(self):
        read = []

        def statuses():
            read.append(True)
            yield "delayed"

        self.assertEqual(line_booking_status("sent", False, statuses()), "not_booked")
        self.assertEqual(line_booking_status("sale", True, statuses()), "delivered")
        self.assertEqual(read, [])
        self.assertEqual(line_booking_status("sale", False, statuses()), "delayed")
        self.assertEqual(read, [True])

    def test_order_line_statuses(self):
        self.assertEqual(
            order_line_statuses(["delivered"], [(0, 1, 0.01)]), ["delivered"]
        )
        # Services only: delivered or not, line by line.
        self.assertEqual(
            order_line_statuses([], [(1, 1, 0.01), (0, 2, 1.0)]),
            ["delivered", "not_booked"],
        )
        self.assertEqual(order_line_statuses([], []), [])

    def test_order_pipeline_values(self):
        self.assertEqual(
            order_pipeline_values("sent", "in_progress", False, False, [], False),
            ("waiting_confirmation", False),
        )
        self.assertEqual(
            order_pipeline_values("draft", "amended", False, False, [], False),
            ("canceled", False),
        )
        self.assertEqual(
            order_pipeline_values(
                "sale", "approved", False, False, ["delayed", "delivered"], False
            ),
            ("waiting_production", "delayed"),
        )
        # A quotation's lines are not late yet: no alert.
        self.assertEqual(
            order_pipeline_values(
                "draft", "in_progress", False, False, ["delayed"], False
            ),
            ("quotation", False),
        )

    def test_invoicing_values(self):
        self.assertEqual(
            invoicing_values(200.0, 100.0, [(100.0, 100.0, 50.0)]),
            {
                "invoiced_percent": 50.0,
                "invoicing_progress": "part_invoiced",
                "paid_percent": 50.0,
                "payment_progress": "part_paid",
            },
        )
        self.assertEqual(
            invoicing_values(0.0, 0.0, []),
            {
                "invoiced_percent": 0.0,
                "invoicing_progress": "not_invoiced",
                "paid_percent": 0.0,
                "payment_progress": "not_paid",
            },
        )


@tagged("post_install", "-at_install")
class TestPlaceOfExistingOrders(BaseCase):
    def test_each_kind_of_order(self):
        self.assertEqual(place_of("draft", False, "no"), "first")
        self.assertEqual(place_of("sent", False, "no"), "first")
        self.assertEqual(place_of("cancel", "pending", "no"), "first")
        self.assertEqual(place_of("sale", "pending", "to invoice"), "booked")
        self.assertEqual(place_of("sale", "partial", "invoiced"), "booked")
        self.assertEqual(place_of("sale", "full", "to invoice"), "to_invoice")
        self.assertEqual(place_of("sale", False, "to invoice"), "to_invoice")
        self.assertEqual(place_of("sale", "full", "invoiced"), "finished")
