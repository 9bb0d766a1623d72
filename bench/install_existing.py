# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Installing the addon on a shop's database of 10,000 and 100,000 orders,
against Odoo's own ``sale_margin`` installed on the same database.

Run through ``python3 scripts/devenv.py bench``. Makes its own database with
the addon's dependencies and no demo data, where 200 orders are made through
Odoo's flows (quotations, sent ones, cancelled ones, confirmed ones waiting
for their delivery, delivered ones, delivered and invoiced ones), then copied
by SQL (orders, lines, the lines' stock moves and invoice links) up to each
size. At each size, two copies of that
database: ``sale_margin`` installed on one, the addon on the other, each by
``odoo -i ... --stop-after-init`` timed from start to end, in the same run.
Goal: the addon's install within 2x of ``sale_margin``'s at both sizes.
"""

import subprocess
import sys
import time

from _benchdb import copy_rows, drop_database, parse_args, vacuum

import odoo
from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.service import db as db_service

SIZES = (10_000, 100_000)
TEMPLATE = 200
KINDS = ("draft", "sent", "cancel", "to_deliver", "delivered", "invoiced")
DEPENDENCIES = "sale_management,sale_stock,sms"
GOAL = 2.0
ORDER_OVERRIDES = {
    "name": "s.name || '-' || g || '-' || {round}",
    "access_token": "NULL",
}
LINE_OVERRIDES = {
    "order_id": "(SELECT new FROM bench_map_order WHERE old = s.order_id)"
}
MOVE_OVERRIDES = {
    "sale_line_id": "(SELECT new FROM bench_map_line WHERE old = s.sale_line_id)"
}


def odoo_run(config, database, *args):
    command = [sys.executable, "-m", "odoo", "-c", config, "-d", database]
    subprocess.run(
        [*command, *args, "--stop-after-init", "--log-level", "warn"], check=True
    )


def make_history(env):
    """TEMPLATE orders of every kind, through Odoo's own flows."""
    customer = env["res.partner"].create({"name": "Bench shop customer"})
    part = env["product.product"].create(
        {"name": "Bench oil filter", "is_storable": True, "list_price": 12.0}
    )
    labour = env["product.product"].create(
        {"name": "Bench labour", "type": "service", "list_price": 60.0}
    )
    warehouse = env["stock.warehouse"].search([], limit=1)
    env["stock.quant"].create(
        {
            "product_id": part.id,
            "location_id": warehouse.lot_stock_id.id,
            "inventory_quantity": TEMPLATE * 2,
        }
    ).action_apply_inventory()
    orders = env["sale.order"]
    for number in range(TEMPLATE):
        kind = KINDS[number % len(KINDS)]
        order = env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": part.id, "product_uom_qty": 1}),
                    Command.create({"product_id": labour.id, "product_uom_qty": 1}),
                ],
            }
        )
        if kind == "sent":
            order.action_quotation_sent()
        elif kind == "cancel":
            order._action_cancel()
        elif kind != "draft":
            order.action_confirm()
        if kind in ("delivered", "invoiced"):
            order.picking_ids.move_ids.picked = True
            order.picking_ids.button_validate()
        if kind == "invoiced":
            order._create_invoices().action_post()
        orders |= order
    return orders


def grow(base, template, size):
    """Copy the template's orders and lines up to ``size`` orders, with what
    the install reads of them: their lines' done stock moves, and their links
    to the invoice lines (an invoice then invoices every copy of its order).
    Open deliveries are not copied: a shop has a few, not a sixth of its
    history, all of one product. Returns how many orders the database has."""
    with odoo.modules.registry.Registry(base).cursor() as cr:
        orders = api.Environment(cr, SUPERUSER_ID, {})["sale.order"].browse(template)
        lines = orders.order_line.ids
        moves = orders.order_line.move_ids.filtered(lambda m: m.state == "done").ids
        cr.execute("CREATE TABLE IF NOT EXISTS bench_map_order (old int, new int)")
        cr.execute("CREATE TABLE IF NOT EXISTS bench_map_line (old int, new int)")
        copy_round = 1
        while True:
            cr.execute("SELECT count(*) FROM sale_order")
            count = cr.fetchone()[0]
            if count >= size:
                break
            copy_rows(
                cr,
                "sale_order",
                template,
                ORDER_OVERRIDES,
                "bench_map_order",
                copy_round,
            )
            copy_rows(cr, "sale_order_line", lines, LINE_OVERRIDES, "bench_map_line")
            copy_rows(cr, "stock_move", moves, MOVE_OVERRIDES)
            cr.execute(
                """INSERT INTO sale_order_line_invoice_rel
                          (order_line_id, invoice_line_id)
                   SELECT m.new, r.invoice_line_id
                     FROM sale_order_line_invoice_rel r
                     JOIN bench_map_line m ON m.old = r.order_line_id"""
            )
            copy_round += 1
        cr.execute("DROP TABLE bench_map_order")
        cr.execute("DROP TABLE bench_map_line")
        for table in ("sale_order", "sale_order_line", "stock_move"):
            vacuum(cr, table)
    # No connection left: the copies are made from it as a template.
    odoo.modules.registry.Registry.delete(base)
    odoo.sql_db.close_db(base)
    return count


def timed_install(config, source, addon):
    """Seconds of installing ``addon`` on a copy of ``source``."""
    name = f"{source}_{addon}"
    drop_database(name)
    db_service.exp_duplicate_database(source, name)
    try:
        started = time.perf_counter()
        odoo_run(config, name, "-i", addon)
        return time.perf_counter() - started
    finally:
        drop_database(name)


def main():
    args = parse_args(__doc__)
    base = f"{args.database}_shop"
    drop_database(base)
    odoo_run(args.config, base, "-i", DEPENDENCIES, "--without-demo", "all")
    with odoo.modules.registry.Registry(base).cursor() as cr:
        template = make_history(api.Environment(cr, SUPERUSER_ID, {})).ids
    rows = []
    for size in SIZES:
        count = grow(base, template, size)
        margin = timed_install(args.config, base, "sale_margin")
        ours = timed_install(args.config, base, "sale_work_stage")
        rows.append((count, margin, ours))
        print(
            f"{count:>8,} orders  sale_margin {margin:6.1f}s"
            f"  sale_work_stage {ours:6.1f}s  ratio {ours / margin:4.2f}",
            flush=True,
        )
    drop_database(base)
    print()
    print("    orders   sale_margin   sale_work_stage   ratio")
    for count, margin, ours in rows:
        print(f"  {count:>8,}   {margin:9.1f}s   {ours:13.1f}s   {ours / margin:5.2f}")
    met = all(ours <= GOAL * margin for _count, margin, ours in rows)
    print(
        f"goal: install within {GOAL}x of sale_margin at 10,000 and 100,000"
        f" orders: {'met' if met else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
