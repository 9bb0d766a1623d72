# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPipelineTour(HttpCase):
    def test_pipeline_tour(self):
        """Drag to an allowed column, see a forbidden one refused, run the wizard."""
        Stage = self.env["sale.work.stage"]
        Stage.search([]).action_archive()
        self.env.company.write(
            {
                "work_stage_proposed_id": False,
                "work_stage_backorder_id": False,
                "work_stage_print_target_id": False,
            }
        )
        intake, repair, pending, closed = Stage.create(
            [
                {"name": "Tour Intake", "sequence": 1},
                {"name": "Tour Repair", "sequence": 2},
                {"name": "Tour Pending", "sequence": 3},
                {"name": "Tour Closed", "sequence": 4},
            ]
        )
        intake.next_stage_ids = repair
        repair.next_stage_ids = pending
        pending.next_stage_ids = closed
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        order = self.env["sale.order"].create({"partner_id": customer.id})
        self.assertEqual(order.work_stage_id, intake)
        self.start_tour(
            "/odoo/action-sale_work_stage.sale_order_action_work_pipeline",
            "sale_work_stage_pipeline_tour",
            login="admin",
        )
        self.assertEqual(order.work_stage_id, pending)
