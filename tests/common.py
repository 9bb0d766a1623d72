# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import json

from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.sale.tests.common import SaleCommon

# A 1x1 PNG: the smallest signature Odoo's image field accepts.
SIGNATURE_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6"
    "kgAAAABJRU5ErkJggg=="
)


def portal_accept(case, order, name):
    """Post a signature to Odoo's own portal route, as the customer's
    browser does; returns the JSON-RPC result."""
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


class StockHoldCommon(WorkStageCommon):
    """Stages that hold parts, one storable product with 5 on the shelf of
    the main warehouse, a second warehouse with its own salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.warehouse._ensure_wip_location()
        cls.stock = cls.warehouse.lot_stock_id
        cls.wip = cls.warehouse.wip_location_id
        cls.warehouse_2 = cls.env["stock.warehouse"].create(
            {"name": "Second Garage", "code": "WH2"}
        )
        Stage = cls.env["sale.work.stage"]
        cls.stage_reserve = Stage.create({"name": "Appointment", "reserve_stock": True})
        cls.stage_wip = Stage.create({"name": "In the workshop", "in_production": True})
        cls.stage_waiting = Stage.create({"name": "Back order", "reserve_stock": True})
        cls.env.company.work_stage_backorder_id = cls.stage_waiting
        for stage in cls.stage_intake | cls.stage_repair | cls.stage_pending:
            stage.next_stage_ids = False
        cls.pads = cls.env["product.product"].create(
            {"name": "Brake pads", "is_storable": True, "list_price": 40}
        )
        cls._set_quantity(cls.stock, 5)
        cls._set_quantity(cls.warehouse_2.lot_stock_id, 1)
        cls.salesman_2 = new_test_user(
            cls.env,
            login="ws_salesman_2",
            groups="sales_team.group_sale_salesman",
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

    @classmethod
    def _set_quantity(cls, location, quantity):
        """Set the on-hand quantity of the pads in ``location``, as a count would."""
        cls.env["stock.quant"]._update_available_quantity(
            cls.pads,
            location,
            quantity - cls.pads.with_context(location=location.id).qty_available,
        )

    def _pads_order(self, qty, **values):
        """A quotation for ``qty`` brake pads from the main warehouse."""
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create({"product_id": self.pads.id, "product_uom_qty": qty})
                ],
                **values,
            }
        )

    def _revise(self, order):
        """New revision of ``order``; returns it."""
        order.action_new_revision()
        return order.next_revision_id

    def _free(self, location=None):
        return self.pads.with_context(location=(location or self.stock).id).free_qty

    def _on_hand(self, location=None):
        return self.pads.with_context(
            location=(location or self.stock).id
        ).qty_available

    def _on_hand_warehouse(self, warehouse=None):
        return self.pads.with_context(
            warehouse_id=(warehouse or self.warehouse).id
        ).qty_available

    def _receive(self, qty, warehouse=None):
        """Receive ``qty`` pads from a vendor and validate the receipt."""
        warehouse = warehouse or self.warehouse
        vendors = self.env.ref("stock.stock_location_suppliers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "location_id": vendors.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "Pads",
                            "product_id": self.pads.id,
                            "product_uom_qty": qty,
                            "product_uom": self.pads.uom_id.id,
                            "location_id": vendors.id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.quantity = qty
        picking.button_validate()
        return picking

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
            lines = (
                self.env["sale.order"]
                .search([])
                .order_line.filtered(
                    lambda line, wh=warehouse: (
                        line.product_id == self.pads
                        and line.order_id.warehouse_id == wh
                    )
                )
            )
            held_reserved, held_in_work = self._held(lines.order_id)
            reserving = Move.search(
                [
                    ("product_id", "=", self.pads.id),
                    ("state", "in", ["assigned", "partially_available"]),
                    ("stock_hold_line_id", "=", False),
                ]
            )
            others_from_stock = sum(
                reserving.filtered(
                    lambda m, stock=stock: m.location_id == stock
                ).mapped("quantity")
            )
            deliveries_from_wip = sum(
                reserving.filtered(lambda m, wip=wip: m.location_id == wip).mapped(
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
