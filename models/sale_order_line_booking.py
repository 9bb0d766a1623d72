# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..tools.order_status import (
    BOOKING_STATUSES,
    SOURCE_STATUSES,
    fully_delivered,
    line_booking_status,
    timeliness,
)
from .sale_order_pipeline import PIPELINE_FIELDS

# The fields one compute fills from the stock moves of a line.
BOOKING_FIELDS = (
    "booking_status",
    "source_document",
    "source_date",
    "source_status",
    "work_started",
    "delivery_date",
    "booking_checked_date",
)
# Source documents the Items list can link to, when their app is installed.
SOURCE_MODELS = ("stock.picking", "purchase.order", "mrp.production")


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Product status, from the stock moves that deliver the line.
    booking_status = fields.Selection(
        BOOKING_STATUSES,
        string="Product Status",
        compute="_compute_booking_status",
        store=True,
        index=True,
        help="Not booked: a quotation. Not enough: stock and incoming supply "
        "do not cover it. Requested: booked to supply not ordered yet. "
        "Expected on time / Possibly delayed / Delayed: booked to supply "
        "expected before / on / after the delivery date (or the delivery "
        "date is today / has passed). Ready for shipment: in stock and "
        "booked. Delivered: shipped.",
    )

    source_document = fields.Reference(
        selection="_selection_source_document",
        string="Source",
        compute="_compute_booking_status",
        store=True,
        help="Where the goods come from: a receipt or purchase, a "
        "manufacturing order or a transfer.",
    )

    source_date = fields.Datetime(
        string="Expected Date",
        compute="_compute_booking_status",
        store=True,
        help="When the source is expected to bring the goods.",
    )

    source_status = fields.Selection(
        SOURCE_STATUSES,
        compute="_compute_booking_status",
        store=True,
    )

    work_started = fields.Boolean(
        compute="_compute_booking_status",
        store=True,
        help="A manufacturing order making the goods has started.",
    )

    delivery_date = fields.Date(
        compute="_compute_booking_status",
        store=True,
        help="The order's delivery date, else its expected date, in the "
        "company's time zone.",
    )

    booking_checked_date = fields.Date(
        compute="_compute_booking_status",
        store=True,
        help="Day the product status was last worked out: the nightly run "
        "resumes with the lines not seen today.",
    )

    @api.model
    def _selection_source_document(self):
        return [
            (model, self.env[model]._description)
            for model in SOURCE_MODELS
            if model in self.env
        ]

    @api.depends(
        "state",
        "display_type",
        "product_id",
        "product_uom_qty",
        "qty_delivered",
        "customer_lead",
        "order_id.commitment_date",
        "order_id.date_order",
        "move_ids.state",
        "move_ids.date",
        "move_ids.move_orig_ids.state",
        "move_ids.move_orig_ids.date",
    )
    def _compute_booking_status(self):
        goods = self.filtered(
            lambda line: not line.display_type and line.product_id.type == "consu"
        )
        for line in self - goods:
            line.update(dict.fromkeys(BOOKING_FIELDS, False))
        # Read the move chains of the whole batch at once, however deep.
        goods.move_ids._rollup_move_origs_fetch()
        deliveries = goods.move_ids.filtered(
            lambda m: (
                m.state not in ("done", "cancel")
                and m.location_dest_id.usage == "customer"
            )
        )
        # One batch of Odoo's forecast for the deliveries still waiting; the
        # forecast depends on other moves, so what is cached may be stale.
        waiting = deliveries.filtered(lambda m: m.state != "assigned")
        waiting.invalidate_recordset(
            ["forecast_availability", "forecast_expected_date"]
        )
        waiting.mapped("forecast_availability")
        for line in goods:
            line.update(line._booking_values(deliveries & line.move_ids))

    def _mark_booking_status_to_compute(self):
        """Have the product statuses of these lines, and the statuses of
        their orders, worked out again at the next flush."""
        for name in BOOKING_FIELDS:
            self.env.add_to_compute(self._fields[name], self)
        # Fields being recomputed do not mark what depends on them: the
        # orders' statuses are marked with them.
        orders = self.order_id
        for name in PIPELINE_FIELDS:
            self.env.add_to_compute(orders._fields[name], orders)

    @api.model
    def _booking_batch(self, domain, batch_size):
        """The next lines of ``domain`` to work out, whole products at a
        time: Odoo's forecast goes through every open move of a product, so
        splitting a product over batches would do that work more than once
        (up to ten batch sizes, then a product is split)."""
        by_product = SQL(
            "%s, %s",
            SQL.identifier(self._table, "product_id"),
            SQL.identifier(self._table, "id"),
        )
        query = self._search(domain, limit=batch_size)
        query.order = by_product
        products = self.browse(query).product_id
        if not products:
            return self
        query = self._search(
            expression.AND([domain, [("product_id", "in", products.ids)]]),
            limit=batch_size * 10,
        )
        query.order = by_product
        return self.browse(query)

    def _booking_values(self, deliveries):
        """The product and source status of this line from its open
        deliveries and the moves that feed them."""
        self.ensure_one()
        company = self._booking_company()
        today = company._company_local_now().date()
        deadline_utc = self.order_id.commitment_date or self.order_id.expected_date
        deadline = company._company_local_date(deadline_utc)
        supply = self.move_ids.filtered(lambda m: m.state != "cancel")
        supply = supply._booking_supply_moves()
        values = {
            "delivery_date": deadline,
            "booking_checked_date": today,
            "work_started": any(move._booking_in_production() for move in supply),
            **self._source_values(supply, deadline, today),
        }
        values["booking_status"] = line_booking_status(
            self.state,
            fully_delivered(
                self.qty_delivered, self.product_uom_qty, self.product_uom.rounding
            ),
            (move._booking_status_of_delivery(deadline, today) for move in deliveries),
        )
        return values

    def _booking_company(self):
        """The company whose day the statuses count in; a line being edited
        in a form (a combo's items) may not know its order's company yet."""
        return self.order_id.company_id or self.company_id or self.env.company

    def _source_values(self, supply, deadline, today):
        """The source shown on the line: the latest open supply, else the
        last one received."""
        company = self._booking_company()
        pending = supply.filtered(lambda m: m.state != "done")
        move = (pending or supply).sorted("date")[-1:]
        if not move:
            document, date = self._requested_source()
            if not document:
                return {
                    "source_document": False,
                    "source_date": False,
                    "source_status": False,
                }
            return {
                "source_document": document,
                "source_date": date,
                "source_status": "requested",
            }
        if move.state == "done":
            status = "received"
        elif move.state == "draft":
            status = "requested"
        else:
            status = timeliness(company._company_local_date(move.date), deadline, today)
        document = move._get_source_document()
        return {
            "source_document": self._source_reference(document),
            "source_date": move.date,
            "source_status": status,
        }

    def _requested_source(self):
        """Supply asked for but not ordered yet (a request for quotation, a
        draft manufacturing order): Odoo's upstream documents of the
        deliveries still waiting for it."""
        waiting = self.move_ids.filtered(
            lambda m: m.state == "waiting" and not m.move_orig_ids
        )
        for move in waiting:
            found = move.with_context(
                include_draft_documents=True
            )._get_upstream_documents_and_responsibles(self.env["stock.move"])
            for document, _responsible, _visited in found:
                reference = self._source_reference(document)
                if reference:
                    date = getattr(document, "date_planned", False) or getattr(
                        document, "date_finished", False
                    )
                    return reference, date
        return False, False

    def _source_reference(self, document):
        if document and document._name in dict(self._selection_source_document()):
            return f"{document._name},{document.id}"
        return False
