# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Reserve and work-in-progress stage moves against Odoo's own moves.

Run through ``python3 scripts/devenv.py bench``. For 10, 100 and 1,000 lines:
the queries and time of moving a quotation into a Reserve Parts stage,
against Odoo creating, confirming and reserving (``action_assign``) a picking
with the same moves; and of moving it on into a Work in Progress stage (the
reserved parts taken into the workshop), against Odoo validating its reserved
picking of the same moves. Same transaction (rolled back), same stock.
Goal: within 1.2x of Odoo's queries and time.
"""

from _benchdb import measure, parse_args

import odoo
from odoo import SUPERUSER_ID, api
from odoo.fields import Command

SIZES = (10, 100, 1_000)


def main():
    args = parse_args(__doc__)
    registry = odoo.modules.registry.Registry(args.database)
    rows = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        warehouse._ensure_wip_location()
        stage = env["sale.work.stage"].create(
            {"name": "Bench reserve", "reserve_stock": True}
        )
        wip_stage = env["sale.work.stage"].create(
            {"name": "Bench work in progress", "in_production": True}
        )
        start = env["sale.work.stage"].create({"name": "Bench start", "sequence": -1})
        partner = env.company.partner_id
        products = env["product.product"].create(
            [
                {"name": f"Bench part {n}", "is_storable": True}
                for n in range(max(SIZES))
            ]
        )
        for product in products:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 1000
            )
        for size in SIZES:
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "warehouse_id": warehouse.id,
                    "work_stage_id": start.id,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_uom_qty": 1})
                        for p in products[:size]
                    ],
                }
            )

            def odoo_reserve(size=size):
                picking = env["stock.picking"].create(
                    {
                        "picking_type_id": warehouse.out_type_id.id,
                        "location_id": warehouse.lot_stock_id.id,
                        "location_dest_id": warehouse.wip_location_id.id,
                        "move_ids": [
                            Command.create(
                                {
                                    "name": p.name,
                                    "product_id": p.id,
                                    "product_uom_qty": 1,
                                    "product_uom": p.uom_id.id,
                                    "location_id": warehouse.lot_stock_id.id,
                                    "location_dest_id": warehouse.wip_location_id.id,
                                }
                            )
                            for p in products[:size]
                        ],
                    }
                )
                picking.action_confirm()
                picking.action_assign()
                return picking

            def odoo_done(picking):
                picking.move_ids.picked = True
                picking._action_done()

            def stage_move(order=order, target=stage):
                order.write({"work_stage_id": target.id})

            measure(env, odoo_reserve)  # warm-up
            base = measure(env, odoo_reserve)
            ours = measure(env, stage_move)
            rows.append(("reserve", size, base, ours))
            # Into work in progress from reserved parts: Odoo validating its
            # reserved picking of the same moves.
            reserved = odoo_reserve(size)
            base = measure(env, lambda reserved=reserved: odoo_done(reserved))
            ours = measure(env, lambda order=order: stage_move(order, wip_stage))
            rows.append(("wip", size, base, ours))
            print(f"  {size} lines measured", flush=True)
        cr.rollback()
    print()
    print("Reserve / Work in Progress stage moves against Odoo's pickings (same moves)")
    header = (
        "stage",
        "lines",
        "odoo q",
        "ours q",
        "q ratio",
        "odoo ms",
        "ours ms",
        "t ratio",
    )
    print("{:>8} {:>6} {:>7} {:>7} {:>8} {:>8} {:>8} {:>8}".format(*header))
    met = True
    for kind, size, (base_q, base_t), (our_q, our_t) in rows:
        print(
            f"{kind:>8} {size:>6} {base_q:>7} {our_q:>7} {our_q / base_q:>8.2f}"
            f" {base_t * 1000:>8.1f} {our_t * 1000:>8.1f} {our_t / base_t:>8.2f}"
        )
        met &= our_q <= 1.2 * base_q and our_t <= 1.2 * base_t
    print("goal: within 1.2x of Odoo's queries and time:", "met" if met else "MISSED")


if __name__ == "__main__":
    main()
