# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged

from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestStageMoveQueryCount(WorkStageCommon):
    def _orders(self, count):
        """``count`` new quotations of the customer, without lines."""
        return self.env["sale.order"].create(
            [{"partner_id": self.customer.id} for _i in range(count)]
        )

    def test_stage_move_costs_what_state_write_costs(self):
        """Moving N orders adds a constant number of queries to Odoo's own write."""
        extra = {}
        for count in (1, 10, 100):
            moved, reference = self._orders(count), self._orders(count)
            stage_queries = self._count_queries(
                lambda moved=moved: moved.write(
                    {"work_stage_id": self.stage_repair.id}
                ),
                tracking=True,
            )
            state_queries = self._count_queries(
                lambda reference=reference: reference.write({"state": "sent"}),
                tracking=True,
            )
            extra[count] = stage_queries - state_queries
            self.assertEqual(moved.work_stage_id, self.stage_repair)
        self.assertLessEqual(extra[10], extra[1], extra)
        self.assertLessEqual(extra[100], extra[1], extra)

    def test_stage_move_query_count(self):
        """Moving 100 orders stays within a fixed query budget."""
        orders = self._orders(100)
        self._commit_tracking()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=STAGE_MOVE_100_QUERIES):
            orders.write({"work_stage_id": self.stage_repair.id})
            self.env.flush_all()


# Measured on Odoo 18.0: read the orders, their stages and transitions, the
# company's special stages, Odoo's own company check of the stage
# (check_company, 4 queries), then Odoo's own write and tracking preparation.
STAGE_MOVE_100_QUERIES = 215
