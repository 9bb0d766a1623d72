# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tools import SQL, split_every

BATCH = 1000


def placement_stages(env, company):
    """The stages existing orders of ``company`` are placed in at install,
    chosen by the stages' flags, not their names: (quotes, booked work,
    delivered and still to invoice, finished). Empty records where the
    company has no stage."""
    stages = (
        env["sale.work.stage"]
        .sudo()
        .search([("company_id", "in", [False, company.id])], order="sequence, id")
    )
    first = stages[:1]
    booked = (
        stages.filtered(
            lambda s: (
                s.reserve_stock
                and not s.in_production
                and s != company.work_stage_backorder_id
            )
        )[:1]
        or first
    )
    to_invoice = (
        company.work_stage_print_target_id
        or stages.filtered(lambda s: s.approved_orders_only and not s.fold)[:1]
        or booked
    )
    finished = (
        stages.filtered(lambda s: s.fold and s.approved_orders_only)[:1]
        or stages.filtered("fold")[-1:]
        or to_invoice
    )
    return first, booked, to_invoice, finished


def place_existing_orders(env):
    """Each order that existed before the install lands in the stage that
    says where it is, per company, in one UPDATE per company: quotations
    (and cancelled orders, filtered out of the pipeline) in the first
    stage, confirmed orders with something left to deliver in the stage of
    booked work, delivered ones in the stage after the work order until
    they are fully invoiced, then in the finished stage.

    Placing is not moving: plain SQL, so no text, no stock hold, no stage
    history, no lock or quote number touched.
    """
    for company in env["res.company"].sudo().search([]):
        first, booked, to_invoice, finished = placement_stages(env, company)
        if not first:
            continue
        env.cr.execute(
            SQL(
                """UPDATE sale_order SET work_stage_id = CASE
                       WHEN state != 'sale' THEN %(first)s
                       WHEN delivery_status IN ('pending', 'started', 'partial')
                           THEN %(booked)s
                       WHEN invoice_status = 'invoiced' THEN %(finished)s
                       ELSE %(to_invoice)s END
                    WHERE work_stage_id IS NULL AND company_id = %(company)s""",
                first=first.id,
                booked=booked.id,
                to_invoice=to_invoice.id,
                finished=finished.id,
                company=company.id,
            )
        )


def compute_existing_orders(env):
    """The tracked computed fields of the orders that existed before the
    install, computed in batches without tracking: what an order already
    is goes in no one's chatter."""
    Order = env["sale.order"].with_context(mail_notrack=True, active_test=False)
    names = Order._install_computed_fields
    env.cr.execute(SQL("SELECT id FROM sale_order ORDER BY id"))
    for ids in split_every(BATCH, [row[0] for row in env.cr.fetchall()]):
        orders = Order.browse(ids)
        for name in names:
            env.add_to_compute(Order._fields[name], orders)
        orders._recompute_recordset(names)
        orders.flush_recordset(names)
        env.invalidate_all()


def post_init_hook(env):
    """Give the orders that existed before the install a stage, a quote
    date, their statuses and their customer-order status, untracked.

    The stored compute ran when the column was created, before the default
    stages were loaded, so those orders have no stage yet.
    """
    place_existing_orders(env)
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
    compute_existing_orders(env)


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
