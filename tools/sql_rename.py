# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Renames of stored fields for the migration scripts: the column keeps its
data, renamed with its field record, its external id and its index before
Odoo loads the new field, so that Odoo neither drops the old column nor
creates an empty new one."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, rename_column

MODULE = "sale_work_stage"


def rename_field(cr, model, table, old, new):
    """Rename field ``old`` of ``model`` to ``new``; False when there was
    nothing to rename (already done, or never installed)."""
    if not column_exists(cr, table, old) or column_exists(cr, table, new):
        return False
    rename_column(cr, table, old, new)
    cr.execute(
        SQL(
            "ALTER INDEX IF EXISTS %s RENAME TO %s",
            SQL.identifier(f"{table}__{old}_index"),
            SQL.identifier(f"{table}__{new}_index"),
        )
    )
    cr.execute(
        "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
        [new, model, old],
    )
    model_part = model.replace(".", "_")
    cr.execute(
        """UPDATE ir_model_data SET name = %s
            WHERE module = %s AND model = 'ir.model.fields' AND name = %s""",
        [f"field_{model_part}__{new}", MODULE, f"field_{model_part}__{old}"],
    )
    # The values of a selection field are named after the field too.
    cr.execute(
        """UPDATE ir_model_data
              SET name = %s || substr(name, length(%s) + 1)
            WHERE module = %s AND model = 'ir.model.fields.selection'
              AND name LIKE %s""",
        [
            f"selection__{model_part}__{new}",
            f"selection__{model_part}__{old}",
            MODULE,
            f"selection\\_\\_{model_part}\\_\\_{old}\\_\\_%",
        ],
    )
    return True


def rename_selection_value(cr, model, table, field, old, new):
    """Value ``old`` of selection ``field`` becomes ``new``, in the records
    and in the field's list of values."""
    cr.execute(
        SQL(
            "UPDATE %s SET %s = %s WHERE %s = %s",
            SQL.identifier(table),
            SQL.identifier(field),
            new,
            SQL.identifier(field),
            old,
        )
    )
    model_part = model.replace(".", "_")
    cr.execute(
        """UPDATE ir_model_fields_selection s SET value = %s
             FROM ir_model_fields f
            WHERE s.field_id = f.id AND f.model = %s AND f.name = %s
              AND s.value = %s""",
        [new, model, field, old],
    )
    cr.execute(
        """UPDATE ir_model_data SET name = %s
            WHERE module = %s AND model = 'ir.model.fields.selection'
              AND name = %s""",
        [
            f"selection__{model_part}__{field}__{new}",
            MODULE,
            f"selection__{model_part}__{field}__{old}",
        ],
    )
