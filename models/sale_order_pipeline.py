# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.models import regex_order
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, drop_index, index_exists

from ..tools.order_status import (
    INVOICING_PROGRESS,
    PAYMENT_PROGRESS,
    PIPELINE_STATUSES,
    invoicing_values,
    order_line_statuses,
    order_pipeline_values,
)
from ..tools.trusted import INTERNAL_WRITE, TRUSTED

# Indexes of the two pipelines: a kanban column is one stage (or status),
# newest first as Odoo orders sales, with the amounts it sums; see
# bench/pipeline_kanban.py for the plans they give at a million orders.
PIPELINE_INDEXES = {
    "sale_order_work_stage_pipeline_index": "work_stage_id",
    "sale_order_pipeline_status_index": "pipeline_status",
}
# What a pipeline column sums: the order total in the company's currency.
PIPELINE_SUM_FIELD = "amount_total_company"
# Columns the indexes carry besides their keys: a column's amounts can be
# read from the index alone when the planner finds it cheaper than the table
# (at a million orders over 7 stages it keeps a parallel table scan).
PIPELINE_INCLUDE = ("amount_total", PIPELINE_SUM_FIELD)
# The order fields computed from the product statuses of its lines.
PIPELINE_FIELDS = ("pipeline_status", "booking_alert")


def fill_amount_total_company(cr, order_ids=None):
    """Write by SQL the company-currency total of the orders ``order_ids``
    (all when None), as ``_compute_amount_total_company`` computes it."""
    cr.execute(
        SQL(
            """UPDATE sale_order o
                  SET %s = ROUND(o.amount_total
                      / CASE COALESCE(o.currency_rate, 0) WHEN 0 THEN 1.0
                        ELSE o.currency_rate END, cur.decimal_places)
                 FROM res_company c
                 JOIN res_currency cur ON cur.id = c.currency_id
                WHERE c.id = o.company_id %s""",
            SQL.identifier(PIPELINE_SUM_FIELD),
            SQL("AND o.id = ANY(%s)", list(order_ids)) if order_ids else SQL(),
        )
    )


