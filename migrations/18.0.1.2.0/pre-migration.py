# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""18.0.1.2.0: the company's SMS provider is ``sale_sms_gateway`` (Odoo's
``sms_twilio`` has a field ``sms_provider`` of its own); the HTTP gateway is
the ``json`` one."""

from odoo.addons.sale_work_stage.tools.sql_rename import (
    rename_field,
    rename_selection_value,
)


def migrate(cr, version):
    if not version:
        return
    rename_field(cr, "res.company", "res_company", "sms_provider", "sale_sms_gateway")
    rename_selection_value(
        cr, "res.company", "res_company", "sale_sms_gateway", "http", "json"
    )
