# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from unittest.mock import patch
from urllib.parse import urlencode

from odoo.tests import tagged

from odoo.addons.sms.tests.common import MockSMS

from ..controllers import sms_twilio
from ..tools.twilio_signature import twilio_signature
from .common import WorkStageCommon

TOKEN = "webhook-token"
NUMBER = "+32470123456"


@tagged("post_install", "-at_install")
class TestTwilioWebhooks(WorkStageCommon, MockSMS):
    """Delivery reports and replies from Twilio, signed with the token."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "sale_sms_gateway": "twilio",
                "sale_sms_twilio_account_sid": "AC1",
                "sale_sms_twilio_auth_token": TOKEN,
                "sale_sms_sender": "+3225550100",
            }
        )
        cls.customer.write({"mobile": NUMBER, "country_id": cls.env.ref("base.be").id})
        cls.salesperson = cls.order.user_id or cls.env.user
        cls.order.user_id = cls.salesperson

    def _texted(self, order=None, sid="SM1"):
        """A text sent to the customer about ``order``, Twilio's id ``sid``."""
        order = order or self.order
        order._message_sms(
            "Your car is ready",
            partner_ids=self.customer.ids,
            sms_pid_to_number={self.customer.id: NUMBER},
            put_in_queue=True,
        )
        sms = self.env["sms.sms"].search([], order="id desc", limit=1)
        sms._sale_sms_mark_sent(sid)
        return sms

    def _post(self, kind, params, token=TOKEN, company=None, signature=None):
        path = f"/sale_work_stage/sms/twilio/{kind}/{(company or self.company).id}"
        url = f"{self.base_url()}{path}"
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if signature is None and token:
            signature = twilio_signature(token, url, params)
        if signature:
            headers["X-Twilio-Signature"] = signature
        return self.url_open(path, data=urlencode(params), headers=headers)

    def _notification(self, sms):
        return (
            self.env["sms.tracker"]
            .search([("sms_uuid", "=", sms.uuid)])
            .mail_notification_id
        )

    def test_status_reports_update_text_and_notification(self):
        """sent keeps pending, delivered is sent, as Odoo's own reports do."""
        sms = self._texted()
        answer = self._post("status", {"MessageSid": "SM1", "MessageStatus": "sent"})
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(self._notification(sms).notification_status, "pending")
        self._post("status", {"MessageSid": "SM1", "MessageStatus": "delivered"})
        self.assertEqual(sms.state, "sent")
        self.assertTrue(sms.to_delete)
        self.assertEqual(self._notification(sms).notification_status, "sent")

    def test_undelivered_is_an_error_on_the_notification(self):
        """undelivered/failed: the notification shows the failure; a wrong
        number (30005) bounces."""
        sms = self._texted()
        self._post(
            "status",
            {"MessageSid": "SM1", "MessageStatus": "undelivered", "ErrorCode": "30005"},
        )
        notification = self._notification(sms)
        self.assertEqual(
            (notification.notification_status, notification.failure_type),
            ("bounce", "sms_invalid_destination"),
        )
        other = self._texted(sid="SM2")
        self._post("status", {"MessageSid": "SM2", "MessageStatus": "failed"})
        notification = self._notification(other)
        self.assertEqual(
            (notification.notification_status, notification.failure_type),
            ("exception", "sms_not_delivered"),
        )

    def test_unsigned_or_badly_signed_is_refused(self):
        """No or a wrong signature, another company's token: 403, nothing
        changed; unknown companies answer the same."""
        sms = self._texted()
        params = {"MessageSid": "SM1", "MessageStatus": "delivered"}
        self.assertEqual(self._post("status", params, token=None).status_code, 403)
        self.assertEqual(
            self._post("status", params, token="not-the-token").status_code, 403
        )
        self.assertEqual(
            self._post("status", params, signature="AAAA").status_code, 403
        )
        other = self.env["res.company"].create({"name": "Other garage"})
        self.assertEqual(self._post("status", params, company=other).status_code, 403)
        missing = self.env["res.company"].browse(999999)
        self.assertEqual(self._post("status", params, company=missing).status_code, 403)
        self.assertEqual(
            self._post(
                "inbound", {"From": NUMBER, "Body": "STOP"}, token="x"
            ).status_code,
            403,
        )
        self.assertEqual(sms.state, "pending")
        self.assertFalse(self.env["phone.blacklist"].search([("number", "=", NUMBER)]))

    def test_malformed_or_oversize_is_refused(self):
        """Missing fields, unknown status, JSON or oversize bodies: 4xx."""
        self.assertEqual(self._post("status", {"MessageSid": "SM1"}).status_code, 400)
        self.assertEqual(
            self._post(
                "status", {"MessageSid": "SM1", "MessageStatus": "lost"}
            ).status_code,
            400,
        )
        self.assertEqual(self._post("inbound", {"Body": "hello"}).status_code, 400)
        path = f"/sale_work_stage/sms/twilio/status/{self.company.id}"
        answer = self.url_open(
            path,
            data='{"MessageSid": "SM1"}',
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(answer.status_code, 415)
        answer = self.url_open(
            path,
            data="Body=" + "x" * 70000,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        self.assertEqual(answer.status_code, 413)

    def test_unknown_message_answers_as_a_known_one(self):
        """A report of an unknown message: same answer, nothing revealed."""
        self._texted()
        known = self._post("status", {"MessageSid": "SM1", "MessageStatus": "sent"})
        unknown = self._post("status", {"MessageSid": "SM9", "MessageStatus": "sent"})
        self.assertEqual(
            (unknown.status_code, unknown.text), (known.status_code, known.text)
        )

    def test_stop_and_start_replies_use_the_phone_blacklist(self):
        """STOP, ARRÊT... blacklist the number; START removes it."""
        Blacklist = self.env["phone.blacklist"].with_context(active_test=False)
        for keyword in ("STOP", " arrêt ", "Unsubscribe", "QUIT"):
            self._post("inbound", {"From": NUMBER, "Body": keyword})
            self.assertTrue(Blacklist.search([("number", "=", NUMBER)]).active, keyword)
            self._post("inbound", {"From": NUMBER, "Body": "START"})
            self.assertFalse(
                Blacklist.search([("number", "=", NUMBER)]).active, keyword
            )

    def test_reply_posted_on_last_order_texted(self):
        """Another reply goes on the chatter of the company's order last
        texted to that number, notifying its salesperson."""
        older = self._create_order()
        self._texted(order=older, sid="SM1")
        self._texted(sid="SM2")
        answer = self._post("inbound", {"From": NUMBER, "Body": "Can I come at 5?"})
        self.assertEqual(answer.status_code, 200)
        message = self.order.message_ids[:1]
        self.assertIn("Can I come at 5?", message.body)
        self.assertIn(self.salesperson.partner_id, message.partner_ids)
        self.assertEqual(message.author_id, self.customer)
        self.assertNotIn("Can I come at 5?", older.message_ids[:1].body or "")

    def test_reply_from_unknown_number_answers_the_same(self):
        """A reply from a number never texted: logged, same answer."""
        known = self._post("inbound", {"From": NUMBER, "Body": "hello"})
        with patch.object(sms_twilio._logger, "info") as log:
            unknown = self._post("inbound", {"From": "+32470999999", "Body": "hello"})
        log.assert_called_once()
        self.assertNotIn("+32470999999", str(log.call_args))
        self.assertEqual(
            (unknown.status_code, unknown.text), (known.status_code, known.text)
        )
