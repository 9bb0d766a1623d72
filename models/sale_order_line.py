# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.install_columns import precreate_columns
from ..tools.trusted import NEW_ORDER, trusted
from .product_template import DOCUMENT_PLACEMENTS
from .sale_order_line_booking import BOOKING_FIELDS

TRACKED_LINE_FIELDS = ("product_id", "product_uom_qty", "price_unit")


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

    # Stored computed fields the install hook fills for existing lines, in
    # sets (``existing_orders.py``), instead of Odoo's compute of each line.
    _install_computed_fields = (*BOOKING_FIELDS, "document_placement")

    def _auto_init(self):
        precreate_columns(self, self._install_computed_fields)
        return super()._auto_init()

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

    def _quote_protected_fields(self):
        """What a locked quote keeps as issued: what Odoo's lock protects on a
        confirmed order, and the discount the customer was quoted."""
        return [*self._get_protected_fields(), "discount"]

    def _raise_quote_locked(self, orders):
        raise UserError(
            self.env._(
                "%(orders)s is locked: its lines can no longer be added, removed "
                "or changed. Click New Revision to change the quote.",
                orders=", ".join(orders.mapped("display_name")),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        order_ids = {vals.get("order_id") for vals in vals_list if vals.get("order_id")}
        locked = self.env["sale.order"].browse(order_ids).filtered("quote_locked")
        if locked:
            self._raise_quote_locked(locked)
        lines = super().create(vals_list)
        if not trusted(self, NEW_ORDER):
            lines.order_id._stock_hold_in_holding_stage()._stock_hold_apply()
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
        # A locked quote protects the fields Odoo protects on a locked order.
        protected = set(vals) & set(self._quote_protected_fields())
        if protected:
            locked = self.filtered(
                lambda line: (
                    line.order_id.quote_locked
                    and not line.is_downpayment
                    and any(
                        line._fields[name].convert_to_write(line[name], line)
                        != vals[name]
                        for name in protected
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
            self.order_id._stock_hold_apply()
        return result

    def unlink(self):
        locked = self.filtered(
            lambda line: line.order_id.quote_locked and not line.is_downpayment
        )
        if locked:
            self._raise_quote_locked(locked.order_id)
        self._stock_hold_release()
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
