# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    stock_hold_line_id = fields.Many2one(
        "sale.order.line",
        string="Held for Quotation Line",
        index="btree_not_null",
        help="The quotation line these parts are reserved for, or taken into "
        "work in progress for.",
    )
