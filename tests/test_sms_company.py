# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.sms.tools.sms_api import SmsApi

from ..tools.sms_gateway import HttpSmsApi, JsonSmsApi
from .common import SmsGatewayCommon
from .test_sms import GatewayStub


@tagged("post_install", "-at_install")
class TestSmsFollowsOrderCompany(SmsGatewayCommon):
    """Provider, gateway, sender and quiet hours are those of the order's
    company, whoever runs Odoo's SMS queue."""

    gateway_stub = GatewayStub

    @classmethod
    def _gateway_settings(cls, port):
        return {
            "sale_sms_gateway": "json",
            "sms_http_url": f"http://127.0.0.1:{port}/send",
            "sms_http_token": "token-a",
            "sms_http_sender": "GARAGE-A",
        }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        # Company B: Odoo IAP, and quiet all day long.
        cls.company_b = cls.env["res.company"].create(
            {"name": "Garage B", "sms_quiet_start": 0, "sms_quiet_end": 24}
        )
        cls.template = cls.env["sms.template"].create(
            {
                "name": "Reminder",
                "model_id": cls.env["ir.model"]._get_id("sale.order"),
                "body": "Reminder for {{ object.name }}",
            }
        )

    def _queued_text(self, order):
        order._sms_queue_template(self.template)
        return self.env["sms.sms"].search(
            [("mail_message_id", "in", order.message_ids.ids)]
        )

    def test_text_goes_through_its_order_company_gateway(self):
        """Queue run by company B's user: A's order goes through A's gateway."""
        sms = self._queued_text(self._create_order_in(self.company_a))
        self.assertEqual(sms._get_sms_company(), self.company_a)
        with self.mockSMSGateway():
            self.env["sms.sms"].with_company(self.company_b).sudo()._process_queue(
                ids=sms.ids
            )
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(GatewayStub.received), 1)
        self.assertEqual(GatewayStub.received[0]["payload"]["from"], "GARAGE-A")
        self.assertEqual(GatewayStub.received[0]["auth"], "Bearer token-a")
        self.assertFalse(self._sms, "Odoo IAP was not used for company A")

    def test_quiet_hours_are_those_of_the_order_company(self):
        """B is quiet, A is not, whoever runs the queue."""
        text_b = self._queued_text(self._create_order_in(self.company_b))
        text_a = self._queued_text(self._create_order_in(self.company_a))
        self.assertTrue(text_a.sale_work_stage_automatic)
        with self.mockSMSGateway():
            self.env["sms.sms"].with_company(self.company_a).sudo()._process_queue(
                ids=(text_a | text_b).ids
            )
        self.assertEqual(text_b.state, "outgoing", "B's quiet hours hold it")
        self.assertEqual(text_a.state, "pending")
        self.assertEqual(len(GatewayStub.received), 1)

    def test_split_by_api_gives_each_company_its_provider(self):
        """Odoo's later 18.0 ``send()`` asks ``_split_by_api`` for (API,
        texts) pairs: A's texts come with A's gateway, B's go to Odoo's own
        choice, each text once."""
        text_a = self._queued_text(self._create_order_in(self.company_a))
        self.company_b.sms_quiet_end = 0
        text_b = self._queued_text(self._create_order_in(self.company_b))
        pairs = list((text_a | text_b)._split_by_api())
        self.assertEqual(len(pairs), 2)
        (api_a, texts_a), (api_b, texts_b) = pairs
        self.assertIsInstance(api_a, JsonSmsApi)
        self.assertEqual(api_a.company, self.company_a)
        self.assertEqual(texts_a, text_a)
        self.assertEqual(texts_b, text_b)
        self.assertNotIsInstance(api_b, HttpSmsApi, "B stays on Odoo's provider")

    def test_sending_as_later_odoo_builds_do(self):
        """Each pair sent as later builds' ``send()`` does, the API in the
        context: A's text reaches A's gateway once, B's goes through IAP."""
        text_a = self._queued_text(self._create_order_in(self.company_a))
        self.company_b.sms_quiet_end = 0
        text_b = self._queued_text(self._create_order_in(self.company_b))
        with self.mockSMSGateway():
            for sms_api, texts in (text_a | text_b)._split_by_api():
                texts.with_context(sms_api=sms_api)._send()
        self.assertEqual(len(GatewayStub.received), 1)
        self.assertEqual(GatewayStub.received[0]["payload"]["from"], "GARAGE-A")
        self.assertEqual(text_a.state, "pending")
        self.assertEqual([sms["number"] for sms in self._sms], [text_b.number])

    def test_queue_sends_each_company_batch_once(self):
        """Several texts of two companies wait; one run of the queue sends
        each once, through its company's provider, as later builds batch them
        (``_get_sms_company`` of the whole batch, ``_get_batch_size``)."""
        self.company_b.sms_quiet_end = 0
        texts_a = self.env["sms.sms"].union(
            *(
                self._queued_text(self._create_order_in(self.company_a))
                for _i in range(3)
            )
        )
        texts_b = self.env["sms.sms"].union(
            *(
                self._queued_text(self._create_order_in(self.company_b))
                for _i in range(3)
            )
        )
        texts = texts_a | texts_b
        self.assertEqual(len(texts), 6)
        self.assertEqual(texts._get_sms_company(), self.company_a | self.company_b)
        self.assertEqual(
            self.env["sms.sms"]._get_sms_company(),
            self.env.company,
            "no text at all (a status report of an unknown text): the current company",
        )
        if hasattr(texts, "_get_batch_size"):
            self.assertGreater(texts._get_batch_size(), 0)
        with self.mockSMSGateway():
            self.env["sms.sms"].sudo()._process_queue(ids=texts.ids)
        self.assertEqual(
            sorted(text["payload"]["reference"] for text in GatewayStub.received),
            sorted(texts_a.mapped("uuid")),
        )
        self.assertEqual(
            {text["payload"]["from"] for text in GatewayStub.received}, {"GARAGE-A"}
        )
        self.assertEqual(len(self._sms), 3, "B's three texts through Odoo's provider")
        self.assertEqual(set(texts_a.mapped("state")), {"pending"})
        self.assertFalse(
            texts_b.exists().filtered(lambda sms: sms.state == "outgoing"),
            "no text of B is left waiting",
        )

    def test_odoo_own_provider_keeps_its_texts(self):
        """Where Odoo's own SMS module (``sms_twilio``) sends a company's texts,
        as later builds say through ``_get_sms_api_class()``, the addon's
        gateway leaves them to it; IAP chosen there, the gateway sends."""

        class OdooTwilioApi(SmsApi):
            """Stands for sms_twilio's API class."""

        text_a = self._queued_text(self._create_order_in(self.company_a))
        Company = type(self.company_a)
        with patch.object(
            Company, "_get_sms_api_class", lambda company: OdooTwilioApi, create=True
        ):
            self.assertIsNone(self.company_a._sale_sms_api())
            self.assertNotIsInstance(next(text_a._split_by_api())[0], HttpSmsApi)
        with patch.object(
            Company, "_get_sms_api_class", lambda company: SmsApi, create=True
        ):
            self.assertIsInstance(self.company_a._sale_sms_api(), JsonSmsApi)
