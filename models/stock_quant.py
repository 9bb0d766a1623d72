# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _apply_inventory(self):
        products = self.product_id
        result = super()._apply_inventory()
        # sudo: an inventory adjustment serves the quotations waiting for parts.
        self.env["sale.order"].sudo()._stock_hold_serve_backorders(products)
        return result
