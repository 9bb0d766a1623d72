# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Work Pipeline kanban open at 10,000, 100,000 and 1,000,000 orders.

Run through ``python3 scripts/devenv.py bench``. Works on a copy of the bench
database (dropped at the end): 100 orders made through the ORM, spread over
the default work stages and Odoo's states, are copied by SQL up to each size.
At each size it makes the calls the web client makes to open the pipeline
(``web_read_group`` with the amount total, ``read_progress_bar`` on the
activities, then one ``web_search_read`` of 40 cards per open column), and
the same calls grouped by Odoo's ``state``, on the same data, median of 7
alternated rounds.
It prints both times, their ratio and our query count, then the EXPLAIN
ANALYZE of the grouping and column queries at the largest size.
Goals: our query count the same at every size; time within 1.5x of the same
calls grouped by state; time at 1,000,000 within 12x of 100,000.
"""

import time

from _benchdb import copy_rows, database_copy, parse_args, timed, vacuum

from odoo.fields import Command

SIZES = (10_000, 100_000, 1_000_000)
TEMPLATE = 100
ROUNDS = 7
CARD = {
    "partner_id": {"fields": {"display_name": {}}},
    "amount_total": {},
    "currency_id": {"fields": {}},
    "name": {},
    "document_title": {},
    "date_order": {},
    "activity_ids": {"fields": {}},
    "activity_state": {},
    "user_id": {"fields": {"display_name": {}}},
}
PROGRESS_BAR = {
    "field": "activity_state",
    "colors": {"planned": "success", "today": "warning", "overdue": "danger"},
    "sum_field": "amount_total",
}
ORDER_OVERRIDES = {
    "name": "s.name || '-' || g || '-' || {round}",
    "quote_number": "s.quote_number || '-' || g || '-' || {round}",
    "access_token": "NULL",
}


def open_kanban(env, groupby):
    """The web client's calls to open a kanban grouped by ``groupby``."""
    Order = env["sale.order"]
    groups = Order.web_read_group([], ["amount_total:sum"], [groupby], lazy=True)
    Order.read_progress_bar([], groupby, PROGRESS_BAR)
    for group in groups["groups"]:
        if not group.get("__fold"):
            Order.web_search_read(group["__domain"], CARD, limit=40)


def make_template(env):
    partner = env["res.partner"].create({"name": "Bench kanban customer"})
    product = env["product.product"].create(
        {"name": "Bench kanban service", "type": "service", "list_price": 100}
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "price_unit": 10 + n})
                ],
            }
            for n in range(TEMPLATE)
        ]
    )
    stages = env["sale.work.stage"].search(
        [("company_id", "in", (False, env.company.id))]
    )
    states = ("draft", "sent", "sale", "cancel")
    env.flush_all()
    for n, order in enumerate(orders):
        # Straight to the data: the benchmark is about reading, not moving.
        env.cr.execute(
            "UPDATE sale_order SET work_stage_id = %s, state = %s WHERE id = %s",
            (stages[n % len(stages)].id, states[n % len(states)], order.id),
        )
    return orders


def explain(env, query, params):
    env.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
    return "\n".join("    " + row[0] for row in env.cr.fetchall())


def main():
    args = parse_args(__doc__, sizes=(int, SIZES, "numbers of orders"))
    rows = []
    plans = ""
    with database_copy(args.database, "kanban") as env:
        cr = env.cr
        orders = make_template(env)
        cr.commit()
        count = env["sale.order"].search_count([])
        for size in args.sizes:
            started = time.perf_counter()
            missing = size - count
            if missing > 0:
                count += copy_rows(
                    cr,
                    "sale_order",
                    orders.ids,
                    ORDER_OVERRIDES,
                    copy_round=size,
                    times=missing // TEMPLATE,
                )
                vacuum(cr, "sale_order")
            print(
                f"  {count} orders ready ({time.perf_counter() - started:.0f}s)",
                flush=True,
            )
            open_kanban(env, "work_stage_id")  # warm-up
            # Alternated rounds, median of 7: the machine's noise at 10,000
            # orders is of the order of the difference measured.
            mine, theirs = [], []
            for _round in range(ROUNDS):
                mine.append(timed(env, lambda: open_kanban(env, "work_stage_id"), 1))
                theirs.append(timed(env, lambda: open_kanban(env, "state"), 1))
            ours, queries = sorted(mine)[ROUNDS // 2]
            base, base_queries = sorted(theirs)[ROUNDS // 2]
            rows.append((count, ours, queries, base, base_queries))
            print(
                f"  {count}: ours {ours * 1000:.0f} ms ({queries} q),"
                f" by state {base * 1000:.0f} ms ({base_queries} q)",
                flush=True,
            )
        stage = env["sale.work.stage"].search([], limit=1)
        plans = "\n".join(
            (
                "grouping query:",
                explain(
                    env,
                    "SELECT work_stage_id, count(*), sum(amount_total)"
                    " FROM sale_order GROUP BY work_stage_id",
                    (),
                ),
                "column query:",
                explain(
                    env,
                    "SELECT id FROM sale_order WHERE work_stage_id = %s"
                    " ORDER BY date_order DESC, id DESC LIMIT 40",
                    (stage.id,),
                ),
            )
        )
        cr.rollback()
    print()
    print("Work Pipeline kanban open against the same calls grouped by state")
    header = ("orders", "ours ms", "queries", "state ms", "state q", "ratio", "vs prev")
    print("{:>9} {:>8} {:>8} {:>9} {:>8} {:>6} {:>8}".format(*header))
    met = len({row[2] for row in rows}) == 1
    previous = None
    for count, ours, queries, base, base_queries in rows:
        growth = ours / previous if previous else 1.0
        print(
            f"{count:>9} {ours * 1000:>8.0f} {queries:>8} {base * 1000:>9.0f}"
            f" {base_queries:>8} {ours / base:>6.2f} {growth:>8.2f}"
        )
        met &= ours <= 1.5 * base
        if previous and count >= 1_000_000:
            met &= growth <= 12
        previous = ours
    print(plans)
    print(
        "goal: same query count at every size, within 1.5x of grouping by state,"
        " 1M within 12x of 100k:",
        "met" if met else "MISSED",
    )


if __name__ == "__main__":
    main()
