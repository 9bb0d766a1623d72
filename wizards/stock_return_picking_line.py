# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    def _returnable_quantity(self):
        """What of the delivered move is not given back yet (product unit)."""
        self.ensure_one()
        move = self.move_id
        uom = move.product_id.uom_id
        delivered = move.product_uom._compute_quantity(move.quantity, uom)
        returned = sum(
            back.product_uom._compute_quantity(back.product_uom_qty, uom)
            for back in move.returned_move_ids.filtered(lambda m: m.state != "cancel")
        )
        return delivered - returned

    def _check_returnable(self):
        for line in self.filtered("move_id"):
            returnable = line._returnable_quantity()
            if (
                float_compare(
                    line.quantity, returnable, precision_rounding=line.uom_id.rounding
                )
                > 0
            ):
                raise UserError(
                    line.env._(
                        "%(product)s: %(qty)s %(uom)s cannot be returned, only "
                        "%(left)s %(uom)s of this delivery is not returned yet. "
                        "Lower the quantity to return.",
                        product=line.product_id.display_name,
                        qty=line.quantity,
                        left=max(returnable, 0.0),
                        uom=line.uom_id.name,
                    )
                )
