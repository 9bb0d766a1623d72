# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.fields import Command
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

    def test_quote_tour(self):
        """Issue a quote, make a revision and print its work order."""
        Stage = self.env["sale.work.stage"]
        Stage.search([]).action_archive()
        intake, pending = Stage.create(
            [
                {"name": "Tour Intake", "sequence": 1, "move_on_print": True},
                {"name": "Tour Pending", "sequence": 2},
            ]
        )
        self.env.company.write(
            {
                "work_stage_print_target_id": pending.id,
                "external_report_layout_id": self.env.ref(
                    "web.external_layout_standard"
                ).id,
            }
        )
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        service = self.env["product.product"].create(
            {"name": "Tour labour", "type": "service", "list_price": 50}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": service.id})],
            }
        )
        self.assertEqual(order.work_stage_id, intake)
        self.start_tour(
            f"/odoo/action-sale_work_stage.sale_order_action_work_pipeline/{order.id}",
            "sale_work_stage_quote_tour",
            login="admin",
        )
        self.assertEqual(order.quote_state, "amended")
        revision = order.next_revision_id
        self.assertEqual(revision.quote_state, "in_progress")
        self.assertEqual(revision.work_stage_id, pending)

    def test_reschedule_tour(self):
        """Split an estimate: the declined line becomes a proposal, opened."""
        proposed = self.env["sale.work.stage"].create({"name": "Tour Proposed"})
        self.env.company.work_stage_proposed_id = proposed
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        brakes, tyres = self.env["product.product"].create(
            [
                {"name": "Tour brakes", "list_price": 80},
                {"name": "Tour tyres", "list_price": 90},
            ]
        )
        estimate = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": brakes.id}),
                    Command.create({"product_id": tyres.id}),
                ],
            }
        )
        self.start_tour(
            f"/odoo/action-sale_work_stage.sale_order_action_work_pipeline/{estimate.id}",
            "sale_work_stage_reschedule_tour",
            login="admin",
        )
        proposal = estimate.proposed_order_ids
        self.assertEqual(proposal.order_line.product_id, tyres)
        self.assertEqual(proposal.work_stage_id, proposed)
        self.assertEqual(estimate.order_line.product_id, brakes)
