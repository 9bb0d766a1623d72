# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The stored computed fields of the orders and lines that existed before
the install, filled in sets.

Odoo computes a new stored field for every existing row, one record at a
time, and tracks the tracked ones in each order's chatter: on a shop's
database of years of orders that is most of the install. Here the models
make those columns themselves (``_install_computed_fields``), so Odoo leaves
them alone; the install hook reads the facts by SQL, applies the computes'
own rules (the plain functions of ``tools/order_status.py``) and writes the
values back by SQL. What SQL cannot read simply (moves fed by other moves,
open deliveries, invoices in another currency) is left to the ORM's own
computes, in batches, untracked.
"""

import logging

from odoo import fields
from odoo.tools import SQL, split_every

from .models.sale_order_line_booking import BOOKING_FIELDS
from .models.stock_move_booking import SUPPLY_USAGES
from .tools.order_status import (
    fully_delivered,
    invoicing_values,
    line_booking_status,
    order_line_statuses,
    order_pipeline_values,
)

_logger = logging.getLogger(__name__)

BATCH = 1000
WRITE_CHUNK = 50_000
INVOICING_FIELDS = (
    "invoiced_percent",
    "invoicing_progress",
    "paid_percent",
    "payment_progress",
)
# The order fields filled in one write (see fill_orders).
ORDER_FIELDS = (
    "work_stage_id",
    "pipeline_status",
    "booking_alert",
    "quote_to",
    *INVOICING_FIELDS,
)
# Where an order that existed before the install belongs (see place_of).
PLACES = ("first", "booked", "to_invoice", "finished")


def column_values(kind, values):
    """``values`` as the column stores them: False, the ORM's empty value,
    is NULL but in a boolean column."""
    if kind == "bool":
        return list(values)
    return [None if value is False else value for value in values]


def write_rows(model, names, rows):
    """Write ``rows`` (id first, then the values of ``names``) into the
    table of ``model``, by SQL, a chunk of rows per UPDATE."""
    columns = ("id", *names)
    types = ["int4", *(model._fields[name].column_type[1] for name in names)]
    for chunk in split_every(WRITE_CHUNK, rows):
        arrays = list(zip(*chunk, strict=True))
        model.env.cr.execute(
            SQL(
                "UPDATE %s t SET %s FROM unnest(%s) AS v(%s) WHERE t.id = v.id",
                SQL.identifier(model._table),
                SQL(", ").join(
                    SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name))
                    for name in names
                ),
                SQL(", ").join(
                    SQL(f"%s::{kind}[]", column_values(kind, values))
                    for kind, values in zip(types, arrays, strict=True)
                ),
                SQL(", ").join(map(SQL.identifier, columns)),
            )
        )


def compute_by_orm(records, names):
    """Odoo's own computes of ``names`` on ``records``, in batches and
    untracked: what an order already is goes in no one's chatter."""
    records = records.with_context(mail_notrack=True, active_test=False)
    for ids in split_every(BATCH, records.ids):
        batch = records.browse(ids)
        for name in names:
            batch.env.add_to_compute(batch._fields[name], batch)
        batch._recompute_recordset(names)
        batch.flush_recordset(names)
        batch.env.invalidate_all()


def delivery_line_sql(Line):
    """Whether the line ``l`` is a delivery line (the ``delivery`` app's
    ``is_delivery``; none without the app)."""
    if "is_delivery" in Line._fields:
        return SQL("COALESCE(l.is_delivery, FALSE)")
    return SQL("FALSE")


def fill_document_placement(env):
    """Each line's quotation section, as its compute gives it: none for a
    section or note, Shipping for a delivery line, else its product's."""
    Line = env["sale.order.line"]
    delivery = delivery_line_sql(Line)
    env.cr.execute(
        SQL(
            """UPDATE sale_order_line l SET document_placement = CASE
                   WHEN l.display_type IS NOT NULL THEN NULL
                   WHEN %s THEN 'shipping'
                   ELSE COALESCE((SELECT t.document_placement
                                    FROM product_product p
                                    JOIN product_template t
                                      ON t.id = p.product_tmpl_id
                                   WHERE p.id = l.product_id), 'standard') END
                WHERE l.document_placement IS NULL""",
            delivery,
        )
    )


