# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Stage move of 1, 10, 100 and 1,000 orders against writing Odoo's state.

Run through ``python3 scripts/devenv.py bench``. For each size, on orders
made for it (in a transaction rolled back at the end): the queries and time
of moving the orders to the next work stage in one write, up to the tracking
Odoo does at commit, against writing ``state`` on as many other orders the
same way (median of 3 rounds, the two alternated).
Goals: queries per order constant (the same from 100 to 1,000 orders, give
or take the constant part); time within 1.5x of writing state.
"""

from _benchdb import measure, parse_args

import odoo
from odoo import SUPERUSER_ID, api

SIZES = (1, 10, 100, 1_000)
ROUNDS = 3


def main():
    args = parse_args(__doc__, sizes=(int, SIZES, "numbers of orders"))
    registry = odoo.modules.registry.Registry(args.database)
    rows = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Stage = env["sale.work.stage"]
        first, second, third = Stage.create(
            [{"name": f"Bench move {n}", "sequence": -10 + n} for n in range(3)]
        )
        first.next_stage_ids = second
        second.next_stage_ids = third | first
        partner = env["res.partner"].create({"name": "Bench move customer"})
        for size in args.sizes:
            ours, base = [], []
            for _round in range(ROUNDS):
                moved, reference = (
                    env["sale.order"].create(
                        [
                            {"partner_id": partner.id, "work_stage_id": first.id}
                            for _i in range(size)
                        ]
                    )
                    for _j in range(2)
                )
                env.flush_all()
                env.cr.precommit.run()
                ours.append(
                    measure(
                        env, lambda m=moved: m.write({"work_stage_id": second.id}), True
                    )
                )
                base.append(
                    measure(env, lambda r=reference: r.write({"state": "sent"}), True)
                )
            ours.sort(key=lambda m: m[1])
            base.sort(key=lambda m: m[1])
            rows.append((size, ours[ROUNDS // 2], base[ROUNDS // 2]))
            print(f"  {size} orders measured", flush=True)
        cr.rollback()
    print()
    print("Stage move against writing Odoo's state on as many orders")
    header = ("orders", "ours q", "q/order", "state q", "ours ms", "state ms", "ratio")
    print("{:>7} {:>7} {:>8} {:>8} {:>8} {:>9} {:>6}".format(*header))
    met = True
    for size, (our_q, our_t), (base_q, base_t) in rows:
        print(
            f"{size:>7} {our_q:>7} {our_q / size:>8.2f} {base_q:>8}"
            f" {our_t * 1000:>8.1f} {base_t * 1000:>9.1f} {our_t / base_t:>6.2f}"
        )
        met &= our_t <= 1.5 * base_t
    # Queries per order: the extra over Odoo's write must not grow with N.
    extras = [our_q - base_q for _size, (our_q, _t), (base_q, _b) in rows]
    met &= max(extras) <= extras[0]
    print("extra queries over writing state:", extras)
    print(
        "goal: extra queries constant, time within 1.5x of writing state:",
        "met" if met else "MISSED",
    )


if __name__ == "__main__":
    main()
