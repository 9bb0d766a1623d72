# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.fields import Command
from odoo.tests import tagged

from .common import StockHoldCommon


@tagged("post_install", "-at_install")
class TestStockEffects(StockHoldCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Orders also sell a consumable and a service, which hold no stock.
        cls.oil = cls.env["product.product"].create(
            {"name": "Oil (consumable)", "type": "consu", "list_price": 10}
        )
        cls.labour = cls.env["product.product"].create(
            {"name": "Labour", "type": "service", "list_price": 60}
        )

    def test_reserve_stage_books_parts_on_a_quotation(self):
        """A reserve stage lowers free quantity, not on-hand; still a quotation."""
        order = self._create_order({self.pads: 2, self.oil: 1, self.labour: 1})
        order.with_user(self.salesman).write({"work_stage_id": self.stage_reserve.id})
        self.assertEqual(self._free_qty(self.pads), 3)
        self.assertEqual(self._qty_on_hand(self.pads), 5)
        self.assertEqual(order.state, "draft")
        held = order.order_line.sudo().stock_hold_move_ids
        self.assertEqual(held.product_id, self.pads, "services and consumables ignored")

    def test_parts_held_count_shown_to_the_salesman(self):
        """The form's Parts Held count is the order's holding moves, for a salesman."""
        order = self._create_order({self.pads: 2, self.oil: 1, self.labour: 1})
        self.assertEqual(order.with_user(self.salesman).stock_hold_count, 0)
        order.with_user(self.salesman).write({"work_stage_id": self.stage_reserve.id})
        order.invalidate_recordset(["stock_hold_move_ids", "stock_hold_count"])
        held = order.order_line.sudo().stock_hold_move_ids
        self.assertTrue(held)
        self.assertEqual(order.with_user(self.salesman).stock_hold_count, len(held))

    def test_short_stock_waits_in_back_order_and_returns(self):
        """Short of parts: what exists is reserved, the order waits, then returns."""
        order = self._create_order({self.pads: 7, self.oil: 1, self.labour: 1})
        order.write({"work_stage_id": self.stage_reserve.id})
        self.assertEqual(self._free_qty(self.pads), 0)
        self.assertEqual(order.work_stage_id, self.stage_waiting)
        self.assertEqual(order.backorder_return_stage_id, self.stage_reserve)
        self.assertTrue(order.message_ids.filtered(lambda m: "missing" in str(m.body)))
        self._receive(self.pads, 10)
        self.assertEqual(order.work_stage_id, self.stage_reserve)
        self.assertFalse(order.backorder_return_stage_id)
        self.assertEqual(self._free_qty(self.pads), 8)

    def test_back_orders_served_first_come_first_served(self):
        """Arriving stock serves the order that waited first."""
        self._add_stock(self.pads, -5)
        first = self._create_order({self.pads: 3, self.oil: 1, self.labour: 1})
        first.write({"work_stage_id": self.stage_reserve.id})
        second = self._create_order({self.pads: 3, self.oil: 1, self.labour: 1})
        second.write({"work_stage_id": self.stage_reserve.id})
        self.assertEqual((first | second).work_stage_id, self.stage_waiting)
        self._receive(self.pads, 3)
        self.assertEqual(first.work_stage_id, self.stage_reserve)
        self.assertEqual(second.work_stage_id, self.stage_waiting)
        self.assertEqual(self._free_qty(self.pads), 0)

    def test_inventory_adjustment_serves_back_orders(self):
        """An inventory adjustment also serves waiting orders."""
        order = self._create_order({self.pads: 6, self.oil: 1, self.labour: 1})
        order.write({"work_stage_id": self.stage_reserve.id})
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.pads.id), ("location_id", "=", self.stock.id)]
        )
        quant.inventory_quantity = 9
        quant.action_apply_inventory()
        self.assertEqual(order.work_stage_id, self.stage_reserve)

    def test_work_in_progress_takes_parts_off_the_shelf(self):
        """From a plain stage straight into work: parts leave the shelf."""
        order = self._create_order({self.pads: 2, self.oil: 1, self.labour: 1})
        order.write({"work_stage_id": self.stage_wip.id})
        self.assertEqual(self._qty_on_hand(self.pads), 3)
        self.assertEqual(self._qty_on_hand(self.pads, self.wip), 2)
        self.assertEqual(self._free_qty(self.pads), 3)

    def test_short_work_in_progress_takes_what_exists(self):
        """Into work with too few parts: what exists is taken, the rest waits."""
        order = self._create_order({self.pads: 7, self.oil: 1, self.labour: 1})
        order.write({"work_stage_id": self.stage_wip.id})
        self.assertEqual(self._qty_on_hand(self.pads, self.wip), 5)
        self.assertEqual(self._qty_on_hand(self.pads), 0)
        self.assertEqual(order.work_stage_id, self.stage_waiting)
        self.assertEqual(order.backorder_return_stage_id, self.stage_wip)
        self._receive(self.pads, 4)
        self.assertEqual(order.work_stage_id, self.stage_wip)
        self.assertEqual(self._qty_on_hand(self.pads, self.wip), 7)
        self.assertEqual(self._qty_on_hand(self.pads), 2)

    def test_cron_serves_back_orders_missed_by_the_hooks(self):
        """The scheduled action serves orders whose parts came in another way."""
        order = self._create_order({self.pads: 6, self.oil: 1, self.labour: 1})
        order.write({"work_stage_id": self.stage_reserve.id})
        self.assertEqual(order.work_stage_id, self.stage_waiting)
        self._add_stock(self.pads, 1)
        self.env.ref(
            "sale_work_stage.ir_cron_serve_work_backorders"
        ).method_direct_trigger()
        self.assertEqual(order.work_stage_id, self.stage_reserve)
        self.assertEqual(self._free_qty(self.pads), 0)

    def test_rescheduled_lines_give_back_their_parts(self):
        """Declined lines moved to a proposal release what they held."""
        self.env.company.work_stage_proposed_id = self.stage_pending
        order = self._create_order({self.pads: 2, self.oil: 1, self.labour: 1})
        order.write(
            {
                "order_line": [
                    Command.create({"product_id": self.pads.id, "product_uom_qty": 1})
                ]
            }
        )
        order.write({"work_stage_id": self.stage_reserve.id})
        self.assertEqual(self._free_qty(self.pads), 2)
        declined = order.order_line.filtered(
            lambda l: l.product_id == self.pads and l.product_uom_qty == 1
        )
        self.env["sale.work.reschedule"].create(
            {
                "order_id": order.id,
                "line_ids": declined.ids,
                "follow_up_date": "2026-12-15",
            }
        ).action_confirm()
        self.assertEqual(self._free_qty(self.pads), 3)

    def test_going_back_returns_exactly_what_is_held(self):
        """Work in progress back to reserve, then to a plain stage."""
        order = self._create_order({self.pads: 2, self.oil: 1, self.labour: 1})
        order.write({"work_stage_id": self.stage_wip.id})
        order.write({"work_stage_id": self.stage_reserve.id})
        self.assertEqual(self._qty_on_hand(self.pads), 5)
        self.assertEqual(self._qty_on_hand(self.pads, self.wip), 0)
        self.assertEqual(self._free_qty(self.pads), 3)
        order.write({"work_stage_id": self.stage_intake.id})
        self.assertEqual(self._free_qty(self.pads), 5)

    def test_cancel_releases_and_returns_everything(self):
        """Cancelling gives back the parts in work and releases bookings."""
        in_work = self._create_order({self.pads: 2, self.oil: 1, self.labour: 1})
        in_work.write({"work_stage_id": self.stage_wip.id})
        booked = self._create_order({self.pads: 2, self.oil: 1, self.labour: 1})
        booked.write({"work_stage_id": self.stage_reserve.id})
        (in_work | booked)._action_cancel()
        self.assertEqual(self._qty_on_hand(self.pads), 5)
        self.assertEqual(self._free_qty(self.pads), 5)

    def test_quantities_follow_line_edits(self):
        """Changing, adding and removing lines adjusts what is held."""
        order = self._create_order({self.pads: 2, self.oil: 1, self.labour: 1})
        order.write({"work_stage_id": self.stage_reserve.id})
        pads_line = order.order_line.filtered(lambda l: l.product_id == self.pads)
        pads_line.product_uom_qty = 4
        self.assertEqual(self._free_qty(self.pads), 1)
        order.write(
            {
                "order_line": [
                    Command.create({"product_id": self.pads.id, "product_uom_qty": 1})
                ]
            }
        )
        self.assertEqual(self._free_qty(self.pads), 0)
        pads_line.unlink()
        self.assertEqual(self._free_qty(self.pads), 4)

    def test_confirmation_hands_parts_to_the_delivery(self):
        """Confirming does not reserve twice; delivery consumes once."""
        order = self._create_order({self.pads: 2, self.oil: 1, self.labour: 1})
        order.write({"work_stage_id": self.stage_reserve.id})
        order.action_confirm()
        delivery = order.picking_ids
        self.assertEqual(
            delivery.move_ids.filtered(lambda m: m.product_id == self.pads).state,
            "assigned",
        )
        self.assertEqual(self._free_qty(self.pads), 3)
        self._validate_in_full(delivery)
        self.assertEqual(self._qty_on_hand(self.pads), 3)

    def test_confirmation_from_work_in_progress(self):
        """Parts in work go out with the delivery; on-hand drops once."""
        order = self._create_order({self.pads: 2, self.oil: 1, self.labour: 1})
        order.write({"work_stage_id": self.stage_wip.id})
        order.action_confirm()
        self._validate_in_full(order.picking_ids)
        self.assertEqual(self._qty_on_hand(self.pads), 3)
        self.assertEqual(self._qty_on_hand(self.pads, self.wip), 0)
        self.assertEqual(self._free_qty(self.pads), 3)

    def test_product_shows_held_quantities(self):
        """The product shows what quotations reserve and what is in work."""
        booked = self._create_order({self.pads: 2, self.oil: 1, self.labour: 1})
        booked.write({"work_stage_id": self.stage_reserve.id})
        in_work = self._create_order({self.pads: 1, self.oil: 1, self.labour: 1})
        in_work.write({"work_stage_id": self.stage_wip.id})
        template = self.pads.product_tmpl_id
        self.assertEqual(template.stock_hold_reserved_qty, 2)
        self.assertEqual(template.stock_hold_wip_qty, 1)
        action = template.action_view_stock_holds()
        self.assertEqual(
            set(
                self.env["stock.move"]
                .search(action["domain"])
                .stock_hold_line_id.order_id.ids
            ),
            {booked.id, in_work.id},
        )

    def test_order_warehouse_decides(self):
        """Parts are reserved in the order's own warehouse."""
        second = self.env["stock.warehouse"].create(
            {"name": "Second shop", "code": "SHP2"}
        )
        self.assertTrue(second.wip_location_id, "new warehouses get their WIP place")
        self._add_stock(self.pads, 4, second.lot_stock_id)
        order = self._create_order(
            {self.pads: 3, self.oil: 1, self.labour: 1}, warehouse_id=second.id
        )
        order.write({"work_stage_id": self.stage_reserve.id})
        self.assertEqual(self._free_qty(self.pads, second.lot_stock_id), 1)
        self.assertEqual(self._free_qty(self.pads), 5)

    def test_reserve_costs_no_more_than_odoo_reservation(self):
        """Reserving 10 lines costs no more queries than Odoo's picking reservation."""
        products = self.env["product.product"].create(
            [{"name": f"Part {n}", "is_storable": True} for n in range(10)]
        )
        for product in products:
            self._add_stock(product, 10)
        order = self._create_order(dict.fromkeys(products, 1))

        def odoo_reservation():
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": self.stock.id,
                    "location_dest_id": self.wip.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": p.name,
                                "product_id": p.id,
                                "product_uom_qty": 1,
                                "product_uom": p.uom_id.id,
                                "location_id": self.stock.id,
                                "location_dest_id": self.wip.id,
                            }
                        )
                        for p in products
                    ],
                }
            )
            picking.action_confirm()
            picking.action_assign()

        odoo_queries = self._count_queries(odoo_reservation)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=int(1.2 * odoo_queries)):
            order.write({"work_stage_id": self.stage_reserve.id})
            self.env.flush_all()
        self.assertEqual(len(order.order_line.sudo().stock_hold_move_ids), 10)

    def test_lot_tracked_parts_reserved_by_odoo_rules(self):
        """Parts tracked by lot are reserved lot by lot, as Odoo reserves them."""
        tracked = self._create_storable("Injector", tracking="lot")
        for name, qty in (("LOT-A", 1), ("LOT-B", 2)):
            lot = self.env["stock.lot"].create({"name": name, "product_id": tracked.id})
            self._add_stock(tracked, qty, lot=lot)
        order = self._create_order({tracked: 3})
        order.write({"work_stage_id": self.stage_reserve.id})
        move = order.order_line.sudo().stock_hold_move_ids
        self.assertEqual(move.state, "assigned")
        self.assertEqual(
            set(move.move_line_ids.lot_id.mapped("name")), {"LOT-A", "LOT-B"}
        )
        self.assertEqual(self._free_qty(tracked), 0)

    def test_other_company_uses_its_own_warehouse(self):
        """An order of another company reserves in that company's warehouse."""
        other = self.env["res.company"].create({"name": "Second Garage"})
        self.env.user.company_ids |= other
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)])
        self.assertTrue(warehouse.wip_location_id)
        part = self._create_storable("Shared part", company_id=False)
        self.env["stock.quant"].with_company(other)._update_available_quantity(
            part, warehouse.lot_stock_id, 4
        )
        order = self._create_order_in(
            other,
            work_stage_id=self.stage_intake.id,
            order_line=[Command.create({"product_id": part.id, "product_uom_qty": 3})],
        )
        order.with_company(other).write({"work_stage_id": self.stage_reserve.id})
        self.assertEqual(order.warehouse_id, warehouse)
        self.assertEqual(self._free_qty(part, warehouse.lot_stock_id), 1)
        self.assertEqual(order.order_line.sudo().stock_hold_move_ids.company_id, other)
