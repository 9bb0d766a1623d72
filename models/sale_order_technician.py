# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""What a technician does with an order: a Work Stages user without Sales
rights reads the work orders on the Shop Floor, moves them between stages
and prints them; the rest of the order is the service desk's."""

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import ormcache

# The fields a technician's stage move writes; the rest of the order (its
# customer, lines, prices, state) stays the service desk's.
TECHNICIAN_WRITABLE_FIELDS = frozenset({"work_stage_id"})
# The action and print menus a technician gets on orders: Odoo's own
# (Send an email, Share, Mark Quotation as Sent, the quotation PDF) are the
# service desk's.
TECHNICIAN_ACTIONS = (
    "sale_work_stage.action_report_work_order",
    "sale_work_stage.sale_order_action_work_stage_transfer",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    show_work_prices = fields.Boolean(
        compute="_compute_show_work_prices",
        help="The Shop Floor shows prices: to the service desk, and to "
        "technicians where the company lets them see prices.",
    )

    @api.depends_context("uid", "company")
    def _compute_show_work_prices(self):
        shown = (
            self.env.user.has_group("sales_team.group_sale_salesman")
            or self.env.company.work_technician_prices
        )
        for order in self:
            order.show_work_prices = shown

    @api.model
    @ormcache("self.env.uid")
    def _writes_as_technician_only(self):
        """Whether the user may write orders only through the technician's
        access right (no right of Sales, Inventory or Accounting to them)."""
        technician = self.env.ref("sale_work_stage.group_work_stage_user")
        user_groups = self.env.user.groups_id
        if technician not in user_groups:
            return False
        accesses = (
            self.env["ir.model.access"]
            .sudo()
            .search([("model_id.model", "=", self._name), ("perm_write", "=", True)])
        )
        return not any(
            not access.group_id
            or (access.group_id in user_groups and access.group_id != technician)
            for access in accesses
        )

    @api.model
    def get_views(self, views, options=None):
        """A technician's action and print menus offer what they may do."""
        result = super().get_views(views, options)
        if self.env.su or not self._writes_as_technician_only():
            return result
        allowed = {self.env.ref(xmlid).id for xmlid in TECHNICIAN_ACTIONS}
        for view in result["views"].values():
            toolbar = view.get("toolbar", {})
            for key, actions in toolbar.items():
                toolbar[key] = [action for action in actions if action["id"] in allowed]
        return result

    def write(self, vals):
        """A technician moves orders between stages and changes nothing else;
        what the move sets off (stock, texts, stamps) is the addon's, done
        with its rights once the move is checked."""
        if self.env.su or not self._writes_as_technician_only():
            return super().write(vals)
        refused = set(vals) - TECHNICIAN_WRITABLE_FIELDS
        if refused:
            names = sorted(
                self._fields[name]._description_string(self.env)
                for name in refused
                if name in self._fields
            )
            raise AccessError(
                self.env._(
                    "A technician moves orders between work stages only. Ask the "
                    "service desk to change: %(fields)s.",
                    fields=", ".join(names) or ", ".join(sorted(refused)),
                )
            )
        self.check_access("write")
        return super(SaleOrder, self.sudo()).write(vals)
