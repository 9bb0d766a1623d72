# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import json
import threading
from http.server import ThreadingHTTPServer
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.sale.tests.common import SaleCommon
from odoo.addons.sms.tests.common import MockSMS

# A 1x1 PNG: the smallest signature Odoo's image field accepts.
SIGNATURE_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6"
    "kgAAAABJRU5ErkJggg=="
)


def portal_accept(case, order, name):
    """Post a signature to Odoo's own portal route, as the customer's browser
    does; returns the JSON-RPC result."""
    response = case.url_open(
        f"/my/orders/{order.id}/accept",
        data=json.dumps(
            {
                "params": {
                    "access_token": order._portal_ensure_token(),
                    "name": name,
                    "signature": SIGNATURE_PNG,
                }
            }
        ),
        headers={"Content-Type": "application/json"},
    )
    case.assertEqual(response.status_code, 200)
    payload = response.json()
    case.assertIn("result", payload, payload)
    return payload["result"]


def serve_stub(case_class, handler):
    """Serve ``handler`` on a free port of 127.0.0.1 for the test class's
    lifetime (stopped by its class cleanups); returns the server."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    case_class.addClassCleanup(server.server_close)
    case_class.addClassCleanup(server.shutdown)
    return server


# The demo's shop users and their groups (demo/sale_work_stage_demo.xml).
DEMO_ROLES = {
    "sale_work_stage.res_users_service_writer_demo": (
        "frontdesk",
        "sales_team.group_sale_salesman_all_leads",
    ),
    "sale_work_stage.res_users_workshop_manager_demo": (
        "workshop",
        "sales_team.group_sale_manager",
    ),
    # No Sales, Inventory or Accounting rights: the Shop Floor only.
    "sale_work_stage.res_users_technician_demo": (
        "technician",
        "sale_work_stage.group_work_stage_user",
    ),
}
ROLE_COMMON_GROUPS = (
    "base.group_user",
    "base.group_partner_manager",
    "stock.group_stock_user",
    "account.group_account_invoice",
)
TECHNICIAN_LOGIN = "technician"


def demo_role_users(env):
    """The admin and the demo's shop users; where the demo data is not
    loaded (a build whose own demo fails), users of the same logins,
    passwords and groups, so the role tests run on every build."""
    users = env.ref("base.user_admin")
    for xmlid, (login, group) in DEMO_ROLES.items():
        user = env.ref(xmlid, raise_if_not_found=False) or env["res.users"].search(
            [("login", "=", login)]
        )
        if not user:
            user = new_test_user(
                env,
                login=login,
                password=login,
                groups=",".join(
                    ("base.group_user", group)
                    if login == TECHNICIAN_LOGIN
                    else (*ROLE_COMMON_GROUPS, group)
                ),
            )
        users |= user
    return users


def reset_stages(env):
    """Archive every stage and unset the company's special stages."""
    env["sale.work.stage"].search([]).action_archive()
    env.company.write(
        {
            "work_stage_proposed_id": False,
            "work_stage_backorder_id": False,
            "work_stage_print_target_id": False,
        }
    )


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
        reset_stages(cls.env)
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
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.customer = cls.env["res.partner"].create({"name": "Garage Customer"})
        cls.order = cls._create_order()

    # Stages ----------------------------------------------------------------

    @classmethod
    def _free_transitions(cls):
        """Let orders move from any stage of the pipeline to any other."""
        (cls.stage_intake | cls.stage_repair | cls.stage_pending).next_stage_ids = False

    @classmethod
    def _create_reserve_stage(cls, name, **values):
        """A stage whose orders reserve their parts in stock."""
        return cls.env["sale.work.stage"].create(
            {"name": name, "reserve_stock": True, **values}
        )

    @classmethod
    def _create_wip_stage(cls, name, **values):
        """A stage whose orders take their parts into work in progress."""
        return cls.env["sale.work.stage"].create(
            {"name": name, "in_production": True, **values}
        )

    # Products and stock ----------------------------------------------------

    @classmethod
    def _create_storable(cls, name, **values):
        """A product named ``name`` whose quantities are tracked in stock."""
        return cls.env["product.product"].create(
            {"name": name, "is_storable": True, **values}
        )

    @classmethod
    def _add_stock(cls, product, qty, location=None, lot=None):
        """Put ``qty`` of ``product`` on hand at ``location`` (the stock)."""
        cls.env["stock.quant"]._update_available_quantity(
            product, location or cls.stock, qty, lot_id=lot
        )

    @classmethod
    def _free_qty(cls, product, location=None):
        """What of ``product`` is on hand, not reserved, at ``location`` (the stock)."""
        return product.with_context(location=(location or cls.stock).id).free_qty

    @classmethod
    def _qty_on_hand(cls, product, location=None):
        """What of ``product`` is on hand at ``location`` (the stock)."""
        return product.with_context(location=(location or cls.stock).id).qty_available

    @classmethod
    def _create_receipt(cls, product, qty, date=None):
        """A confirmed receipt of ``qty`` ``product`` from a vendor, due on ``date``."""
        vendors = cls.env.ref("stock.stock_location_suppliers")
        planned = {"scheduled_date": date} if date else {}
        due = {"date": date} if date else {}
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.in_type_id.id,
                "location_id": vendors.id,
                "location_dest_id": cls.stock.id,
                **planned,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": vendors.id,
                            "location_dest_id": cls.stock.id,
                            **due,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    @classmethod
    def _validate_in_full(cls, picking):
        """Validate ``picking`` with every move done for its whole demand."""
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()

    @classmethod
    def _receive(cls, product, qty):
        """Receive ``qty`` ``product`` from a vendor into the stock, now."""
        cls._validate_in_full(cls._create_receipt(product, qty))

    # Orders and invoices ---------------------------------------------------

    @classmethod
    def _create_order(cls, lines=None, partner=None, **values):
        """A quotation by the salesman of ``lines`` {product: qty} (a Test Product)."""
        lines = {cls.product: 1} if lines is None else lines
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "user_id": cls.salesman.id,
                "warehouse_id": cls.warehouse.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines.items()
                ],
                **values,
            }
        )

    @classmethod
    def _create_order_in(cls, company, **values):
        """A quotation of the customer in ``company``, created as that company."""
        return (
            cls.env["sale.order"]
            .with_company(company)
            .create({"partner_id": cls.customer.id, "company_id": company.id, **values})
        )

    @classmethod
    def _make_kind(cls, order, kind, pay=False):
        """Take the quotation ``order`` through Odoo's own flows to ``kind``:
        draft, sent, cancel, to_deliver, delivered or invoiced (and paid,
        with ``pay``)."""
        if kind == "sent":
            order.action_quotation_sent()
        elif kind == "cancel":
            order._action_cancel()
        elif kind != "draft":
            order.action_confirm()
            if kind in ("delivered", "invoiced"):
                cls._validate_in_full(order.picking_ids)
            if kind == "invoiced":
                invoice = order._create_invoices()
                invoice.action_post()
                if pay:
                    cls._pay(invoice)
        return order

    @classmethod
    def _invoice_down_payment(cls, order, percent):
        """Invoice ``percent`` % of ``order`` in advance; return that draft invoice."""
        invoiced = order.invoice_ids
        cls.env["sale.advance.payment.inv"].with_context(
            active_model="sale.order", active_ids=order.ids
        ).create(
            {"advance_payment_method": "percentage", "amount": percent}
        ).create_invoices()
        return order.invoice_ids - invoiced

    @classmethod
    def _pay(cls, invoice, amount=None):
        """Register a payment of ``invoice``: of ``amount``, else in full."""
        values = {"amount": amount} if amount else {}
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(values)._create_payments()

    @classmethod
    def _render_html(cls, report, records):
        """The HTML that ``report`` (an action or its XML id) prints for ``records``."""
        html, _kind = cls.env["ir.actions.report"]._render_qweb_html(
            report, records.ids
        )
        return html.decode()

    # Transactions ----------------------------------------------------------

    def _commit_tracking(self):
        """Tracking is written at pre-commit: run it as a commit would."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _count_queries(self, operation, tracking=False):
        """Queries of ``operation`` from a cold cache, with its tracking if asked."""
        flush = self._commit_tracking if tracking else self.env.flush_all
        flush()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        operation()
        flush()
        return self.env.cr.sql_log_count - before


class StockHoldCommon(WorkStageCommon):
    """Stages that hold parts (Appointment reserves, In the workshop takes
    into work, Back order waits), brake pads with 5 on the main warehouse's
    shelf and 1 in a second warehouse, whose salesperson is salesman_2."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse._ensure_wip_location()
        cls.wip = cls.warehouse.wip_location_id
        cls.warehouse_2 = cls.env["stock.warehouse"].create(
            {"name": "Second Garage", "code": "WH2"}
        )
        cls.stage_reserve = cls._create_reserve_stage("Appointment")
        cls.stage_wip = cls._create_wip_stage("In the workshop")
        cls.stage_waiting = cls._create_reserve_stage("Back order")
        cls.env.company.work_stage_backorder_id = cls.stage_waiting
        cls._free_transitions()
        cls.pads = cls._create_storable("Brake pads", list_price=40)
        cls._add_stock(cls.pads, 5)
        cls._add_stock(cls.pads, 1, cls.warehouse_2.lot_stock_id)
        cls.salesman_2 = new_test_user(
            cls.env, login="ws_salesman_2", groups="sales_team.group_sale_salesman"
        )
        cls.salesman_2.with_company(
            cls.env.company
        ).property_warehouse_id = cls.warehouse_2
        cls.sms_template = cls.env["sms.template"].create(
            {
                "name": "Stage entered",
                "model_id": cls.env["ir.model"]._get_id("sale.order"),
                "body": "Your order {{ object.name }} moved on.",
            }
        )
        cls.customer.write(
            {"mobile": "0470 12 34 56", "country_id": cls.env.ref("base.be").id}
        )
        cls.env.company.write({"sms_quiet_start": 0, "sms_quiet_end": 0})

    def _pads_order(self, qty, **values):
        """A quotation for ``qty`` brake pads from the main warehouse."""
        return self._create_order({self.pads: qty}, **values)

    def _set_pads(self, qty, location=None):
        """Count the pads at ``location`` (the stock): ``qty`` on hand."""
        self._add_stock(
            self.pads, qty - self._qty_on_hand(self.pads, location), location
        )

    def _revise(self, order):
        """New revision of ``order``; returns it."""
        order.action_new_revision()
        return order.next_revision_id

    def _free(self, location=None):
        return self._free_qty(self.pads, location)

    def _on_hand(self, location=None):
        return self._qty_on_hand(self.pads, location)

    def _on_hand_warehouse(self, warehouse=None):
        return self.pads.with_context(
            warehouse_id=(warehouse or self.warehouse).id
        ).qty_available

    def _held(self, orders):
        """(reserved, in work in progress) of the pads, as the orders say."""
        lines = orders.order_line.filtered(lambda line: line.product_id == self.pads)
        moves = lines.sudo().stock_hold_move_ids
        reserved = sum(
            moves.filtered(
                lambda m: m.state in ("assigned", "partially_available")
            ).mapped("quantity")
        )
        in_work = sum(sum(line._stock_hold_wip_balances().values()) for line in lines)
        return reserved, in_work

    def assertBooksBalance(self):
        """What the orders hold equals what stock says is reserved or in
        work, and free + reserved + in work = on hand, in every warehouse."""
        self.env.flush_all()
        Move = self.env["stock.move"]
        reserving = Move.search(
            [
                ("product_id", "=", self.pads.id),
                ("state", "in", ["assigned", "partially_available"]),
                ("stock_hold_line_id", "=", False),
            ]
        )
        for warehouse in self.warehouse | self.warehouse_2:
            stock, wip = warehouse.lot_stock_id, warehouse.wip_location_id
            quants = self.env["stock.quant"].search(
                [
                    ("product_id", "=", self.pads.id),
                    ("location_id", "child_of", stock.id),
                ]
            )
            reserved_in_stock = sum(quants.mapped("reserved_quantity"))
            in_wip = self._on_hand(wip)
            orders = self.env["sale.order"].search(
                [("warehouse_id", "=", warehouse.id)]
            )
            held_reserved, held_in_work = self._held(orders)
            others_from_stock = sum(
                reserving.filtered(lambda m, s=stock: m.location_id == s).mapped(
                    "quantity"
                )
            )
            deliveries_from_wip = sum(
                reserving.filtered(lambda m, w=wip: m.location_id == w).mapped(
                    "quantity"
                )
            )
            self.assertAlmostEqual(
                held_reserved + others_from_stock,
                reserved_in_stock,
                msg=f"{warehouse.name}: reservations of orders and deliveries",
            )
            self.assertAlmostEqual(
                held_in_work + deliveries_from_wip,
                in_wip,
                msg=f"{warehouse.name}: parts in work in progress",
            )
            self.assertAlmostEqual(
                self._free(stock) + reserved_in_stock + in_wip,
                self._on_hand_warehouse(warehouse),
                msg=f"{warehouse.name}: free + reserved + in work = on hand",
            )


