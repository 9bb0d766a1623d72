# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

from odoo import fields, models
from odoo.tools import SQL, float_compare, float_is_zero


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    stock_hold_move_ids = fields.One2many(
        "stock.move", "stock_hold_line_id", string="Held Parts"
    )

    def _stock_hold_lines(self):
        return self.filtered(
            lambda line: not line.display_type and line.product_id.is_storable
        )

    def _stock_hold_release(self):
        """Give back what these lines hold: reservations released, parts in
        work in progress returned to stock."""
        for line in self._stock_hold_lines():
            if line.sudo().stock_hold_move_ids:
                line._stock_hold_sync("none")

    def _stock_hold_lock_quants(self):
        """Wait for, and lock, the stock of these lines' products before
        reserving: Odoo skips locked quants (and books a new one), so two
        quotations racing for the last unit could both get it. Locked, the
        second one waits, then retries and sees the unit gone."""
        if not self:
            return
        stock = self.order_id.warehouse_id.lot_stock_id
        self.env.cr.execute(
            SQL(
                """SELECT quant.id FROM stock_quant quant
                     JOIN stock_location location ON location.id = quant.location_id
                    WHERE quant.product_id IN %s
                      AND location.parent_path LIKE ANY(%s)
                      FOR NO KEY UPDATE OF quant""",
                tuple(self.product_id.ids),
                [f"{path}%" for path in stock.mapped("parent_path")],
            )
        )

    def _stock_hold_in_wip(self):
        """Quantity (line unit) this line has in the Work in Progress place."""
        self.ensure_one()
        wip = self.order_id.warehouse_id.wip_location_id
        done = self.sudo().stock_hold_move_ids.filtered(lambda m: m.state == "done")
        taken = sum(
            done.filtered(lambda m: m.location_dest_id == wip).mapped("quantity")
        )
        returned = sum(done.filtered(lambda m: m.location_id == wip).mapped("quantity"))
        return taken - returned

    def _stock_hold_new_move(self, source, destination, quantity):
        self.ensure_one()
        # sudo: sales users have no stock rights; these moves are the stage's
        # own bookkeeping of the parts of this line.
        return (
            self.env["stock.move"]
            .sudo()
            .create(self._stock_hold_move_values(source, destination, quantity))
        )

    def _stock_hold_move_values(self, source, destination, quantity):
        return {
            "name": self.env._("%(order)s: work stage", order=self.order_id.name),
            "origin": self.order_id.name,
            "product_id": self.product_id.id,
            "product_uom": self.product_uom.id,
            "product_uom_qty": quantity,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": self.order_id.company_id.id,
            "partner_id": self.order_id.partner_shipping_id.id,
            "stock_hold_line_id": self.id,
            "warehouse_id": self.order_id.warehouse_id.id,
        }

    def _stock_hold_transfer(self, source, destination, quantity):
        """Move ``quantity`` now, as a done stock move."""
        move = self._stock_hold_new_move(source, destination, quantity)
        move._action_confirm(merge=False)
        move._action_assign()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        return move

    def _stock_hold_reserve(self, quantity):
        """An open move of ``quantity`` reserved as far as stock allows;
        returns the quantity still missing."""
        self.ensure_one()
        stock = self.order_id.warehouse_id.lot_stock_id
        wip = self.order_id.warehouse_id.wip_location_id
        rounding = self.product_uom.rounding
        open_moves = self.sudo().stock_hold_move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        if (
            len(open_moves) == 1
            and float_compare(
                open_moves.product_uom_qty, quantity, precision_rounding=rounding
            )
            == 0
        ):
            move = open_moves
        else:
            open_moves._action_cancel()
            if float_is_zero(quantity, precision_rounding=rounding):
                return 0.0
            move = self._stock_hold_new_move(stock, wip, quantity)
            move._action_confirm(merge=False)
        if move.state != "assigned":
            self._stock_hold_lock_quants()
            move._action_assign()
        return max(quantity - move.quantity, 0.0)

    def _stock_hold_sync(self, mode):
        """Hold what ``mode`` asks: nothing, reserved parts or parts in work
        in progress. Returns the quantity that could not be held."""
        self.ensure_one()
        warehouse = self.order_id.warehouse_id
        warehouse.sudo()._ensure_wip_location()
        stock, wip = warehouse.lot_stock_id, warehouse.wip_location_id
        rounding = self.product_uom.rounding
        wanted = self.product_uom_qty if mode != "none" else 0.0
        in_wip = self._stock_hold_in_wip()
        if mode != "wip":
            if float_compare(in_wip, 0, precision_rounding=rounding) > 0:
                self._stock_hold_transfer(wip, stock, in_wip)
            if mode == "none":
                self.sudo().stock_hold_move_ids.filtered(
                    lambda m: m.state not in ("done", "cancel")
                )._action_cancel()
                return 0.0
            return self._stock_hold_reserve(wanted)
        # Work in progress: take what is still needed off the shelf.
        needed = wanted - in_wip
        if float_compare(needed, 0, precision_rounding=rounding) < 0:
            self._stock_hold_transfer(wip, stock, -needed)
            return 0.0
        missing = self._stock_hold_reserve(needed)
        reservation = self.sudo().stock_hold_move_ids.filtered(
            lambda m: m.state in ("assigned", "partially_available")
        )
        if reservation:
            # Take what is reserved; when that is only part, Odoo itself
            # splits the rest into an open move that stays asked for.
            reservation.picked = True
            reservation._action_done()
        return missing

    def _stock_hold_ready_for_wip(self):
        """Lines holding their whole quantity in one reserved move, nothing
        in work in progress yet."""

        def ready(line):
            moves = line.sudo().stock_hold_move_ids
            if moves.filtered(lambda m: m.state == "done"):
                return False
            open_moves = moves.filtered(lambda m: m.state != "cancel")
            return (
                len(open_moves) == 1
                and open_moves.state == "assigned"
                and open_moves.product_uom == line.product_uom
                and float_compare(
                    open_moves.quantity,
                    line.product_uom_qty,
                    precision_rounding=line.product_uom.rounding,
                )
                == 0
            )

        return self.filtered(ready)

    def _stock_hold_take_into_wip(self):
        """Move what these lines reserved into work in progress, together."""
        moves = self.sudo().stock_hold_move_ids.filtered(
            lambda m: m.state == "assigned"
        )
        if moves:
            moves.picked = True
            moves._action_done()

    def _stock_hold_reserve_new(self):
        """Lines holding nothing yet: one batch of moves, confirmed and
        reserved together, as Odoo reserves a picking. Returns the lines
        still short."""
        if not self:
            return self
        warehouse = self.order_id.warehouse_id
        warehouse.sudo()._ensure_wip_location()
        # sudo: see _stock_hold_new_move.
        moves = (
            self.env["stock.move"]
            .sudo()
            .create(
                [
                    line._stock_hold_move_values(
                        warehouse.lot_stock_id,
                        warehouse.wip_location_id,
                        line.product_uom_qty,
                    )
                    for line in self
                ]
            )
        )
        moves._action_confirm(merge=False)
        self._stock_hold_lock_quants()
        moves._action_assign()
        return moves.filtered(lambda m: m.state != "assigned").stock_hold_line_id
