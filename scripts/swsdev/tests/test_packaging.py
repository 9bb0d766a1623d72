# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import unittest

from addon_files import is_shipped

from swsdev.common import ROOT
from swsdev.packaging import manifest, readme_badges, wheel_problems

# OCA's words for the manifest's development status, as its badges spell them.
MATURITY = {"Alpha", "Beta", "Production/Stable", "Mature"}


class TestAddonFiles(unittest.TestCase):
    def test_the_addon_ships_its_code_not_the_clone_tooling(self):
        for path in ("__manifest__.py", "models/sale_order.py", "i18n/fr.po"):
            self.assertTrue(is_shipped(path), path)
        for path in (
            "bench/sms_queue.py",
            "scripts/devenv.py",
            ".ci/run",
            ".pylintrc",
            "package.json",
            "requirements-dev.txt",
        ):
            self.assertFalse(is_shipped(path), path)


class TestWheelProblems(unittest.TestCase):
    NAMES = [
        "odoo/addons/sale_work_stage/__manifest__.py",
        "odoo/addons/sale_work_stage/models/sale_order.py",
    ]
    METADATA = (
        "Metadata-Version: 2.1\nName: odoo-addon-sale_work_stage\n"
        "Version: 18.0.1.2.0\nRequires-Dist: odoo==18.0.*\n"
        "Requires-Dist: phonenumbers\nRequires-Dist: python-stdnum\n"
    )

    def test_a_good_wheel(self):
        self.assertEqual(
            wheel_problems(
                self.NAMES,
                self.METADATA,
                "18.0.1.2.0",
                ["python-stdnum", "phonenumbers"],
            ),
            [],
        )

    def test_tooling_version_and_dependencies_are_caught(self):
        problems = wheel_problems(
            [*self.NAMES, "odoo/addons/sale_work_stage/bench/run.py"],
            self.METADATA,
            "18.0.1.3.0",
            ["python-stdnum", "twilio"],
        )
        self.assertEqual(len(problems), 3, problems)


class TestReadmeMatchesManifest(unittest.TestCase):
    def test_badges_say_what_the_manifest_says(self):
        info = manifest()
        badges = readme_badges((ROOT / "README.rst").read_text())
        self.assertIn(info["development_status"], MATURITY)
        self.assertEqual(badges["maturity"], info["development_status"])
        self.assertEqual(badges["licence"], info["license"])
