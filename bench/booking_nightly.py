# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Nightly product-status recompute at 1,000, 10,000 and 100,000 order lines.

Run through ``python3 scripts/devenv.py bench``. Works on a copy of the bench
database (dropped at the end). 200 confirmed orders of 5 lines are made
through the ORM (parts in stock, parts covered by receipts due before, on and
after the delivery dates, parts short), then copied by SQL, with their stock
moves and move chains, up to each size. At each size the nightly scheduled
action runs over every open line in committed batches of 1,000, as the cron
runner calls it; printed: time per line, the slowest batch, and, as Odoo's own
baseline, Odoo's forecast of the same delivery moves (what the delivery
lists show) per line, measured on the same data in the same run.
Goals: time per line constant from 1,000 to 100,000 lines (within 2.5x),
every batch under 60 seconds.
"""

import time
from datetime import datetime, timedelta, timezone

from _benchdb import copy_rows, database_copy, parse_args

from odoo.fields import Command

SIZES = (1_000, 10_000, 100_000)
ORDERS, LINES_PER_ORDER, PRODUCTS = 200, 5, 50
BATCH = 1_000
TAG = "bench-nightly"

# Columns rewritten when a row is copied; {round} is the copy's number.
ORDER_OVERRIDES = {
    "name": "s.name || '-' || {round}",
    "quote_number": "s.quote_number || '-' || {round}",
    "access_token": "NULL",
}
LINE_OVERRIDES = {
    "order_id": "(SELECT new FROM bench_map_order WHERE old = s.order_id)"
}
MOVE_OVERRIDES = {
    "sale_line_id": "(SELECT new FROM bench_map_line WHERE old = s.sale_line_id)",
}


def night_time_zone():
    """A time zone where it is now between 01:00 and 02:00: the scheduled
    action works in its company's night, and the benchmark runs now."""
    offset = (1 - datetime.now(timezone.utc).hour) % 24
    if offset > 12:
        offset -= 24
    # Etc/GMT+N is N hours behind UTC: the sign is the other way round.
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


def make_template(env):
    """200 confirmed orders of 5 lines over 50 parts, through the ORM."""
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    stock = warehouse.lot_stock_id
    supplier = env.ref("stock.stock_location_suppliers")
    env.company.partner_id.tz = night_time_zone()
    products = env["product.product"].create(
        [
            {"name": f"Bench nightly part {n}", "is_storable": True}
            for n in range(PRODUCTS)
        ]
    )
    now = datetime.now().replace(microsecond=0)
    # 20 parts in stock, 15 covered by receipts (early, on time, late), 15 short.
    for product in products[:20]:
        env["stock.quant"]._update_available_quantity(product, stock, 10_000)
    for n, product in enumerate(products[20:35]):
        due = now + timedelta(days=(2, 10, 20)[n % 3])
        receipt = env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "location_id": supplier.id,
                "location_dest_id": stock.id,
                "scheduled_date": due,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": 1_000_000,
                            "product_uom": product.uom_id.id,
                            "location_id": supplier.id,
                            "location_dest_id": stock.id,
                            "date": due,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
    partner = env["res.partner"].create({"name": "Bench nightly customer"})
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "warehouse_id": warehouse.id,
                "client_order_ref": TAG,
                "commitment_date": now + timedelta(days=10),
                "order_line": [
                    Command.create(
                        {
                            "product_id": products[
                                (n * LINES_PER_ORDER + k) % PRODUCTS
                            ].id,
                            "product_uom_qty": 1,
                        }
                    )
                    for k in range(LINES_PER_ORDER)
                ],
            }
            for n in range(ORDERS)
        ]
    )
    orders.action_confirm()
    env.flush_all()
    return orders


