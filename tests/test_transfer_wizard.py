# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestTransferWizard(WorkStageCommon):
    def _wizard(self, orders, user=None):
        action = orders.with_user(
            user or self.salesman
        ).action_open_work_stage_transfer()
        return Form(
            self.env[action["res_model"]]
            .with_user(user or self.salesman)
            .with_context(**action["context"])
        )

    def test_lists_only_allowed_next_stages(self):
        """The wizard offers the current stage's next stages, not the rest."""
        self.order.work_stage_id = self.stage_repair
        wizard = self._wizard(self.order)
        self.assertEqual(
            set(wizard.allowed_stage_ids.ids),
            set((self.stage_pending | self.stage_intake).ids),
        )

    def test_transfer_moves_the_order(self):
        """Choosing a next stage and confirming moves the order."""
        wizard = self._wizard(self.order)
        wizard.stage_id = self.stage_repair
        wizard.save().action_transfer()
        self.assertEqual(self.order.work_stage_id, self.stage_repair)

    def test_transfer_several_orders(self):
        """Orders of one stage move together; the offer is what all allow."""
        second = self._create_order()
        other = self._create_order(work_stage_id=self.stage_repair.id)
        wizard = self._wizard(self.order | second | other)
        self.assertFalse(wizard.allowed_stage_ids)
        wizard = self._wizard(self.order | second)
        self.assertEqual(wizard.allowed_stage_ids.ids, self.stage_repair.ids)
        wizard.stage_id = self.stage_repair
        wizard.save().action_transfer()
        self.assertEqual((self.order | second).work_stage_id, self.stage_repair)

    def test_transfer_refuses_stage_not_allowed(self):
        """A stage outside the allowed list is refused with the choices."""
        wizard = self.env["sale.work.stage.transfer"].create(
            {"order_ids": [self.order.id], "stage_id": self.stage_closed.id}
        )
        with self.assertRaises(UserError) as caught:
            wizard.action_transfer()
        self.assertIn("Repair", str(caught.exception))
        self.assertEqual(self.order.work_stage_id, self.stage_intake)

    def test_transfer_requires_a_stage(self):
        """Transferring without a chosen stage says to choose one."""
        wizard = self.env["sale.work.stage.transfer"].create(
            {"order_ids": [self.order.id]}
        )
        with self.assertRaises(UserError):
            wizard.action_transfer()

    def test_confirmation_follows_stage_flag(self):
        """The confirmation step is asked unless the stage switches it off."""
        self.assertTrue(self._wizard(self.order).needs_confirmation)
        self.stage_intake.confirm_transfer = False
        self.assertFalse(self._wizard(self.order).needs_confirmation)

    def test_list_action_opens_wizard_on_selection(self):
        """The list's server action opens the wizard on the selected orders."""
        second = self._create_order()
        action = self.env.ref("sale_work_stage.sale_order_action_work_stage_transfer")
        result = action.with_context(
            active_model="sale.order", active_ids=(self.order | second).ids
        ).run()
        self.assertEqual(result["res_model"], "sale.work.stage.transfer")
        self.assertEqual(
            set(result["context"]["default_order_ids"]), set((self.order | second).ids)
        )
