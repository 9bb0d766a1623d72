# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Quote creation throughput: Q numbers against Odoo's own numbering.

Run through ``python3 scripts/devenv.py bench``. Each client is a thread with
its own database transaction per quote, committed at once, as a web worker
would do. Both numberings run in the same process, on the same database,
one after the other for each number of clients.
"""

import threading
import time

from _benchdb import parse_args

import odoo
from odoo import SUPERUSER_ID, api

QUOTES_PER_CLIENT = 20
ROUNDS = 3  # alternated rounds; the median rate of each numbering is kept


def odoo_create(orders, vals_list):
    """Create with Odoo's own sale.order.create (the sales order sequence)."""
    base = next(
        cls
        for cls in type(orders).__mro__
        if cls.__module__ == "odoo.addons.sale.models.sale_order"
        and "create" in vars(cls)
    )
    return base.create(orders, vals_list)


def run(registry, clients, numbering, partner_id):
    created, errors = [], []
    barrier = threading.Barrier(clients)

    def client():
        try:
            barrier.wait(timeout=60)
            for _i in range(QUOTES_PER_CLIENT):
                with registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    orders = env["sale.order"]
                    vals = [{"partner_id": partner_id}]
                    if numbering == "odoo":
                        order = odoo_create(orders, vals)
                    else:
                        order = orders.create(vals)
                    created.append((order.id, order.name))
        except Exception as error:  # noqa: BLE001 - counted and printed
            errors.append(repr(error))

    threads = [threading.Thread(target=client) for _i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    names = [name for _id, name in created]
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["sale.order"].browse([order_id for order_id, _name in created]).unlink()
    return {
        "rate": len(created) / elapsed,
        "duplicates": len(names) - len(set(names)),
        "errors": errors,
    }


def median_of(results):
    """The median rate; duplicates and errors of every round."""
    rates = sorted(result["rate"] for result in results)
    return {
        "rate": rates[len(rates) // 2],
        "duplicates": sum(result["duplicates"] for result in results),
        "errors": [error for result in results for error in result["errors"]],
    }


def main():
    args = parse_args(__doc__, clients=(int, (1, 4, 16), "parallel clients"))
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        partner_id = env.company.partner_id.id
    rows = []
    for clients in args.clients:
        run(registry, clients, "odoo", partner_id)  # warm-up
        results = {"odoo": [], "quote": []}
        for _round in range(ROUNDS):
            for numbering in ("odoo", "quote"):
                results[numbering].append(run(registry, clients, numbering, partner_id))
        rows.append((clients, median_of(results["odoo"]), median_of(results["quote"])))
    print()
    print(
        "Quote creation throughput (quotes per second, one commit per quote, "
        f"median of {ROUNDS} alternated rounds)"
    )
    header = ("clients", "odoo", "Q-number", "ratio", "dupl.", "errors")
    print("{:>8} {:>9} {:>9} {:>7} {:>6} {:>7}".format(*header))
    failed = False
    for clients, base, ours in rows:
        ratio = ours["rate"] / base["rate"]
        errors = len(base["errors"]) + len(ours["errors"])
        print(
            f"{clients:>8} {base['rate']:>9.1f} {ours['rate']:>9.1f} {ratio:>7.2f}"
            f" {ours['duplicates']:>6} {errors:>7}"
        )
        failed |= ratio < 0.9 or ours["duplicates"] > 0 or errors > 0
        for error in (base["errors"] + ours["errors"])[:3]:
            print("   ", error)
    print("goal: ratio >= 0.90, duplicates 0:", "MISSED" if failed else "met")


if __name__ == "__main__":
    main()
