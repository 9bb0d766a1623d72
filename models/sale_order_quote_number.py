# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..tools.quote_number import (
    InvalidQuoteNumber,
    format_quote_number,
    is_q_format,
    mistyped_candidates,
    parse_quote_number,
    quarter_of,
    search_variants,
)
from ..tools.trusted import REVISION, trusted
from .product_template import DOCUMENT_PLACEMENTS


class SaleOrder(models.Model):
    _inherit = "sale.order"

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
            domains = [
                super(SaleOrder, self)._search_display_name(operator, variant)
                for variant in search_variants(value)
            ]
            # A number with a wrong check digit: the quotes it could have
            # meant (one digit wrong, or two neighbours swapped).
            candidates = mistyped_candidates(value)
            if candidates:
                domains.append([("quote_number", "in", candidates)])
                self._notify_mistyped_number(value, candidates)
            return expression.OR(domains)
        return super()._search_display_name(operator, value)

    def _notify_mistyped_number(self, typed, candidates):
        """Tell the person searching that ``typed`` cannot be a quote number
        (its check digit says so) and which existing quotes it could have
        meant are shown, as a notification of the web client."""
        found = self.search_fetch(
            [("quote_number", "in", candidates)], ["quote_number"], limit=6
        )
        if not found:
            return
        numbers = sorted(set(found.mapped("quote_number")))
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": "info",
                "title": self.env._("Mistyped quote number?"),
                "message": self.env._(
                    "%(typed)s has a wrong check digit: no quote has it. Shown "
                    "instead, the quotes it could have meant: %(numbers)s.",
                    typed=typed.strip(),
                    numbers=", ".join(numbers),
                ),
            },
        )

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
            order.quote_to = order._quote_to_of(order.partner_invoice_id)

    @api.model
    def _quote_to_of(self, partner):
        """The Quote To of an order invoiced to ``partner``: its name, then
        its address once (the form's customer field asks for names with
        addresses, show_address, which would repeat it)."""
        if not partner:
            return False
        partner = partner.with_context(
            show_address=False, show_email=False, show_vat=False
        )
        address = partner._display_address(without_company=True).splitlines()
        lines = (line.strip() for line in (partner.display_name, *address))
        # An empty street2 or state leaves a blank line in Odoo's format.
        return "\n".join(line for line in lines if line)

    @api.depends("company_id", "quote_date")
    def _compute_validity_date(self):
        """Expiry: the quote date plus the company's quotation validity.

        Odoo's own compute runs first: where it gives the validity of a
        quotation template (sale_management), that one stays.
        """
        result = super()._compute_validity_date()
        today = fields.Date.context_today(self)
        for order in self:
            template = (
                order["sale_order_template_id"]
                if ("sale_order_template_id" in order._fields)
                else None
            )
            if template and template.number_of_days > 0:
                continue
            days = order.company_id.quotation_validity_days
            if days > 0:
                order.validity_date = (order.quote_date or today) + timedelta(days)
            else:
                order.validity_date = False
        return result

    @api.model_create_multi
    def create(self, vals_list):
        """Give each new quote its date, its number and its name."""
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
            if vals.get("quote_number") and not trusted(self, REVISION):
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
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("quote_number"):
            self._check_quote_number_change(vals)
        return super().write(vals)

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
