# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    stock_hold_line_id = fields.Many2one(
        "sale.order.line",
        string="Held for Quotation Line",
        index="btree_not_null",
        help="The quotation line these parts are reserved for, or taken into "
        "work in progress for.",
    )

    def _stock_hold_deliveries_from_wip(self):
        """The open moves among these that deliver an order's parts from
        work in progress (not the stage's own moves)."""
        return self.filtered(
            lambda m: (
                m.sale_line_id
                and not m.stock_hold_line_id
                and m.state not in ("done", "cancel")
                and m.location_id == m.location_id.warehouse_id.wip_location_id
            )
        )

    def _stock_hold_back_to_shelf(self, quantity):
        """Put ``quantity`` (this move's unit) of what this delivery was to
        take from work in progress back on the shelf of its warehouse."""
        self.ensure_one()
        line = self.sale_line_id
        wip = self.location_id
        back = line._stock_hold_transfer(
            wip,
            wip.warehouse_id.lot_stock_id,
            self.product_uom._compute_quantity(quantity, line.product_uom),
        )
        # Not the line's hold: the parts were the delivery's.
        back.stock_hold_line_id = False

    def _action_cancel(self):
        """A delivery that was to take an order's parts from work in progress
        is cancelled (the order cancelled, a transfer cancelled): the parts
        go back to the shelf, so that nothing stays in work in progress that
        no order needs."""
        from_wip = self._stock_hold_deliveries_from_wip()
        result = super()._action_cancel()
        for move in from_wip.filtered(lambda m: m.state == "cancel"):
            move._stock_hold_back_to_shelf(move.product_uom_qty)
        return result

    def _action_done(self, cancel_backorder=False):
        """Delivered from work in progress less than asked, and no back
        order wanted: the rest goes back to the shelf."""
        from_wip = self._stock_hold_deliveries_from_wip()
        demands = {move: move.product_uom_qty for move in from_wip}
        result = super()._action_done(cancel_backorder=cancel_backorder)
        if cancel_backorder:
            for move, demand in demands.items():
                rounding = move.product_uom.rounding
                left = demand - move.quantity
                if (
                    move.state == "done"
                    and float_compare(left, 0, precision_rounding=rounding) > 0
                ):
                    move._stock_hold_back_to_shelf(left)
        return result
