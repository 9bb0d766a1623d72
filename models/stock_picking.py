# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        arrived = self.move_ids.filtered(
            lambda m: (
                m.state == "done"
                and m.location_dest_id.usage == "internal"
                and m.location_id.usage != "internal"
            )
        ).product_id
        if arrived:
            # sudo: whoever receives the goods serves the waiting quotations.
            self.env["sale.order"].sudo()._stock_hold_serve_backorders(arrived)
        return result
