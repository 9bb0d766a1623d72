# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""18.0.1.4.0: the shipped stages that say the work is finished take
approved orders only (stage data is not updated after install)."""

from odoo import SUPERUSER_ID, api

APPROVED_ONLY = ("sale_work_stage_invoice_pending", "sale_work_stage_done")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in APPROVED_ONLY:
        stage = env.ref(f"sale_work_stage.{xmlid}", raise_if_not_found=False)
        if stage:
            stage.approved_orders_only = True
