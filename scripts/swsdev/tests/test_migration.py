# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import unittest

from swsdev.common import ROOT
from swsdev.migration import manifest_text_at, manifest_version, previous_version_ref


class TestPreviousVersion(unittest.TestCase):
    def test_manifest_version_reads_a_commented_manifest(self):
        """The version of a manifest with comments, as Odoo reads it."""
        text = (
            '# comment\n{\n    "name": "X",  # why\n    "version": "18.0.1.1.0",\n}\n'
        )
        self.assertEqual(manifest_version(text), "18.0.1.1.0")

    def test_previous_version_is_an_earlier_manifest(self):
        """The previous version's commit has another manifest version."""
        ref = previous_version_ref()
        self.assertIsNotNone(ref, "the clone's history has an earlier version")
        earlier = manifest_text_at(ref)
        current = (ROOT / "__manifest__.py").read_text()
        self.assertNotEqual(manifest_version(earlier), manifest_version(current))