class ParallelCase(TransactionCase):
    """Work in real, committing transactions, several at once."""

    def _committed(self, function):
        """Run ``function(env)`` in a transaction of its own, committed."""
        with self.registry.cursor() as cr:
            return function(api.Environment(cr, SUPERUSER_ID, {}))

    def _in_parallel(self, calls, retry=True):
        """Run each ``call(env)`` in a committing transaction, all starting at once."""
        barrier = threading.Barrier(len(calls))
        errors = []

        def run(call):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    barrier.wait(timeout=30)
                    if retry:
                        # Retried on serialization failures, as RPC calls are.
                        retrying(lambda: call(env), env)
                    else:
                        call(env)
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(repr(error))

        # Workers build environments: give them their own registry lock while
        # the server thread holds the real one (--test-enable at install).
        with patch.object(Registry, "_lock", threading.RLock()):
            threads = [threading.Thread(target=run, args=(call,)) for call in calls]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(errors)


class SmsGatewayCommon(WorkStageCommon, MockSMS):
    """The company texts through a local stub of a provider (``gateway_stub``,
    served for the class, ``reset()`` before each test) with
    ``_gateway_settings(port)``; no quiet hours; the customer has a Belgian
    mobile."""

    gateway_stub = None
    customer_number = "+32470123456"

    @classmethod
    def _gateway_settings(cls, port):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = serve_stub(cls, cls.gateway_stub)
        cls.env.company.write(
            {
                **cls._gateway_settings(cls.server.server_port),
                "sms_quiet_start": 0,
                "sms_quiet_end": 0,
            }
        )
        cls.customer.write(
            {"mobile": "+32 470 12 34 56", "country_id": cls.env.ref("base.be").id}
        )

    def setUp(self):
        super().setUp()
        self.gateway_stub.reset()

    def _queue_one(self, body="Your car is ready"):
        """A text to the customer about the test's order, queued."""
        self.order._message_sms(
            body,
            partner_ids=self.customer.ids,
            sms_pid_to_number={self.customer.id: self.customer_number},
            put_in_queue=True,
        )
        return self.env["sms.sms"].search([], order="id desc", limit=1)
