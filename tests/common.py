# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.sale.tests.common import SaleCommon


class WorkStageCommon(SaleCommon):
    """Own pipeline: Intake -> Repair -> Pending -> Closed, plus Back order."""

    @classmethod
    def default_env_context(cls):
        # Stage moves are tracked in the chatter: keep tracking on.
        return {"no_reset_password": True}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["sale.work.stage"]
        # The default stages stay out of the way of the tests' own pipeline.
        Stage.search([]).action_archive()
        cls.env.company.write(
            {
                "work_stage_proposed_id": False,
                "work_stage_backorder_id": False,
                "work_stage_print_target_id": False,
            }
        )
        cls.stage_intake, cls.stage_repair, cls.stage_pending, cls.stage_closed = (
            Stage.create(
                [
                    {"name": "Intake", "sequence": 1, "warn_existing": True},
                    {"name": "Repair", "sequence": 2, "document_title": "Work Order"},
                    {"name": "Pending", "sequence": 3},
                    {"name": "Closed", "sequence": 4, "fold": True},
                ]
            )
        )
        cls.stage_backorder = Stage.create({"name": "Waiting parts", "sequence": 5})
        cls.stage_intake.next_stage_ids = cls.stage_repair
        cls.stage_repair.next_stage_ids = cls.stage_pending | cls.stage_intake
        cls.stage_pending.next_stage_ids = cls.stage_closed
        cls.salesman = new_test_user(
            cls.env,
            login="ws_salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="ws_sales_manager",
            groups="sales_team.group_sale_manager",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Garage Customer"})
        cls.order = cls._create_order()

    @classmethod
    def _create_order(cls, partner=None, **values):
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "user_id": cls.salesman.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 1})
                ],
                **values,
            }
        )

    def _commit_tracking(self):
        """Tracking is written at pre-commit: run it as a commit would."""
        self.env.flush_all()
        self.env.cr.precommit.run()
