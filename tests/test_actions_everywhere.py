# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Every server action of the addon, run as the web client runs it, by each
of the demo's roles on orders of every kind the demo holds.

``/web/action/run`` calls ``ir.actions.server.run()`` and cleans what it
returns with ``clean_action``: the result must be an action or nothing, and
a refusal must be a clear error (UserError, AccessError, ValidationError),
never a crash.
"""

from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.web.controllers.utils import clean_action

CLEAR_ERRORS = (UserError, AccessError, ValidationError, RedirectWarning)

DEMO_USERS = (
    "base.user_admin",
    "sale_work_stage.res_users_service_writer_demo",
    "sale_work_stage.res_users_workshop_manager_demo",
)


@tagged("post_install", "-at_install")
class TestServerActionsEverywhere(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = [
            cls.env.ref(xmlid, raise_if_not_found=False) for xmlid in DEMO_USERS
        ]
        cls.actions = cls.env["ir.actions.server"].search(
            [
                (
                    "id",
                    "in",
                    cls.env["ir.model.data"]
                    .search(
                        [
                            ("module", "=", "sale_work_stage"),
                            ("model", "=", "ir.actions.server"),
                        ]
                    )
                    .mapped("res_id"),
                ),
                ("binding_model_id", "!=", False),
            ]
        )

    def _samples(self):
        """One demo order of each kind (state, quote status, stage,
        supplement, proposed work, holding parts or not)."""
        samples = {}
        for order in self.env["sale.order"].search([], order="id"):
            kind = (
                order.state,
                order.quote_state,
                order.work_stage_id.id,
                bool(order.supplement_of_id),
                bool(order.proposed_from_id),
                bool(order.stock_hold_count),
            )
            samples.setdefault(kind, order)
        return list(samples.values())

    def _run(self, action, user, order):
        """Run ``action`` on ``order`` as ``user`` the way the web client
        does; the problem, or None."""
        try:
            with self.env.cr.savepoint():
                result = (
                    action.with_user(user)
                    .with_context(
                        active_model=order._name,
                        active_id=order.id,
                        active_ids=order.ids,
                    )
                    .run()
                )
                if result:
                    clean_action(result, action.with_user(user).env)
        except CLEAR_ERRORS:
            return None
        except Exception as error:  # noqa: BLE001 - collected and reported
            return f"{action.name} as {user.login} on {order.name}: {error!r}"
        return None

    def test_every_server_action_as_each_role(self):
        self.assertTrue(all(self.users), "the demo's users are installed")
        self.assertGreaterEqual(len(self.actions), 8)
        orders = self._samples()
        self.assertGreaterEqual(len(orders), 10, "the demo's orders of every kind")
        problems = []
        runs = 0
        for action in self.actions:
            model = self.env[action.binding_model_id.model]
            if model._name != "sale.order":
                continue
            for user in self.users:
                for order in orders:
                    runs += 1
                    problem = self._run(action, user, order)
                    if problem:
                        problems.append(problem)
        self.assertGreater(runs, 0)
        self.assertFalse(problems, "\n".join(problems[:20]))