def fill_line_bookings(env):
    """The product status of the lines whose goods went out, or never did,
    straight from stock: no open move, none fed by another move, none from
    a vendor or a production. Returns the other lines, left to the ORM."""
    cr = env.cr
    Line = env["sale.order.line"]
    delivery = delivery_line_sql(Line)
    # Goods without a product status: a section, a note, a service.
    cr.execute(
        SQL(
            """UPDATE sale_order_line l
                  SET booking_status = NULL, source_document = NULL,
                      source_date = NULL, source_status = NULL,
                      work_started = FALSE, delivery_date = NULL,
                      booking_checked_date = NULL
                WHERE (l.display_type IS NOT NULL OR l.product_id IS NULL
                       OR (SELECT t.type FROM product_product p
                             JOIN product_template t ON t.id = p.product_tmpl_id
                            WHERE p.id = l.product_id) != 'consu')
                  AND (l.booking_status IS NOT NULL OR l.source_document IS NOT NULL
                       OR l.source_date IS NOT NULL OR l.source_status IS NOT NULL
                       OR l.work_started OR l.delivery_date IS NOT NULL
                       OR l.booking_checked_date IS NOT NULL)"""
        )
    )
    now = fields.Datetime.now()
    left = []
    for company in env["res.company"].sudo().with_context(active_test=False).search([]):
        today = company._company_local_now().date()
        # The order's expected date as sale and sale_stock compute it: the
        # earliest (or, shipped at once, the latest) of its lines' dates.
        cr.execute(
            SQL(
                """WITH expected AS (
                       SELECT l.order_id, MIN(x.date) AS earliest,
                              MAX(x.date) AS latest
                         FROM sale_order_line l
                         JOIN sale_order o ON o.id = l.order_id
                        CROSS JOIN LATERAL (SELECT CASE
                                  WHEN l.state = 'sale' AND o.date_order IS NOT NULL
                                  THEN o.date_order ELSE %(now)s END
                                  + COALESCE(l.customer_lead, 0) * INTERVAL '1 day'
                                  AS date) x
                        WHERE o.company_id = %(company)s
                          AND l.display_type IS NULL AND NOT %(delivery)s
                        GROUP BY l.order_id)
                   SELECT l.id, l.state, l.qty_delivered::float8,
                          l.product_uom_qty::float8, u.rounding::float8,
                          COALESCE(o.commitment_date, CASE
                              WHEN o.state = 'cancel' THEN NULL
                              WHEN o.picking_policy = 'direct' THEN e.earliest
                              ELSE e.latest END),
                          EXISTS (SELECT 1 FROM stock_move m
                                    JOIN stock_location sl ON sl.id = m.location_id
                                   WHERE m.sale_line_id = l.id AND m.state != 'cancel'
                                     AND (m.state != 'done' OR sl.usage IN %(supply)s
                                          OR EXISTS (SELECT 1 FROM stock_move_move_rel r
                                                      WHERE r.move_dest_id = m.id)))
                     FROM sale_order_line l
                     JOIN sale_order o ON o.id = l.order_id
                     JOIN product_product p ON p.id = l.product_id
                     JOIN product_template t ON t.id = p.product_tmpl_id
                     LEFT JOIN uom_uom u ON u.id = l.product_uom
                     LEFT JOIN expected e ON e.order_id = l.order_id
                    WHERE o.company_id = %(company)s
                      AND l.display_type IS NULL AND t.type = 'consu'""",
                now=now,
                company=company.id,
                delivery=delivery,
                supply=SUPPLY_USAGES,
            )
        )
        rows = []
        local_dates = {}
        for (
            line_id,
            state,
            delivered,
            ordered,
            rounding,
            deadline,
            chained,
        ) in cr.fetchall():
            if chained:
                left.append(line_id)
                continue
            if deadline not in local_dates:
                local_dates[deadline] = company._company_local_date(deadline)
            status = line_booking_status(
                state, fully_delivered(delivered, ordered, rounding or 0.0), ()
            )
            rows.append(
                (line_id, status, None, None, None, False, local_dates[deadline], today)
            )
        write_rows(Line, BOOKING_FIELDS, rows)
    return Line.browse(left)


