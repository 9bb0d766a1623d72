# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "mail.tracking.duration.mixin"]
    _track_duration_field = "work_stage_id"

    work_stage_id = fields.Many2one(
        "sale.work.stage",
        compute="_compute_work_stage_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        copy=False,
        # Deleting a used stage is refused by the stage's own ondelete check;
        # "set null" only lets the addon's uninstall remove its stages.
        ondelete="set null",
        group_expand="_read_group_work_stage_ids",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    allowed_work_stage_ids = fields.Many2many(
        "sale.work.stage",
        compute="_compute_allowed_work_stage_ids",
        string="Allowed Work Stages",
        help="The stages this order may move to from its current stage.",
    )
    document_title = fields.Char(
        compute="_compute_document_title",
        help="Title of the document in the order's work stage.",
    )
    warn_existing_order_ids = fields.Many2many(
        "sale.order",
        compute="_compute_warn_existing_order_ids",
        string="Customer's Other Estimates",
        help="Other orders of this customer in stages that warn about "
        "existing estimates.",
    )

    @api.depends("company_id")
    def _compute_work_stage_id(self):
        first_stage_by_company = {}
        for order in self:
            stage = order.work_stage_id or order._origin.work_stage_id
            if stage and stage.company_id and stage.company_id != order.company_id:
                stage = self.env["sale.work.stage"]
            if not stage:
                company = order.company_id
                if company not in first_stage_by_company:
                    first_stage_by_company[company] = self.env[
                        "sale.work.stage"
                    ].search(
                        [("company_id", "in", [False, company.id])],
                        limit=1,
                    )
                stage = first_stage_by_company[company]
            order.work_stage_id = stage

    @api.depends("work_stage_id", "company_id")
    def _compute_allowed_work_stage_ids(self):
        for order in self:
            if order.work_stage_id:
                order.allowed_work_stage_ids = (
                    order.work_stage_id._allowed_next_stages(order.company_id)
                    | order.work_stage_id
                )
            else:
                order.allowed_work_stage_ids = self.env["sale.work.stage"].search(
                    [("company_id", "in", [False, order.company_id.id])]
                )

    @api.depends("work_stage_id.document_title", "state")
    def _compute_document_title(self):
        for order in self:
            if order.work_stage_id.document_title:
                order.document_title = order.work_stage_id.document_title
            elif order.state == "sale":
                order.document_title = self.env._("Sales Order")
            else:
                order.document_title = self.env._("Quotation")

    @api.depends("partner_id", "work_stage_id")
    def _compute_warn_existing_order_ids(self):
        partners = self.partner_id.commercial_partner_id
        others = self.search(
            [
                ("partner_id", "child_of", partners.ids),
                ("work_stage_id.warn_existing", "=", True),
                ("state", "!=", "cancel"),
            ]
            if partners
            else [("id", "=", False)]
        )
        for order in self:
            commercial = order.partner_id.commercial_partner_id
            order.warn_existing_order_ids = others.filtered(
                lambda o, c=commercial, order=order: (
                    o.partner_id.commercial_partner_id == c and o.id != order._origin.id
                )
            )

    @api.model
    def _read_group_work_stage_ids(self, stages, domain):
        """Show every stage of the user's companies as a column, even empty."""
        return stages.search([], order=stages._order)

    @api.onchange("partner_id")
    def _onchange_partner_id_warn_existing_orders(self):
        if not self.warn_existing_order_ids:
            return None
        lines = "\n".join(
            f"- {order.name} ({order.work_stage_id.name})"
            for order in self.warn_existing_order_ids
        )
        return {
            "warning": {
                "title": self.env._("This customer has existing estimates"),
                "message": self.env._(
                    "%(customer)s already has these orders in progress:\n%(orders)s",
                    customer=self.partner_id.commercial_partner_id.display_name,
                    orders=lines,
                ),
            }
        }

    @api.constrains("work_stage_id", "company_id")
    def _check_work_stage_company(self):
        for order in self:
            stage_company = order.work_stage_id.company_id
            if stage_company and stage_company != order.company_id:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s belongs to %(company)s and cannot use "
                        "the stage %(stage)s of %(stage_company)s. Choose a stage "
                        "of its own company or a shared one.",
                        order=order.name,
                        company=order.company_id.name,
                        stage=order.work_stage_id.name,
                        stage_company=stage_company.name,
                    )
                )

    def write(self, vals):
        if "work_stage_id" in vals:
            self._check_work_stage_transition(
                self.env["sale.work.stage"].browse(vals["work_stage_id"])
            )
        return super().write(vals)

    def _check_work_stage_transition(self, new_stage):
        """Refuse, for everyone, a move outside the current stages' transitions.

        The company's special stages stay reachable: automations move orders
        there (back order, proposed work, work order printed).
        """
        for order in self:
            current = order.work_stage_id
            if not new_stage and current:
                raise UserError(
                    self.env._(
                        "Order %(order)s must stay in a work stage: choose the "
                        "stage to move it to instead of clearing it.",
                        order=order.name,
                    )
                )
            if not current or current == new_stage or not current.next_stage_ids:
                continue
            if new_stage in current.next_stage_ids:
                continue
            if new_stage in order.company_id._get_special_work_stages():
                continue
            raise UserError(
                self.env._(
                    "Order %(order)s is in stage “%(stage)s” and cannot move to "
                    "“%(new_stage)s”. Allowed next stages: %(allowed)s.",
                    order=order.name,
                    stage=current.name,
                    new_stage=new_stage.name,
                    allowed=", ".join(
                        order.allowed_work_stage_ids.filtered(
                            lambda s, current=current: s != current
                        ).mapped("name")
                    ),
                )
            )

    def action_open_work_stage_transfer(self):
        """Open the Transfer to next step wizard on these orders."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Transfer to Next Step"),
            "res_model": "sale.work.stage.transfer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def action_view_warn_existing_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_work_stage.sale_order_action_work_pipeline"
        )
        action.update(
            {
                "name": self.env._("Existing Estimates"),
                "domain": [("id", "in", self.warn_existing_order_ids.ids)],
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
        )
        return action
