# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import hashlib
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, float_compare
from odoo.tools.sql import index_exists

from ..tools.order_status import (
    INVOICING_PROGRESS,
    PAYMENT_PROGRESS,
    PIPELINE_STATUSES,
    delay_alert,
    paid_amount,
    pipeline_status,
    progress,
    share_percent,
)
from ..tools.quote_number import (
    InvalidQuoteNumber,
    format_quote_number,
    is_q_format,
    parse_quote_number,
    quarter_of,
    search_variants,
)
from ..tools.revision_diff import QuoteLine, diff_quote_lines, total_delta
from .product_template import DOCUMENT_PLACEMENTS

QUOTE_STATES = [
    ("in_progress", "In Progress"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("amended", "Amended"),
    ("cancelled", "Cancelled"),
    ("expired", "Expired"),
]
LOCKED_QUOTE_STATES = ("submitted", "approved", "amended", "cancelled", "expired")
REVISABLE_QUOTE_STATES = ("in_progress", "submitted", "cancelled", "expired")
# Header fields a locked quote refuses to change; lines are guarded on the lines.
QUOTE_PROTECTED_FIELDS = (
    "partner_id",
    "partner_invoice_id",
    "partner_shipping_id",
    "quote_to",
    "quote_date",
    "validity_date",
    "pricelist_id",
    "payment_term_id",
    "fiscal_position_id",
    "note",
    "quote_number",
)
INTERNAL_WRITE = "sale_work_stage_internal_write"
# Indexes of the two pipelines: a kanban column is one stage (or status),
# newest first as Odoo orders sales, with the amounts it sums; see
# bench/pipeline_kanban.py for the plans they give at a million orders.
PIPELINE_INDEXES = {
    "sale_order_work_stage_pipeline_index": "work_stage_id",
    "sale_order_pipeline_status_index": "pipeline_status",
}
# The order fields computed from the product statuses of its lines.
PIPELINE_FIELDS = ("pipeline_status", "booking_alert")


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
    quote_number = fields.Char(
        copy=False,
        index=True,
        tracking=True,
        help="Q-YYQSSSV: year and quarter of the quote date, sequence within the "
        "quarter and a check digit. Work-stage managers may type another one.",
    )
    order_reference = fields.Char(
        string="Order Number",
        copy=False,
        index=True,
        readonly=True,
        tracking=True,
        help="Number from the sales order sequence, given at confirmation.",
    )
    revision_number = fields.Integer(default=0, copy=False, readonly=True)
    quote_date = fields.Date(
        required=True,
        copy=False,
        tracking=True,
        default=lambda self: self._default_quote_date(),
        help="Date of the quote; its year and quarter are in the quote number.",
    )
    quote_to = fields.Text(
        compute="_compute_quote_to",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Address printed on the quote, copied from the customer's invoice "
        "address; editing it does not change the customer.",
    )
    internal_note = fields.Text(
        tracking=True,
        help="Private comments: never printed, shown on the portal or emailed.",
    )
    amount_total_cents = fields.Integer(
        compute="_compute_amount_total_cents",
        help="Total in the currency's smallest unit, for integrations.",
    )
    quote_state = fields.Selection(
        QUOTE_STATES,
        default="in_progress",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="In Progress: being prepared. Submitted: issued to the customer. "
        "Approved: confirmed. Amended: replaced by a newer revision. "
        "Cancelled, Expired: can be revised.",
    )
    quote_locked = fields.Boolean(
        compute="_compute_quote_locked",
        help="The quote was issued, approved, amended, cancelled or expired: "
        "make a new revision to change it.",
    )
    revision_of_id = fields.Many2one(
        "sale.order", copy=False, readonly=True, index=True
    )
    next_revision_id = fields.Many2one(
        "sale.order", string="Newer Revision", copy=False, readonly=True
    )
    revision_count = fields.Integer(compute="_compute_revision_count")
    issue_count = fields.Integer(
        string="Version",
        copy=False,
        readonly=True,
        help="How many times this quote was issued to the customer.",
    )
    backorder_return_stage_id = fields.Many2one(
        "sale.work.stage",
        string="Back to Stage",
        copy=False,
        readonly=True,
        help="Stage the order goes back to when its missing parts arrive.",
    )
    work_hold_move_ids = fields.One2many(
        "stock.move",
        compute="_compute_work_hold_move_ids",
        string="Parts Held",
        help="Parts reserved for this quotation or taken into work in progress.",
    )
    work_stage_date = fields.Datetime(
        string="In Stage Since",
        copy=False,
        readonly=True,
        default=fields.Datetime.now,
        help="When the order entered its current work stage.",
    )
    last_stage_sms_stage_id = fields.Many2one(
        "sale.work.stage", copy=False, readonly=True
    )
    last_stage_sms_date = fields.Datetime(copy=False, readonly=True)
    stage_reminder_stage_id = fields.Many2one(
        "sale.work.stage",
        copy=False,
        readonly=True,
        help="Stage for which the reminder was sent.",
    )
    expiry_reminder_sent = fields.Boolean(copy=False, readonly=True)
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
    warn_existing_order_ids = fields.Many2many(
        "sale.order",
        compute="_compute_warn_existing_order_ids",
        string="Customer's Other Estimates",
        help="Other orders of this customer in stages that warn about "
        "existing estimates.",
    )

    # Customer-order pipeline ----------------------------------------------
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

    _sql_constraints = [
        (
            "quote_number_company_revision_uniq",
            "unique(company_id, quote_number, revision_number)",
            "This quote number is already used in this company.",
        ),
    ]

    @property
    def _rec_names_search(self):
        return [*super()._rec_names_search, "quote_number", "order_reference"]

    @api.model
    def _search_display_name(self, operator, value):
        """Find quote numbers typed with or without their dash."""
        if isinstance(value, str):
            # PostgreSQL refuses NUL in a string: it cannot be in any name.
            value = value.replace("\x00", "")
        if (
            isinstance(value, str)
            and operator in ("ilike", "like", "=ilike", "=like", "=")
            and value
        ):
            return expression.OR(
                super(SaleOrder, self)._search_display_name(operator, variant)
                for variant in search_variants(value)
            )
        return super()._search_display_name(operator, value)

    def _default_quote_date(self):
        """Today, or the next working day of the company's calendar (its
        public holidays included), as Odoo's own planning finds it."""
        today = fields.Date.context_today(self)
        calendar = self.env.company.resource_calendar_id
        if not calendar:
            return today
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(today, time.min))
        end_of_first_working_day = calendar.plan_days(1, start, compute_leaves=True)
        if not end_of_first_working_day:
            return today
        return end_of_first_working_day.astimezone(tz).date()

    @api.depends("partner_invoice_id")
    def _compute_quote_to(self):
        for order in self:
            partner = order.partner_invoice_id
            if partner:
                address = partner._display_address(without_company=True).strip()
                order.quote_to = "\n".join(
                    line for line in (partner.display_name, address) if line
                )
            else:
                order.quote_to = False

    @api.depends("company_id", "quote_date")
    def _compute_validity_date(self):
        """Expiry: the quote date plus the company's quotation validity."""
        today = fields.Date.context_today(self)
        for order in self:
            days = order.company_id.quotation_validity_days
            if days > 0:
                order.validity_date = (order.quote_date or today) + timedelta(days)
            else:
                order.validity_date = False

    @api.depends("amount_total", "currency_id")
    def _compute_amount_total_cents(self):
        for order in self:
            digits = order.currency_id.decimal_places or 0
            order.amount_total_cents = round(order.amount_total * 10**digits)

    @api.depends("quote_state")
    def _compute_quote_locked(self):
        for order in self:
            order.quote_locked = order.quote_state in LOCKED_QUOTE_STATES

    def _compute_revision_count(self):
        numbered = self.filtered("quote_number")
        counts = {}
        if numbered:
            counts = {
                (company.id, number): count
                for company, number, count in self._read_group(
                    [
                        ("company_id", "in", numbered.company_id.ids),
                        ("quote_number", "in", numbered.mapped("quote_number")),
                    ],
                    ["company_id", "quote_number"],
                    ["__count"],
                )
            }
        for order in self:
            order.revision_count = counts.get(
                (order.company_id.id, order.quote_number), 0
            )

    def _get_revisions(self):
        """Every revision of this quote, oldest first."""
        self.ensure_one()
        return self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("quote_number", "=", self.quote_number),
            ],
            order="revision_number",
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
        # Cards of a kanban column share their stage: work it out, and
        # assign it, once per stage and company.
        groups = defaultdict(list)
        for order in self:
            groups[order.work_stage_id, order.company_id].append(order)
        for (stage, company), orders in groups.items():
            self.browse().concat(*orders).allowed_work_stage_ids = (
                stage._allowed_next_stages(company) | stage
                if stage
                else self.env["sale.work.stage"].search(
                    [("company_id", "in", [False, company.id])]
                )
            )

    @api.depends("work_stage_id.document_title", "state")
    def _compute_document_title(self):
        for order in self:
            if order.work_stage_id.document_title:
                order.document_title = order.work_stage_id.document_title
            elif order.state == "sale":
                order.document_title = self.env._("Work Order")
            else:
                order.document_title = self.env._("Estimate")

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

    def _save_intake_counter(self):
        for order in self.filtered(lambda o: o.work_asset_id and o.intake_counter):
            # sudo: a salesman records the reading on the asset of the order.
            order.work_asset_id.sudo().write(
                {
                    "counter": order.intake_counter,
                    "counter_date": fields.Date.context_today(self),
                }
            )

    @api.depends("partner_id", "work_stage_id", "work_asset_id")
    def _compute_warn_existing_order_ids(self):
        """Other orders of the same asset or, without one, of the same
        customer (contacts of a company count) in warning stages."""
        with_asset = self.filtered("work_asset_id")
        with_asset._assign_warn_existing(
            [("work_asset_id", "in", with_asset.work_asset_id.ids)],
            lambda order: order.work_asset_id,
        )
        by_customer = self - with_asset
        by_customer._assign_warn_existing(
            [
                (
                    "partner_id",
                    "child_of",
                    by_customer.partner_id.commercial_partner_id.ids,
                )
            ],
            lambda order: order.partner_id.commercial_partner_id,
        )

    def _assign_warn_existing(self, domain, key):
        candidates = self.browse()
        if self and key(self):
            candidates = self.search(
                expression.AND(
                    [
                        domain,
                        [
                            ("work_stage_id.warn_existing", "=", True),
                            ("state", "!=", "cancel"),
                        ],
                    ]
                )
            )
        for order in self:
            order.warn_existing_order_ids = candidates.filtered(
                lambda other, order=order: (
                    key(other) == key(order) and other.id != order._origin.id
                )
            )

    def init(self):
        result = super().init()
        for name, column in PIPELINE_INDEXES.items():
            if not index_exists(self.env.cr, name):
                self.env.cr.execute(
                    SQL(
                        "CREATE INDEX %s ON sale_order"
                        " (%s, date_order DESC, id DESC) INCLUDE (amount_total)",
                        SQL.identifier(name),
                        SQL.identifier(column),
                    )
                )
        return result

    @api.model
    def _read_group_work_stage_ids(self, stages, domain):
        """Show every stage of the user's companies as a column, even empty."""
        return stages.search([], order=stages._order)

    @api.onchange("partner_id", "work_asset_id")
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

    @api.model_create_multi
    def create(self, vals_list):
        # Own copies: the numbers given below must not leak into the caller's
        # dicts (nor into one dict passed several times).
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            company = (
                self.env["res.company"].browse(vals.get("company_id"))
                or self.env.company
            )
            if not vals.get("quote_date"):
                vals["quote_date"] = self.with_company(company)._default_quote_date()
            if vals.get("quote_number") and not self.env.context.get(
                "sale_work_stage_revision"
            ):
                self._check_typed_quote_number(vals["quote_number"])
        typed = [
            vals
            for vals in vals_list
            if vals.get("quote_number") and not vals.get("revision_number")
        ]
        self.browse()._check_quote_numbers_free(typed)
        for vals in typed:
            self._keep_typed_number_from_draws(
                vals["quote_number"], vals.get("company_id") or self.env.company.id
            )
        # Drawn numbers need no check: the counter never gives one twice and
        # moves past the Q numbers typed by hand.
        self._assign_quote_numbers(vals_list)
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self._quote_name(
                    vals["quote_number"], vals.get("revision_number", 0)
                )
        orders = super(
            SaleOrder, self.with_context(sale_work_stage_new_order=True)
        ).create(vals_list)
        orders = orders.with_env(self.env)
        orders._save_intake_counter()
        orders.filtered(
            lambda o: o.work_stage_id.reserve_stock or o.work_stage_id.in_production
        )._apply_work_stage_stock()
        orders._send_stage_sms()
        return orders

    def _assign_quote_numbers(self, vals_list):
        """Give the next Q numbers, drawn per company and quarter in one go."""
        pending = {}
        for vals in vals_list:
            if vals.get("quote_number"):
                continue
            company_id = vals.get("company_id") or self.env.company.id
            quote_date = fields.Date.to_date(vals["quote_date"])
            key = (company_id, quote_date.year, quarter_of(quote_date))
            pending.setdefault(key, []).append(vals)
        counter = self.env["sale.quote.counter"].sudo()
        for (company_id, year, quarter), group in pending.items():
            first = counter._draw(company_id, year, quarter, len(group))
            for offset, vals in enumerate(group):
                vals["quote_number"] = format_quote_number(
                    year, quarter, first + offset
                )

    @api.model
    def _keep_typed_number_from_draws(self, number, company_id):
        if not is_q_format(number):
            return
        parsed = parse_quote_number(number)
        self.env["sale.quote.counter"].sudo()._reserve_through(
            company_id, 2000 + parsed.year, parsed.quarter, parsed.sequence
        )

    @api.model
    def _quote_name(self, quote_number, revision_number=0):
        if revision_number:
            return f"{quote_number}-R{revision_number}"
        return quote_number

    def _check_typed_quote_number(self, number):
        """Only managers type numbers; a Q number must be a valid one."""
        if not self.env.su and not self.env.user.has_group(
            "sale_work_stage.group_work_stage_manager"
        ):
            raise UserError(
                self.env._(
                    "Only work-stage managers may type a quote number. Leave "
                    "the quote number empty: the next one is given on saving."
                )
            )
        if any(ord(char) < 32 for char in number or ""):
            raise ValidationError(
                self.env._(
                    "The quote number contains control characters (a tab, a "
                    "line break or a NUL): type it again with letters, digits "
                    "and punctuation only."
                )
            )
        if is_q_format(number):
            try:
                parse_quote_number(number)
            except InvalidQuoteNumber as error:
                raise ValidationError(
                    self.env._(
                        "The quote number %(number)s is probably mistyped (%(reason)s)."
                        " Check it, or leave it empty to get the next number.",
                        number=number,
                        reason=str(error),
                    )
                ) from error

    def _check_quote_numbers_free(self, vals_list):
        """Refuse a taken number with a clear message, before the index does."""
        keys = []
        for vals, order in zip(
            vals_list, self or [self.browse()] * len(vals_list), strict=True
        ):
            number = vals.get("quote_number", order.quote_number)
            if not number:
                continue
            company_id = (
                vals.get("company_id") or order.company_id.id or self.env.company.id
            )
            revision = vals.get("revision_number", order.revision_number or 0)
            key = (company_id, number, revision)
            if key in keys:
                raise ValidationError(
                    self.env._(
                        "The quote number %(number)s is given twice. Give each "
                        "quote its own number.",
                        number=number,
                    )
                )
            keys.append(key)
        if not keys:
            return
        domain = expression.OR(
            [
                [
                    ("company_id", "=", company_id),
                    ("quote_number", "=", number),
                    ("revision_number", "=", revision),
                    ("id", "not in", self.ids),
                ]
                for company_id, number, revision in keys
            ]
        )
        # sudo: the number must be free among the orders the user cannot read.
        taken = self.sudo().search(domain, limit=1)
        if taken:
            raise ValidationError(
                self.env._(
                    "The quote number %(number)s is already used by %(order)s. "
                    "Type another number, or leave it empty to get the next one.",
                    number=taken.quote_number,
                    order=taken.display_name,
                )
            )

    def write(self, vals):
        if not self.env.context.get(INTERNAL_WRITE):
            self._check_quote_lock(vals)
        if "work_stage_id" in vals:
            self._check_work_stage_transition(
                self.env["sale.work.stage"].browse(vals["work_stage_id"])
            )
        if vals.get("quote_number"):
            self._check_quote_number_change(vals)
        entering = self.browse()
        if vals.get("work_stage_id"):
            entering = self.filtered(
                lambda o: o.work_stage_id.id != vals["work_stage_id"]
            )
            if entering:
                vals = {
                    **vals,
                    "work_stage_date": fields.Datetime.now(),
                    "stage_reminder_stage_id": False,
                }
        result = super().write(vals)
        if vals.get("intake_counter") or vals.get("work_asset_id"):
            self._save_intake_counter()
        if entering:
            if not self.env.context.get("work_stage_stock_skip"):
                entering._apply_work_stage_stock()
            entering._send_stage_sms()
        return result

    def _check_quote_number_change(self, vals):
        changed = self.filtered(lambda o: o.quote_number != vals["quote_number"])
        if not changed:
            return
        not_draft = changed.filtered(lambda o: o.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "The quote number of %(orders)s can no longer change: it was "
                    "sent or confirmed. Make a new revision instead.",
                    orders=", ".join(not_draft.mapped("display_name")),
                )
            )
        self._check_typed_quote_number(vals["quote_number"])
        changed._check_quote_numbers_free([vals] * len(changed))
        for company in changed.company_id:
            self._keep_typed_number_from_draws(vals["quote_number"], company.id)
        for order in changed:
            if order.name == order._quote_name(
                order.quote_number, order.revision_number
            ):
                vals.setdefault(
                    "name",
                    self._quote_name(vals["quote_number"], order.revision_number),
                )

    def _get_lines_grouped_by_placement(self, lines):
        """The lines ordered by document placement, when the PDF should group them.

        Empty when nothing is to group: a single placement, or sections and
        notes laid out by hand (their order is kept as the user made it).
        """
        placements = [key for key, _label in DOCUMENT_PLACEMENTS]
        if any(line.display_type for line in lines):
            return lines.browse()
        if len(set(lines.mapped("document_placement"))) < 2:
            return lines.browse()
        return lines.sorted(
            lambda line: placements.index(line.document_placement or "standard")
        )

    def _log_line_changes(self, changes):
        """Log line additions, changes and removals of a quotation."""
        self.ensure_one()
        if self.env.context.get("sale_work_stage_new_order") or self.state not in (
            "draft",
            "sent",
        ):
            return
        body = Markup("<ul>%s</ul>") % Markup().join(
            Markup("<li>%s</li>") % change for change in changes
        )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _check_work_stage_transition(self, new_stage):
        """Refuse, for everyone, a move outside the current stages' transitions.

        The company's special stages stay reachable: automations move orders
        there (back order, proposed work, work order printed).
        """
        if self.env.context.get("work_stage_automation"):
            # The addon's own automation (parts arrived): no user move.
            return
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
        # Refuse here, not in the wizard: RPC may call this on any ids.
        self.check_access("write")
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

    # Quote statuses, locks, revisions, issued versions -----------------------

    def _check_quote_lock(self, vals):
        """A locked quote keeps what the customer received: refuse changes."""
        protected = set(vals) & set(QUOTE_PROTECTED_FIELDS)
        if not protected:
            return
        locked = self.filtered(
            lambda o: (
                o.quote_state in LOCKED_QUOTE_STATES
                and any(
                    o._fields[name].convert_to_write(o[name], o) != vals[name]
                    for name in protected
                )
            )
        )
        if locked:
            raise UserError(
                self.env._(
                    "%(orders)s is locked (%(state)s): its customer, addresses, "
                    "dates, pricelist, terms and lines can no longer change. "
                    "Click New Revision to change the quote.",
                    orders=", ".join(locked.mapped("display_name")),
                    state=dict(QUOTE_STATES)[locked[0].quote_state],
                )
            )

    def _set_quote_state(self, state):
        self.with_context(**{INTERNAL_WRITE: True}).write({"quote_state": state})

    def _check_latest_revision(self, action):
        superseded = self.filtered("next_revision_id")
        if superseded:
            raise UserError(
                self.env._(
                    "%(orders)s was replaced by a newer revision and cannot be "
                    "%(action)s. Open the latest revision (%(latest)s) instead.",
                    orders=", ".join(superseded.mapped("display_name")),
                    action=action,
                    latest=", ".join(
                        superseded.mapped(
                            lambda o: o._get_revisions()[-1:].display_name
                        )
                    ),
                )
            )

    def action_quotation_sent(self):
        """Mark as submitted: the quote was issued another way than by email."""
        self._check_latest_revision(self.env._("submitted"))
        result = super().action_quotation_sent()
        self._record_issue()
        return result

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        issuing = self.env.context.get("mark_so_as_sent")
        if issuing:
            self._check_latest_revision(self.env._("submitted"))
        message = super().message_post(**kwargs)
        if issuing:
            pdf = message.attachment_ids.filtered(
                lambda a: a.mimetype == "application/pdf"
            )[:1]
            self._record_issue(pdf.raw if pdf else None)
        return message

    def _record_issue(self, pdf=None):
        """Count a new version and keep the PDF the customer received."""
        # Messages posted from here are not new issues of the quote.
        for order in self.with_context(mark_so_as_sent=False):
            version = order.issue_count + 1
            content = pdf or order._render_quote_pdf()
            self.env["ir.attachment"].create(
                {
                    "name": f"{order.name}-v{version}.pdf",
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": order._name,
                    "res_id": order.id,
                    "description": "SHA-256 " + hashlib.sha256(content).hexdigest(),
                }
            )
            values = {"issue_count": version}
            if order.quote_state == "in_progress":
                values["quote_state"] = "submitted"
            order.with_context(**{INTERNAL_WRITE: True}).write(values)
            if order.revision_of_id and version == 1:
                order._post_revision_changes()

    def _render_quote_pdf(self):
        self.ensure_one()
        content, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(
            "sale.action_report_saleorder", self.ids
        )
        return content

    def _quote_lines_for_diff(self):
        return [
            QuoteLine(
                line.product_id.id or line.name,
                line.product_id.display_name or line.name,
                line.product_uom_qty,
                line.price_unit,
                line.price_subtotal,
            )
            for line in self.order_line
            if not line.display_type
        ]

    def _post_revision_changes(self):
        """Tell, in the chatter, what changed against the previous revision."""
        self.ensure_one()
        previous = self.revision_of_id
        changes = diff_quote_lines(
            previous._quote_lines_for_diff(), self._quote_lines_for_diff()
        )
        amount = self.currency_id.format
        items = []
        for change in changes:
            if change.kind == "added":
                text = self.env._(
                    "Added %(line)s: %(qty)s × %(price)s",
                    line=change.label,
                    qty=change.new.quantity,
                    price=amount(change.new.price),
                )
            elif change.kind == "removed":
                text = self.env._("Removed %(line)s", line=change.label)
            else:
                text = self.env._(
                    "%(line)s: quantity %(old_qty)s → %(qty)s, price %(old_price)s"
                    " → %(price)s",
                    line=change.label,
                    old_qty=change.old.quantity,
                    qty=change.new.quantity,
                    old_price=amount(change.old.price),
                    price=amount(change.new.price),
                )
            items.append(
                Markup("<li>%s (%s)</li>") % (text, amount(change.total_delta))
            )
        title = self.env._(
            "Changes against %(previous)s, total %(delta)s:",
            previous=previous.display_name,
            delta=amount(total_delta(changes)),
        )
        if not items:
            title = self.env._(
                "No change against %(previous)s.", previous=previous.display_name
            )
        body = Markup("<p>%s</p>") % title
        if items:
            body += Markup("<ul>%s</ul>") % Markup().join(items)
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _action_confirm(self):
        """Approve the quote: it keeps its number as name, gets its order
        number, and is locked for good."""
        self._check_latest_revision(self.env._("confirmed"))
        # The delivery takes over: what the quotation held goes back on the
        # shelf in this transaction, and the delivery reserves it right away.
        self._release_work_holds()
        for order in self.filtered(lambda o: not o.order_reference):
            order.order_reference = (
                self.env["ir.sequence"]
                .with_company(order.company_id)
                .next_by_code("sale.order")
            )
        result = super()._action_confirm()
        # Approved: locked for good, through Odoo's own lock.
        self.with_context(**{INTERNAL_WRITE: True}).write(
            {"quote_state": "approved", "locked": True}
        )
        return result

    def action_unlock(self):
        approved = self.filtered(lambda o: o.quote_state == "approved")
        if approved:
            raise UserError(
                self.env._(
                    "%(orders)s was approved by the customer and stays locked. "
                    "Cancel the order to change it, then make a new revision.",
                    orders=", ".join(approved.mapped("display_name")),
                )
            )
        return super().action_unlock()

    def _action_cancel(self):
        self._release_work_holds()
        result = super()._action_cancel()
        # Cancelling on the order side is how an approved quote is unlocked.
        self.with_context(**{INTERNAL_WRITE: True}).write(
            {"quote_state": "cancelled", "locked": False}
        )
        return result

    def action_cancel(self):
        self.filtered(lambda o: o.quote_state == "approved").with_context(
            **{INTERNAL_WRITE: True}
        ).write({"locked": False})
        return super().action_cancel()

    def action_draft(self):
        """A cancelled or issued quote changes through a new revision."""
        locked = self.filtered(lambda o: o.quote_state in LOCKED_QUOTE_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "%(orders)s is locked: click New Revision to change it.",
                    orders=", ".join(locked.mapped("display_name")),
                )
            )
        return super().action_draft()

    def action_new_revision(self):
        """Make the next revision of this quote and open it."""
        self.ensure_one()
        if self.quote_state not in REVISABLE_QUOTE_STATES or self.next_revision_id:
            raise UserError(
                self.env._(
                    "%(order)s is %(state)s: it cannot be revised. Only quotes in "
                    "progress, submitted, cancelled or expired can.",
                    order=self.display_name,
                    state=dict(QUOTE_STATES)[self.quote_state],
                )
            )
        revision = self.with_context(sale_work_stage_revision=True).copy(
            self._prepare_revision_values()
        )
        self.with_context(**{INTERNAL_WRITE: True}).write(
            {"quote_state": "amended", "next_revision_id": revision.id}
        )
        self.message_post(
            body=self.env._("Replaced by revision %(name)s.", name=revision.name),
            subtype_xmlid="mail.mt_note",
        )
        return revision._get_records_action(name=self.env._("Revision"))

    def _prepare_revision_values(self):
        """Values of the next revision (hook for other modules)."""
        self.ensure_one()
        revision_number = self.revision_number + 1
        return {
            "quote_number": self.quote_number,
            "revision_number": revision_number,
            "revision_of_id": self.id,
            "name": self._quote_name(self.quote_number, revision_number),
            "work_stage_id": self.work_stage_id.id,
            "quote_to": self.quote_to,
            "internal_note": self.internal_note,
            "quote_date": self._default_quote_date(),
        }

    def action_view_revisions(self):
        self.ensure_one()
        revisions = self._get_revisions()
        action = revisions._get_records_action(name=self.env._("Revisions"))
        if len(revisions) > 1:
            action.update(
                {"view_mode": "list,form", "views": [(False, "list"), (False, "form")]}
            )
        return action

    @api.model
    def _cron_expire_quotes(self, batch_size=500):
        """Expire, in batches, the quotes past their expiry date."""
        domain = [
            ("quote_state", "in", ["in_progress", "submitted"]),
            ("state", "in", ["draft", "sent"]),
            ("validity_date", "<", fields.Date.context_today(self)),
        ]
        quotes = self.search(domain, limit=batch_size)
        quotes._set_quote_state("expired")
        for quote in quotes:
            quote.message_post(
                body=self.env._(
                    "Expired on %(date)s without approval.", date=quote.validity_date
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.env["ir.cron"]._notify_progress(
            done=len(quotes), remaining=self.search_count(domain)
        )

    def action_print_work_order(self):
        """Print the work order; orders of 'move on print' stages move on."""
        to_move = self.filtered(
            lambda o: (
                o.work_stage_id.move_on_print
                and o.company_id.work_stage_print_target_id
                and o.work_stage_id != o.company_id.work_stage_print_target_id
            )
        )
        for company, orders in to_move.grouped("company_id").items():
            orders.write({"work_stage_id": company.work_stage_print_target_id.id})
        return self.env.ref("sale_work_stage.action_report_work_order").report_action(
            self
        )

    # SMS ---------------------------------------------------------------------

    def _sms_customer(self):
        """The customer (or its company) to text, with the reason when none.

        Odoo's partner phone fields do the work: ``phone_sanitized`` is the
        mobile, else the phone, in E.164 with the partner's (else the
        company's) country; ``phone_sanitized_blacklisted`` reads the phone
        blacklist.
        """
        self.ensure_one()
        partners = self.partner_id | self.partner_id.commercial_partner_id
        partner = next((p for p in partners if p.phone_sanitized), None)
        if not partner:
            if any(p.mobile or p.phone for p in partners):
                return None, self.env._("the customer's number is not valid")
            return None, self.env._("the customer has no mobile or phone number")
        if partner.phone_sanitized_blacklisted:
            return None, self.env._(
                "%(number)s is in the phone blacklist", number=partner.phone_sanitized
            )
        return partner, None

    def _send_automatic_sms(self, template):
        """Queue ``template`` for the customer, or say in the chatter why not.

        Queued, never sent inside this transaction: the SMS cron sends it
        soon after the commit, outside quiet hours.
        """
        self.ensure_one()
        partner, problem = self._sms_customer()
        if problem:
            self.message_post(
                body=self.env._(
                    "No SMS sent (%(template)s): %(reason)s.",
                    template=template.name,
                    reason=problem,
                ),
                subtype_xmlid="mail.mt_note",
            )
            return False
        # sudo: SMS templates are readable by administrators only, as in
        # project_sms; the message keeps the current user as author.
        self.sudo().with_context(
            sale_work_stage_automatic_sms=True
        )._message_sms_with_template(
            template=template.sudo(),
            partner_ids=partner.ids,
            sms_pid_to_number={partner.id: partner.phone_sanitized},
            put_in_queue=True,
        )
        self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
        return True

    def _send_stage_sms(self):
        """Text the customers of orders that entered a stage that says so."""
        now = fields.Datetime.now()
        for order in self.filtered(
            lambda o: o.work_stage_id.send_sms and o.work_stage_id.sms_template_id
        ):
            stage = order.work_stage_id
            window = timedelta(hours=order.company_id.sms_resend_window_hours)
            if (
                order.last_stage_sms_stage_id == stage
                and order.last_stage_sms_date
                and now - order.last_stage_sms_date < window
            ):
                continue
            if order._send_automatic_sms(stage.sms_template_id):
                order.with_context(**{INTERNAL_WRITE: True}).write(
                    {"last_stage_sms_stage_id": stage.id, "last_stage_sms_date": now}
                )

    def action_send_sms(self):
        """Open Odoo's SMS composer for these orders' customers."""
        template = self.work_stage_id.sms_template_id[:1] or self.env.ref(
            "sale_work_stage.sms_template_work_finished", raise_if_not_found=False
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send SMS"),
            "res_model": "sms.composer",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_ids": self.ids,
                "default_res_id": self.id if len(self) == 1 else False,
                "default_composition_mode": "comment" if len(self) == 1 else "mass",
                "default_template_id": template.id if template else False,
                "default_mass_keep_log": True,
            },
        }

    @api.model
    def _cron_send_stage_reminders(self, batch_size=200):
        """One reminder to orders still in a stage N days after entering it."""
        now = fields.Datetime.now()
        stages = self.env["sale.work.stage"].search(
            [("reminder_days", ">", 0), ("reminder_template_id", "!=", False)]
        )
        done = remaining = 0
        for stage in stages:
            domain = [
                ("work_stage_id", "=", stage.id),
                ("work_stage_date", "<=", now - timedelta(days=stage.reminder_days)),
                ("stage_reminder_stage_id", "!=", stage.id),
                ("state", "!=", "cancel"),
            ]
            orders = self.search(domain, limit=max(batch_size - done, 0))
            for order in orders:
                order._send_automatic_sms(stage.reminder_template_id)
            orders.with_context(**{INTERNAL_WRITE: True}).write(
                {"stage_reminder_stage_id": stage.id}
            )
            done += len(orders)
            remaining += self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _cron_send_expiry_reminders(self, batch_size=200):
        """One text to customers whose submitted quote is about to expire."""
        template = self.env.ref(
            "sale_work_stage.sms_template_quote_expiring", raise_if_not_found=False
        )
        if not template:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        today = fields.Date.context_today(self)
        domain = [
            ("quote_state", "=", "submitted"),
            ("expiry_reminder_sent", "=", False),
            ("validity_date", ">=", today),
            ("company_id.sms_quote_expiry_days", ">", 0),
        ]
        longest = max(
            self.env["res.company"].search([]).mapped("sms_quote_expiry_days") or [0]
        )
        domain.append(("validity_date", "<=", today + timedelta(days=longest)))
        candidates = self.search(domain, order="validity_date")
        due = candidates.filtered(
            lambda o: (
                o.validity_date
                <= today + timedelta(days=o.company_id.sms_quote_expiry_days)
            )
        )
        batch = due[:batch_size]
        for order in batch:
            order._send_automatic_sms(template)
        batch.with_context(**{INTERNAL_WRITE: True}).write(
            {"expiry_reminder_sent": True}
        )
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=len(due) - len(batch)
        )

    # Declined work -----------------------------------------------------------

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
                proposal._send_automatic_sms(template)
        proposals.with_context(**{INTERNAL_WRITE: True}).write({"follow_up_done": True})
        self.env["ir.cron"]._notify_progress(
            done=len(proposals), remaining=self.search_count(domain)
        )

    # Parts held by work stages --------------------------------------------------

    def _compute_work_hold_move_ids(self):
        for order in self:
            order.work_hold_move_ids = order.order_line.sudo().work_hold_move_ids

    @api.model
    def _work_stock_mode(self, stage):
        if stage.in_production:
            return "wip"
        if stage.reserve_stock:
            return "reserve"
        return "none"

    def _release_work_holds(self):
        for line in self.order_line._work_hold_lines():
            if line.sudo().work_hold_move_ids:
                line._sync_work_hold("none")
        self.filtered("backorder_return_stage_id").backorder_return_stage_id = False

    def _apply_work_stage_stock(self):
        """Reserve, take into work or give back the parts, as the stage says;
        short of stock, the order waits in the company's Back order stage."""
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            stage = order.work_stage_id
            backorder_stage = order.company_id.work_stage_backorder_id
            if stage == backorder_stage and order.backorder_return_stage_id:
                stage = order.backorder_return_stage_id
            elif order.backorder_return_stage_id:
                order.backorder_return_stage_id = False
            mode = self._work_stock_mode(stage)
            lines = order.order_line._work_hold_lines()
            held = lines.filtered(lambda line: line.sudo().work_hold_move_ids)
            todo = held
            if mode != "none":
                short = (lines - held)._work_hold_reserve_new()
                todo |= short if mode == "reserve" else (lines - held)
            if mode == "wip":
                # Parts all reserved: taken into work in one batch, as Odoo
                # validates a picking.
                ready = todo._work_hold_ready_for_wip()
                ready._work_hold_take_into_wip()
                todo -= ready
            missing = []
            for line in todo:
                short_qty = line._sync_work_hold(mode)
                if short_qty > 0:
                    missing.append((line, short_qty))
            if missing:
                order._wait_for_parts(missing)

    def _wait_for_parts(self, missing):
        self.ensure_one()
        items = Markup().join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(product)s: %(qty)s %(uom)s missing",
                product=line.product_id.display_name,
                qty=qty,
                uom=line.product_uom.name,
            )
            for line, qty in missing
        )
        backorder_stage = self.company_id.work_stage_backorder_id
        if backorder_stage and self.work_stage_id != backorder_stage:
            requested = self.work_stage_id
            self.with_context(work_stage_stock_skip=True).write(
                {
                    "work_stage_id": backorder_stage.id,
                    "backorder_return_stage_id": requested.id,
                }
            )
            title = self.env._(
                "Not enough stock: waiting in %(stage)s, back to %(requested)s when "
                "the parts arrive. What exists is reserved.",
                stage=backorder_stage.name,
                requested=requested.name,
            )
        else:
            title = self.env._("Not enough stock: what exists is reserved.")
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>") % (title, items),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _serve_work_backorders(self, products=None):
        """First come, first served: orders waiting for parts take the stock
        that arrived and go back to the stage they came from."""
        domain = [
            ("backorder_return_stage_id", "!=", False),
            ("state", "in", ["draft", "sent"]),
        ]
        if products:
            domain.append(("order_line.product_id", "in", products.ids))
        served = self.browse()
        for order in self.search(domain, order="work_stage_date, id"):
            stage = order.backorder_return_stage_id
            mode = self._work_stock_mode(stage)
            short = [
                line
                for line in order.order_line._work_hold_lines()
                if line._sync_work_hold(mode) > 0
            ]
            if short:
                continue
            order.with_context(
                work_stage_automation=True, work_stage_stock_skip=True
            ).write({"work_stage_id": stage.id, "backorder_return_stage_id": False})
            order.message_post(
                body=self.env._(
                    "The missing parts arrived: back to %(stage)s.", stage=stage.name
                ),
                subtype_xmlid="mail.mt_note",
            )
            served |= order
        return served

    @api.model
    def _cron_serve_work_backorders(self):
        served = self._serve_work_backorders()
        # Orders still waiting wait for stock, not for this job: no remaining.
        self.env["ir.cron"]._notify_progress(done=len(served), remaining=0)

    def action_view_work_holds(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Parts Held"),
            "res_model": "stock.move",
            "view_mode": "list,form",
            "domain": [("work_hold_line_id.order_id", "=", self.id)],
        }

    # Customer-order pipeline -------------------------------------------------

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
        if goods:
            return goods.mapped("booking_status")
        return [
            "delivered"
            if float_compare(
                line.qty_delivered,
                line.product_uom_qty,
                precision_rounding=line.product_uom.rounding,
            )
            >= 0
            else "not_booked"
            for line in lines
        ]

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
            statuses = order._pipeline_line_statuses()
            order.pipeline_status = pipeline_status(
                order.state,
                quote_submitted=order.state == "sent"
                or order.quote_state == "submitted",
                quote_superseded=order.quote_state == "amended",
                customer_received=bool(order.customer_received_date),
                archived=order.pipeline_archived,
                line_statuses=statuses,
                work_started=order.work_stage_id.in_production
                or any(order.order_line.mapped("work_started")),
            )
            order.booking_alert = (
                delay_alert(statuses) if order.state == "sale" else False
            ) or False

    @api.depends(
        "amount_total",
        "currency_id",
        "order_line.invoice_lines.price_total",
        "order_line.invoice_lines.move_id.state",
        "order_line.invoice_lines.move_id.amount_residual",
    )
    def _compute_invoiced_percent(self):
        today = fields.Date.context_today(self)
        for order in self:
            shares = defaultdict(float)
            for invoice_line in order.order_line.invoice_lines:
                invoice = invoice_line.move_id
                if invoice.state != "posted" or invoice.move_type not in (
                    "out_invoice",
                    "out_refund",
                ):
                    continue
                amount = invoice_line.currency_id._convert(
                    invoice_line.price_total,
                    order.currency_id,
                    order.company_id,
                    invoice.invoice_date or today,
                )
                sign = -1 if invoice.move_type == "out_refund" else 1
                shares[invoice] += sign * amount
            invoiced = sum(shares.values())
            paid = paid_amount(
                (share, invoice.amount_total, invoice.amount_residual)
                for invoice, share in shares.items()
            )
            order.invoiced_percent = share_percent(invoiced, order.amount_total)
            order.invoicing_progress = progress(
                order.invoiced_percent, INVOICING_PROGRESS
            )
            order.paid_percent = share_percent(paid, invoiced)
            order.payment_progress = progress(order.paid_percent, PAYMENT_PROGRESS)

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
        self.with_context(**{INTERNAL_WRITE: True}).write(
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
        orders.with_context(**{INTERNAL_WRITE: True}).write({"pipeline_archived": True})
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
            now = company._work_local_now()
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
