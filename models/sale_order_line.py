# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, float_compare, float_is_zero

from ..tools.order_status import (
    BOOKING_STATUSES,
    SOURCE_STATUSES,
    timeliness,
    worst_booking_status,
)
from .product_template import DOCUMENT_PLACEMENTS
from .sale_order import PIPELINE_FIELDS

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

TRACKED_LINE_FIELDS = ("product_id", "product_uom_qty", "price_unit")
LOCKED_LINE_FIELDS = (
    "product_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "tax_id",
    "name",
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    document_placement = fields.Selection(
        DOCUMENT_PLACEMENTS,
        compute="_compute_document_placement",
        store=True,
        readonly=False,
        precompute=True,
        help="Section of the quotation where this line is printed.",
    )

    work_hold_move_ids = fields.One2many(
        "stock.move", "work_hold_line_id", string="Held Parts"
    )

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

    @api.depends("product_id")
    def _compute_document_placement(self):
        for line in self:
            if line.display_type:
                line.document_placement = False
            elif getattr(line, "is_delivery", False):
                line.document_placement = "shipping"
            else:
                line.document_placement = (
                    line.product_id.product_tmpl_id.document_placement or "standard"
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
        company = self.order_id.company_id
        today = company._work_local_now().date()
        deadline_utc = self.order_id.commitment_date or self.order_id.expected_date
        deadline = company._work_local_date(deadline_utc)
        supply = self.move_ids.filtered(lambda m: m.state != "cancel")
        supply = supply._work_supply_moves()
        values = {
            "delivery_date": deadline,
            "booking_checked_date": today,
            "work_started": any(move._work_in_production() for move in supply),
            **self._source_values(supply, deadline, today),
        }
        rounding = self.product_uom.rounding
        if self.state != "sale":
            values["booking_status"] = "not_booked"
        elif (
            float_compare(
                self.qty_delivered, self.product_uom_qty, precision_rounding=rounding
            )
            >= 0
        ):
            values["booking_status"] = "delivered"
        elif not deliveries:
            values["booking_status"] = "not_booked"
        else:
            values["booking_status"] = worst_booking_status(
                move._work_booking_status(deadline, today) for move in deliveries
            )
        return values

    def _source_values(self, supply, deadline, today):
        """The source shown on the line: the latest open supply, else the
        last one received."""
        company = self.order_id.company_id
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
            status = timeliness(company._work_local_date(move.date), deadline, today)
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

    def _prepare_procurement_values(self, group_id=False):
        """Carry the line's description, as typed on the quote, to the delivery."""
        values = super()._prepare_procurement_values(group_id=group_id)
        description = (self.name or "").strip()
        if description and description != self.product_id.display_name:
            # The line's name already holds the variant descriptions.
            values["product_description_variants"] = "\n" + description
        return values

    def _line_log_label(self):
        self.ensure_one()
        return self.product_id.display_name or self.name or ""

    def _get_protected_fields(self):
        """Odoo's lock of confirmed orders also guards the discount."""
        return [*super()._get_protected_fields(), "discount"]

    def _raise_quote_locked(self, orders):
        raise UserError(
            self.env._(
                "%(orders)s is locked: its lines can no longer be added, removed "
                "or changed. Click New Revision to change the quote.",
                orders=", ".join(orders.mapped("display_name")),
            )
        )

    def _is_odoo_follow_up_line(self, vals):
        """Lines Odoo adds to a confirmed order: down payments, re-invoiced
        expenses, products delivered beyond the order."""
        return bool(
            vals.get("is_downpayment")
            or vals.get("is_expense")
            or self.env.context.get("skip_procurement")
        )

    @api.model_create_multi
    def create(self, vals_list):
        order_ids = {vals.get("order_id") for vals in vals_list if vals.get("order_id")}
        orders = self.env["sale.order"].browse(order_ids)
        locked = orders.filtered("quote_locked")
        if locked:
            refused = self.env["sale.order"]
            for vals in vals_list:
                order = locked.filtered(lambda o, v=vals: o.id == v.get("order_id"))
                if not order:
                    continue
                if order.quote_state == "approved" and self._is_odoo_follow_up_line(
                    vals
                ):
                    continue
                refused |= order
            if refused:
                self._raise_quote_locked(refused)
        lines = super().create(vals_list)
        if not self.env.context.get("sale_work_stage_new_order"):
            lines.order_id.filtered(
                lambda o: o.work_stage_id.reserve_stock or o.work_stage_id.in_production
            )._apply_work_stage_stock()
        for order, order_lines in lines.grouped("order_id").items():
            product_lines = order_lines.filtered(lambda line: not line.display_type)
            if product_lines:
                order._log_line_changes(
                    [
                        self.env._(
                            "Line added: %(line)s, %(qty)s × %(price)s",
                            line=line._line_log_label(),
                            qty=line.product_uom_qty,
                            price=line.price_unit,
                        )
                        for line in product_lines
                    ]
                )
        return lines

    def write(self, vals):
        if set(vals) & set(LOCKED_LINE_FIELDS):
            locked = self.filtered(
                lambda line: (
                    line.order_id.quote_locked
                    and not line.is_downpayment
                    and any(
                        line._fields[name].convert_to_write(line[name], line)
                        != vals[name]
                        for name in set(vals) & set(LOCKED_LINE_FIELDS)
                    )
                )
            )
            if locked:
                self._raise_quote_locked(locked.order_id)
        tracked = [name for name in TRACKED_LINE_FIELDS if name in vals]
        before = {}
        if tracked:
            for line in self.filtered(lambda line: not line.display_type):
                before[line] = {
                    name: line[name].display_name
                    if name == "product_id"
                    else line[name]
                    for name in tracked
                }
        result = super().write(vals)
        changes_by_order = {}
        for line, old_values in before.items():
            changes = []
            for name, old in old_values.items():
                new = line[name].display_name if name == "product_id" else line[name]
                if old != new:
                    changes.append(
                        f"{line._fields[name].get_description(self.env)['string']}: "
                        f"{old} → {new}"
                    )
            if changes:
                changes_by_order.setdefault(line.order_id, []).append(
                    f"{line._line_log_label()}: {', '.join(changes)}"
                )
        for order, changes in changes_by_order.items():
            order._log_line_changes(changes)
        if {"product_uom_qty", "product_id", "product_uom"} & set(vals):
            self.order_id._apply_work_stage_stock()
        return result

    def unlink(self):
        locked = self.filtered(
            lambda line: line.order_id.quote_locked and not line.is_downpayment
        )
        if locked:
            self._raise_quote_locked(locked.order_id)
        for line in self._work_hold_lines():
            if line.sudo().work_hold_move_ids:
                line._sync_work_hold("none")
        removed = {}
        for line in self.filtered(lambda line: not line.display_type):
            removed.setdefault(line.order_id, []).append(
                self.env._("Line removed: %(line)s", line=line._line_log_label())
            )
        result = super().unlink()
        for order, changes in removed.items():
            if order.exists():
                order._log_line_changes(changes)
        return result

    # Parts held by the work stages ---------------------------------------------

    def _work_hold_lines(self):
        return self.filtered(
            lambda line: not line.display_type and line.product_id.is_storable
        )

    def _lock_work_hold_stock(self):
        """Wait for, and lock, the stock of these lines' products before
        reserving: Odoo skips locked quants (and books a new one), so two
        quotations racing for the last unit could both get it. Locked, the
        second one waits, then retries and sees the unit gone."""
        if not self:
            return
        stock = self.order_id.warehouse_id.lot_stock_id
        self.env.cr.execute(
            SQL(
                """SELECT quant.id FROM stock_quant quant
                     JOIN stock_location location ON location.id = quant.location_id
                    WHERE quant.product_id IN %s
                      AND location.parent_path LIKE ANY(%s)
                      FOR NO KEY UPDATE OF quant""",
                tuple(self.product_id.ids),
                [f"{path}%" for path in stock.mapped("parent_path")],
            )
        )

    def _work_hold_in_wip(self):
        """Quantity (line unit) this line has in the Work in Progress place."""
        self.ensure_one()
        wip = self.order_id.warehouse_id.wip_location_id
        done = self.sudo().work_hold_move_ids.filtered(lambda m: m.state == "done")
        taken = sum(
            done.filtered(lambda m: m.location_dest_id == wip).mapped("quantity")
        )
        returned = sum(done.filtered(lambda m: m.location_id == wip).mapped("quantity"))
        return taken - returned

    def _work_hold_new_move(self, source, destination, quantity):
        self.ensure_one()
        # sudo: sales users have no stock rights; these moves are the stage's
        # own bookkeeping of the parts of this line.
        return (
            self.env["stock.move"]
            .sudo()
            .create(self._work_hold_move_values(source, destination, quantity))
        )

    def _work_hold_move_values(self, source, destination, quantity):
        return {
            "name": self.env._("%(order)s: work stage", order=self.order_id.name),
            "origin": self.order_id.name,
            "product_id": self.product_id.id,
            "product_uom": self.product_uom.id,
            "product_uom_qty": quantity,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": self.order_id.company_id.id,
            "partner_id": self.order_id.partner_shipping_id.id,
            "work_hold_line_id": self.id,
            "warehouse_id": self.order_id.warehouse_id.id,
        }

    def _work_hold_transfer(self, source, destination, quantity):
        """Move ``quantity`` now, as a done stock move."""
        move = self._work_hold_new_move(source, destination, quantity)
        move._action_confirm(merge=False)
        move._action_assign()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        return move

    def _work_hold_reserve(self, quantity):
        """An open move of ``quantity`` reserved as far as stock allows;
        returns the quantity still missing."""
        self.ensure_one()
        stock = self.order_id.warehouse_id.lot_stock_id
        wip = self.order_id.warehouse_id.wip_location_id
        rounding = self.product_uom.rounding
        open_moves = self.sudo().work_hold_move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        if (
            len(open_moves) == 1
            and float_compare(
                open_moves.product_uom_qty, quantity, precision_rounding=rounding
            )
            == 0
        ):
            move = open_moves
        else:
            open_moves._action_cancel()
            if float_is_zero(quantity, precision_rounding=rounding):
                return 0.0
            move = self._work_hold_new_move(stock, wip, quantity)
            move._action_confirm(merge=False)
        if move.state != "assigned":
            self._lock_work_hold_stock()
            move._action_assign()
        return max(quantity - move.quantity, 0.0)

    def _sync_work_hold(self, mode):
        """Hold what ``mode`` asks: nothing, reserved parts or parts in work
        in progress. Returns the quantity that could not be held."""
        self.ensure_one()
        warehouse = self.order_id.warehouse_id
        warehouse.sudo()._ensure_wip_location()
        stock, wip = warehouse.lot_stock_id, warehouse.wip_location_id
        rounding = self.product_uom.rounding
        wanted = self.product_uom_qty if mode != "none" else 0.0
        in_wip = self._work_hold_in_wip()
        if mode != "wip":
            if float_compare(in_wip, 0, precision_rounding=rounding) > 0:
                self._work_hold_transfer(wip, stock, in_wip)
            if mode == "none":
                self.sudo().work_hold_move_ids.filtered(
                    lambda m: m.state not in ("done", "cancel")
                )._action_cancel()
                return 0.0
            return self._work_hold_reserve(wanted)
        # Work in progress: take what is still needed off the shelf.
        needed = wanted - in_wip
        if float_compare(needed, 0, precision_rounding=rounding) < 0:
            self._work_hold_transfer(wip, stock, -needed)
            return 0.0
        missing = self._work_hold_reserve(needed)
        reservation = self.sudo().work_hold_move_ids.filtered(
            lambda m: m.state in ("assigned", "partially_available")
        )
        if reservation:
            # Take what is reserved; when that is only part, Odoo itself
            # splits the rest into an open move that stays asked for.
            reservation.picked = True
            reservation._action_done()
        return missing

    def _work_hold_ready_for_wip(self):
        """Lines holding their whole quantity in one reserved move, nothing
        in work in progress yet."""

        def ready(line):
            moves = line.sudo().work_hold_move_ids
            if moves.filtered(lambda m: m.state == "done"):
                return False
            open_moves = moves.filtered(lambda m: m.state != "cancel")
            return (
                len(open_moves) == 1
                and open_moves.state == "assigned"
                and open_moves.product_uom == line.product_uom
                and float_compare(
                    open_moves.quantity,
                    line.product_uom_qty,
                    precision_rounding=line.product_uom.rounding,
                )
                == 0
            )

        return self.filtered(ready)

    def _work_hold_take_into_wip(self):
        """Move what these lines reserved into work in progress, together."""
        moves = self.sudo().work_hold_move_ids.filtered(lambda m: m.state == "assigned")
        if moves:
            moves.picked = True
            moves._action_done()

    def _work_hold_reserve_new(self):
        """Lines holding nothing yet: one batch of moves, confirmed and
        reserved together, as Odoo reserves a picking. Returns the lines
        still short."""
        if not self:
            return self
        warehouse = self.order_id.warehouse_id
        warehouse.sudo()._ensure_wip_location()
        # sudo: see _work_hold_new_move.
        moves = (
            self.env["stock.move"]
            .sudo()
            .create(
                [
                    line._work_hold_move_values(
                        warehouse.lot_stock_id,
                        warehouse.wip_location_id,
                        line.product_uom_qty,
                    )
                    for line in self
                ]
            )
        )
        moves._action_confirm(merge=False)
        self._lock_work_hold_stock()
        moves._action_assign()
        return moves.filtered(lambda m: m.state != "assigned").work_hold_line_id