def place_of(state, delivery_status, invoice_status):
    """Where an existing order lands, from Odoo's own facts: quotations
    (and cancelled orders, filtered out of the pipeline) first, confirmed
    orders with something left to deliver with booked work, delivered ones
    after the work order until fully invoiced, then finished."""
    if state != "sale":
        return "first"
    if delivery_status in ("pending", "started", "partial"):
        return "booked"
    if invoice_status == "invoiced":
        return "finished"
    return "to_invoice"


def placement_stages(env, company):
    """The stages of ``company`` for each of PLACES, chosen by the stages'
    flags, not their names; None where the company has no stage."""
    stages = (
        env["sale.work.stage"]
        .sudo()
        .search([("company_id", "in", [False, company.id])], order="sequence, id")
    )
    first = stages[:1]
    if not first:
        return None
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
    return dict(zip(PLACES, (first, booked, to_invoice, finished), strict=True))


def order_invoice_shares(env):
    """Per order, the (share, total, residual) of each posted invoice, as
    ``_compute_invoiced_percent`` reads them, for the orders whose invoices
    are customer invoices and credit notes in the order's currency; and the
    set of the other orders, left to the ORM."""
    cr = env.cr
    # The order's signed share of each invoice, each line rounded as Odoo's
    # conversion into the order's currency rounds it.
    cr.execute(
        SQL(
            """SELECT l.order_id, m.state = 'posted', m.amount_total::float8,
                      m.amount_residual::float8,
                      SUM(ROUND(il.price_total / cur.rounding) * cur.rounding
                          * CASE m.move_type WHEN 'out_refund' THEN -1 ELSE 1 END
                      )::float8,
                      bool_and(m.move_type IN ('out_invoice', 'out_refund')
                               AND il.currency_id = o.currency_id
                               AND (m.state = 'posted'
                                    OR m.payment_state IS DISTINCT FROM
                                       'invoicing_legacy'))
                 FROM sale_order_line l
                 JOIN sale_order o ON o.id = l.order_id
                 JOIN res_currency cur ON cur.id = o.currency_id
                 JOIN sale_order_line_invoice_rel r ON r.order_line_id = l.id
                 JOIN account_move_line il ON il.id = r.invoice_line_id
                 JOIN account_move m ON m.id = il.move_id
                GROUP BY l.order_id, m.id"""
        )
    )
    shares = {}
    left = set()
    for order_id, posted, total, residual, share, plain in cr.fetchall():
        if not plain:
            left.add(order_id)
        elif posted:
            shares.setdefault(order_id, []).append((share, total, residual))
    return shares, left


