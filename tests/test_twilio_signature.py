# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
# Twilio's own library is a development requirement (requirements.txt): the
# test fails, not skips, without it.
from twilio.request_validator import RequestValidator

from odoo.tests import BaseCase, tagged

from ..tools.twilio_signature import is_valid_twilio_signature, twilio_signature

URL = "https://garage.example.com/sale_work_stage/sms/twilio/status/1"


@tagged("post_install", "-at_install")
class TestTwilioSignature(BaseCase):
    def test_matches_twilio_library(self):
        """Same signature as Twilio's RequestValidator, several values too."""
        validator = RequestValidator("auth-token")
        params = {
            "MessageSid": "SM123",
            "MessageStatus": "delivered",
            "To": "+32470123456",
            "Body": "Arrêt & more",
        }
        self.assertEqual(
            twilio_signature("auth-token", URL, params),
            validator.compute_signature(URL, params),
        )
        self.assertEqual(
            twilio_signature("auth-token", URL + "?a=1", {}),
            validator.compute_signature(URL + "?a=1", {}),
        )

    def test_documented_example(self):
        """Twilio's documented example signature."""
        params = {
            "CallSid": "CA1234567890ABCDE",
            "Caller": "+12349013030",
            "Digits": "1234",
            "From": "+12349013030",
            "To": "+18005551212",
        }
        url = "https://mycompany.com/myapp.php?foo=1&bar=2"
        self.assertEqual(
            twilio_signature("12345", url, params), "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        )

    def test_validation(self):
        """A wrong token, URL, parameter or no signature is refused."""
        params = {"MessageSid": "SM1", "MessageStatus": "sent"}
        good = RequestValidator("tok").compute_signature(URL, params)
        self.assertTrue(is_valid_twilio_signature("tok", [URL], params, good))
        self.assertFalse(is_valid_twilio_signature("other", [URL], params, good))
        self.assertFalse(is_valid_twilio_signature("tok", [URL + "x"], params, good))
        self.assertFalse(
            is_valid_twilio_signature("tok", [URL], {**params, "To": "+1"}, good)
        )
        self.assertFalse(is_valid_twilio_signature("tok", [URL], params, ""))
        self.assertFalse(is_valid_twilio_signature("", [URL], params, good))
