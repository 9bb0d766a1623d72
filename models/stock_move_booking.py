# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models
from odoo.tools import float_compare

from ..tools.order_status import timeliness, worst_booking_status

# Locations goods come from into a warehouse: a vendor, a production, transit.
SUPPLY_USAGES = ("supplier", "production", "transit")
# Changes of a move that can change the product status of the sale lines it
# feeds, or of the lines waiting for the same product.
BOOKING_TRIGGERS = frozenset(
    {"state", "date", "product_uom_qty", "quantity", "picked", "location_id"}
)
WAITING_STATUSES = (
    "not_enough",
    "requested",
    "delayed",
    "possibly_delayed",
    "expected_on_time",
)


class StockMove(models.Model):
    _inherit = "stock.move"

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        supply = moves.filtered(lambda m: m.location_id.usage in SUPPLY_USAGES)
        if supply:
            supply._booking_touch_sale_lines()
        return moves

    def write(self, vals):
        result = super().write(vals)
        if BOOKING_TRIGGERS & vals.keys():
            self._booking_touch_sale_lines()
        return result

    def _booking_touch_sale_lines(self):
        """Recompute the product status of the sale lines these moves feed,
        however deep the chain, and of the confirmed lines waiting for the
        same products: new or moved supply changes what is left for them."""
        lines = self.browse(self._rollup_move_dests()).sale_line_id
        products = self.product_id.filtered("is_storable")
        if products:
            lines |= (
                self.env["sale.order.line"]
                .sudo()
                .search(
                    [
                        ("product_id", "in", products.ids),
                        ("state", "=", "sale"),
                        ("booking_status", "in", WAITING_STATUSES),
                    ]
                )
            )
        lines.sudo().exists()._mark_booking_status_to_compute()

    def _booking_is_supply(self, warehouse):
        """Brings goods into ``warehouse``: a receipt, a production, or a
        transfer from another warehouse."""
        self.ensure_one()
        source = self.location_id
        return source.usage in SUPPLY_USAGES or bool(
            source.warehouse_id and source.warehouse_id != warehouse
        )

    def _booking_upstream(self):
        """These moves and every move that feeds them, at any depth, as
        Odoo's own ``_rollup_move_origs`` walks them; the one difference:
        cancelled moves are left out (they bring nothing)."""
        return self.browse(self._rollup_move_origs()).filtered(
            lambda m: m.state != "cancel"
        )

    def _booking_supply_moves(self):
        """The supply moves in the chains that feed these moves."""
        supply = self.browse()
        for move in self:
            warehouse = move.location_id.warehouse_id
            supply |= move._booking_upstream().filtered(
                lambda m, wh=warehouse: m._booking_is_supply(wh)
            )
        return supply

    def _booking_in_production(self):
        """A manufacturing order making these goods has started."""
        self.ensure_one()
        return "production_id" in self._fields and self.production_id.state in (
            "progress",
            "to_close",
        )

    def _booking_status_of_delivery(self, deadline, today):
        """Product status of what this open delivery move still has to ship."""
        self.ensure_one()
        if self.state == "assigned":
            return "ready_for_shipment"
        upstream = (self._booking_upstream() - self).filtered(
            lambda m: m.state != "done"
        )
        warehouse = self.location_id.warehouse_id
        supply = upstream.filtered(lambda m: m._booking_is_supply(warehouse))
        if supply:
            if any(m.state == "draft" for m in supply):
                return "requested"
            company = self.company_id
            return worst_booking_status(
                timeliness(company._company_local_date(m.date), deadline, today)
                for m in supply
            )
        if upstream:
            # Earlier steps in the warehouse (pick, pack): booked when the
            # first of them has its goods reserved.
            heads = upstream.filtered(lambda m: not (m.move_orig_ids & upstream))
            if all(m.state == "assigned" for m in heads):
                return "ready_for_shipment"
        elif self.procure_method == "make_to_order" and self.state == "waiting":
            # Supply asked for and not ordered yet (a request for quotation).
            return "requested"
        # Waiting for stock: Odoo's forecast tells whether stock and incoming
        # supply cover it, in priority order, and when.
        rounding = self.product_uom.rounding
        covered = float_compare(
            self.forecast_availability,
            self.product_qty,
            precision_rounding=self.product_id.uom_id.rounding or rounding,
        )
        if covered < 0:
            return "not_enough"
        expected = self.company_id._company_local_date(self.forecast_expected_date)
        return timeliness(expected, deadline, today)
