# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import unittest

from swsdev.i18n import (
    coverage,
    merged_po,
    placeholder_errors,
    placeholders,
    stale_terms,
)


class TestPlaceholders(unittest.TestCase):
    def test_kept_placeholders_pass(self):
        translations = {
            "Order %(order)s is in stage %(stage)s": "La commande %(order)s est à "
            "l'étape %(stage)s",
            "Hello {{ object.name }}": "Bonjour {{ object.name }}",
            "<strong>Stage:</strong>": "<strong>Étape :</strong>",
            "Untranslated %s": "",
        }
        self.assertEqual(placeholder_errors(translations), [])

    def test_lost_or_translated_placeholders_are_caught(self):
        translations = {
            "Order %(order)s": "Commande %(commande)s",
            "Hello {{ object.name }}": "Bonjour {{ objet.nom }}",
            "<strong>Stage:</strong>": "Étape :",
            "%s moved": "déplacé",
        }
        self.assertEqual(sorted(placeholder_errors(translations)), sorted(translations))

    def test_placeholders_are_listed_in_order_independent_form(self):
        self.assertEqual(
            placeholders("%(b)s then %(a)s"), placeholders("%(a)s puis %(b)s")
        )


class TestCatalogs(unittest.TestCase):
    def test_stale_terms_both_ways(self):
        lacking, dropped = stale_terms({"Old": "", "Kept": ""}, {"Kept": "", "New": ""})
        self.assertEqual((lacking, dropped), (["New"], ["Old"]))

    def test_coverage_counts_translated_template_terms(self):
        template = {"A": "", "B": "", "C": "", "D": ""}
        self.assertEqual(coverage(template, {"A": "a", "B": "", "Z": "z"}), 0.25)
        self.assertEqual(coverage({}, {}), 1.0)


POT_TEXT = """# header comment
msgid ""
msgstr ""
"Plural-Forms: \\n"

#. module: sale_work_stage
#: model:ir.model.fields,field_description:sale_work_stage.field_a
msgid "Work Order"
msgstr ""

#. module: sale_work_stage
#: code:addons/sale_work_stage/models/x.py:0
msgid ""
"A long term that Odoo wraps over two lines because it is longer than "
"the width"
msgstr ""
"""


class TestMergedPo(unittest.TestCase):
    def test_translations_follow_the_template(self):
        text = merged_po(
            POT_TEXT,
            "fr",
            {"Work Order": "Ordre de réparation", "Dropped": "Abandonné"},
            keep_untranslated=True,
        )
        self.assertIn('"Language: fr\\n"', text)
        self.assertIn('msgid "Work Order"\nmsgstr "Ordre de réparation"', text)
        self.assertIn('the width"\nmsgstr ""\n', text)
        self.assertNotIn("Abandonné", text)

    def test_regional_file_keeps_only_its_own_terms(self):
        text = merged_po(
            POT_TEXT, "fr_CA", {"Work Order": "Bon de travail"}, keep_untranslated=False
        )
        self.assertIn('msgstr "Bon de travail"', text)
        self.assertNotIn("long term", text)
