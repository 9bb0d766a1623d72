# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

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
