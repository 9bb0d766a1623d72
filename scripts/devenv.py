#!/usr/bin/env python3
# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Run or test the sale_work_stage addon from a clone.

    python3 scripts/devenv.py run     # Odoo with the addon and demo data
    python3 scripts/devenv.py test    # every test and linter, then a summary
    python3 scripts/devenv.py bench   # the benchmarks of bench/
    python3 scripts/devenv.py lint    # the linters alone (what pre-commit runs)
    python3 scripts/devenv.py i18n    # export i18n/sale_work_stage.pot again
    python3 scripts/devenv.py screenshots  # the images of static/description
    python3 scripts/devenv.py odoo-suites  # Odoo's own suites with the addon
    python3 scripts/devenv.py cluster  # two Odoo servers and a read replica

Odoo 18.0 itself must be importable by this Python (it is never installed
from here). PostgreSQL is the one named by PGHOST/PGPORT/PGUSER when it
answers, else a private cluster kept in ``.devenv/`` of the clone, running
only while a command needs it. The work is done by the ``swsdev`` package
beside this file; this script only reads the command line.
"""

import argparse
import sys

from swsdev.bench import cmd_bench
from swsdev.cluster import SECONDS, cmd_cluster
from swsdev.common import MODULE, run_command
from swsdev.i18n import cmd_i18n
from swsdev.lint import LINTERS, cmd_lint
from swsdev.odoo_runner import cmd_run
from swsdev.odoo_suites import cmd_odoo_suites
from swsdev.screenshots import cmd_screenshots
from swsdev.suite import cmd_test


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start Odoo with the addon and demo data")
    run.add_argument("--database", default=MODULE)
    run.add_argument("--port", type=int, default=8069)
    test = sub.add_parser("test", help="run every test and linter")
    test.add_argument("--database", default=f"{MODULE}_test")
    test.add_argument("--quick", action="store_true", help="skip upgrade/uninstall")
    test.add_argument("--no-lint", action="store_true", help="skip the linters")
    test.add_argument("--no-odoo", action="store_true", help="skip all that needs Odoo")
    test.add_argument(
        "--later-odoo",
        metavar="PATH",
        help="folder of a later 18.0 build (its odoo-bin) to run the addon's"
        " suite on too; default: $SALE_WORK_STAGE_LATER_ODOO",
    )
    bench = sub.add_parser("bench", help="run the benchmarks of bench/")
    bench.add_argument("--database", default=f"{MODULE}_bench")
    bench.add_argument(
        "--only", nargs="*", help="names of the bench/ scripts to run (no .py)"
    )
    lint = sub.add_parser("lint", help="run the linters only (as pre-commit does)")
    lint.add_argument(
        "--only", nargs="*", choices=list(LINTERS), help="the linters to run"
    )
    i18n = sub.add_parser("i18n", help="export the addon's terms to its .pot")
    i18n.add_argument("--database", default=f"{MODULE}_i18n")
    shots = sub.add_parser(
        "screenshots", help="take the screenshots of static/description again"
    )
    shots.add_argument("--database", default=f"{MODULE}_screens")
    suites = sub.add_parser(
        "odoo-suites",
        help="Odoo's own suites of sale, sale_stock, sale_management, sms and"
        " portal with the addon, against scripts/odoo_suite_differences.json",
    )
    suites.add_argument("--database", default=f"{MODULE}_suites")
    suites.add_argument(
        "--reference",
        action="store_true",
        help="measure again the failures without the addon, with and without"
        " Odoo's own Lock Confirmed Sales",
    )
    cluster = sub.add_parser(
        "cluster",
        help="two Odoo servers with workers and a PostgreSQL read replica:"
        " the shop's day driven through them, checked, then everything stopped",
    )
    cluster.add_argument(
        "--seconds", type=int, default=SECONDS, help="length of each load phase"
    )
    args = parser.parse_args()
    commands = {
        "run": cmd_run,
        "test": cmd_test,
        "bench": cmd_bench,
        "lint": cmd_lint,
        "i18n": cmd_i18n,
        "screenshots": cmd_screenshots,
        "odoo-suites": cmd_odoo_suites,
        "cluster": cmd_cluster,
    }
    return run_command(commands[args.command], args)


if __name__ == "__main__":
    sys.exit(main())
