# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tools import SQL


def post_init_hook(env):
    """Give the orders that existed before the install a stage and a quote date.

    The stored compute ran when the column was created, before the default
    stages were loaded, so those orders have no stage yet.
    """
    stages = env["sale.work.stage"].sudo()
    for company in env["res.company"].sudo().search([]):
        first = stages.search([("company_id", "in", [False, company.id])], limit=1)
        if first:
            env.cr.execute(
                SQL(
                    "UPDATE sale_order SET work_stage_id = %s "
                    "WHERE work_stage_id IS NULL AND company_id = %s",
                    first.id,
                    company.id,
                )
            )
    # The quote date of older orders is their order date, not the install day.
    env.cr.execute(
        SQL(
            "UPDATE sale_order SET quote_date = date_order::date"
            " WHERE date_order IS NOT NULL"
        )
    )
    # Statuses of older orders follow Odoo's state.
    env.cr.execute(
        SQL(
            """UPDATE sale_order SET quote_state = CASE state
                   WHEN 'sale' THEN 'approved'
                   WHEN 'cancel' THEN 'cancelled'
                   WHEN 'sent' THEN 'submitted'
                   ELSE 'in_progress' END"""
        )
    )
    env["stock.warehouse"].sudo().with_context(active_test=False).search(
        []
    )._ensure_wip_location()
    env["sale.order"].invalidate_model(["work_stage_id", "quote_date", "quote_state"])


def uninstall_hook(env):
    """Take away the Work in Progress locations: deleted when no stock ever
    went through them, archived when only the stock history refers to them,
    and left as they are while they still hold parts (those are stock)."""
    warehouses = (
        env["stock.warehouse"].sudo().with_context(active_test=False).search([])
    )
    locations = warehouses.wip_location_id
    warehouses.write({"wip_location_id": False})
    if not locations:
        return
    ids = tuple(locations.ids)
    env.cr.execute(
        SQL(
            """SELECT location_id FROM stock_move WHERE location_id IN %s
               UNION SELECT location_dest_id FROM stock_move
                      WHERE location_dest_id IN %s""",
            ids,
            ids,
        )
    )
    with_history = locations.browse(row[0] for row in env.cr.fetchall())
    env.cr.execute(
        SQL(
            "SELECT DISTINCT location_id FROM stock_quant"
            " WHERE location_id IN %s AND quantity != 0",
            ids,
        )
    )
    holding = locations.browse(row[0] for row in env.cr.fetchall())
    (locations - with_history - holding).unlink()
    (with_history - holding).write({"active": False})
