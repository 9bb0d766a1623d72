# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""18.0.1.1.0: the parts held for a quotation line are named stock_hold_*,
inherited views <parent>_inherit_sale_work_stage.

The column keeps its data (``tools/sql_rename.py``).
"""

from odoo.addons.sale_work_stage.tools.sql_rename import rename_field

# Inherited views named <parent>_inherit_sale_work_stage since 18.0.1.1.0:
# renamed in place, else the old view (which names the old fields) would
# still extend the form while the new one is validated.
RENAMED_VIEWS = {
    "product_template_form_view": "product_template_form_view_inherit_sale_work_stage",
    "res_config_settings_view_form": (
        "res_config_settings_view_form_inherit_sale_work_stage"
    ),
    "sale_order_tree": "sale_order_tree_inherit_sale_work_stage",
    "sale_order_tree_pipeline": "sale_order_tree_inherit_sale_work_stage_pipeline",
    "view_order_form": "view_order_form_inherit_sale_work_stage",
    "view_order_form_pipeline": "view_order_form_inherit_sale_work_stage_pipeline",
    "view_sales_order_filter": "view_sales_order_filter_inherit_sale_work_stage",
    "view_sales_order_filter_pipeline": (
        "view_sales_order_filter_inherit_sale_work_stage_pipeline"
    ),
}

RENAMED_FIELDS = [
    # (model, table, old name, new name)
    ("stock.move", "stock_move", "work_hold_line_id", "stock_hold_line_id"),
]


def migrate(cr, version):
    if not version:
        return
    for model, table, old, new in RENAMED_FIELDS:
        rename_field(cr, model, table, old, new)
    for old, new in RENAMED_VIEWS.items():
        cr.execute(
            """UPDATE ir_model_data SET name = %s
                WHERE module = 'sale_work_stage' AND model = 'ir.ui.view'
                  AND name = %s""",
            [new, old],
        )
