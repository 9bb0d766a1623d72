# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import hmac
import json

from odoo import http
from odoo.http import request

DELIVERY_STATES = {
    "delivered": ("sent", False),
    "failed": ("error", "sms_not_delivered"),
}


class SmsDeliveryReport(http.Controller):
    """Delivery reports of the HTTP SMS gateway."""

    def _reply(self, status, payload):
        return request.make_response(
            json.dumps(payload),
            headers=[("Content-Type", "application/json")],
            status=status,
        )

    def _token_is_known(self, token):
        # sudo: the gateway is not a user; tokens are only compared here.
        companies = (
            request.env["res.company"]
            .sudo()
            .search(
                [("sale_sms_gateway", "=", "json"), ("sms_http_token", "!=", False)]
            )
        )
        return bool(token) and any(
            hmac.compare_digest(token, company.sms_http_token) for company in companies
        )

    @http.route(
        "/sale_work_stage/sms/status",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def sms_status(self):
        header = request.httprequest.headers.get("Authorization", "")
        token = header[len("Bearer ") :].strip() if header.startswith("Bearer ") else ""
        if not self._token_is_known(token):
            return self._reply(403, {"error": "forbidden"})
        try:
            data = json.loads(request.httprequest.get_data() or b"{}")
        except ValueError:
            return self._reply(400, {"error": "the body must be JSON"})
        if not isinstance(data, dict):
            return self._reply(400, {"error": "the body must be a JSON object"})
        reference, status = data.get("reference"), data.get("status")
        if not isinstance(reference, str) or not (
            isinstance(status, str) and status in DELIVERY_STATES
        ):
            return self._reply(
                400, {"error": "expected {reference, status: delivered|failed}"}
            )
        state, failure_type = DELIVERY_STATES[status]
        # sudo: delivery reports come from the gateway, authenticated above.
        sms = request.env["sms.sms"].sudo().search([("uuid", "=", reference)])
        tracker = (
            request.env["sms.tracker"]
            .sudo()
            .search([("sms_uuid", "=", reference)], limit=1)
        )
        if not sms and not tracker:
            return self._reply(404, {"error": "unknown reference"})
        sms._sale_sms_apply_report(tracker, state, failure_type)
        return self._reply(200, {"ok": True})