def grow(cr, orders, copies_done, copies_wanted):
    """Copy the template orders, their lines and delivery moves."""
    for copy_round in range(copies_done + 1, copies_wanted + 1):
        copy_rows(
            cr,
            "sale_order",
            orders.ids,
            ORDER_OVERRIDES,
            "bench_map_order",
            copy_round,
        )
        copy_rows(
            cr,
            "sale_order_line",
            orders.order_line.ids,
            LINE_OVERRIDES,
            "bench_map_line",
            copy_round,
        )
        copy_rows(
            cr,
            "stock_move",
            orders.order_line.move_ids.ids,
            MOVE_OVERRIDES,
            "bench_map_move",
            copy_round,
        )


def run_nightly(env, cr):
    """Every open line, in committed batches of 1,000, as the cron runner
    calls the scheduled action; returns (lines, seconds, slowest batch)."""
    cr.execute(
        "UPDATE sale_order_line SET booking_checked_date = NULL"
        " WHERE state = 'sale' AND booking_status != 'delivered'"
    )
    cr.commit()
    env.invalidate_all()
    Line = env["sale.order.line"]
    seen = [("booking_checked_date", "!=", False), ("state", "=", "sale")]
    lines, total, slowest = 0, 0.0, 0.0
    while True:
        before = Line.search_count(seen)
        started = time.perf_counter()
        env["sale.order"]._cron_refresh_booking_status(batch_size=BATCH)
        cr.commit()
        elapsed = time.perf_counter() - started
        env.invalidate_all()
        done = Line.search_count(seen)
        if done == before:
            break
        lines += done - before
        total += elapsed
        slowest = max(slowest, elapsed)
    return lines, total, slowest


def odoo_forecast(env, orders):
    """Odoo's forecast of the template's open delivery moves; seconds/move."""
    moves = orders.order_line.move_ids.filtered(
        lambda m: m.state not in ("done", "cancel", "assigned")
    )
    env.invalidate_all()
    moves = env["stock.move"].browse(moves.ids)
    started = time.perf_counter()
    moves.mapped("forecast_availability")
    return (time.perf_counter() - started) / max(len(moves), 1)


def main():
    args = parse_args(__doc__, sizes=(int, SIZES, "numbers of order lines"))
    rows = []
    with database_copy(args.database, "nightly") as env:
        cr = env.cr
        for mapping in ("bench_map_order", "bench_map_line", "bench_map_move"):
            cr.execute(f"CREATE TABLE {mapping} (old int, new int)")
        orders = make_template(env)
        cr.commit()
        copies = 0
        for size in args.sizes:
            wanted = size // (ORDERS * LINES_PER_ORDER) - 1
            started = time.perf_counter()
            grow(cr, orders, copies, wanted)
            cr.commit()
            copies = wanted
            print(
                f"  {size} lines ready ({time.perf_counter() - started:.0f}s)",
                flush=True,
            )
            lines, total, slowest = run_nightly(env, cr)
            baseline = odoo_forecast(env, orders)
            rows.append((size, lines, total, slowest, baseline))
            print(
                f"  {size} lines: {lines} seen in {total:.1f}s,"
                f" slowest batch {slowest:.1f}s",
                flush=True,
            )
    print()
    print("Nightly product-status recompute (committed batches of 1,000 lines)")
    header = (
        "lines",
        "seen",
        "total s",
        "ms/line",
        "vs 1k",
        "max batch s",
        "odoo fcst ms",
        "ratio",
    )
    print("{:>8} {:>8} {:>8} {:>8} {:>6} {:>11} {:>12} {:>6}".format(*header))
    first = rows[0][2] / max(rows[0][1], 1)
    met = True
    for size, lines, total, slowest, baseline in rows:
        per_line = total / max(lines, 1)
        print(
            f"{size:>8} {lines:>8} {total:>8.1f} {per_line * 1000:>8.2f}"
            f" {per_line / first:>6.2f} {slowest:>11.1f}"
            f" {baseline * 1000:>12.2f} {per_line / baseline:>6.2f}"
        )
        met &= per_line <= 2.5 * first and slowest < 60 and lines >= size
    print(
        "goal: time per line within 2.5x of 1,000 lines, batches under 60 s:",
        "met" if met else "MISSED",
    )


if __name__ == "__main__":
    main()
