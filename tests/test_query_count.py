# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged

from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestStageMoveQueryCount(WorkStageCommon):
    def _queries(self, operation):
        """Queries of ``operation`` up to its tracking, from a cold cache."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        operation()
        self.env.flush_all()
        self.env.cr.precommit.run()
        return self.env.cr.sql_log_count - before

    def _orders(self, count):
        return self.env["sale.order"].create(
            [{"partner_id": self.customer.id} for _i in range(count)]
        )

    def test_stage_move_costs_what_state_write_costs(self):
        """Moving N orders adds a constant number of queries to Odoo's own write."""
        extra = {}
        for count in (1, 10, 100):
            moved, reference = self._orders(count), self._orders(count)
            stage_queries = self._queries(
                lambda moved=moved: moved.write({"work_stage_id": self.stage_repair.id})
            )
            state_queries = self._queries(
                lambda reference=reference: reference.write({"state": "sent"})
            )
            extra[count] = stage_queries - state_queries
            self.assertEqual(moved.work_stage_id, self.stage_repair)
        self.assertLessEqual(extra[10], extra[1], extra)
        self.assertLessEqual(extra[100], extra[1], extra)

    def test_stage_move_query_count(self):
        """Moving 100 orders stays within a fixed query budget."""
        orders = self._orders(100)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=STAGE_MOVE_100_QUERIES):
            orders.write({"work_stage_id": self.stage_repair.id})
            self.env.flush_all()


# Measured on Odoo 18.0: read the orders, their stages and transitions, the
# company's special stages, then Odoo's own write and tracking preparation.
STAGE_MOVE_100_QUERIES = 210
