# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The technician: a Work Stages user without Sales rights works on the Shop
Floor, moves orders between stages, prints work orders, reads the parts
and, as the shop chooses, their prices; nothing else of an order changes."""

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import StockHoldCommon


@tagged("post_install", "-at_install")
class TestTechnician(StockHoldCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = new_test_user(
            cls.env,
            login="ws_technician",
            groups="base.group_user,sale_work_stage.group_work_stage_user",
        )
        cls.stage_reserve.next_stage_ids = cls.stage_wip
        labour = cls.env["product.product"].create(
            {"name": "Brake labour", "type": "service", "list_price": 65}
        )
        # Booked: its parts reserved for the customer.
        cls.job = cls._create_order({cls.pads: 2, labour: 1})
        cls.job.work_stage_id = cls.stage_reserve

    def _shop_floor_form(self, user):
        view = self.env.ref("sale_work_stage.sale_order_view_form_shop_floor")
        arch = (
            self.env["sale.order"]
            .with_user(user)
            .get_views([(view.id, "form")])["views"]["form"]["arch"]
        )
        return etree.fromstring(arch)

    def test_moves_stage_from_the_bar(self):
        """The stage bar's save (web_save of the stage) as the technician:
        the order moves, its parts go into work, the move is theirs."""
        self._commit_tracking()
        job = self.job.with_user(self.technician)
        job.web_save({"work_stage_id": self.stage_wip.id}, {"work_stage_id": {}})
        self.assertEqual(self.job.work_stage_id, self.stage_wip)
        self.assertEqual(self._held(self.job), (0, 2))
        self.assertBooksBalance()
        self._commit_tracking()
        self.job.invalidate_recordset(["message_ids"])
        move = self.job.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "work_stage_id"
        ).sorted("id")[-1:]
        self.assertEqual(move.new_value_char, self.stage_wip.name)
        self.assertEqual(move.mail_message_id.author_id, self.technician.partner_id)

    def test_stage_rule_holds_for_the_technician(self):
        """A technician's move follows the allowed next stages too."""
        with self.assertRaises(UserError):
            self.job.with_user(self.technician).write(
                {"work_stage_id": self.stage_closed.id}
            )
        self.assertEqual(self.job.work_stage_id, self.stage_reserve)

    def test_orders_of_other_companies_stay_out_of_reach(self):
        """The move runs with the addon's rights only once the technician's
        own access to the order is checked: another company's order, whose
        record rule hides it from them, is refused."""
        other_company = self.env["res.company"].create({"name": "Other Garage"})
        stage = self.env["sale.work.stage"].create(
            {"name": "Other intake", "sequence": 0, "company_id": other_company.id}
        )
        order = self._create_order_in(other_company, work_stage_id=stage.id)
        with self.assertRaises(AccessError):
            order.with_user(self.technician).write({"work_stage_id": stage.id})

    def test_nothing_else_of_an_order_changes(self):
        """Any other field is the service desk's: a clear refusal naming it,
        the order as it was."""
        for vals in (
            {"note": "Free brakes"},
            {"partner_id": self.env["res.partner"].create({"name": "X"}).id},
            {"work_stage_id": self.stage_wip.id, "client_order_ref": "PO 12"},
        ):
            with (
                self.subTest(vals=list(vals)),
                self.assertRaises(AccessError) as caught,
            ):
                self.job.with_user(self.technician).write(vals)
            self.assertIn("service desk", str(caught.exception))
        self.assertEqual(self.job.work_stage_id, self.stage_reserve)
        self.assertEqual(self._held(self.job), (2, 0))
        with self.assertRaises(AccessError):
            self.job.order_line[0].with_user(self.technician).product_uom_qty = 9
        with self.assertRaises(AccessError):
            self.job.with_user(self.technician).action_confirm()

    def test_service_desk_and_other_rights_unchanged(self):
        """Users with Sales (or Inventory) rights write orders as before."""
        self.assertFalse(
            self.env["sale.order"].with_user(self.salesman)._writes_as_technician_only()
        )
        stock_user = new_test_user(
            self.env,
            login="ws_stock_technician",
            groups="sale_work_stage.group_work_stage_user,stock.group_stock_user",
        )
        self.assertFalse(
            self.env["sale.order"].with_user(stock_user)._writes_as_technician_only()
        )
        self.assertTrue(
            self.env["sale.order"]
            .with_user(self.technician)
            ._writes_as_technician_only()
        )
        self.job.with_user(self.salesman).write({"client_order_ref": "PO 12"})
        self.assertEqual(self.job.client_order_ref, "PO 12")

    def test_shop_floor_buttons_work_for_the_technician(self):
        """Every button of the Shop Floor form, clicked as the technician on
        orders where it shows, works: no access error."""
        form = self._shop_floor_form(self.technician)
        buttons = form.xpath("//button[@type='object']")
        self.assertTrue(buttons)
        orders = self.job | self.order
        for button in buttons:
            for order in orders.with_user(self.technician):
                with self.subTest(button=button.get("name"), order=order.name):
                    result = getattr(order, button.get("name"))()
                    self.assertEqual(result["type"], "ir.actions.report")
        # The work order it prints renders for the technician.
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.technician)
            ._render_qweb_html("sale_work_stage.report_work_order", orders.ids)
        )
        self.assertIn(self.job.name, html.decode())
        # The chatter: a note on the work order.
        self.job.with_user(self.technician).message_post(
            body="Rotors worn too", subtype_xmlid="mail.mt_note"
        )

    def test_action_menus_offer_what_the_technician_may_do(self):
        """The Shop Floor's action and print menus, as the web client loads
        them for the technician: the work order and the stage wizard, which
        work for them; Odoo's sales actions stay the service desk's."""
        view = self.env.ref("sale_work_stage.sale_order_view_form_shop_floor")
        toolbar = (
            self.env["sale.order"]
            .with_user(self.technician)
            .get_views([(view.id, "form")], {"toolbar": True})["views"]["form"][
                "toolbar"
            ]
        )
        names = {key: [a["name"] for a in actions] for key, actions in toolbar.items()}
        self.assertEqual(
            names, {"print": ["Work Order"], "action": ["Transfer to Next Step"]}
        )
        salesman_toolbar = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .get_views([(view.id, "form")], {"toolbar": True})["views"]["form"][
                "toolbar"
            ]
        )
        self.assertGreater(len(salesman_toolbar["action"]), 1)
        # The wizard, run as the web client runs it, moves the order.
        transfer = self.env.ref("sale_work_stage.sale_order_action_work_stage_transfer")
        action = (
            transfer.with_user(self.technician)
            .with_context(
                active_model="sale.order",
                active_id=self.job.id,
                active_ids=self.job.ids,
            )
            .run()
        )
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.technician)
            .with_context(**action["context"])
            .create({"stage_id": self.stage_wip.id})
        )
        wizard.action_transfer()
        self.assertEqual(self.job.work_stage_id, self.stage_wip)
        self.assertBooksBalance()

    def test_shop_floor_reads_as_the_technician(self):
        """The Shop Floor's kanban and form load for the technician."""
        action = self.env.ref("sale_work_stage.sale_order_action_shop_floor")
        for view in action.view_ids:
            with self.subTest(view=view.view_mode):
                views = (
                    self.env["sale.order"]
                    .with_user(self.technician)
                    .get_views([(view.view_id.id, view.view_mode)])
                )
                fields = views["models"]["sale.order"]["fields"]
                specification = {
                    name: {}
                    for name in fields
                    if fields[name]["type"] not in ("one2many", "many2many")
                }
                self.job.with_user(self.technician).web_read(specification)
        self.job.with_user(self.technician).web_read(
            {"order_line": {"fields": {"product_id": {}, "qty_delivered": {}}}}
        )

    def test_prices_as_the_shop_chooses(self):
        """Prices on the Shop Floor: always for the service desk, for
        technicians where the company lets them see prices."""
        job = self.job.with_user(self.technician)
        self.assertFalse(job.show_work_prices)
        self.assertTrue(self.job.with_user(self.salesman).show_work_prices)
        self.env.company.work_technician_prices = True
        job.invalidate_recordset(["show_work_prices"])
        self.assertTrue(job.show_work_prices)

    def test_app_opens_on_the_shop_floor(self):
        """The Workshop app opens on the Shop Floor for the technician, on
        the Work Pipeline for the service desk; Sales is not the technician's."""
        root = self.env.ref("sale_work_stage.sale_work_stage_menu_root")
        for user, action in (
            (self.technician, "sale_work_stage.sale_order_action_shop_floor"),
            (self.salesman, "sale_work_stage.sale_order_action_work_pipeline"),
        ):
            with self.subTest(user=user.login):
                menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(False)
                self.assertEqual(menus[root.id]["actionID"], self.env.ref(action).id)
        menus = self.env["ir.ui.menu"].with_user(self.technician).load_web_menus(False)
        self.assertNotIn(self.env.ref("sale.sale_menu_root").id, menus)
