# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
from datetime import datetime, timedelta

import pytz
import requests

from odoo import api, fields, models

from ..tools.phone import in_quiet_hours, retry_delay_minutes

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

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("sale_work_stage_automatic_sms"):
            for vals in vals_list:
                vals.setdefault("sale_work_stage_automatic", True)
        return super().create(vals_list)

    def _company_in_quiet_hours(self, company):
        tz = pytz.timezone(company.partner_id.tz or "UTC")
        local = datetime.now(tz)
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
        if self._company_in_quiet_hours(self.env.company):
            domain.append(("sale_work_stage_automatic", "=", False))
        if ids:
            domain.append(("id", "in", list(ids)))
        due = self.search(domain, limit=10000).ids
        if not due:
            return None
        return super()._process_queue(ids=due)

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        company = self.env.company
        if company.sms_provider != "http":
            return super()._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        return self._send_http(company, unlink_sent=unlink_sent)

    def _send_http(self, company, unlink_sent=True):
        """One gateway call per SMS, its uuid as reference: a gateway seeing
        the same reference twice knows it is the same message."""
        # sudo: the token is readable by system administrators only; the
        # queue runs as whoever triggered it.
        settings = company.sudo()
        session = requests.Session()
        for sms in self:
            payload = {
                "to": sms.number,
                "from": settings.sms_http_sender or company.name,
                "text": sms.body,
                "reference": sms.uuid,
            }
            try:
                response = session.post(
                    settings.sms_http_url,
                    json=payload,
                    headers={
                        "Authorization": f"Bearer {settings.sms_http_token or ''}"
                    },
                    timeout=settings.sms_http_timeout or 10,
                )
            except requests.RequestException as error:
                sms._gateway_retry_later(f"{type(error).__name__}: {error}")
                continue
            sms._gateway_apply_answer(response, unlink_sent)
        sms_all = self.with_context(sms_skip_msg_notification=True)
        sms_all.mail_message_id._notify_message_notification_update()

    def _gateway_apply_answer(self, response, unlink_sent):
        self.ensure_one()
        status = response.status_code
        if 200 <= status < 300:
            try:
                provider_id = (response.json() or {}).get("id")
            except ValueError:
                provider_id = None
            if not provider_id:
                self._gateway_retry_later(f"HTTP {status} without a message id")
                return
            self.sms_tracker_id._action_update_from_sms_state("pending")
            self.write(
                {
                    "state": "pending",
                    "failure_type": False,
                    "gateway_error": False,
                    "to_delete": unlink_sent,
                }
            )
        elif 400 <= status < 500:
            self._gateway_fail(
                "sms_number_format", f"HTTP {status}: {response.text[:200]}"
            )
        else:
            self._gateway_retry_later(f"HTTP {status}: {response.text[:200]}")

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
