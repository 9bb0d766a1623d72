# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import unittest

from swsdev.i18n import coverage, placeholder_errors, placeholders, stale_terms


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
