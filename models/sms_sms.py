# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import requests

from odoo import api, fields, models

from ..tools.sms_schedule import in_quiet_hours, retry_delay_minutes

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
GATEWAY_THREADS = 8


def classify_answer(response):
    """(kind, reason) of a gateway answer: sent, wrong_number (4xx) or retry
    (5xx, or 2xx without a message id)."""
    status = response.status_code
    if 200 <= status < 300:
        try:
            provider_id = (response.json() or {}).get("id")
        except (ValueError, AttributeError):
            provider_id = None
        if provider_id:
            return "sent", None
        return "retry", f"HTTP {status} without a message id"
    reason = f"HTTP {status}: {response.text[:200]}"
    if 400 <= status < 500:
        return "wrong_number", reason
    return "retry", reason


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

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("sale_work_stage_automatic_sms"):
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
        quiet = {
            company: self._company_in_quiet_hours(company)
            for company in due._get_sms_companies()
        }
        due = due.filtered(
            lambda sms: (
                not (sms.sale_work_stage_automatic and quiet[sms._get_sms_company()])
            )
        )
        if not due:
            return None
        return super()._process_queue(ids=due.ids)

    def _get_sms_company(self):
        """The company whose SMS settings apply: the company of the record
        the text is about (the order), else the current one."""
        self.ensure_one()
        return self.mail_message_id.record_company_id or self.env.company

    def _get_sms_companies(self):
        return self.env["res.company"].union(*(sms._get_sms_company() for sms in self))

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Each company's texts go through that company's provider."""
        result = None
        for company, texts in self.grouped(lambda sms: sms._get_sms_company()).items():
            if company.sale_sms_gateway != "json":
                result = super(SmsSms, texts)._send(
                    unlink_failed=unlink_failed,
                    unlink_sent=unlink_sent,
                    raise_exception=raise_exception,
                )
            else:
                texts._send_http(company, unlink_sent=unlink_sent)
        return result

    def _send_http(self, company, unlink_sent=True):
        """One gateway call per SMS, its uuid as reference: a gateway seeing
        the same reference twice knows it is the same message.

        Calls run on a few threads (they wait on the network); the database
        is written from this thread only, grouped by outcome.
        """
        # sudo: the token is readable by system administrators only; the
        # queue runs as whoever triggered it.
        settings = company.sudo()
        request = {
            "url": settings.sms_http_url,
            "headers": {"Authorization": f"Bearer {settings.sms_http_token or ''}"},
            "timeout": settings.sms_http_timeout or 10,
        }
        sender = settings.sms_http_sender or company.name
        payloads = [
            (
                sms.id,
                {
                    "to": sms.number,
                    "from": sender,
                    "text": sms.body,
                    "reference": sms.uuid,
                },
            )
            for sms in self
        ]
        sessions = threading.local()

        def post(payload):
            if not hasattr(sessions, "session"):
                sessions.session = requests.Session()
            try:
                response = sessions.session.post(json=payload, **request)
            except requests.RequestException as error:
                return "retry", f"{type(error).__name__}: {error}"
            return classify_answer(response)

        with ThreadPoolExecutor(max_workers=GATEWAY_THREADS) as pool:
            outcomes = dict(
                zip(
                    [sms_id for sms_id, _payload in payloads],
                    pool.map(post, [payload for _sms_id, payload in payloads]),
                    strict=True,
                )
            )
        by_kind = defaultdict(list)
        for sms_id, (kind, reason) in outcomes.items():
            by_kind[kind].append((sms_id, reason))
        sent = self.browse([sms_id for sms_id, _reason in by_kind["sent"]])
        if sent:
            sent.sms_tracker_id._action_update_from_sms_state("pending")
            sent.write(
                {
                    "state": "pending",
                    "failure_type": False,
                    "gateway_error": False,
                    "to_delete": unlink_sent,
                }
            )
        for sms_id, reason in by_kind["wrong_number"]:
            self.browse(sms_id)._gateway_fail("sms_number_format", reason)
        for sms_id, reason in by_kind["retry"]:
            self.browse(sms_id)._gateway_retry_later(reason)
        self.with_context(
            sms_skip_msg_notification=True
        ).mail_message_id._notify_message_notification_update()

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
