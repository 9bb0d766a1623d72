# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tools import SQL

from .existing_orders import fill_existing_orders


def post_init_hook(env):
    """Give the orders that existed before the install a stage and their
    other stored computed fields, untracked, and each warehouse its Work
    in Progress location.

    Their models made those columns before Odoo would have computed them
    (``existing_orders.py``): the stages did not exist yet, and one order
    at a time would be most of the install.
    """
    env["stock.warehouse"].sudo().with_context(active_test=False).search(
        []
    )._ensure_wip_location()
    fill_existing_orders(env)


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
