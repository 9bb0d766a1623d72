# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import BaseCase, tagged

from ..tools.sms_gateway import classify_http, retry_after_seconds, value_at_path


@tagged("post_install", "-at_install")
class TestSmsGatewayTools(BaseCase):
    def test_value_at_path(self):
        """Dotted paths reach into objects and lists; missing gives None."""
        self.assertEqual(value_at_path({"id": "a"}, "id"), "a")
        self.assertEqual(value_at_path({"data": {"id": "t"}}, "data.id"), "t")
        answer = {"messages": [{"message-id": "v1"}]}
        self.assertEqual(value_at_path(answer, "messages.0.message-id"), "v1")
        self.assertIsNone(value_at_path(answer, "messages.1.message-id"))
        self.assertIsNone(value_at_path({"data": {"id": ""}}, "data.id"))
        self.assertIsNone(value_at_path({"data": True}, "data"))
        self.assertIsNone(value_at_path([], "id"))

    def test_classify_http(self):
        """2xx+id sent, 401/403 credentials, 429 rate limited, other 4xx
        wrong number, 5xx retry."""
        self.assertEqual(classify_http(201, {"id": "x"}, {})[:2], ("sent", "x"))
        self.assertEqual(classify_http(200, {"ok": 1}, {})[0], "retry")
        self.assertEqual(classify_http(401, {}, {})[0], "credentials")
        self.assertEqual(classify_http(403, {}, {})[0], "credentials")
        self.assertEqual(
            classify_http(429, {}, {"Retry-After": "30"})[::3], ("rate_limited", 30)
        )
        self.assertEqual(classify_http(422, {}, {})[0], "wrong_number")
        self.assertEqual(classify_http(503, {}, {})[0], "retry")
        self.assertEqual(
            classify_http(400, {"code": 1}, {}, number_error=lambda b: False)[0],
            "refused",
        )
        self.assertEqual(retry_after_seconds("soon"), 60)
