# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Columns a model makes itself before Odoo would, when the addon is being
installed: Odoo computes a new stored field for every existing row, one
record at a time, only when it makes the field's column
(``existing_orders.py`` fills them in sets). On an upgrade, a new field's
column is Odoo's to make and compute, as no install hook runs then."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column


def installing(cr, module="sale_work_stage"):
    """Whether ``module`` is being installed (not upgraded)."""
    cr.execute(SQL("SELECT state FROM ir_module_module WHERE name = %s", module))
    row = cr.fetchone()
    return bool(row) and row[0] == "to install"


def precreate_columns(model, names):
    """Make the columns of the fields ``names`` of ``model`` that do not
    exist yet, empty; returns the names of those made."""
    made = []
    if not installing(model.env.cr):
        return made
    for name in names:
        if not column_exists(model.env.cr, model._table, name):
            field = model._fields[name]
            create_column(model.env.cr, model._table, name, field.column_type[1])
            made.append(name)
    return made


def add_column_with_value(model, name, value):
    """Make the column of field ``name`` of ``model``, when it does not exist
    yet, with ``value`` in every existing row, without writing them:
    PostgreSQL keeps a constant default as the value of the rows older than
    the column. True when the column was made."""
    cr = model.env.cr
    if column_exists(cr, model._table, name) or not installing(cr):
        return False
    table, column = SQL.identifier(model._table), SQL.identifier(name)
    cr.execute(
        SQL(
            "ALTER TABLE %s ADD COLUMN %s %s DEFAULT %s",
            table,
            column,
            SQL(model._fields[name].column_type[1]),
            value,
        )
    )
    cr.execute(SQL("ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT", table, column))
    return True
