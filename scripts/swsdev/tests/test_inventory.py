# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Plain tests of the defined-against-ran comparison (no Odoo, no database)."""

import unittest
from textwrap import dedent

from swsdev.inventory import defined_count, not_run, parse_classes, ran_tests

MODULE = "sale_work_stage"

COMMON = dedent(
    """
    from odoo.addons.sale.tests.common import SaleCommon

    class Base(SaleCommon):
        def setUp(self):
            super().setUp()

        def test_shared(self):
            pass
    """
)


def log_line(dotted, description, tail=" - - -"):
    return (
        "2026-12-01 15:10:41,457 5742 INFO sale_work_stage_test "
        f"odoo.addons.{MODULE}.{dotted}: Starting {description} ...{tail}"
    )


class TestRanTests(unittest.TestCase):
    def test_reads_the_starting_lines_of_the_module_only(self):
        """Only the addon's "Starting Class.method ..." lines count, colored or not."""
        log = "\n".join(
            [
                (
                    "2026-12-01 15:10:41,457 5742 INFO sale_work_stage_test "
                    "odoo.service.server: Starting post tests "
                ),
                log_line("tests.test_a", "TestA.test_one"),
                log_line("tests.test_a", "TestA.test_two", tail=" 12 0.004 0.100"),
                (
                    "2026-12-01 15:10:42,001 5742 \x1b[1;32m\x1b[1;49mINFO\x1b[0m "
                    f"db odoo.addons.{MODULE}.tests.test_b: Starting TestB.test_x ..."
                ),
                log_line("tests.test_a", "TestA.test_one")
                .replace(MODULE, "sale")
                .replace("test_one", "test_other"),
                (
                    "2026-12-01 15:10:43,001 5742 INFO db "
                    f"odoo.addons.{MODULE}.tests.test_a: skipped TestA.test_two : why"
                ),
            ]
        )
        self.assertEqual(
            ran_tests(log, MODULE),
            {
                ("tests/test_a.py", "TestA", "test_one"),
                ("tests/test_a.py", "TestA", "test_two"),
                ("tests/test_b.py", "TestB", "test_x"),
            },
        )


class TestNotRun(unittest.TestCase):
    def test_plain_unittest_class_is_reported(self):
        """A plain TestCase Odoo never collects is reported, the tagged one not."""
        sources = {
            "tests/test_tools.py": dedent(
                """
                from unittest import TestCase
                from odoo.tests import BaseCase, tagged

                class TestPlain(TestCase):
                    def test_one(self):
                        pass

                    def helper(self):
                        pass

                @tagged("post_install", "-at_install")
                class TestTagged(BaseCase):
                    def test_two(self):
                        pass
                """
            )
        }
        classes = parse_classes(sources, MODULE)
        ran = {("tests/test_tools.py", "TestTagged", "test_two")}
        self.assertEqual(defined_count(classes), 2)
        self.assertEqual(
            not_run(classes, ran), ["tests/test_tools.py::TestPlain.test_one"]
        )

    def test_inherited_tests_resolve_through_the_addons_classes(self):
        """A test inherited from tests/common.py counts when a subclass ran it;
        an overridden one does not stand for the base's own."""
        sources = {
            "tests/common.py": COMMON,
            "tests/test_a.py": dedent(
                """
                from .common import Base as Renamed

                class TestInherits(Renamed):
                    allow_inherited_tests_method = True
                """
            ),
            "tests/test_b.py": dedent(
                """
                from odoo.addons.sale_work_stage.tests import common

                class TestOverrides(common.Base):
                    def test_shared(self):
                        pass
                """
            ),
        }
        classes = parse_classes(sources, MODULE)
        self.assertEqual(
            not_run(classes, {("tests/test_b.py", "TestOverrides", "test_shared")}),
            ["tests/common.py::Base.test_shared"],
        )
        self.assertEqual(
            not_run(
                classes,
                {
                    ("tests/test_a.py", "TestInherits", "test_shared"),
                    ("tests/test_b.py", "TestOverrides", "test_shared"),
                },
            ),
            [],
        )

    def test_method_resolution_order_picks_the_first_definition(self):
        """With two bases defining a test, the one Python would call is the one
        that ran (C3 order, as Python's)."""
        sources = {
            "tests/test_mro.py": dedent(
                """
                class Left:
                    def test_x(self):
                        pass

                class Right:
                    def test_x(self):
                        pass

                class TestBoth(Left, Right):
                    allow_inherited_tests_method = True
                """
            )
        }
        classes = parse_classes(sources, MODULE)
        self.assertEqual(
            not_run(classes, {("tests/test_mro.py", "TestBoth", "test_x")}),
            ["tests/test_mro.py::Right.test_x"],
        )


if __name__ == "__main__":
    unittest.main()
