# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
from datetime import timedelta

import requests

from odoo import api, fields, models

from ..tools.sms_gateway import HttpSmsApi
from ..tools.sms_schedule import in_quiet_hours, retry_delay_minutes
from ..tools.trusted import AUTOMATIC_SMS, trusted

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


class SmsSms(models.Model):
    """Odoo's SMS queue, with an HTTP gateway, retries and quiet hours."""

    _inherit = "sms.sms"

    sale_work_stage_automatic = fields.Boolean(
        string="Sent Automatically",
        help="Sent by a stage change or a reminder: waits for the end of quiet hours.",
    )
    gateway_attempts = fields.Integer(copy=False)
    gateway_retry_at = fields.Datetime(copy=False)
    gateway_error = fields.Char(copy=False)
    gateway_unsure_since = fields.Datetime(
        copy=False,
        help="When an attempt's answer was lost: the provider may have "
        "accepted the text, to be checked before sending it again.",
    )
    sale_sms_provider_id = fields.Char(
        string="Provider Message Id", copy=False, index="btree_not_null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        if trusted(self, AUTOMATIC_SMS):
            for vals in vals_list:
                vals.setdefault("sale_work_stage_automatic", True)
        return super().create(vals_list)

    def _company_in_quiet_hours(self, company):
        local = company._company_local_now()
        return in_quiet_hours(
            local.hour + local.minute / 60.0,
            company.sms_quiet_start,
            company.sms_quiet_end,
        )

    @api.model
    def _process_queue(self, ids=None):
        """Leave out retries not yet due, and automatic SMS in quiet hours."""
        now = fields.Datetime.now()
        domain = [
            ("state", "=", "outgoing"),
            ("to_delete", "!=", True),
            "|",
            ("gateway_retry_at", "=", False),
            ("gateway_retry_at", "<=", now),
        ]
        if ids:
            domain.append(("id", "in", list(ids)))
        due = self.search(domain, limit=10000)
        # Quiet hours are those of the company of the order each text is
        # about, whoever runs the queue.
        companies = due._get_sms_companies()
        quiet = {
            company: self._company_in_quiet_hours(company) for company in companies
        }
        # Texts of a company whose gateway refused its credentials wait for
        # an administrator to fix them.
        waiting = companies.filtered(
            lambda company: (
                company.sale_sms_gateway != "iap" and company.sale_sms_credentials_error
            )
        )
        due = due.filtered(
            lambda sms: (
                sms._get_sms_company() not in waiting
                and not (
                    sms.sale_work_stage_automatic and quiet[sms._get_sms_company()]
                )
            )
        )
        if not due:
            return None
        return super()._process_queue(ids=due.ids)

    def _get_sms_company(self):
        """The companies whose SMS settings apply to these texts: the company
        of the record each is about (the order). Any recordset: later 18.0
        builds ask it of a whole batch (``_get_batch_size``) and of no text at
        all (``sms_twilio``'s status webhook). Their fallbacks (the text's own
        ``record_company_id``) come through ``super()``; else the current
        company."""
        companies = self.mail_message_id.record_company_id
        if companies:
            return companies
        if hasattr(super(), "_get_sms_company"):
            return super()._get_sms_company()
        return self.env.company

    def _get_sms_companies(self):
        return self.env["res.company"].union(*(sms._get_sms_company() for sms in self))

    def _split_by_api(self):
        """(provider API, texts) pairs, one per company with its own provider.

        Later 18.0 builds of Odoo ask this in ``send()`` and pass each API to
        ``_send`` in the context (``sms_api``), as ``sms_twilio`` does; this
        build's ``send()`` does not, so ``_send`` asks it. Texts of companies
        on Odoo's own providers go to Odoo's ``_split_by_api`` where it
        exists, else come as ``(None, texts)``: Odoo's ``_send`` picks.
        """
        via_odoo = self.browse()
        for company, texts in self.grouped(lambda sms: sms._get_sms_company()).items():
            sms_api = company._sale_sms_api()
            if sms_api is None:
                via_odoo |= texts
            else:
                yield sms_api, texts
        if not via_odoo:
            return
        if hasattr(super(), "_split_by_api"):
            yield from super(SmsSms, via_odoo)._split_by_api()
        else:
            yield None, via_odoo

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Each company's texts go through that company's provider."""
        sms_api = self.env.context.get("sms_api")
        if isinstance(sms_api, HttpSmsApi):
            self._sale_sms_send(sms_api, unlink_sent=unlink_sent)
            return None
        if sms_api is not None:
            # Odoo's own provider, chosen by Odoo's ``send()``.
            return super()._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        result = None
        for text_api, texts in self._split_by_api():
            if isinstance(text_api, HttpSmsApi):
                texts._sale_sms_send(text_api, unlink_sent=unlink_sent)
                continue
            if text_api is not None:
                texts = texts.with_context(sms_api=text_api)
            result = super(SmsSms, texts)._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        return result

    def _sale_sms_send(self, api, unlink_sent=True):
        """Send through one of the addon's providers (``api``, see
        ``tools/sms_gateway.py``) and apply its results.

        A text whose previous answer was lost (``gateway_unsure_since``) is
        first looked up at the provider when it can tell (Twilio): found, it
        is sent and not posted again.
        """
        company = api.company
        texts = self
        if hasattr(api, "_find_sent"):
            texts = self._sale_sms_recover_lost(api)
        if not texts:
            return
        messages = [
            {
                "content": body,
                "numbers": [{"number": sms.number, "uuid": sms.uuid} for sms in group],
            }
            for body, group in texts.grouped("body").items()
        ]
        results = api._send_sms_batch(
            messages, delivery_reports_url=company._sale_sms_status_url()
        )
        texts._sale_sms_apply_results(company, results, unlink_sent=unlink_sent)

    def _sale_sms_recover_lost(self, api):
        """The texts still to post: those whose lost answer hid an accepted
        text are marked sent here."""
        unsure = self.filtered("gateway_unsure_since")
        found = []
        for sms in unsure:
            try:
                provider_id = api._find_sent(
                    sms.number, sms.body, sms.gateway_unsure_since
                )
            except requests.RequestException as error:
                sms._gateway_retry_later(f"{type(error).__name__}: {error}")
                found.append(sms.id)
                continue
            if provider_id:
                sms._sale_sms_mark_sent(provider_id)
                found.append(sms.id)
        return self - self.browse(found)

    def _sale_sms_mark_sent(self, provider_id, unlink_sent=True):
        self.ensure_one()
        self.sms_tracker_id._action_update_from_sms_state("pending")
        self.sms_tracker_id.sale_sms_provider_id = provider_id
        self.write(
            {
                "state": "pending",
                "failure_type": False,
                "gateway_error": False,
                "gateway_unsure_since": False,
                "sale_sms_provider_id": provider_id,
                "to_delete": unlink_sent,
            }
        )

    def _sale_sms_apply_results(self, company, results, unlink_sent=True):
        """Write the outcome of each text, from this thread only."""
        by_uuid = {sms.uuid: sms for sms in self}
        credentials_error = None
        for result in results:
            sms = by_uuid[result["uuid"]]
            state, reason = result["state"], result["reason"]
            if state == "sent":
                sms._sale_sms_mark_sent(result["provider_id"], unlink_sent)
            elif state == "wrong_number":
                sms._gateway_fail("sms_number_format", reason)
            elif state == "refused":
                sms._gateway_fail("sms_server", reason)
            elif state == "credentials":
                # Not the text's fault: it waits for the credentials.
                credentials_error = reason
                sms.gateway_error = reason
            elif state == "rate_limited":
                sms.write(
                    {
                        "gateway_error": reason,
                        "gateway_retry_at": fields.Datetime.now()
                        + timedelta(seconds=result["retry_after"]),
                    }
                )
            else:
                if result.get("unsure") and not sms.gateway_unsure_since:
                    sms.gateway_unsure_since = fields.Datetime.now()
                sms._gateway_retry_later(reason)
        if credentials_error:
            company._sale_sms_report_credentials_error(credentials_error)
        self.with_context(
            sms_skip_msg_notification=True
        ).mail_message_id._notify_message_notification_update()

    def _sale_sms_apply_report(self, trackers, state, failure_type=False):
        """A provider's delivery report, applied as Odoo's own
        (sms/controllers/main.py): the notification says what happened (a
        failure only there: ``sms.sms`` has no delivery failure type), and the
        text is done with."""
        if state == "error":
            trackers._action_update_from_provider_error(failure_type[len("sms_") :])
        else:
            trackers._action_update_from_sms_state(state)
            self.write({"state": state, "failure_type": False})
        self.to_delete = True

    def _gateway_retry_later(self, reason):
        """Server errors and timeouts: try again later, a bounded number of times."""
        self.ensure_one()
        attempts = self.gateway_attempts + 1
        if attempts >= MAX_ATTEMPTS:
            self._gateway_fail("sms_server", reason, attempts)
            return
        _logger.info("SMS %s: gateway failed (%s), retry %s", self.id, reason, attempts)
        self.write(
            {
                "gateway_attempts": attempts,
                "gateway_error": reason,
                "gateway_retry_at": fields.Datetime.now()
                + timedelta(minutes=retry_delay_minutes(attempts)),
            }
        )

    def _gateway_fail(self, failure_type, reason, attempts=None):
        self.ensure_one()
        self.sms_tracker_id._action_update_from_sms_state(
            "error", failure_type=failure_type
        )
        self.write(
            {
                "state": "error",
                "failure_type": failure_type,
                "gateway_error": reason,
                "gateway_attempts": attempts or self.gateway_attempts + 1,
            }
        )
