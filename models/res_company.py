# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
from datetime import datetime

import pytz

from odoo import fields, models

from odoo.addons.sms.tools.sms_api import SmsApi

from ..tools.sms_gateway import JsonSmsApi, TwilioSmsApi

_logger = logging.getLogger(__name__)

# A new value of one of these fields may fix refused credentials.
SMS_CREDENTIAL_FIELDS = {
    "sale_sms_gateway",
    "sale_sms_twilio_account_sid",
    "sale_sms_twilio_auth_token",
    "sale_sms_twilio_base_url",
    "sms_http_url",
    "sms_http_token",
}

SPECIAL_STAGE_DOMAIN = "['|', ('company_id', '=', False), ('company_id', '=', id)]"


class ResCompany(models.Model):
    _inherit = "res.company"

    work_stage_proposed_id = fields.Many2one(
        "sale.work.stage",
        string="Proposed & Re-scheduled Stage",
        domain=SPECIAL_STAGE_DOMAIN,
        ondelete="set null",
        help="Stage of the estimates made of work the customer declined.",
    )
    work_stage_backorder_id = fields.Many2one(
        "sale.work.stage",
        string="Back Order Stage",
        domain=SPECIAL_STAGE_DOMAIN,
        ondelete="set null",
        help="Stage of the orders waiting for parts that are out of stock.",
    )
    work_stage_print_target_id = fields.Many2one(
        "sale.work.stage",
        string="Stage After Printing a Work Order",
        domain=SPECIAL_STAGE_DOMAIN,
        ondelete="set null",
        help="Stage an order moves to when its work order is printed.",
    )

    work_approval_lock = fields.Boolean(
        string="Approval Locks Orders",
        default=True,
        help="Lock an order with Odoo's own lock when the customer approves "
        "it: its products, quantities and prices stay as approved, deliveries, "
        "invoices and payments go on. Cancelling it opens it again.",
    )

    work_technician_prices = fields.Boolean(
        string="Technicians See Prices",
        help="Show prices and totals on the Shop Floor to technicians (Work "
        "Stages users without Sales rights); the service desk always sees them.",
    )

    supplement_link_days = fields.Integer(
        string="Supplement Link Validity (days)",
        default=7,
        help="How long the link sent for a supplement (extra work found during "
        "a job) lets the customer authorize it; after that the page says whom "
        "to call.",
    )

    sale_sms_gateway = fields.Selection(
        [
            ("iap", "Odoo IAP"),
            ("twilio", "Twilio (or a Twilio-compatible API)"),
            ("json", "JSON HTTP gateway"),
        ],
        string="SMS Gateway",
        default="iap",
        required=True,
        help="Who sends the text messages of this company's orders.",
    )
    sale_sms_twilio_account_sid = fields.Char(
        string="SMS Account SID", groups="base.group_system", copy=False
    )
    sale_sms_twilio_auth_token = fields.Char(
        string="SMS Auth Token", groups="base.group_system", copy=False
    )
    sale_sms_twilio_base_url = fields.Char(
        string="SMS API URL",
        default="https://api.twilio.com",
        help="Twilio's API, or that of a Twilio-compatible provider.",
    )
    sale_sms_sender = fields.Char(
        string="SMS Sender",
        help="A phone number in international format (+32470123456), or a "
        "messaging service id (starting with MG).",
    )
    sale_sms_credentials_error = fields.Char(
        string="SMS Gateway Credentials Error",
        copy=False,
        help="Set when the gateway refused the credentials; texts wait until "
        "the credentials are fixed.",
    )
    sms_http_url = fields.Char(string="SMS Gateway URL")
    sms_http_token = fields.Char(
        string="SMS Gateway API Token", groups="base.group_system", copy=False
    )
    sms_http_sender = fields.Char(string="SMS Sender Name")
    sms_http_timeout = fields.Integer(string="SMS Gateway Timeout", default=10)
    sms_http_id_path = fields.Char(
        string="Message Id in the Answer",
        default="id",
        help="Dotted path of the message id in the gateway's JSON answer: id, "
        "data.id, messages.0.message-id.",
    )
    sms_resend_window_hours = fields.Integer(
        string="SMS Re-entry Window (hours)",
        default=24,
        help="An order re-entering a stage within this window does not text "
        "the customer again.",
    )
    sms_quiet_start = fields.Float(string="Quiet Hours From", default=20.0)
    sms_quiet_end = fields.Float(string="Quiet Hours To", default=8.0)
    sms_quote_expiry_days = fields.Integer(
        string="Quote Expiry Reminder (days)",
        default=2,
        help="Text the customer of a submitted quote this many days before it "
        "expires (0: never).",
    )

    def write(self, vals):
        if SMS_CREDENTIAL_FIELDS.intersection(vals) and (
            "sale_sms_credentials_error" not in vals
        ):
            vals = dict(vals, sale_sms_credentials_error=False)
        return super().write(vals)

    def _sale_sms_api(self):
        """The addon's provider of this company's texts (see
        ``tools/sms_gateway.py``), or None to leave them to Odoo (IAP, or
        Odoo's own ``sms_twilio`` when chosen there)."""
        self.ensure_one()
        if self.sale_sms_gateway == "iap" or self._sale_sms_odoo_provider_chosen():
            return None
        # sudo: the tokens are readable by system administrators only; the
        # queue runs as whoever triggered it.
        settings = self.sudo()
        if self.sale_sms_gateway == "twilio":
            api = TwilioSmsApi(
                {
                    "account_sid": settings.sale_sms_twilio_account_sid,
                    "token": settings.sale_sms_twilio_auth_token,
                    "base_url": settings.sale_sms_twilio_base_url,
                    "sender": settings.sale_sms_sender,
                    "timeout": settings.sms_http_timeout,
                }
            )
        else:
            api = JsonSmsApi(
                {
                    "url": settings.sms_http_url,
                    "token": settings.sms_http_token,
                    "sender": settings.sms_http_sender or self.name,
                    "timeout": settings.sms_http_timeout,
                    "id_path": settings.sms_http_id_path,
                }
            )
        api._set_company(self)
        return api

    def _sale_sms_odoo_provider_chosen(self):
        """Whether an Odoo SMS module other than IAP sends this company's
        texts (``sms_twilio``): later 18.0 builds say it through
        ``_get_sms_api_class()``, this build's ``sms_twilio`` (when
        installed) through ``sms_provider``."""
        if hasattr(self, "_get_sms_api_class"):
            return self._get_sms_api_class() is not SmsApi
        return "sms_provider" in self._fields and self.sms_provider == "twilio"

    def _sale_sms_status_url(self):
        """Where the provider reports deliveries (Twilio's StatusCallback)."""
        self.ensure_one()
        if self.sale_sms_gateway != "twilio":
            return None
        return f"{self.get_base_url()}/sale_work_stage/sms/twilio/status/{self.id}"

    def _sale_sms_report_credentials_error(self, reason):
        """The gateway refused the credentials: shown in the settings until
        they change, and logged."""
        self.ensure_one()
        _logger.warning(
            "SMS gateway of company %s refused its credentials: %s", self.id, reason
        )
        message = self.env._(
            "The SMS gateway refused the credentials (%(reason)s): text messages "
            "wait until they are fixed.",
            reason=reason,
        )
        # sudo: whoever triggered the queue reports the refusal to the admins.
        self.sudo().sale_sms_credentials_error = message

    def _company_local_now(self):
        """Now in the company's time zone (its address's), for the rules
        that speak of the company's day and hours."""
        self.ensure_one()
        return datetime.now(pytz.timezone(self.partner_id.tz or "UTC"))

    def _company_local_date(self, value):
        """The company's calendar day of a UTC datetime (None stays None)."""
        self.ensure_one()
        if not value:
            return None
        tz = pytz.timezone(self.partner_id.tz or "UTC")
        return pytz.utc.localize(value).astimezone(tz).date()
