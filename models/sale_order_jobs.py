# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount

from ..tools.authorization_jobs import JobLine, decide, has_jobs, split_jobs

# How long declined work waits before the salesperson follows it up.
FOLLOW_UP_MONTHS = 1


class SaleOrder(models.Model):
    """A quote's jobs (its sections) and the customer's authorization of each:
    approved jobs are confirmed, declined ones kept as proposed work."""

    _inherit = "sale.order"

    authorization_ids = fields.One2many(
        "sale.order.authorization", "order_id", string="Authorizations", readonly=True
    )
    authorization_count = fields.Integer(compute="_compute_authorization_count")

    @api.depends("authorization_ids")
    def _compute_authorization_count(self):
        for order in self:
            order.authorization_count = len(order.authorization_ids)

    # Jobs ------------------------------------------------------------------

    def _work_job_lines(self):
        self.ensure_one()
        return [
            JobLine(line.id, line.display_type, line.name or "", line.price_total)
            for line in self.order_line.sorted(lambda line: (line.sequence, line.id))
        ]

    def _work_jobs(self):
        """The quote's jobs (``tools.authorization_jobs.Job``), in order."""
        return split_jobs(self._work_job_lines())

    def _work_has_jobs(self):
        """Whether the customer authorizes this quote job by job: it has
        sections with work in them. Without, it is signed whole, as in Odoo."""
        self.ensure_one()
        return has_jobs(self._work_job_lines())

    def _work_job_title(self, job):
        return job.title or self.env._("Work")

    def _work_portal_authorization_props(self):
        """What the customer's job authorization form shows (JSON)."""
        self.ensure_one()
        currency = self.currency_id
        return {
            "callUrl": self.get_portal_url(suffix="/authorize"),
            "defaultName": self.partner_id.name
            or self.partner_id.commercial_partner_id.name,
            "version": self.issue_count,
            "currency": {
                "symbol": currency.symbol,
                "position": currency.position,
                "digits": currency.decimal_places,
            },
            "jobs": [
                {
                    "key": job.key,
                    "title": self._work_job_title(job),
                    "amount": job.amount,
                    "amountLabel": format_amount(self.env, job.amount, currency),
                }
                for job in self._work_jobs()
            ],
        }

    # Authorization -----------------------------------------------------------

    def _work_authorization_refusal(self, version=None):
        """Why this quote cannot be authorized now (a sentence for the
        customer), or None."""
        self.ensure_one()
        if self.quote_state == "amended":
            latest = self._get_latest_revision().name
            return self.env._(
                "This quote was replaced by a newer version (%(latest)s). Open the "
                "link of the latest version.",
                latest=latest,
            )
        given = self.authorization_ids.filtered(
            lambda a: a.version == self.issue_count
        )[:1]
        if given:
            when = fields.Datetime.context_timestamp(self, given.authorized_on)
            return self.env._(
                "This quote was already authorized by %(name)s on %(date)s.",
                name=given.signed_by,
                date=when.strftime("%Y-%m-%d %H:%M"),
            )
        if self.state not in ("draft", "sent") or self.quote_state in (
            "cancelled",
            "expired",
        ):
            states = dict(self._fields["quote_state"]._description_selection(self.env))
            return self.env._(
                "This quote is no longer open for authorization (%(status)s). "
                "Please call %(contact)s.",
                status=states[self.quote_state],
                contact=self._work_shop_contact(),
            )
        if version is not None and version != self.issue_count:
            return self._work_changed_message()
        return None

    def _work_changed_message(self):
        return self.env._(
            "This quote changed since the page was opened. Reload the page "
            "to see the current version."
        )

    def _work_shop_contact(self):
        """Whom the customer calls: the company, with its phone."""
        self.ensure_one()
        if self.company_id.phone:
            return f"{self.company_id.name} ({self.company_id.phone})"
        return self.company_id.name

    def _work_lock_for_authorization(self):
        """Take the order's row lock: two submits of one form (two tabs, a
        double tap) are serialized; the second finds the first's authorization."""
        self.env.cr.execute(
            SQL("SELECT id FROM sale_order WHERE id IN %s FOR UPDATE", tuple(self.ids))
        )
        self.invalidate_recordset()

    def _work_authorize(
        self,
        approved_keys,
        signed_by,
        method,
        signature=None,
        ip_address=None,
        note=None,
        version=None,
    ):
        """Record the customer's authorization of the jobs ``approved_keys``
        (section line ids, 0 for the lines before the first section): the
        declined jobs become a Proposed & Re-scheduled estimate, the quote is
        signed and, unless a payment is still asked, confirmed with the
        approved jobs. Refused with a UserError, nothing stored."""
        self.ensure_one()
        self._work_lock_for_authorization()
        refusal = self._work_authorization_refusal(version)
        if refusal:
            raise UserError(refusal)
        if not (signed_by or "").strip():
            raise UserError(self.env._("Enter the name of the person authorizing."))
        if method in ("portal", "sms_link") and not signature:
            raise UserError(self.env._("Sign in the box to authorize the work."))
        jobs = self._work_jobs()
        try:
            approved, declined = decide(jobs, set(approved_keys))
        except ValueError as error:
            raise UserError(self._work_changed_message()) from error
        if not approved:
            raise UserError(
                self.env._(
                    "Approve at least one job, or decline the whole quote with Reject."
                )
            )
        proposal = self.browse()
        if declined:
            proposal = self._work_move_to_proposal(
                self.order_line.browse(
                    [line_id for job in declined for line_id in job.line_ids]
                ),
                fields.Date.add(
                    fields.Date.context_today(self), months=FOLLOW_UP_MONTHS
                ),
                self.env._("Declined by %(name)s.", name=signed_by.strip()),
            )
        authorization = self.env["sale.order.authorization"].create(
            {
                "order_id": self.id,
                "signed_by": signed_by.strip(),
                "signature": signature,
                "method": method,
                "note": note,
                "ip_address": ip_address,
                "version": self.issue_count,
                "user_id": self.env.user.id
                if method in ("in_person", "phone")
                else False,
                "proposal_id": proposal.id,
                "job_ids": [
                    fields.Command.create(
                        {
                            "sequence": index,
                            "name": self._work_job_title(job),
                            "amount": job.amount,
                            "approved": job in approved,
                        }
                    )
                    for index, job in enumerate(jobs)
                ],
            }
        )
        self._work_post_authorization(authorization)
        self.write(
            {
                "signed_by": authorization.signed_by,
                "signed_on": authorization.authorized_on,
                "signature": signature,
            }
        )
        if not self._work_payment_due():
            if method in ("portal", "sms_link"):
                # As Odoo's portal Sign: confirmed, with its confirmation e-mail.
                self._validate_order()
            else:
                # Recorded by the shop, which tells the customer itself.
                self.action_confirm()
        return authorization

    def _work_payment_due(self):
        """Whether the customer still pays before the order is confirmed:
        Odoo's online payment is asked (the quote's Online Payment, or a
        deposit stage) and a payment provider can take it. Without one, the
        customer would meet "No payment method available": the authorization
        confirms the order instead."""
        self.ensure_one()
        if not self._has_to_be_paid():
            return False
        providers = (
            self.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                self.company_id.id,
                self.partner_invoice_id.id,
                self._get_prepayment_required_amount(),
                currency_id=self.currency_id.id,
                sale_order_id=self.id,
            )
        )
        return bool(providers)

    def _work_post_authorization(self, authorization):
        """Say in the chatter who authorized which jobs, and how."""
        methods = dict(authorization._fields["method"]._description_selection(self.env))
        amount = self.currency_id.format
        items = []
        for job in authorization.job_ids:
            if job.approved:
                text = self.env._("Approved: %(job)s", job=job.name)
            else:
                text = self.env._("Declined: %(job)s", job=job.name)
            items.append(f"{text} ({amount(job.amount)})")
        self._post_note_list(
            self.env._(
                "Work authorized by %(name)s (%(method)s), version %(version)s:",
                name=authorization.signed_by,
                method=methods[authorization.method],
                version=authorization.version,
            ),
            items,
        )

    def action_view_authorizations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Authorizations"),
            "res_model": "sale.order.authorization",
            "view_mode": "list,form",
            "domain": [("order_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_open_authorization_record(self):
        """Record an authorization given in person or by phone."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Authorization"),
            "res_model": "sale.work.authorization.record",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }
