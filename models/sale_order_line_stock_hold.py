# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

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

    def _stock_hold_release(self, keep_wip=False):
        """Give back what these lines hold: reservations released and, unless
        ``keep_wip``, parts in work in progress returned to the stock they
        came from. Read from the lines' own moves, so it also works after the
        order changed warehouse. Returns the chatter's list of what was given
        back."""
        released = []
        for line in self._stock_hold_lines():
            moves = line.sudo().stock_hold_move_ids
            open_moves = moves.filtered(lambda m: m.state not in ("done", "cancel"))
            reserved = sum(open_moves.mapped("quantity"))
            open_moves._action_cancel()
            returned = 0.0
            if not keep_wip:
                for (wip, stock), qty in line._stock_hold_wip_balances().items():
                    line._stock_hold_transfer(wip, stock, qty)
                    returned += qty
            released += line._stock_hold_release_notes(reserved, returned)
        return released

    def _stock_hold_release_notes(self, reserved, returned):
        """Chatter lines saying what this line gave back."""
        self.ensure_one()
        rounding = self.product_uom.rounding
        values = {
            "uom": self.product_uom.name,
            "product": self.product_id.display_name,
        }
        notes = []
        if float_compare(reserved, 0, precision_rounding=rounding) > 0:
            notes.append(
                self.env._(
                    "%(product)s: reservation of %(qty)s %(uom)s released",
                    qty=reserved,
                    **values,
                )
            )
        if float_compare(returned, 0, precision_rounding=rounding) > 0:
            notes.append(
                self.env._(
                    "%(product)s: %(qty)s %(uom)s back from work in progress",
                    qty=returned,
                    **values,
                )
            )
        return notes

    def _stock_hold_wip_balances(self):
        """{(work in progress location, stock location it came from): quantity
        in the line's unit} of the parts this line has in work in progress,
        whatever warehouse its order uses now."""
        self.ensure_one()
        balances = defaultdict(float)
        for move in self.sudo().stock_hold_move_ids.filtered(
            lambda m: m.state == "done"
        ):
            source, destination = move.location_id, move.location_dest_id
            if destination == destination.warehouse_id.wip_location_id:
                balances[destination, source] += move.quantity
            elif source == source.warehouse_id.wip_location_id:
                balances[source, destination] -= move.quantity
        rounding = self.product_uom.rounding
        return {
            key: qty
            for key, qty in balances.items()
            if float_compare(qty, 0, precision_rounding=rounding) > 0
        }

    def _stock_hold_hand_over(self, new_lines):
        """Give what these lines hold to ``new_lines`` (same order, a line
        each): the parts stay where they are, reserved or in work."""
        for line, new_line in zip(self, new_lines, strict=True):
            line.sudo().stock_hold_move_ids.stock_hold_line_id = new_line

    def _stock_hold_deliver_from_wip(self, balances):
        """The delivery of a confirmed order takes the parts already in work
        in progress from there (the shelf count does not go up and down);
        then the delivery holds them, no longer the line."""
        for line, by_location in balances.items():
            for (wip, stock), qty in by_location.items():
                line._stock_hold_point_delivery_at(wip, stock, qty)
            line.sudo().stock_hold_move_ids.stock_hold_line_id = False

    def _stock_hold_point_delivery_at(self, wip, stock, qty):
        """Make the first step of this line's delivery take ``qty`` (line
        unit) from ``wip`` instead of ``stock``."""
        self.ensure_one()
        # sudo: sales users confirm orders without stock rights; this only
        # redirects the moves Odoo just made for this line.
        moves = self.sudo().move_ids.filtered(
            lambda m: (
                m.state not in ("draft", "done", "cancel") and m.location_id == stock
            )
        )
        product_qty = self.product_uom._compute_quantity(qty, self.product_id.uom_id)
        rounding = self.product_id.uom_id.rounding
        redirected = self.env["stock.move"]
        for move in moves:
            if float_compare(product_qty, 0, precision_rounding=rounding) <= 0:
                break
            take = min(product_qty, move.product_qty)
            move._do_unreserve()
            if float_compare(take, move.product_qty, precision_rounding=rounding) < 0:
                new_vals = move.with_context(source_location_id=wip.id)._split(take)
                new_move = self.env["stock.move"].sudo().create(new_vals)
                new_move._action_confirm(merge=False)
                redirected |= move | new_move
            else:
                move.location_id = wip
                redirected |= move
            product_qty -= take
        redirected._action_assign()

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
                self._stock_hold_release()
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
