# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Every server action of the addon, run as the web client runs it, by each
of the demo's roles on orders of every kind the demo holds.

``/web/action/run`` calls ``ir.actions.server.run()`` and cleans what it
returns with ``clean_action``: the result must be an action or nothing, and
a refusal must be a clear error (UserError, AccessError, ValidationError),
never a crash.
"""

from pathlib import Path

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import file_path
from odoo.tools.safe_eval import safe_eval

from odoo.addons.web.controllers.utils import clean_action

from .common import WorkStageCommon, demo_role_users

CLEAR_ERRORS = (UserError, AccessError, ValidationError, RedirectWarning)


class RecordValues(dict):
    """A record's values as a view's ``invisible`` expression sees them:
    many2one as an id, x2many as ids."""

    def __init__(self, record):
        super().__init__(context={}, current_date=fields.Date.today().isoformat())
        self.record = record

    def __missing__(self, name):
        field = self.record._fields.get(name)
        if field is None:
            raise KeyError(name)
        value = self.record[name]
        if field.type == "many2one":
            return value.id
        if field.type in ("one2many", "many2many"):
            return value.ids
        return value


def addon_object_buttons():
    """The methods of the ``type="object"`` buttons of the addon's views."""
    views = file_path("sale_work_stage/views")
    names = set()
    for path in Path(views).glob("*.xml"):
        names.update(etree.parse(str(path)).xpath("//button[@type='object']/@name"))
    return names


def shown(button, record):
    """Whether the form shows ``button`` on ``record`` (its ``invisible``)."""
    expression = button.get("invisible")
    if not expression:
        return True
    try:
        return not safe_eval(expression, RecordValues(record))
    except Exception:  # noqa: BLE001 - an expression on dates: shown, tried
        return True


@tagged("post_install", "-at_install")
class TestServerActionsEverywhere(WorkStageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = list(demo_role_users(cls.env))
        cls._orders_of_every_kind()
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

    @classmethod
    def _orders_of_every_kind(cls):
        """Orders of each kind a shop has, besides the demo's (a build
        whose demo data fails has none): a quote, a sent one, an approved
        order and its supplement, a cancelled one."""
        car = cls.env["sale.work.asset"].create(
            {"name": "Peugeot 208", "partner_id": cls.customer.id}
        )
        cls._create_order()
        cls._create_order().action_quotation_sent()
        approved = cls._create_order(work_asset_id=car.id)
        approved.action_confirm()
        approved.action_new_supplement()
        cls._create_order()._action_cancel()

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

    def _click(self, record, method, user):
        """Click the button ``method`` of ``record`` as ``user``, the way the
        web client's call_button does; the problem, or None."""
        try:
            with self.env.cr.savepoint():
                result = getattr(record.with_user(user), method)()
                if isinstance(result, dict) and result.get("type") != "":
                    clean_action(result, record.with_user(user).env)
        except CLEAR_ERRORS:
            return None
        except Exception as error:  # noqa: BLE001 - collected and reported
            return f"{method} as {user.login} on {record.display_name}: {error!r}"
        return None

    def _form_buttons(self, model, user):
        """The ``type="object"`` buttons of ``model``'s form that ``user``
        gets (buttons of groups the user lacks are not sent)."""
        arch = (
            self.env[model]
            .with_user(user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        return etree.fromstring(arch).xpath("//button[@type='object'][@name]")

    def _records(self, model):
        if model == "sale.order":
            return self._samples()
        records = self.env[model].search([], limit=8, order="id desc")
        if model == "product.template":
            records = self.env[model].search([("is_storable", "=", True)], limit=5)
        return list(records)

    def test_every_object_button_as_each_role(self):
        """Every button of the addon's forms that a role sees on a record
        works there, or refuses with a clear error."""
        own_methods = addon_object_buttons()
        self.assertIn("action_send_supplement", own_methods)
        problems, clicks = [], 0
        for model in ("sale.order", "sale.work.asset", "sale.work.stage"):
            records = self._records(model)
            self.assertTrue(records, model)
            for user in self.users:
                buttons = self._form_buttons(model, user)
                for button in buttons:
                    method = button.get("name")
                    if method not in own_methods:
                        continue
                    for record in records:
                        if not shown(button, record.with_user(user)):
                            continue
                        clicks += 1
                        problem = self._click(record, method, user)
                        if problem:
                            problems.append(f"{model}: {problem}")
        self.assertGreater(clicks, 50)
        self.assertFalse(problems, "\n".join(problems[:20]))

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
        self.assertEqual(len(self.users), 4, "the admin and the shop's users")
        self.assertGreaterEqual(len(self.actions), 8)
        orders = self._samples()
        self.assertGreaterEqual(len(orders), 5, "orders of every kind")
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
