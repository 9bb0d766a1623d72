# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""No context key a client sends lifts a rule of the addon.

Every key the addon reads from the context, with every kind of JSON value,
is sent through ``/web/dataset/call_kw`` as a salesman, the way the web
client and any RPC client send it.
"""

from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.sale_work_stage.tools.trusted import KEYS

from .common import StockHoldCommon

JSON_VALUES = (True, 1, "1", "true", [1], {"trusted": True})

# Each key alone (with true), then all of them at once with each value.
CONTEXTS = [{key: True} for key in KEYS] + [
    dict.fromkeys(KEYS, value) for value in JSON_VALUES
]


@tagged("post_install", "-at_install")
class TestTrustedContext(StockHoldCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Intake -> Repair only; Closed is not a next stage of Intake.
        (cls.stage_intake | cls.stage_repair).next_stage_ids = cls.stage_repair
        cls.stage_intake.next_stage_ids = cls.stage_repair | cls.stage_reserve
        cls.stage_texting = cls.env["sale.work.stage"].create(
            {
                "name": "Ready for pickup",
                "send_sms": True,
                "sms_template_id": cls.sms_template.id,
            }
        )
        cls.stage_intake.next_stage_ids |= cls.stage_texting

    def setUp(self):
        super().setUp()
        self.authenticate(self.salesman.login, self.salesman.login)

    def _call(self, model, method, args, context, kwargs=None):
        """``model.method(*args)`` through call_kw as the logged-in salesman:
        its result, or the JsonRpcException of the error it raised."""
        try:
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": {**(kwargs or {}), "context": context},
                },
            )
        except JsonRpcException as error:
            return error

    def test_the_addon_itself_still_moves_past_the_rule(self):
        """The control: the addon's own automation may move anywhere."""
        order = self._create_order()
        order._write_as_automation({"work_stage_id": self.stage_closed.id})
        self.assertEqual(order.work_stage_id, self.stage_closed)

    def test_no_key_lifts_the_stage_rule(self):
        order = self._create_order()
        for context in CONTEXTS:
            with self.subTest(context=context):
                result = self._call(
                    "sale.order",
                    "write",
                    [order.ids, {"work_stage_id": self.stage_closed.id}],
                    context,
                )
                self.assertIsInstance(result, JsonRpcException)
                order.invalidate_recordset()
                self.assertEqual(order.work_stage_id, self.stage_intake)

    def test_no_key_lifts_the_quote_lock(self):
        order = self._create_order()
        order.action_quotation_sent()
        self.assertEqual(order.quote_state, "submitted")
        other = self.env["res.partner"].create({"name": "Someone Else"})
        for context in CONTEXTS:
            with self.subTest(context=context):
                result = self._call(
                    "sale.order",
                    "write",
                    [order.ids, {"partner_id": other.id}],
                    context,
                )
                self.assertIsInstance(result, JsonRpcException)
                order.invalidate_recordset()
                self.assertEqual(order.partner_id, self.customer)

    def test_no_key_skips_the_parts_hold(self):
        """Entering a reserving stage reserves, whatever the context says."""
        for context in CONTEXTS:
            with self.subTest(context=context):
                order = self._pads_order(1)
                free = self._free_qty(self.pads)
                self._call(
                    "sale.order",
                    "write",
                    [order.ids, {"work_stage_id": self.stage_reserve.id}],
                    context,
                )
                order.invalidate_recordset()
                self.assertEqual(order.work_stage_id, self.stage_reserve)
                self.assertEqual(self._free_qty(self.pads), free - 1)
                order._stock_hold_release()

    def test_no_key_skips_the_hold_of_a_new_line(self):
        """A line added to an order that holds its parts is held too."""
        for context in CONTEXTS:
            with self.subTest(context=context):
                order = self._pads_order(1)
                order._write_as_automation({"work_stage_id": self.stage_reserve.id})
                free = self._free_qty(self.pads)
                self._call(
                    "sale.order",
                    "write",
                    [
                        order.ids,
                        {
                            "order_line": [
                                Command.create(
                                    {"product_id": self.pads.id, "product_uom_qty": 1}
                                )
                            ]
                        },
                    ],
                    context,
                )
                self.assertEqual(len(order.order_line), 2)
                self.assertEqual(self._free_qty(self.pads), free - 1)
                order._stock_hold_release()

    def test_no_key_suppresses_or_doubles_the_stage_text(self):
        for context in CONTEXTS:
            with self.subTest(context=context):
                order = self._create_order()
                before = self.env["sms.sms"].search([]).ids
                result = self._call(
                    "sale.order",
                    "write",
                    [order.ids, {"work_stage_id": self.stage_texting.id}],
                    context,
                )
                self.assertIs(result, True)
                texts = self.env["sms.sms"].search([("id", "not in", before)])
                self.assertEqual(len(texts), 1)
                self.assertTrue(texts.sale_work_stage_automatic)

    def test_no_key_lifts_the_typed_quote_number_check(self):
        """Only managers type a quote number, revision key or not."""
        for context in CONTEXTS:
            with self.subTest(context=context):
                result = self._call(
                    "sale.order",
                    "create",
                    [
                        {
                            "partner_id": self.customer.id,
                            "quote_number": "Q-2640011",
                        }
                    ],
                    context,
                )
                self.assertIsInstance(result, JsonRpcException)

    def test_no_key_lifts_the_rule_on_confirm_and_wizard(self):
        """The Transfer to Next Step wizard, opened and applied by RPC with
        the keys, offers and applies allowed stages only."""
        order = self._create_order()
        for context in CONTEXTS:
            with self.subTest(context=context):
                wizard = self._call(
                    "sale.work.stage.transfer",
                    "create",
                    [
                        {
                            "order_ids": [Command.set(order.ids)],
                            "stage_id": self.stage_closed.id,
                        }
                    ],
                    context,
                )
                if isinstance(wizard, int):
                    result = self._call(
                        "sale.work.stage.transfer",
                        "action_transfer",
                        [[wizard]],
                        context,
                    )
                    self.assertIsInstance(result, JsonRpcException)
                order.invalidate_recordset()
                self.assertEqual(order.work_stage_id, self.stage_intake)
        result = self._call(
            "sale.order", "action_confirm", [order.ids], dict.fromkeys(KEYS, True)
        )
        self.assertNotIsInstance(result, JsonRpcException)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.work_stage_id, self.stage_intake)
