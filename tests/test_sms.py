# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import json
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.sms.tests.common import MockSMS

from .common import SmsGatewayCommon, WorkStageCommon


class GatewayStub(BaseHTTPRequestHandler):
    """A real HTTP SMS gateway on 127.0.0.1, answering as told."""

    answer = (200, {"id": "msg-1"})
    delay = 0
    received = []

    @classmethod
    def reset(cls):
        """Each test starts with a gateway that answers 200 with an id, at once."""
        cls.received = []
        cls.answer = (200, {"id": "msg-1"})
        cls.delay = 0

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        payload = json.loads(self.rfile.read(length) or b"{}")
        type(self).received.append(
            {"payload": payload, "auth": self.headers.get("Authorization")}
        )
        if self.delay:
            time.sleep(self.delay)
        if self.answer is None:
            # Accept the message, then die before answering.
            self.close_connection = True
            return
        status, body = self.answer
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        return


@tagged("post_install", "-at_install")
class TestStageSms(WorkStageCommon, MockSMS):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["sms.template"].create(
            {
                "name": "Ready",
                "model_id": cls.env.ref("sale.model_sale_order").id,
                "body": "Ready: {{ object.name }}",
            }
        )
        cls.stage_pending.write({"send_sms": True, "sms_template_id": cls.template.id})
        cls.customer.write(
            {"mobile": "0470 12 34 56", "country_id": cls.env.ref("base.be").id}
        )
        # No quiet hours unless a test sets them.
        cls.env.company.write({"sms_quiet_start": 0, "sms_quiet_end": 0})

    def _order_sms(self, order):
        return self.env["sms.sms"].search(
            [("mail_message_id", "in", order.message_ids.ids)]
        )

    def _to_pending(self, order):
        order.with_user(self.salesman).write({"work_stage_id": self.stage_repair.id})
        order.with_user(self.salesman).write({"work_stage_id": self.stage_pending.id})

    def test_entering_stage_queues_sms_in_chatter(self):
        """Entering the stage queues the SMS, logged as an SMS message."""
        self._to_pending(self.order)
        sms = self._order_sms(self.order)
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing")
        self.assertEqual(sms.number, "+32470123456")
        self.assertIn(self.order.name, sms.body)
        self.assertTrue(sms.sale_work_stage_automatic)
        self.assertEqual(sms.mail_message_id.message_type, "sms")
        with self.mockSMSGateway():
            self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        self.assertEqual(self._sms[0]["number"], "+32470123456")

    def test_creation_in_stage_and_wizard_send_too(self):
        """Creating in the stage and the transfer wizard text the customer."""
        created = self._create_order(work_stage_id=self.stage_pending.id)
        self.assertEqual(len(self._order_sms(created)), 1)
        order = self._create_order(work_stage_id=self.stage_repair.id)
        wizard = self.env["sale.work.stage.transfer"].create(
            {"order_ids": [order.id], "stage_id": self.stage_pending.id}
        )
        wizard.action_transfer()
        self.assertEqual(len(self._order_sms(order)), 1)

    def test_customer_language(self):
        """The customer gets the template in his language."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search(
            [("name", "=", "sale_work_stage")]
        )._update_translations(["fr_FR"], overwrite=True)
        self.stage_pending.sms_template_id = self.env.ref(
            "sale_work_stage.sms_template_work_finished"
        )
        self.customer.lang = "fr_FR"
        self._to_pending(self.order)
        self.assertIn("Bonjour", self._order_sms(self.order).body)

    def test_no_number_moves_and_explains(self):
        """Without a usable number the move happens and the chatter says why."""
        self.customer.write({"mobile": False, "phone": False})
        self._to_pending(self.order)
        self.assertEqual(self.order.work_stage_id, self.stage_pending)
        self.assertFalse(self._order_sms(self.order))
        self.assertTrue(
            self.order.message_ids.filtered(
                lambda m: "no mobile or phone number" in str(m.body)
            )
        )

    def test_invalid_number_explained(self):
        """A number that cannot be read is not texted; the chatter says why."""
        self.customer.write({"mobile": "12", "phone": False})
        self._to_pending(self.order)
        self.assertFalse(self._order_sms(self.order))
        self.assertTrue(
            self.order.message_ids.filtered(lambda m: "not valid" in str(m.body))
        )

    def test_blacklisted_number_never_texted(self):
        """A number in the phone blacklist is never texted."""
        self.env["phone.blacklist"].sudo()._add(["+32470123456"])
        self._to_pending(self.order)
        self.assertFalse(self._order_sms(self.order))
        self.assertTrue(
            self.order.message_ids.filtered(lambda m: "blacklist" in str(m.body))
        )

    def test_reentering_within_window_does_not_resend(self):
        """Re-entering the stage within the window texts once; after, again."""
        with freeze_time("2026-05-04 10:00:00"):
            self._to_pending(self.order)
            self.order.write({"work_stage_id": self.stage_closed.id})
            self.stage_closed.next_stage_ids = self.stage_pending
            self.order.write({"work_stage_id": self.stage_pending.id})
        self.assertEqual(len(self._order_sms(self.order)), 1)
        with freeze_time("2026-05-05 11:00:00"):
            self.order.write({"work_stage_id": self.stage_closed.id})
            self.order.write({"work_stage_id": self.stage_pending.id})
        self.assertEqual(len(self._order_sms(self.order)), 2)

    def test_stage_reminder_sent_once(self):
        """An order still in the stage N days later gets one reminder."""
        self.stage_repair.write(
            {"reminder_days": 2, "reminder_template_id": self.template.id}
        )
        with freeze_time("2026-05-04 10:00:00"):
            self.order.write({"work_stage_id": self.stage_repair.id})
        with freeze_time("2026-05-05 10:00:00"):
            self.env["sale.order"]._cron_send_stage_reminders()
        self.assertFalse(self._order_sms(self.order))
        with freeze_time("2026-05-07 10:00:00"):
            self.env["sale.order"]._cron_send_stage_reminders()
            self.env["sale.order"]._cron_send_stage_reminders()
        self.assertEqual(len(self._order_sms(self.order)), 1)
        self.assertEqual(self.order.stage_reminder_stage_id, self.stage_repair)

    def test_quote_expiry_reminder_sent_once(self):
        """A submitted quote gets one text N days before it expires."""
        self.env.company.sms_quote_expiry_days = 2
        quote = self._create_order(validity_date="2026-06-10")
        quote.action_quotation_sent()
        with freeze_time("2026-06-01"):
            self.env["sale.order"]._cron_send_expiry_reminders()
        self.assertFalse(self._order_sms(quote))
        with freeze_time("2026-06-08"):
            self.env["sale.order"]._cron_send_expiry_reminders()
            self.env["sale.order"]._cron_send_expiry_reminders()
        self.assertEqual(len(self._order_sms(quote)), 1)
        self.assertTrue(quote.expiry_reminder_sent)

    def test_quiet_hours_hold_automatic_not_manual(self):
        """In quiet hours automatic SMS wait; a manual SMS goes at once."""
        self.env.company.write({"sms_quiet_start": 0, "sms_quiet_end": 23.99})
        self._to_pending(self.order)
        with self.mockSMSGateway():
            self.env["sms.sms"].sudo()._process_queue(
                ids=self._order_sms(self.order).ids
            )
            composer = (
                self.env["sms.composer"]
                .with_context(
                    default_res_model="sale.order",
                    default_res_id=self.order.id,
                    default_composition_mode="comment",
                )
                .create({"body": "We are open tomorrow"})
            )
            composer._action_send_sms()
        self.assertEqual(
            self._order_sms(self.order).filtered("sale_work_stage_automatic").state,
            "outgoing",
        )
        self.assertEqual([s["body"] for s in self._sms], ["We are open tomorrow"])

    def test_action_send_sms_opens_composer(self):
        """The button opens Odoo's composer on the orders with a template."""
        action = self.order.action_send_sms()
        self.assertEqual(action["res_model"], "sms.composer")
        self.assertEqual(action["context"]["default_composition_mode"], "comment")
        several = (self.order | self._create_order()).action_send_sms()
        self.assertEqual(several["context"]["default_composition_mode"], "mass")
        self.assertEqual(len(several["context"]["default_res_ids"]), 2)


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestHttpGateway(SmsGatewayCommon):
    gateway_stub = GatewayStub

    @classmethod
    def _gateway_settings(cls, port):
        return {
            "sale_sms_gateway": "json",
            "sms_http_url": f"http://127.0.0.1:{port}/send",
            "sms_http_token": "secret-token",
            "sms_http_sender": "GARAGE",
            "sms_http_timeout": 1,
        }

    def test_success_posts_json_once(self):
        """2xx with an id: sent; the gateway got one call keyed by the uuid."""
        sms = self._queue_one()
        self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(GatewayStub.received), 1)
        call = GatewayStub.received[0]
        self.assertEqual(
            call["payload"],
            {
                "to": "+32470123456",
                "from": "GARAGE",
                "text": "Your car is ready",
                "reference": sms.uuid,
            },
        )
        self.assertEqual(call["auth"], "Bearer secret-token")
        self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        self.assertEqual(len(GatewayStub.received), 1, "never sent twice")

    def test_4xx_is_a_wrong_number(self):
        """4xx: error, wrong number, no retry."""
        GatewayStub.answer = (422, {"error": "invalid number"})
        sms = self._queue_one()
        self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_number_format"))
        self.assertIn("422", sms.gateway_error)

    def test_5xx_retries_with_backoff_then_fails(self):
        """5xx: kept in the queue with a later retry, then error after the limit."""
        GatewayStub.answer = (503, {"error": "busy"})
        sms = self._queue_one()
        self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        self.assertEqual(sms.state, "outgoing")
        self.assertEqual(sms.gateway_attempts, 1)
        self.assertGreater(sms.gateway_retry_at, datetime.now())
        self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        self.assertEqual(len(GatewayStub.received), 1, "not retried before its time")
        for _attempt in range(5):
            sms.gateway_retry_at = datetime.now() - timedelta(seconds=1)
            self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))
        self.assertEqual(len(GatewayStub.received), 5)

    def test_gateway_dying_after_accepting_is_retried(self):
        """A gateway that drops the connection: retried, same reference."""
        GatewayStub.answer = None
        sms = self._queue_one()
        self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        self.assertEqual(sms.state, "outgoing")
        GatewayStub.answer = (200, {"id": "msg-2"})
        sms.gateway_retry_at = datetime.now() - timedelta(seconds=1)
        self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        self.assertEqual(sms.state, "pending")
        references = {call["payload"]["reference"] for call in GatewayStub.received}
        self.assertEqual(references, {sms.uuid})

    def test_timeout_is_retried(self):
        """A gateway slower than the timeout is retried later."""
        # Odoo's test mode raises local request timeouts to 10 s.
        GatewayStub.delay = 10.5
        sms = self._queue_one()
        self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        self.assertEqual(sms.state, "outgoing")
        self.assertIn("Timeout", sms.gateway_error)

    def _report(self, body, token="secret-token"):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.url_open("/sale_work_stage/sms/status", data=body, headers=headers)

    def test_delivery_report_endpoint(self):
        """Good token updates the state; bad or no token gets 403; junk 400."""
        sms = self._queue_one()
        self.env["sms.sms"].sudo().with_context(
            sms_skip_msg_notification=True
        )._process_queue(ids=sms.ids)
        sms = self.env["sms.sms"].search([("uuid", "=", sms.uuid)])
        payload = json.dumps({"reference": sms.uuid, "status": "delivered"})
        self.assertEqual(self._report(payload, token="wrong").status_code, 403)
        self.assertEqual(self._report(payload, token=None).status_code, 403)
        self.assertEqual(self._report("{not json").status_code, 400)
        self.assertEqual(
            self._report(
                json.dumps({"reference": sms.uuid, "status": "lost"})
            ).status_code,
            400,
        )
        self.assertEqual(
            self._report(
                json.dumps({"reference": "nope", "status": "failed"})
            ).status_code,
            404,
        )
        self.assertEqual(self._report(payload).status_code, 200)
        tracker = self.env["sms.tracker"].search([("sms_uuid", "=", sms.uuid)])
        self.assertEqual(tracker.mail_notification_id.notification_status, "sent")

    def test_failed_delivery_report(self):
        """A "failed" report: the notification shows the failure."""
        sms = self._queue_one()
        self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        payload = json.dumps({"reference": sms.uuid, "status": "failed"})
        self.assertEqual(self._report(payload).status_code, 200)
        tracker = self.env["sms.tracker"].search([("sms_uuid", "=", sms.uuid)])
        notification = tracker.mail_notification_id
        self.assertEqual(
            (notification.notification_status, notification.failure_type),
            ("exception", "sms_not_delivered"),
        )
