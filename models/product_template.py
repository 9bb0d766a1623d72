# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models
from odoo.osv import expression

DOCUMENT_PLACEMENTS = [
    ("standard", "Standard"),
    ("tax", "Tax"),
    ("shipping", "Shipping"),
]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    document_placement = fields.Selection(
        DOCUMENT_PLACEMENTS,
        default="standard",
        required=True,
        help="Section of the quotation where lines of this product are printed, "
        "each section with its own subtotal.",
    )

    stock_hold_reserved_qty = fields.Float(
        string="Reserved for Quotations",
        compute="_compute_stock_hold_qty",
        digits="Product Unit of Measure",
        help="Reserved by quotations in Reserve Parts stages.",
    )
    stock_hold_wip_qty = fields.Float(
        string="In Work in Progress",
        compute="_compute_stock_hold_qty",
        digits="Product Unit of Measure",
        help="Taken off the shelf by orders in Work in Progress stages.",
    )

    def _stock_hold_moves_domain(self):
        return [
            ("product_id.product_tmpl_id", "in", self.ids),
            ("stock_hold_line_id", "!=", False),
        ]

    def _compute_stock_hold_qty(self):
        Move = self.env["stock.move"].sudo()
        reserved = dict(
            Move._read_group(
                expression.AND(
                    [
                        self._stock_hold_moves_domain(),
                        [("state", "in", ["assigned", "partially_available"])],
                    ]
                ),
                ["product_id"],
                ["quantity:sum"],
            )
        )
        wip_locations = self.env["stock.warehouse"].sudo().search([]).wip_location_id
        in_wip = dict(
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("product_id.product_tmpl_id", "in", self.ids),
                    ("location_id", "in", wip_locations.ids),
                ],
                ["product_id"],
                ["quantity:sum"],
            )
        )
        for template in self:
            variants = template.product_variant_ids
            template.stock_hold_reserved_qty = sum(
                reserved.get(p, 0.0) for p in variants
            )
            template.stock_hold_wip_qty = sum(in_wip.get(p, 0.0) for p in variants)

    def action_view_stock_holds(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Held for Quotations and Work"),
            "res_model": "stock.move",
            "view_mode": "list,form",
            "domain": self._stock_hold_moves_domain()
            + [("state", "in", ["assigned", "partially_available", "done"])],
        }
