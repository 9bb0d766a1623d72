# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Twilio's webhooks: delivery reports and replies, per company.

Accepted only with a valid ``X-Twilio-Signature`` (the company's auth token);
the answer never tells whether a number, a message or an order exists.
"""

import logging

from markupsafe import Markup, escape

from odoo import http
from odoo.http import request

from ..tools.twilio_signature import is_valid_twilio_signature

_logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
FORM_TYPE = "application/x-www-form-urlencoded"

# Twilio's MessageStatus: (sms.sms state, failure type).
TWILIO_STATUSES = {
    "accepted": ("pending", False),
    "scheduled": ("pending", False),
    "queued": ("pending", False),
    "sending": ("pending", False),
    "sent": ("pending", False),
    "delivered": ("sent", False),
    "undelivered": ("error", "sms_not_delivered"),
    "failed": ("error", "sms_not_delivered"),
}
# Twilio's error codes of undelivered texts that mean a wrong number.
TWILIO_BOUNCES = {"30003", "30005", "30006", "21211", "21614"}

OPT_OUT = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET", "ARRÊT"}
OPT_IN = {"START", "UNSTOP"}


class SmsTwilioWebhooks(http.Controller):
    def _twiml(self):
        return request.make_response(
            '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
            headers=[("Content-Type", "text/xml")],
        )

    def _refuse(self, status):
        return request.make_response(
            "", headers=[("Content-Type", "text/plain")], status=status
        )

    def _verified_form(self, company_id):
        """(company, form) of a signed Twilio request, or (None, response)."""
        httprequest = request.httprequest
        length = httprequest.content_length
        if length is None or length > MAX_BODY:
            return None, self._refuse(413 if length else 411)
        if httprequest.mimetype != FORM_TYPE:
            return None, self._refuse(415)
        try:
            form = httprequest.form
        except ValueError:
            return None, self._refuse(400)
        # sudo: Twilio is not a user; the company's token checks the request.
        company = request.env["res.company"].sudo().browse(company_id).exists()
        token = company.sale_sms_twilio_auth_token if company else False
        path = httprequest.full_path.rstrip("?")
        urls = {httprequest.url, f"{company.get_base_url()}{path}" if company else ""}
        signature = httprequest.headers.get("X-Twilio-Signature", "")
        if (
            not company
            or company.sale_sms_gateway != "twilio"
            or not is_valid_twilio_signature(token, urls, form, signature)
        ):
            return None, self._refuse(403)
        return company, form

    @http.route(
        "/sale_work_stage/sms/twilio/status/<int:company_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def twilio_status(self, company_id, **_kwargs):
        company, form = self._verified_form(company_id)
        if company is None:
            return form
        message_sid, status = form.get("MessageSid"), form.get("MessageStatus")
        if not message_sid or status not in TWILIO_STATUSES:
            return self._refuse(400)
        state, failure_type = TWILIO_STATUSES[status]
        # sudo: delivery reports come from Twilio, authenticated above.
        trackers = (
            request.env["sms.tracker"]
            .sudo()
            .search([("sale_sms_provider_id", "=", message_sid)])
        )
        texts = (
            request.env["sms.sms"]
            .sudo()
            .search([("sale_sms_provider_id", "=", message_sid)])
        )
        if state == "error" and form.get("ErrorCode") in TWILIO_BOUNCES:
            failure_type = "sms_invalid_destination"
        texts._sale_sms_apply_report(trackers, state, failure_type)
        return self._twiml()

    @http.route(
        "/sale_work_stage/sms/twilio/inbound/<int:company_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def twilio_inbound(self, company_id, **_kwargs):
        company, form = self._verified_form(company_id)
        if company is None:
            return form
        number, body = form.get("From"), form.get("Body")
        if not number or body is None:
            return self._refuse(400)
        keyword = body.strip().upper()
        # sudo: replies come from Twilio, authenticated above.
        blacklist = request.env["phone.blacklist"].sudo()
        if keyword in OPT_OUT:
            blacklist._add([number], message=request.env._("Replied %s", keyword))
        elif keyword in OPT_IN:
            blacklist._remove([number], message=request.env._("Replied %s", keyword))
        else:
            self._post_reply(company, number, body)
        return self._twiml()

    def _post_reply(self, company, number, body):
        """On the chatter of the company's order last texted to ``number``,
        with a notification to its salesperson."""
        # sudo: the reply is from the customer, authenticated by Twilio.
        notification = (
            request.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("notification_type", "=", "sms"),
                    ("sms_number", "=", number),
                    ("mail_message_id.model", "=", "sale.order"),
                ],
                order="id desc",
                limit=20,
            )
        )
        orders = (
            request.env["sale.order"]
            .sudo()
            .browse(notification.mail_message_id.mapped("res_id"))
            .exists()
            .filtered(lambda order: order.company_id == company)
        )
        if not orders:
            _logger.info("SMS reply from an unknown number to company %s", company.id)
            return
        order = orders[0]
        author = notification.filtered(lambda n: n.mail_message_id.res_id == order.id)[
            :1
        ].res_partner_id
        order.message_post(
            body=Markup("<p>%s</p>") % escape(body),
            author_id=author.id or None,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=order.user_id.partner_id.ids,
        )
