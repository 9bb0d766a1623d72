# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import base64
import contextlib
import json
import time
from datetime import datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SmsGatewayCommon
from .test_sms import GatewayStub

SID = "AC0123456789abcdef0123456789abcdef"
TOKEN = "twilio-auth-token"


class TwilioStub(BaseHTTPRequestHandler):
    """Twilio's Messages API on 127.0.0.1: a POST creates a message (kept,
    listed by GET), unless told to answer otherwise."""

    # (status, body, headers) answers to the next POSTs, then 201 with a sid.
    answers = []
    # "drop": accept the message then close the connection; a number:
    # accept it, then answer that many seconds later.
    after_accepting = None
    received = []
    messages = []

    @classmethod
    def reset(cls):
        """Each test starts with a server that accepts every message."""
        cls.answers = []
        cls.after_accepting = None
        cls.received = []
        cls.messages = []

    def _answer(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        # The slow-answer test's client gives up waiting, as intended.
        with contextlib.suppress(BrokenPipeError):
            self.wfile.write(data)

    def do_POST(self):
        cls = type(self)
        length = int(self.headers.get("Content-Length", 0))
        form = {
            key: values[0]
            for key, values in parse_qs(self.rfile.read(length).decode()).items()
        }
        cls.received.append(
            {
                "method": "POST",
                "path": self.path,
                "auth": self.headers.get("Authorization"),
                "content_type": self.headers.get("Content-Type"),
                "form": form,
            }
        )
        if cls.answers:
            status, body, headers = cls.answers.pop(0)
            self._answer(status, body, headers)
            return
        message = {
            "sid": f"SM{len(cls.messages):032d}",
            "to": form.get("To"),
            "body": form.get("Body"),
            "status": "queued",
            "date_created": format_datetime(datetime.now().astimezone()),
        }
        cls.messages.append(message)
        if cls.after_accepting == "drop":
            self.close_connection = True
            return
        if cls.after_accepting:
            time.sleep(cls.after_accepting)
        self._answer(201, message)

    def do_GET(self):
        cls = type(self)
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        cls.received.append(
            {
                "method": "GET",
                "path": url.path,
                "auth": self.headers.get("Authorization"),
                "query": query,
            }
        )
        listed = [m for m in cls.messages if m["to"] == query.get("To")]
        self._answer(200, {"messages": listed})

    def log_message(self, *args):
        return


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestTwilioGateway(SmsGatewayCommon):
    """Texts through a server speaking Twilio's Messages API."""

    gateway_stub = TwilioStub

    @classmethod
    def _gateway_settings(cls, port):
        return {
            "sale_sms_gateway": "twilio",
            "sale_sms_twilio_account_sid": SID,
            "sale_sms_twilio_auth_token": TOKEN,
            "sale_sms_twilio_base_url": f"http://127.0.0.1:{port}",
            "sale_sms_sender": "+3225550100",
            "sms_http_timeout": 1,
        }

    def _run_queue(self, sms):
        self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)

    def _due_now(self, sms):
        sms.gateway_retry_at = datetime.now() - timedelta(seconds=1)

    def _posts(self):
        return [call for call in TwilioStub.received if call["method"] == "POST"]

    def test_credentials_are_for_system_administrators_only(self):
        """Account SID and Auth Token: readable by system administrators only."""
        company = self.env.company.with_user(self.sales_manager)
        for field in ("sale_sms_twilio_account_sid", "sale_sms_twilio_auth_token"):
            with self.assertRaises(AccessError):
                company.read([field])
        self.assertEqual(
            self.env.company.sale_sms_twilio_account_sid, SID, "the admin reads it"
        )

    def test_posts_what_twilio_documents(self):
        """Form POST to /2010-04-01/Accounts/<SID>/Messages.json with Basic
        auth, To/From/Body/StatusCallback; the sid is kept; never sent twice."""
        sms = self._queue_one()
        uuid = sms.uuid
        self._run_queue(sms)
        self.assertEqual(len(self._posts()), 1)
        call = self._posts()[0]
        self.assertEqual(call["path"], f"/2010-04-01/Accounts/{SID}/Messages.json")
        self.assertEqual(
            call["auth"],
            "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode(),
        )
        self.assertEqual(call["content_type"], "application/x-www-form-urlencoded")
        base = self.env.company.get_base_url()
        self.assertEqual(
            call["form"],
            {
                "To": "+32470123456",
                "From": "+3225550100",
                "Body": "Your car is ready",
                "StatusCallback": (
                    f"{base}/sale_work_stage/sms/twilio/status/{self.env.company.id}"
                ),
            },
        )
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.sale_sms_provider_id, f"SM{0:032d}")
        tracker = self.env["sms.tracker"].search([("sms_uuid", "=", uuid)])
        self.assertEqual(tracker.sale_sms_provider_id, sms.sale_sms_provider_id)
        self.assertEqual(tracker.mail_notification_id.notification_status, "pending")
        self._run_queue(sms)
        self.assertEqual(len(self._posts()), 1, "never sent twice")

    def test_messaging_service_sender(self):
        """A sender starting with MG is sent as MessagingServiceSid, no From."""
        self.env.company.sale_sms_sender = "MG0123456789abcdef0123456789abcdef"
        sms = self._queue_one()
        self._run_queue(sms)
        form = self._posts()[0]["form"]
        self.assertEqual(
            form["MessagingServiceSid"], "MG0123456789abcdef0123456789abcdef"
        )
        self.assertNotIn("From", form)

    def test_refused_credentials_wait_and_tell_the_admins(self):
        """401: the text stays outgoing (not a wrong number), the company
        shows the error and its texts wait until the credentials change."""
        TwilioStub.answers = [(401, {"code": 20003, "message": "Authenticate"}, ())]
        sms = self._queue_one()
        self._run_queue(sms)
        self.assertEqual((sms.state, sms.failure_type), ("outgoing", False))
        self.assertIn("401", self.env.company.sale_sms_credentials_error)
        self._run_queue(sms)
        self.assertEqual(len(self._posts()), 1, "waits for new credentials")
        self.env.company.sale_sms_twilio_auth_token = "new-token"
        self.assertFalse(self.env.company.sale_sms_credentials_error)
        self._run_queue(sms)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(self._posts()), 2)

    def test_rate_limited_waits_retry_after(self):
        """429: retried after Retry-After seconds, not counted as a failure."""
        TwilioStub.answers = [(429, {"code": 20429}, (("Retry-After", "120"),))]
        sms = self._queue_one()
        before = datetime.now()
        self._run_queue(sms)
        self.assertEqual((sms.state, sms.gateway_attempts), ("outgoing", 0))
        self.assertGreaterEqual(sms.gateway_retry_at, before + timedelta(seconds=119))
        self.assertLess(sms.gateway_retry_at, before + timedelta(seconds=125))
        self._due_now(sms)
        self._run_queue(sms)
        self.assertEqual(sms.state, "pending")

    def test_invalid_number_is_a_wrong_number(self):
        """400 with Twilio's invalid-number code: wrong number, no retry."""
        TwilioStub.answers = [(400, {"code": 21211, "message": "Invalid 'To'"}, ())]
        sms = self._queue_one()
        self._run_queue(sms)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_number_format"))

    def test_server_error_then_success(self):
        """5xx then 2xx: retried with backoff, sent once."""
        TwilioStub.answers = [(503, {"message": "busy"}, ())]
        sms = self._queue_one()
        self._run_queue(sms)
        self.assertEqual((sms.state, sms.gateway_attempts), ("outgoing", 1))
        self.assertGreater(sms.gateway_retry_at, datetime.now())
        self._run_queue(sms)
        self.assertEqual(len(self._posts()), 1, "not retried before its time")
        self._due_now(sms)
        self._run_queue(sms)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(TwilioStub.messages), 1)

    def test_connection_dropped_after_accepting_is_not_sent_again(self):
        """Accepted, then the connection drops: the retry finds the message
        at Twilio and does not post it again."""
        TwilioStub.after_accepting = "drop"
        sms = self._queue_one()
        self._run_queue(sms)
        self.assertEqual(sms.state, "outgoing")
        self.assertTrue(sms.gateway_unsure_since)
        TwilioStub.after_accepting = None
        self._due_now(sms)
        self._run_queue(sms)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.sale_sms_provider_id, TwilioStub.messages[0]["sid"])
        self.assertEqual(len(self._posts()), 1)
        self.assertEqual(len(TwilioStub.messages), 1)

    def test_slow_answer_is_not_sent_again(self):
        """Accepted, answered after the timeout: not posted again."""
        # Odoo's test mode raises local request timeouts to 10 s.
        TwilioStub.after_accepting = 10.5
        sms = self._queue_one()
        self._run_queue(sms)
        self.assertEqual(sms.state, "outgoing")
        self.assertIn("Timeout", sms.gateway_error)
        TwilioStub.after_accepting = None
        self._due_now(sms)
        self._run_queue(sms)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(TwilioStub.messages), 1)

    def test_lost_answer_of_a_refused_text_is_sent_again(self):
        """A drop before Twilio kept the message: the lookup finds nothing,
        the text is posted again."""
        TwilioStub.answers = [(500, {}, ())]
        sms = self._queue_one()
        sms.gateway_unsure_since = datetime.now()
        self._run_queue(sms)
        self.assertEqual(sms.state, "outgoing")
        self._due_now(sms)
        self._run_queue(sms)
        self.assertEqual(sms.state, "pending")
        gets = [c for c in TwilioStub.received if c["method"] == "GET"]
        self.assertEqual(gets[0]["query"]["To"], "+32470123456")
        self.assertEqual(len(self._posts()), 2)


@tagged("post_install", "-at_install")
class TestJsonGatewayIdPath(SmsGatewayCommon):
    """The JSON gateway reads the message id where the provider puts it."""

    gateway_stub = GatewayStub

    @classmethod
    def _gateway_settings(cls, port):
        return {
            "sale_sms_gateway": "json",
            "sms_http_url": f"http://127.0.0.1:{port}/send",
            "sms_http_token": "secret-token",
            "sms_http_id_path": "data.id",
        }

    def _send_one(self):
        sms = self._queue_one()
        self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        return sms

    def test_telnyx_answer_is_a_success(self):
        """Telnyx's {"data": {"id": ...}} is a success with data.id."""
        GatewayStub.answer = (200, {"data": {"id": "40385f64-5717"}})
        sms = self._send_one()
        self.assertEqual(
            (sms.state, sms.sale_sms_provider_id), ("pending", "40385f64-5717")
        )
        self.assertEqual(len(GatewayStub.received), 1)

    def test_answer_without_id_at_path_is_retried(self):
        """An answer without an id at the path is retried, not sent."""
        GatewayStub.answer = (200, {"id": "top-level"})
        sms = self._send_one()
        self.assertEqual((sms.state, sms.gateway_attempts), ("outgoing", 1))
