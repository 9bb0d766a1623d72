# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.modules.neutralize import get_neutralization_queries
from odoo.tests import tagged

from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestSmsNeutralize(WorkStageCommon):
    def test_neutralized_copy_sends_through_no_provider(self):
        """data/neutralize.sql, as Odoo's neutralize command runs it: every
        company back on IAP, Twilio and JSON credentials gone."""
        twilio = self.env.company
        twilio.write(
            {
                "sale_sms_gateway": "twilio",
                "sale_sms_twilio_account_sid": "AC123",
                "sale_sms_twilio_auth_token": "secret",
                "sale_sms_sender": "+3225550100",
            }
        )
        json_company = self.env["res.company"].create(
            {
                "name": "JSON garage",
                "sale_sms_gateway": "json",
                "sms_http_url": "https://gateway.example.com/send",
                "sms_http_token": "json-secret",
            }
        )
        queries = list(get_neutralization_queries(["sale_work_stage"]))
        self.assertEqual(len(queries), 1)
        self.env.flush_all()
        self.env.cr.execute(queries[0])
        self.env.invalidate_all()
        for company in twilio | json_company:
            self.assertEqual(company.sale_sms_gateway, "iap")
            self.assertFalse(company._sale_sms_api())
        self.assertFalse(twilio.sale_sms_twilio_account_sid)
        self.assertFalse(twilio.sale_sms_twilio_auth_token)
        self.assertFalse(json_company.sms_http_url)
        self.assertFalse(json_company.sms_http_token)
