# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _create_return(self):
        """A customer gives back no more than they were delivered: a return
        of an order's delivery asking for more is refused before anything
        is made, so that stock and the order's delivered count stay true."""
        if self.picking_id.sale_id and self.picking_id.picking_type_code == "outgoing":
            self.product_return_moves._check_returnable()
        return super()._create_return()