def fill_orders(env):
    """Every existing order's stage (for those without one), pipeline
    status, delay, Quote To and invoiced and paid shares, from its stored
    facts and its lines' product statuses (filled before), in one write.
    Returns the orders whose shares are left to the ORM."""
    cr = env.cr
    Order = env["sale.order"]
    companies = env["res.company"].sudo().with_context(active_test=False).search([])
    places = {company.id: placement_stages(env, company) for company in companies}
    cr.execute(SQL("SELECT id, in_production FROM sale_work_stage"))
    in_production = dict(cr.fetchall())
    shares, left = order_invoice_shares(env)
    counted = SQL(
        "l.id IS NOT NULL AND l.display_type IS NULL"
        " AND NOT COALESCE(l.is_downpayment, FALSE)"
    )
    cr.execute(
        SQL(
            """SELECT o.id, o.company_id, o.work_stage_id, o.state,
                      o.delivery_status, o.invoice_status, o.quote_state,
                      o.customer_received_date IS NOT NULL,
                      COALESCE(o.pipeline_archived, FALSE),
                      COALESCE(bool_or(l.work_started), FALSE),
                      array_agg(l.booking_status)
                          FILTER (WHERE %(counted)s AND l.booking_status IS NOT NULL),
                      array_agg(ARRAY[l.qty_delivered::float8,
                                      l.product_uom_qty::float8,
                                      COALESCE(u.rounding, 0)::float8])
                          FILTER (WHERE %(counted)s),
                      o.amount_total::float8, o.partner_invoice_id, o.quote_to
                 FROM sale_order o
                 LEFT JOIN sale_order_line l ON l.order_id = o.id
                 LEFT JOIN uom_uom u ON u.id = l.product_uom
                GROUP BY o.id""",
            counted=counted,
        )
    )
    facts = cr.fetchall()
    missing = {row[13] for row in facts if row[13] and not row[14]}
    quote_to = {
        partner.id: Order._quote_to_of(partner) or None
        for partner in env["res.partner"]
        .with_context(active_test=False)
        .browse(sorted(missing))
    }
    rows = []
    for (
        order_id,
        company_id,
        stage_id,
        state,
        delivery_status,
        invoice_status,
        quote_state,
        received,
        archived,
        lines_started,
        goods_statuses,
        quantities,
        amount_total,
        partner_id,
        text,
    ) in facts:
        if not stage_id and places.get(company_id):
            place = place_of(state, delivery_status, invoice_status)
            stage_id = places[company_id][place].id
        statuses = order_line_statuses(goods_statuses or [], quantities or [])
        pipeline = order_pipeline_values(
            state,
            quote_state,
            received,
            archived,
            statuses,
            in_production.get(stage_id, False) or lines_started,
        )
        if order_id in left:
            invoicing = (None,) * len(INVOICING_FIELDS)
        else:
            invoice_shares = shares.get(order_id, [])
            invoiced = sum(share for share, _total, _residual in invoice_shares)
            values = invoicing_values(amount_total or 0.0, invoiced, invoice_shares)
            invoicing = tuple(values[name] for name in INVOICING_FIELDS)
        if not text:
            text = quote_to.get(partner_id)
        rows.append((order_id, stage_id, *pipeline, text, *invoicing))
    write_rows(Order, ORDER_FIELDS, rows)
    return Order.browse(sorted(left))


def fill_existing_orders(env):
    """Fill the stored computed fields of every existing order and line
    (see the module's docstring), lines first: the orders' statuses are
    read from theirs."""
    env.flush_all()
    fill_document_placement(env)
    chained = fill_line_bookings(env)
    _logger.info("Product statuses filled; %d lines left to compute", len(chained))
    env.invalidate_all()
    compute_by_orm(chained, BOOKING_FIELDS)
    other_currencies = fill_orders(env)
    _logger.info(
        "Order stages and statuses filled; %d orders' invoiced shares left to compute",
        len(other_currencies),
    )
    env.invalidate_all()
    compute_by_orm(other_currencies, INVOICING_FIELDS)
    # _compute_proposal_accepted_rate: 100 for proposed work confirmed
    # (none before the install: its column was made at 0).
    env.cr.execute(
        SQL(
            """UPDATE sale_order o SET proposal_accepted_rate = v.rate
                 FROM (SELECT id, CASE WHEN proposed_from_id IS NOT NULL
                                        AND state = 'sale'
                                       THEN 100.0 ELSE 0.0 END AS rate
                         FROM sale_order) v
                WHERE o.id = v.id
                  AND o.proposal_accepted_rate IS DISTINCT FROM v.rate"""
        )
    )
    env.invalidate_all()
