# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""18.0.1.1.0: shipped names and SMS bodies lose the XML's indentation.

Earlier versions shipped the Proposed & Re-scheduled stage's name and the SMS
template bodies with the line breaks and indentation of the XML file; Odoo
sent them as they were. The data files are noupdate, so copies in databases
are cleaned here, only where nobody edited them: a value is cleaned when it
still starts with a line break and indentation, which no one types.
"""

from odoo import SUPERUSER_ID, api

SHIPPED_TEXTS = [
    # (external id, field)
    ("sale_work_stage.sale_work_stage_proposed", "name"),
    ("sale_work_stage.sms_template_work_finished", "body"),
    ("sale_work_stage.sms_template_appointment_reminder", "body"),
    ("sale_work_stage.sms_template_quote_expiring", "body"),
]


def is_xml_artefact(value):
    return isinstance(value, str) and value.startswith("\n ") and value != value.strip()


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    languages = [code for code, _name in env["res.lang"].get_installed()]
    for xmlid, field in SHIPPED_TEXTS:
        record = env.ref(xmlid, raise_if_not_found=False)
        if not record:
            continue
        for lang in languages:
            localized = record.with_context(lang=lang)
            value = localized[field]
            if is_xml_artefact(value):
                localized.write({field: " ".join(value.split())})
