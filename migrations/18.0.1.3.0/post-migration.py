# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""18.0.1.3.0: the shipped stages show the job's status on the customer
portal out of the box; stages nobody set up for the portal get their
customer label (stage data is not updated after install)."""

from odoo import SUPERUSER_ID, api

PORTAL_LABELS = {
    "sale_work_stage_appointment": "Booked",
    "sale_work_stage_work_in_progress": "Being worked on",
    "sale_work_stage_backorder": "Waiting for parts",
    "sale_work_stage_invoice_pending": "Finished and invoiced",
    "sale_work_stage_done": "Ready",
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, label in PORTAL_LABELS.items():
        stage = env.ref(f"sale_work_stage.{xmlid}", raise_if_not_found=False)
        if stage and not stage.portal_visible and not stage.portal_label:
            stage.write({"portal_visible": True, "portal_label": label})
