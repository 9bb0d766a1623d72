# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""18.0.1.1.0: shipped names and SMS bodies lose the XML's indentation.

Earlier versions shipped the Proposed & Re-scheduled stage's name and the SMS
template bodies with the line breaks and indentation of the XML file; Odoo
sent them as they were. The data files are noupdate, so copies in databases
are cleaned here, only where nobody edited them: a value is cleaned when it
still starts with a line break and indentation, which no one types.

The work-finished and appointment-reminder texts now carry the link to the
order's portal page: a copy still as shipped (in English or in the French of
i18n/fr.po, whitespace aside) gets the new text; an edited copy is kept.
"""

from odoo import SUPERUSER_ID, api

SHIPPED_TEXTS = [
    # (external id, field)
    ("sale_work_stage.sale_work_stage_proposed", "name"),
    ("sale_work_stage.sms_template_work_finished", "body"),
    ("sale_work_stage.sms_template_appointment_reminder", "body"),
    ("sale_work_stage.sms_template_quote_expiring", "body"),
]

# (external id, {language: (previously shipped body, new body)}); a language
# is the first part of its code, "en" the source text.
LINKED_BODIES = [
    (
        "sale_work_stage.sms_template_work_finished",
        {
            "en": (
                (
                    "Hello {{ object.partner_id.name }}, the work on {{ object.name }} "
                    "is finished: you can pick it up. {{ object.company_id.name }}"
                ),
                (
                    "Hello {{ object.partner_id.name }}, the work on {{ object.name }} "
                    "is finished: you can pick it up. Details: "
                    "{{ object._get_sms_portal_url() }} {{ object.company_id.name }}"
                ),
            ),
            "fr": (
                (
                    "Bonjour {{ object.partner_id.name }}, les travaux de "
                    "{{ object.name }} sont terminés : vous pouvez passer le "
                    "récupérer. {{ object.company_id.name }}"
                ),
                (
                    "Bonjour {{ object.partner_id.name }}, les travaux de "
                    "{{ object.name }} sont terminés : vous pouvez passer le "
                    "récupérer. Détails : {{ object._get_sms_portal_url() }} "
                    "{{ object.company_id.name }}"
                ),
            ),
        },
    ),
    (
        "sale_work_stage.sms_template_appointment_reminder",
        {
            "en": (
                (
                    "Hello {{ object.partner_id.name }}, a reminder of your "
                    "appointment for {{ object.name }}. {{ object.company_id.name }}"
                ),
                (
                    "Hello {{ object.partner_id.name }}, a reminder of your "
                    "appointment for {{ object.name }}. Details: "
                    "{{ object._get_sms_portal_url() }} {{ object.company_id.name }}"
                ),
            ),
            "fr": (
                (
                    "Bonjour {{ object.partner_id.name }}, nous vous rappelons votre "
                    "rendez-vous pour {{ object.name }}. {{ object.company_id.name }}"
                ),
                (
                    "Bonjour {{ object.partner_id.name }}, nous vous rappelons votre "
                    "rendez-vous pour {{ object.name }}. Détails : "
                    "{{ object._get_sms_portal_url() }} {{ object.company_id.name }}"
                ),
            ),
        },
    ),
]


def collapse(value):
    """``value`` with each run of whitespace as one space, trimmed."""
    return " ".join(value.split()) if isinstance(value, str) else value


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
                localized.write({field: collapse(value)})
    add_portal_links(env, languages)


def add_portal_links(env, languages):
    """Give the new text to the copies of the linked bodies still as shipped."""
    # The source text first: languages without their own text read it.
    languages = ["en_US", *(code for code in languages if code != "en_US")]
    for xmlid, texts in LINKED_BODIES:
        record = env.ref(xmlid, raise_if_not_found=False)
        if not record:
            continue
        shipped = {collapse(old) for old, _new in texts.values()}
        for lang in languages:
            localized = record.with_context(lang=lang)
            if collapse(localized.body) in shipped:
                _old, new = texts.get(lang.split("_")[0], texts["en"])
                localized.write({"body": new})
