# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..tools.asset_reference import normalize_reference


class SaleWorkAsset(models.Model):
    """The customer's vehicle, machine or installation that the work is on."""

    _name = "sale.work.asset"
    _description = "Customer Asset (Vehicle, Machine)"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _rec_names_search = ["name", "reference", "reference_key"]

    name = fields.Char(required=True, tracking=True)
    reference = fields.Char(
        string="Plate / Serial / VIN",
        tracking=True,
        help="Unique per company, whatever the case, spaces, dashes and dots.",
    )
    reference_key = fields.Char(
        compute="_compute_reference_key", store=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Owner", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    vin = fields.Char(
        string="VIN / Serial Number",
        tracking=True,
        help="The vehicle identification number, or the machine's serial number.",
    )
    counter = fields.Float(help="Mileage or hours at the last reading.", tracking=True)
    counter_date = fields.Date(string="Counter Read On", tracking=True)
    note = fields.Text(string="Notes")
    active = fields.Boolean(default=True)
    order_ids = fields.One2many("sale.order", "work_asset_id", string="Orders")
    order_count = fields.Integer(compute="_compute_order_counts")
    proposed_count = fields.Integer(compute="_compute_order_counts")

    _sql_constraints = [
        (
            "reference_company_uniq",
            "unique(company_id, reference_key)",
            "Another asset of this company has this reference.",
        ),
    ]

    @api.depends("reference")
    def _compute_reference_key(self):
        for asset in self:
            asset.reference_key = normalize_reference(asset.reference)

    def _compute_order_counts(self):
        Order = self.env["sale.order"]
        orders = dict(
            Order._read_group(
                [("work_asset_id", "in", self.ids)], ["work_asset_id"], ["__count"]
            )
        )
        proposed = dict(
            Order._read_group(
                [("work_asset_id", "in", self.ids), ("proposed_from_id", "!=", False)],
                ["work_asset_id"],
                ["__count"],
            )
        )
        for asset in self:
            asset.order_count = orders.get(asset, 0)
            asset.proposed_count = proposed.get(asset, 0)

    @api.model_create_multi
    def create(self, vals_list):
        seen = set()
        for vals in vals_list:
            key = normalize_reference(vals.get("reference"))
            company_id = vals.get("company_id") or self.env.company.id
            if key and (company_id, key) in seen:
                raise ValidationError(
                    self.env._(
                        "The reference %(reference)s is given twice.",
                        reference=vals["reference"],
                    )
                )
            seen.add((company_id, key))
            self._check_reference_free(vals.get("reference"), company_id)
        return super().create(vals_list)

    def write(self, vals):
        # Checked before the unique index answers with a bare integrity error.
        if vals.get("reference") or "company_id" in vals:
            for asset in self:
                self._check_reference_free(
                    vals.get("reference", asset.reference),
                    vals.get("company_id", asset.company_id.id),
                    asset,
                )
        return super().write(vals)

    @api.model
    def _check_reference_free(self, reference, company_id, asset=None):
        key = normalize_reference(reference)
        if not key:
            return
        # sudo, archived too: the reference must be free in the company.
        other = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("reference_key", "=", key),
                    ("company_id", "=", company_id),
                    ("id", "!=", asset.id if asset else False),
                ],
                limit=1,
            )
        )
        if other:
            raise ValidationError(
                self.env._(
                    "The reference %(reference)s is already the one of "
                    "%(asset)s (%(owner)s). Open that asset instead of "
                    "creating another one.",
                    reference=reference,
                    asset=other.name,
                    owner=other.partner_id.display_name,
                )
            )

    @api.model
    def _search_display_name(self, operator, value):
        domain = super()._search_display_name(operator, value)
        key = normalize_reference(value) if isinstance(value, str) else False
        if key and operator in ("ilike", "=ilike", "like", "="):
            domain = expression.OR([domain, [("reference_key", "ilike", key)]])
        return domain

    @api.depends("name", "reference")
    def _compute_display_name(self):
        for asset in self:
            asset.display_name = (
                f"{asset.name} ({asset.reference})" if asset.reference else asset.name
            )

    def _action_orders(self, domain, name):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_work_stage.sale_order_action_work_pipeline"
        )
        action.update(
            {
                "name": name,
                "domain": domain,
                "context": {
                    "default_work_asset_id": self.id,
                    "default_partner_id": self.partner_id.id,
                },
                "view_mode": "list,form,kanban",
                "views": [(False, "list"), (False, "form"), (False, "kanban")],
            }
        )
        return action

    def action_view_orders(self):
        return self._action_orders(
            [("work_asset_id", "=", self.id)], self.env._("Orders")
        )

    def action_view_proposals(self):
        return self._action_orders(
            [("work_asset_id", "=", self.id), ("proposed_from_id", "!=", False)],
            self.env._("Proposed Work"),
        )
