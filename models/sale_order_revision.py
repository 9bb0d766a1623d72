# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.revision_diff import QuoteLine, diff_quote_lines, total_delta
from ..tools.trusted import INTERNAL_WRITE, ISSUING, REVISION, TRUSTED, trusted

QUOTE_STATES = [
    ("in_progress", "In Progress"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("amended", "Amended"),
    ("cancelled", "Cancelled"),
    ("expired", "Expired"),
]
# Quotes the addon itself locks: what the customer received. An approved
# order is locked by Odoo's own lock (``locked``, ``_get_protected_fields``).
LOCKED_QUOTE_STATES = ("submitted", "amended", "cancelled", "expired")
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


class SaleOrder(models.Model):
    _inherit = "sale.order"

    revision_number = fields.Integer(default=0, copy=False, readonly=True)

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
        help="The quote was issued, amended, cancelled or expired: make a new "
        "revision to change it. An approved order is locked by Odoo's lock.",
    )

    work_approval_locked = fields.Boolean(
        compute="_compute_work_approval_locked",
        help="Locked because the customer approved it, under the company's "
        "Approval Locks Orders setting: cancelling it opens it again.",
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

    @api.depends("quote_state")
    def _compute_quote_locked(self):
        for order in self:
            order.quote_locked = order.quote_state in LOCKED_QUOTE_STATES

    @api.depends("quote_state", "locked", "company_id.work_approval_lock")
    def _compute_work_approval_locked(self):
        for order in self:
            order.work_approval_locked = (
                order.locked
                and order.quote_state == "approved"
                and order.company_id.work_approval_lock
            )

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

    def write(self, vals):
        if not trusted(self, INTERNAL_WRITE):
            self._check_quote_lock(vals)
        return super().write(vals)

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
        self.with_context(**{INTERNAL_WRITE: TRUSTED}).write({"quote_state": state})

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
            self._record_issue(pdf)
        return message

    def _quote_version_to_print(self):
        """The version a quotation PDF carries: while it is being issued
        (sent by email, or marked as submitted), the version it becomes."""
        self.ensure_one()
        if self.env.context.get("mark_so_as_sent") or trusted(self, ISSUING):
            return self.issue_count + 1
        return self.issue_count

    def _record_issue(self, pdf=None):
        """Count a new version and keep, once, the PDF the customer received:
        the email's own attachment when there is one, renamed
        ``<name>-v<N>.pdf``; else the PDF rendered now."""
        # Messages posted from here are not new issues of the quote.
        for order in self.with_context(mark_so_as_sent=False):
            version = order.issue_count + 1
            values = {"name": f"{order.name}-v{version}.pdf"}
            if pdf:
                values["description"] = "SHA-256 " + hashlib.sha256(pdf.raw).hexdigest()
                # Kept on the order, whatever the email linked it to.
                values.update(res_model=order._name, res_id=order.id)
                pdf.write(values)
            else:
                content = order._render_quote_pdf()
                self.env["ir.attachment"].create(
                    {
                        **values,
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
            order.with_context(**{INTERNAL_WRITE: TRUSTED}).write(values)
            if order.revision_of_id and version == 1:
                order._post_revision_changes()

    def _render_quote_pdf(self):
        """The quotation PDF as issued now (it carries the next version)."""
        self.ensure_one()
        content, _report_type = (
            self.env["ir.actions.report"]
            .with_context(**{ISSUING: TRUSTED})
            ._render_qweb_pdf("sale.action_report_saleorder", self.ids)
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
            items.append(f"{text} ({amount(change.total_delta)})")
        title = self.env._(
            "Changes against %(previous)s, total %(delta)s:",
            previous=previous.display_name,
            delta=amount(total_delta(changes)),
        )
        if not items:
            title = self.env._(
                "No change against %(previous)s.", previous=previous.display_name
            )
        self._post_note_list(title, items)

    def _action_confirm(self):
        """Approve the quote: it keeps its number as name and gets its order
        number."""
        self._check_latest_revision(self.env._("confirmed"))
        for order in self.filtered(lambda o: not o.order_reference):
            order.order_reference = (
                self.env["ir.sequence"]
                .with_company(order.company_id)
                .next_by_code("sale.order")
            )
        result = super()._action_confirm()
        self._set_quote_state("approved")
        return result

    def action_confirm(self):
        """Lock what the customer approved with Odoo's own lock, at the moment
        Odoo's "Lock Confirmed Sales" locks, when the company asks for it."""
        result = super().action_confirm()
        self.filtered(
            lambda o: (
                o.state == "sale" and not o.locked and o.company_id.work_approval_lock
            )
        ).action_lock()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        # Cancelling on the order side is how an approved quote is unlocked.
        self.with_context(**{INTERNAL_WRITE: TRUSTED}).write(
            {"quote_state": "cancelled", "locked": False}
        )
        return result

    def action_cancel(self):
        """Cancelling is how an order locked by its approval opens again:
        Odoo refuses to cancel a locked order, so lift the lock for the
        cancel, and put it back when Odoo only opened its cancel wizard
        (closed without cancelling, the order stays Approved and locked)."""
        approved = self.filtered("work_approval_locked")
        approved.action_unlock()
        result = super().action_cancel()
        approved.filtered(lambda o: o.state != "cancel").action_lock()
        return result

    def action_draft(self):
        """A cancelled or issued quote changes through a new revision."""
        locked = self.filtered("quote_locked")
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
        revision = self.with_context(**{REVISION: TRUSTED}).copy(
            self._prepare_revision_values()
        )
        was_holding = self.quote_state in ("in_progress", "submitted")
        self._stock_hold_hand_over(revision)
        self.with_context(**{INTERNAL_WRITE: TRUSTED}).write(
            {"quote_state": "amended", "next_revision_id": revision.id}
        )
        if not was_holding:
            # An expired quote kept only its parts in work: its revision
            # holds again what its stage says.
            revision._stock_hold_apply()
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
            # Same stage, same time in it: a revision keeps its place in the
            # queue of orders waiting for parts.
            "work_stage_date": self.work_stage_date,
            "quote_to": self.quote_to,
            "internal_note": self.internal_note,
            "quote_date": self._default_quote_date(),
        }

    def action_view_revisions(self):
        self.ensure_one()
        return self._get_revisions()._get_list_records_action(self.env._("Revisions"))

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
        # Reservations go back to the shelf; parts in work in progress stay
        # (the work has started).
        released = quotes._stock_hold_release(keep_wip=True)
        for quote in quotes:
            title = self.env._(
                "Expired on %(date)s without approval.", date=quote.validity_date
            )
            if quote in released:
                title = self.env._(
                    "Expired on %(date)s without approval; its reserved parts "
                    "were released:",
                    date=quote.validity_date,
                )
            quote._post_note_list(title, released.get(quote, []))
        self.env["ir.cron"]._notify_progress(
            done=len(quotes), remaining=self.search_count(domain)
        )
