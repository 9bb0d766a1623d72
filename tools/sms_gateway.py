# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The SMS providers of the addon, shaped like Odoo's ``SmsApi``: an object
built with the company's settings whose ``_send_sms_batch(messages,
delivery_reports_url=...)`` takes Odoo's batch format
(``[{"content": ..., "numbers": [{"uuid": ..., "number": ...}]}]``) and
answers one result per uuid.

A result is ``{"uuid", "state", "provider_id", "reason", "retry_after"}``
with ``state`` one of:

- ``sent``: accepted, ``provider_id`` is the provider's message id;
- ``wrong_number``: refused for its number, never retried;
- ``refused``: refused for another reason (sender, content), never retried;
- ``credentials``: the provider refused the credentials, the text waits;
- ``rate_limited``: try again after ``retry_after`` seconds;
- ``retry``: the provider did not answer or failed (5xx): try again later.

No database here: the model applies the results.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime

import requests

GATEWAY_THREADS = 8

# Twilio's error codes that mean the number cannot be texted.
# https://www.twilio.com/docs/api/errors
TWILIO_NUMBER_ERRORS = {21211, 21214, 21217, 21407, 21408, 21421, 21610, 21612, 21614}


def value_at_path(data, path):
    """The value at dotted ``path`` of a JSON answer (``data.id``,
    ``messages.0.message-id``), or None."""
    value = data
    for key in (path or "id").split("."):
        if isinstance(value, list):
            try:
                value = value[int(key)]
            except (ValueError, IndexError):
                return None
        elif isinstance(value, dict):
            value = value.get(key)
        else:
            return None
    if isinstance(value, (str, int)) and not isinstance(value, bool) and value != "":
        return str(value)
    return None


def retry_after_seconds(value, default=60):
    """Seconds of a ``Retry-After`` header (seconds only; else ``default``)."""
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return default


def _json(response):
    try:
        return response.json()
    except ValueError:
        return None


def classify_http(status, body, headers, id_path="id", number_error=None):
    """(state, provider_id, reason, retry_after) of an HTTP answer.

    ``number_error(body)`` says whether a 4xx answer is about the number
    (default: every 4xx other than 401, 403, 408 and 429 is).
    """
    if 200 <= status < 300:
        provider_id = value_at_path(body, id_path) if body is not None else None
        if provider_id:
            return "sent", provider_id, None, None
        return "retry", None, f"HTTP {status} without a message id", None
    reason = f"HTTP {status}: {str(body)[:200]}"
    if status in (401, 403):
        return "credentials", None, reason, None
    if status == 429:
        return (
            "rate_limited",
            None,
            reason,
            retry_after_seconds(headers.get("Retry-After")),
        )
    if status == 408 or status >= 500:
        return "retry", None, reason, None
    if number_error is None or number_error(body):
        return "wrong_number", None, reason, None
    return "refused", None, reason, None


class HttpSmsApi:
    """One request per text, on a few threads (they wait on the network)."""

    timeout = 10

    def __init__(self, settings):
        self.settings = settings
        self.timeout = settings.get("timeout") or self.timeout
        self.company = None
        self._sessions = threading.local()

    def _set_company(self, company):
        """As Odoo's ``SmsApi``: the company whose texts this object sends."""
        self.company = company

    def _session(self):
        if not hasattr(self._sessions, "session"):
            self._sessions.session = requests.Session()
        return self._sessions.session

    def _send_sms_batch(self, messages, delivery_reports_url=None):
        texts = [
            (number["uuid"], number["number"], message["content"])
            for message in messages
            for number in message["numbers"]
        ]

        def send(text):
            uuid, number, body = text
            try:
                state, provider_id, reason, retry_after = self._send_one(
                    uuid, number, body, delivery_reports_url
                )
            except requests.RequestException as error:
                state, provider_id, retry_after = "retry", None, None
                reason = f"{type(error).__name__}: {error}"
                # Only a connection never made is sure not to have reached
                # the provider; after that the text may have been accepted.
                unsure = not isinstance(error, requests.ConnectTimeout)
            else:
                unsure = False
            return {
                "uuid": uuid,
                "state": state,
                "provider_id": provider_id,
                "reason": reason,
                "retry_after": retry_after,
                "unsure": unsure,
            }

        with ThreadPoolExecutor(max_workers=GATEWAY_THREADS) as pool:
            return list(pool.map(send, texts))

    def _send_one(self, uuid, number, body, delivery_reports_url):
        raise NotImplementedError


class JsonSmsApi(HttpSmsApi):
    """A JSON gateway: ``{to, from, text, reference}`` posted with a bearer
    token; the message id read at ``id_path`` of the answer. The reference
    (the text's uuid) lets the gateway recognise a text sent again."""

    def _send_one(self, uuid, number, body, delivery_reports_url):
        settings = self.settings
        response = self._session().post(
            settings["url"],
            json={
                "to": number,
                "from": settings["sender"],
                "text": body,
                "reference": uuid,
            },
            headers={"Authorization": f"Bearer {settings.get('token') or ''}"},
            timeout=self.timeout,
        )
        return classify_http(
            response.status_code,
            _json(response),
            response.headers,
            id_path=settings.get("id_path") or "id",
        )


def _twilio_number_error(body):
    return isinstance(body, dict) and body.get("code") in TWILIO_NUMBER_ERRORS


class TwilioSmsApi(HttpSmsApi):
    """Twilio's Messages API (or a compatible one): a form posted to
    ``<base>/2010-04-01/Accounts/<SID>/Messages.json`` with Basic auth."""

    def _messages_url(self):
        base = (self.settings.get("base_url") or "https://api.twilio.com").rstrip("/")
        sid = self.settings["account_sid"]
        return f"{base}/2010-04-01/Accounts/{sid}/Messages.json"

    def _auth(self):
        return (self.settings["account_sid"] or "", self.settings.get("token") or "")

    def _form(self, number, body, delivery_reports_url):
        sender = self.settings.get("sender") or ""
        form = {"To": number, "Body": body}
        if sender.startswith("MG"):
            form["MessagingServiceSid"] = sender
        else:
            form["From"] = sender
        if delivery_reports_url:
            form["StatusCallback"] = delivery_reports_url
        return form

    def _send_one(self, uuid, number, body, delivery_reports_url):
        response = self._session().post(
            self._messages_url(),
            data=self._form(number, body, delivery_reports_url),
            auth=self._auth(),
            timeout=self.timeout,
        )
        return classify_http(
            response.status_code,
            _json(response),
            response.headers,
            id_path="sid",
            number_error=_twilio_number_error,
        )

    def _find_sent(self, number, body, since):
        """The sid of a text to ``number`` with ``body`` created at or after
        ``since`` (a naive UTC datetime), or None: whether a text whose
        answer was lost was accepted after all.
        Raises ``requests.RequestException``."""
        response = self._session().get(
            self._messages_url(),
            params={"To": number, "DateSent>=": since.strftime("%Y-%m-%d")},
            auth=self._auth(),
            timeout=self.timeout,
        )
        response.raise_for_status()
        for message in (_json(response) or {}).get("messages") or []:
            if message.get("body") != body or not message.get("sid"):
                continue
            try:
                created = parsedate_to_datetime(message.get("date_created"))
            except (TypeError, ValueError):
                created = None
            # A minute of leeway for the clocks of both sides.
            if created and created.astimezone(UTC).replace(tzinfo=None) < (
                since - timedelta(minutes=1)
            ):
                continue
            return message["sid"]
        return None
