# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.trusted import INTERNAL_WRITE, NEW_ORDER, TRUSTED


class SaleOrder(models.Model):
    _inherit = "sale.order"

    work_asset_id = fields.Many2one(
        "sale.work.asset",
        string="Vehicle / Machine",
        index=True,
        tracking=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
        help="The customer's vehicle, machine or installation the work is on.",
    )

    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer Entity"
    )

    intake_counter = fields.Float(
        help="Mileage or hours read when the vehicle or machine came in; saved "
        "on the asset too.",
        copy=False,
    )

    customer_concern = fields.Text(
        string="Customer's Concern",
        help="What the customer came in for, in their words: printed on the "
        "work order.",
    )

    technician_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who does the work: printed on the work order.",
    )

    proposed_from_id = fields.Many2one(
        "sale.order",
        copy=False,
        readonly=True,
        index=True,
        help="The estimate whose declined work this proposal keeps.",
    )

    proposed_order_ids = fields.One2many(
        "sale.order", "proposed_from_id", string="Proposed Work"
    )

    proposed_count = fields.Integer(compute="_compute_proposed_count")

    follow_up_date = fields.Date(copy=False, tracking=True, index=True)

    follow_up_done = fields.Boolean(copy=False, readonly=True)

    proposal_accepted_rate = fields.Float(
        string="Accepted Proposals (%)",
        compute="_compute_proposal_accepted_rate",
        store=True,
        aggregator="avg",
        help="100 for proposed work later confirmed, 0 otherwise: its average "
        "is the share of proposed work the customers accepted.",
    )

    def _compute_proposed_count(self):
        counts = dict(
            self._read_group(
                [("proposed_from_id", "in", self.ids)],
                ["proposed_from_id"],
                ["__count"],
            )
        )
        for order in self:
            order.proposed_count = counts.get(order, 0)

    @api.depends("proposed_from_id", "state")
    def _compute_proposal_accepted_rate(self):
        for order in self:
            accepted = order.proposed_from_id and order.state == "sale"
            order.proposal_accepted_rate = 100.0 if accepted else 0.0

    @api.constrains("work_asset_id", "partner_id")
    def _check_work_asset_owner(self):
        for order in self.filtered("work_asset_id"):
            owner = order.work_asset_id.partner_id.commercial_partner_id
            if owner != order.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(asset)s belongs to %(owner)s, not to %(customer)s. "
                        "Choose one of the customer's vehicles or machines.",
                        asset=order.work_asset_id.display_name,
                        owner=owner.display_name,
                        customer=order.partner_id.commercial_partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._save_intake_counter()
        return orders

    def write(self, vals):
        result = super().write(vals)
        if vals.get("intake_counter") or vals.get("work_asset_id"):
            self._save_intake_counter()
        return result

    def _save_intake_counter(self):
        for order in self.filtered(lambda o: o.work_asset_id and o.intake_counter):
            # sudo: a salesman records the reading on the asset of the order.
            order.work_asset_id.sudo().write(
                {
                    "counter": order.intake_counter,
                    "counter_date": fields.Date.context_today(self),
                }
            )

    def action_open_reschedule(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reschedule Declined Work"),
            "res_model": "sale.work.reschedule",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _check_work_proposed_stage(self):
        """Declined work needs the company's Proposed & Re-scheduled stage."""
        self.ensure_one()
        if not self.company_id.work_stage_proposed_id:
            raise UserError(
                self.env._(
                    "%(company)s has no Proposed & Re-scheduled stage. Set it in "
                    "Sales > Configuration > Settings > Work Stages.",
                    company=self.company_id.name,
                )
            )

    def _prepare_related_quote_values(self):
        """Values of a new quote for the same customer, terms and vehicle as
        this order (proposed work, supplements)."""
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "partner_invoice_id": self.partner_invoice_id.id,
            "partner_shipping_id": self.partner_shipping_id.id,
            "pricelist_id": self.pricelist_id.id,
            "payment_term_id": self.payment_term_id.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "company_id": self.company_id.id,
            "work_asset_id": self.work_asset_id.id,
        }

    def _prepare_proposal_values(self, follow_up_date, note):
        """Values of the estimate that keeps work declined on this order."""
        return {
            **self._prepare_related_quote_values(),
            "proposed_from_id": self.id,
            "follow_up_date": follow_up_date,
            "work_stage_id": self.company_id.work_stage_proposed_id.id,
            "internal_note": note,
        }

    def _work_move_to_proposal(self, lines, follow_up_date, note=False):
        """Move ``lines`` (declined work) to a new Proposed & Re-scheduled
        estimate with a follow-up, and say so on both; the estimate."""
        self.ensure_one()
        self._check_work_proposed_stage()
        proposal = self.create(self._prepare_proposal_values(follow_up_date, note))
        labels = [
            line.name.splitlines()[0]
            for line in lines
            if line.name and not line.display_type
        ]
        # Parts held for the declined lines go back: the proposal holds none.
        lines._stock_hold_release()
        # Moved, not copied: prices, discounts and taxes stay as quoted.
        lines.with_context(**{NEW_ORDER: TRUSTED}).write({"order_id": proposal.id})
        self._post_note_list(
            self.env._("Declined work moved to %(name)s:", name=proposal.name), labels
        )
        proposal._post_note_list(
            self.env._(
                "Work declined on %(name)s, to follow up on %(date)s:",
                name=self.name,
                date=follow_up_date,
            ),
            labels,
        )
        return proposal

    def action_view_proposals(self):
        self.ensure_one()
        return self.proposed_order_ids._get_records_action(
            name=self.env._("Proposed Work")
        )

    @api.model
    def _cron_follow_up_proposals(self, batch_size=200):
        """On the follow-up date: an activity for the salesperson and, when
        the Proposed stage has a reminder template, a text to the customer."""
        today = fields.Date.context_today(self)
        domain = [
            ("proposed_from_id", "!=", False),
            ("follow_up_date", "<=", today),
            ("follow_up_done", "=", False),
            ("state", "in", ["draft", "sent"]),
        ]
        proposals = self.search(domain, limit=batch_size)
        for proposal in proposals:
            proposal.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=proposal.follow_up_date,
                summary=self.env._("Follow up the proposed work"),
                user_id=proposal.user_id.id or self.env.uid,
            )
            template = proposal.company_id.work_stage_proposed_id.reminder_template_id
            if template:
                proposal._sms_queue_template(template)
        proposals.with_context(**{INTERNAL_WRITE: TRUSTED}).write(
            {"follow_up_done": True}
        )
        self.env["ir.cron"]._notify_progress(
            done=len(proposals), remaining=self.search_count(domain)
        )
