# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import datetime

from odoo.tests import tagged

from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestStageHistory(WorkStageCommon):
    def _backdate(self, order, created, moved):
        """Date the order and its stage moves (a transaction has one clock)."""
        self._commit_tracking()
        self.env.cr.execute(
            "UPDATE sale_order SET create_date = %s WHERE id = %s", [created, order.id]
        )
        trackings = order.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "work_stage_id"
        ).sorted("id")
        self.assertEqual(len(trackings), len(moved))
        for tracking, date in zip(trackings, moved, strict=True):
            self.env.cr.execute(
                "UPDATE mail_tracking_value SET create_date = %s WHERE id = %s",
                [date, tracking.id],
            )
        self.env.invalidate_all()

    def test_report_gives_stays_and_durations(self):
        """Each stay appears with its stage, mover and days spent."""
        order = self._create_order()
        self._commit_tracking()
        order.with_user(self.salesman).write({"work_stage_id": self.stage_repair.id})
        self._backdate(order, datetime(2026, 3, 2, 8, 0), [datetime(2026, 3, 4, 8, 0)])
        stays = self.env["sale.work.stage.report"].search(
            [("order_id", "=", order.id)], order="date_in"
        )
        self.assertEqual(stays.stage_id, self.stage_intake | self.stage_repair)
        past = stays.filtered(lambda s: not s.is_current)
        self.assertEqual(past.stage_id, self.stage_intake)
        self.assertEqual(past.next_stage_id, self.stage_repair)
        self.assertEqual(past.moved_by_id, self.salesman.partner_id)
        self.assertEqual(past.date_in, datetime(2026, 3, 2, 8, 0))
        self.assertEqual(past.date_out, datetime(2026, 3, 4, 8, 0))
        self.assertAlmostEqual(past.duration_days, 2.0, places=3)
        current = stays.filtered("is_current")
        self.assertEqual(current.stage_id, self.stage_repair)
        self.assertEqual(current.date_in, datetime(2026, 3, 4, 8, 0))

    def test_report_of_an_order_first_without_stage(self):
        """An order that had no stage (tracked as 0) shows no stage 0: the
        list view, which reads the stages' names, opens (web_search_read)."""
        order = self._create_order()
        self._commit_tracking()
        order.message_post(
            body="stage set by an import",
            tracking_value_ids=[
                (
                    0,
                    0,
                    {
                        "field_id": self.env["ir.model.fields"]
                        ._get("sale.order", "work_stage_id")
                        .id,
                        "old_value_integer": 0,
                        "new_value_integer": self.stage_intake.id,
                    },
                )
            ],
        )
        self.env.flush_all()
        Report = self.env["sale.work.stage.report"]
        stays = Report.search([("order_id", "=", order.id)])
        self.assertTrue(stays)
        self.assertNotIn(0, stays.mapped("stage_id.id"))
        spec = {
            name: {"fields": {"display_name": {}}}
            for name in ("order_id", "stage_id", "next_stage_id")
        }
        result = Report.web_search_read([("order_id", "=", order.id)], spec)
        self.assertEqual(result["length"], len(stays))

    def test_report_average_per_stage(self):
        """Grouped by stage, the report averages the days spent."""
        first = self._create_order()
        second = self._create_order()
        self._commit_tracking()
        (first | second).write({"work_stage_id": self.stage_repair.id})
        self._backdate(first, datetime(2026, 3, 2, 8, 0), [datetime(2026, 3, 3, 8, 0)])
        self._backdate(second, datetime(2026, 3, 2, 8, 0), [datetime(2026, 3, 5, 8, 0)])
        groups = self.env["sale.work.stage.report"]._read_group(
            [("order_id", "in", (first | second).ids), ("is_current", "=", False)],
            ["stage_id"],
            ["duration_days:avg", "__count"],
        )
        self.assertEqual(len(groups), 1)
        stage, average, count = groups[0]
        self.assertEqual(stage, self.stage_intake)
        self.assertEqual(count, 2)
        self.assertAlmostEqual(average, 2.0, places=3)

    def test_report_rules_limit_salesman_to_own_orders(self):
        """A salesman only sees the stays of his own orders."""
        foreign = self._create_order(user_id=self.sales_manager.id)
        self.env.flush_all()
        visible = (
            self.env["sale.work.stage.report"]
            .with_user(self.salesman)
            .search([("order_id", "in", (self.order | foreign).ids)])
        )
        self.assertEqual(visible.order_id, self.order)
