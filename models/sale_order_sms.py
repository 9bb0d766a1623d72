# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import api, fields, models

from ..tools.trusted import AUTOMATIC_SMS, INTERNAL_WRITE, REVISION, TRUSTED, trusted


class SaleOrder(models.Model):
    _inherit = "sale.order"

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

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        if not trusted(self, REVISION):
            # A revision enters no stage: its customer was texted already.
            orders._sms_queue_stage_entry()
        return orders

    def write(self, vals):
        entering = self._work_stage_entering(vals)
        if entering:
            # A new stage, a new reminder.
            vals = {**vals, "stage_reminder_stage_id": False}
        result = super().write(vals)
        entering._sms_queue_stage_entry()
        return result

    def _sms_recipient(self):
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

    def _get_sms_portal_url(self):
        """The link to the order's portal page for a text message.

        Absolute, with the order's access token and ``via=sms`` (what the
        customer authorizes from it is recorded as by text link); shortened
        by Odoo's link tracker (``/r/<code>``) when link_tracker is installed.
        Templates use it as ``{{ object._get_sms_portal_url() }}``.
        """
        self.ensure_one()
        # via=sms: an authorization given from this page came by a text link.
        url = self.get_base_url() + self.get_portal_url(query_string="&via=sms")
        if "link.tracker" not in self.env:
            return url
        # sudo: only administrators may create link trackers, and the text of
        # any salesperson's message needs one; the title avoids fetching the page.
        tracker = (
            self.env["link.tracker"]
            .sudo()
            .search_or_create([{"url": url, "title": self.name}])
        )
        return tracker.short_url or url

    def _sms_queue_template(self, template):
        """Queue ``template`` for the customer, or say in the chatter why not.

        Queued, never sent inside this transaction: the SMS cron sends it
        soon after the commit, outside quiet hours.
        """
        self.ensure_one()
        partner, problem = self._sms_recipient()
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
        self.sudo().with_context(**{AUTOMATIC_SMS: TRUSTED})._message_sms_with_template(
            template=template.sudo(),
            partner_ids=partner.ids,
            sms_pid_to_number={partner.id: partner.phone_sanitized},
            put_in_queue=True,
        )
        self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
        return True

    def _sms_queue_stage_entry(self):
        """Text the customers of orders that entered a stage that says so."""
        now = fields.Datetime.now()
        for order in self.filtered(
            lambda o: (
                o.work_stage_id.send_sms
                and o.work_stage_id.sms_template_id
                and not o.work_stage_id._refused_orders(o)
            )
        ):
            stage = order.work_stage_id
            window = timedelta(hours=order.company_id.sms_resend_window_hours)
            if (
                order.last_stage_sms_stage_id == stage
                and order.last_stage_sms_date
                and now - order.last_stage_sms_date < window
            ):
                continue
            if order._sms_queue_template(stage.sms_template_id):
                order.with_context(**{INTERNAL_WRITE: TRUSTED}).write(
                    {"last_stage_sms_stage_id": stage.id, "last_stage_sms_date": now}
                )

    def action_send_sms(self):
        """Open Odoo's SMS composer for these orders' customers."""
        # The text of the orders' stage, when it fits every one of them.
        stages = self.work_stage_id
        template = (
            stages.sms_template_id
            if len(stages) == 1 and not stages._refused_orders(self)
            else self.env["sms.template"]
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
                order._sms_queue_template(stage.reminder_template_id)
            orders.with_context(**{INTERNAL_WRITE: TRUSTED}).write(
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
            order._sms_queue_template(template)
        batch.with_context(**{INTERNAL_WRITE: TRUSTED}).write(
            {"expiry_reminder_sent": True}
        )
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=len(due) - len(batch)
        )
