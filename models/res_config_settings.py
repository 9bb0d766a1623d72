# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

STAGE_DOMAIN = "['|', ('company_id', '=', False), ('company_id', '=', company_id)]"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    work_stage_proposed_id = fields.Many2one(
        related="company_id.work_stage_proposed_id",
        readonly=False,
        domain=STAGE_DOMAIN,
    )
    work_stage_backorder_id = fields.Many2one(
        related="company_id.work_stage_backorder_id",
        readonly=False,
        domain=STAGE_DOMAIN,
    )
    work_stage_print_target_id = fields.Many2one(
        related="company_id.work_stage_print_target_id",
        readonly=False,
        domain=STAGE_DOMAIN,
    )
    work_approval_lock = fields.Boolean(
        related="company_id.work_approval_lock", readonly=False
    )
    work_technician_prices = fields.Boolean(
        related="company_id.work_technician_prices", readonly=False
    )
    supplement_link_days = fields.Integer(
        related="company_id.supplement_link_days", readonly=False
    )
    sale_sms_gateway = fields.Selection(
        related="company_id.sale_sms_gateway", readonly=False
    )
    sale_sms_twilio_account_sid = fields.Char(
        related="company_id.sale_sms_twilio_account_sid",
        readonly=False,
        groups="base.group_system",
    )
    sale_sms_twilio_auth_token = fields.Char(
        related="company_id.sale_sms_twilio_auth_token",
        readonly=False,
        groups="base.group_system",
    )
    sale_sms_twilio_base_url = fields.Char(
        related="company_id.sale_sms_twilio_base_url", readonly=False
    )
    sale_sms_sender = fields.Char(related="company_id.sale_sms_sender", readonly=False)
    sale_sms_credentials_error = fields.Char(
        related="company_id.sale_sms_credentials_error"
    )
    sms_http_url = fields.Char(related="company_id.sms_http_url", readonly=False)
    sms_http_token = fields.Char(
        related="company_id.sms_http_token", readonly=False, groups="base.group_system"
    )
    sms_http_sender = fields.Char(related="company_id.sms_http_sender", readonly=False)
    sms_http_timeout = fields.Integer(
        related="company_id.sms_http_timeout", readonly=False
    )
    sms_http_id_path = fields.Char(
        related="company_id.sms_http_id_path", readonly=False
    )
    sms_resend_window_hours = fields.Integer(
        related="company_id.sms_resend_window_hours", readonly=False
    )
    sms_quiet_start = fields.Float(related="company_id.sms_quiet_start", readonly=False)
    sms_quiet_end = fields.Float(related="company_id.sms_quiet_end", readonly=False)
    sms_quote_expiry_days = fields.Integer(
        related="company_id.sms_quote_expiry_days", readonly=False
    )