class SaleOrder(models.Model):
    _inherit = "sale.order"

    pipeline_status = fields.Selection(
        PIPELINE_STATUSES,
        string="Order Status",
        compute="_compute_pipeline_status",
        store=True,
        index=True,
        tracking=True,
        group_expand="_read_group_pipeline_status",
        help="Quotation, Waiting for Confirmation and Confirmed follow the "
        "quote; Waiting for Production, In Production, Ready for Shipment "
        "and Shipped follow stock and work; Delivered (the customer confirmed "
        "receipt) and Archived are set by hand. An amended revision counts "
        "as canceled: its newer revision carries on.",
    )

    booking_alert = fields.Selection(
        [("delayed", "Delayed"), ("possibly_delayed", "Possibly delayed")],
        string="Delay",
        compute="_compute_pipeline_status",
        store=True,
        index=True,
        help="The worst delay among the products of the order.",
    )

    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )

    amount_total_company = fields.Monetary(
        string="Total in Company Currency",
        compute="_compute_amount_total_company",
        store=True,
        currency_field="company_currency_id",
        help="The order total converted to the company's currency at the rate "
        "of the order date, as Odoo's sales analysis converts it: what the "
        "columns of the pipelines add up.",
    )

    customer_received_date = fields.Datetime(
        string="Received by Customer",
        copy=False,
        readonly=True,
        tracking=True,
    )

    pipeline_archived = fields.Boolean(
        string="Archived in Pipeline", copy=False, readonly=True, index=True
    )

    invoiced_percent = fields.Float(
        string="Invoiced (%)",
        compute="_compute_invoiced_percent",
        store=True,
        aggregator="avg",
        help="Share of the order total invoiced by posted customer invoices, "
        "credit notes subtracted.",
    )

    invoicing_progress = fields.Selection(
        INVOICING_PROGRESS,
        string="Invoicing",
        compute="_compute_invoiced_percent",
        store=True,
    )

    paid_percent = fields.Float(
        string="Paid (%)",
        compute="_compute_invoiced_percent",
        store=True,
        aggregator="avg",
        help="Share of the invoiced total that is paid, down payments included.",
    )

    payment_progress = fields.Selection(
        PAYMENT_PROGRESS,
        string="Payment",
        compute="_compute_invoiced_percent",
        store=True,
    )

    def _auto_init(self):
        """Fill the company-currency total of existing orders in one UPDATE:
        the ORM would otherwise load and compute every order on upgrade."""
        cr = self.env.cr
        if not column_exists(cr, self._table, PIPELINE_SUM_FIELD):
            create_column(cr, self._table, PIPELINE_SUM_FIELD, "numeric")
            fill_amount_total_company(cr)
        return super()._auto_init()

    def init(self):
        result = super().init()
        cr = self.env.cr
        for name, column in PIPELINE_INDEXES.items():
            if index_exists(cr, name) and not self._pipeline_index_current(name):
                drop_index(cr, name, self._table)
            if not index_exists(cr, name):
                cr.execute(
                    SQL(
                        "CREATE INDEX %s ON sale_order"
                        " (%s, date_order DESC, id DESC) INCLUDE (%s)",
                        SQL.identifier(name),
                        SQL.identifier(column),
                        SQL(", ").join(map(SQL.identifier, PIPELINE_INCLUDE)),
                    )
                )
        return result

    def _pipeline_index_current(self, name):
        """Whether the index ``name`` carries every column of PIPELINE_INCLUDE
        (an index of an older version is made again)."""
        self.env.cr.execute(
            SQL(
                """SELECT array_agg(a.attname::text)
                     FROM pg_index i
                     JOIN pg_class c ON c.oid = i.indexrelid
                     JOIN pg_attribute a ON a.attrelid = i.indexrelid
                    WHERE c.relname = %s""",
                name,
            )
        )
        columns = self.env.cr.fetchone()[0] or []
        return set(PIPELINE_INCLUDE) <= set(columns)

    @api.model
    def _read_group_orderby(self, order, groupby_terms, query):
        """Groups by work stage in the stages' order without joining
        sale_work_stage to every order: each group's place in the ordered
        stages (read once, a handful of rows) sorts it. What Odoo's join
        gives, at the cost of grouping by a plain column, parallel scan
        included (see bench/pipeline_kanban.py)."""
        if not order or "work_stage_id" not in groupby_terms:
            return super()._read_group_orderby(order, groupby_terms, query)
        terms = []
        for part in order.split(","):
            match = regex_order.match(part)
            if not match or match["term"] != "work_stage_id":
                terms.append(super()._read_group_orderby(part, groupby_terms, query))
                continue
            # Only the order of the stages is read: no access to their content.
            stages = self.env["sale.work.stage"].sudo().with_context(active_test=False)
            direction = (match["direction"] or "ASC").upper()
            nulls = (match["nulls"] or "").upper()
            terms.append(
                SQL(
                    "array_position(%s::int4[], %s) %s %s",
                    stages.search([]).ids,
                    groupby_terms["work_stage_id"],
                    SQL("DESC" if direction == "DESC" else "ASC"),
                    SQL(nulls) if nulls in ("NULLS FIRST", "NULLS LAST") else SQL(),
                )
            )
        return SQL(", ").join(term for term in terms if term)

    @api.model
    def _read_group_pipeline_status(self, statuses, domain):
        """Every column of the sales pipeline, Archived only when shown."""
        return [
            key
            for key, _label in PIPELINE_STATUSES
            if key != "archived" or key in statuses
        ]

    def _pipeline_line_statuses(self):
        """Booking statuses of the goods; for an order of services only,
        delivered or not (a service is not booked)."""
        self.ensure_one()
        lines = self.order_line.filtered(
            lambda line: not line.display_type and not line.is_downpayment
        )
        goods = lines.filtered("booking_status")
        return order_line_statuses(
            goods.mapped("booking_status"),
            [
                (line.qty_delivered, line.product_uom_qty, line.product_uom.rounding)
                for line in lines
            ],
        )

    @api.depends(
        "state",
        "quote_state",
        "customer_received_date",
        "pipeline_archived",
        "work_stage_id.in_production",
        "order_line.booking_status",
        "order_line.work_started",
        "order_line.qty_delivered",
        "order_line.product_uom_qty",
    )
    def _compute_pipeline_status(self):
        for order in self:
            order.pipeline_status, order.booking_alert = order_pipeline_values(
                order.state,
                order.quote_state,
                customer_received=bool(order.customer_received_date),
                archived=order.pipeline_archived,
                line_statuses=order._pipeline_line_statuses(),
                work_started=order.work_stage_id.in_production
                or any(order.order_line.mapped("work_started")),
            )

    @api.depends("amount_total", "currency_rate")
    def _compute_amount_total_company(self):
        """Divided by the order's rate, as sale.report does (a rate of 0,
        unknown, counts as 1)."""
        for order in self:
            order.amount_total_company = order.amount_total / (
                order.currency_rate or 1.0
            )

    @api.depends(
        "amount_total",
        "currency_id",
        "order_line.amount_invoiced",
        "order_line.invoice_lines.move_id.amount_residual",
    )
    def _compute_invoiced_percent(self):
        """Invoiced: Odoo's own invoiced amount of the lines. Paid: each
        posted invoice pays the order's share of it in proportion."""
        today = fields.Date.context_today(self)
        for order in self:
            invoiced = sum(order.order_line.mapped("amount_invoiced"))
            shares = defaultdict(float)
            for line in order.order_line:
                for invoice_line in line._get_invoice_lines():
                    invoice = invoice_line.move_id
                    if invoice.state != "posted" or not invoice.is_sale_document():
                        continue
                    shares[invoice] += -invoice.direction_sign * (
                        invoice_line.currency_id._convert(
                            invoice_line.price_total,
                            order.currency_id,
                            order.company_id,
                            invoice.invoice_date or today,
                        )
                    )
            order.update(
                invoicing_values(
                    order.amount_total,
                    invoiced,
                    [
                        (share, invoice.amount_total, invoice.amount_residual)
                        for invoice, share in shares.items()
                    ],
                )
            )

    def action_confirm_customer_receipt(self):
        """The customer confirmed receiving everything: Delivered."""
        not_shipped = self.filtered(lambda o: o.pipeline_status != "shipped")
        if not_shipped:
            raise UserError(
                self.env._(
                    "%(orders)s is not shipped in full yet: confirm the "
                    "customer's receipt once every product is delivered.",
                    orders=", ".join(not_shipped.mapped("display_name")),
                )
            )
        self.with_context(**{INTERNAL_WRITE: TRUSTED}).write(
            {"customer_received_date": fields.Datetime.now()}
        )

    def _archive_pipeline(self, before):
        """Archive the delivered and canceled orders dated before ``before``;
        returns them."""
        orders = self.search(
            [
                ("pipeline_status", "in", ("delivered", "canceled")),
                ("date_order", "<", before),
            ]
        )
        orders.with_context(**{INTERNAL_WRITE: TRUSTED}).write(
            {"pipeline_archived": True}
        )
        return orders

    @api.model
    def _cron_refresh_booking_status(self, batch_size=1000):
        """Nightly, between 01:00 and 03:00 of each company's time: work out
        again the product status of the open lines of confirmed orders, so
        that 'possibly delayed' and 'delayed' follow the calendar. One batch
        per call, lines not yet seen today first: the cron runner commits
        between batches, and a killed run resumes where it stopped."""
        lines = self.env["sale.order.line"]
        domains = []
        for company in self.env["res.company"].search([]):
            now = company._company_local_now()
            if 1 <= now.hour < 3:
                domains.append(
                    [
                        ("company_id", "=", company.id),
                        ("state", "=", "sale"),
                        ("booking_status", "!=", False),
                        ("booking_status", "!=", "delivered"),
                        "|",
                        ("booking_checked_date", "=", False),
                        ("booking_checked_date", "<", now.date()),
                    ]
                )
        domain = expression.OR(domains) if domains else expression.FALSE_DOMAIN
        batch = lines._booking_batch(domain, batch_size)
        batch._mark_booking_status_to_compute()
        self.env.flush_all()
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=lines.search_count(domain)
        )
