# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The test command: every test, the load test, the lifecycle checks, the
translations, the wheel, the linters."""

import time
import unittest

from . import (
    cluster,
    i18n,
    lifecycle,
    lint,
    loadtest,
    migration,
    odoo_suites,
    packaging,
    shop_install,
)
from .common import ROOT, STATE, Tally, free_port, say
from .later_build import run_on_later_build
from .odoo_runner import prepare, run_odoo_tests, write_config
from .pgcluster import database_server, drop_database

LOGS = STATE / "logs"


class TallyResult(unittest.TestResult):
    """Each plain test of scripts/ is one check of the tally."""

    def __init__(self, tally):
        super().__init__()
        self.tally = tally

    def addSuccess(self, test):
        super().addSuccess(test)
        self.tally.check(f"scripts test {test.id()}", True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.tally.check(f"scripts test {test.id()}", False, self.failures[-1][1])

    def addError(self, test, err):
        super().addError(test, err)
        self.tally.check(f"scripts test {test.id()}", False, self.errors[-1][1])

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.tally.check(f"scripts test {test.id()} (skipped)", False, reason)


def run_script_tests(tally):
    """The plain tests of the dev commands' own logic (no Odoo, no database)."""
    scripts = ROOT / "scripts"
    suite = unittest.TestLoader().discover(
        str(scripts / "swsdev" / "tests"), top_level_dir=str(scripts)
    )
    result = TallyResult(tally)
    suite.run(result)
    if not result.testsRun:
        tally.check("scripts tests (none found)", False)


def cmd_test(args):
    """Every step, each one failed check when it crashes; the summary line
    last, whatever failed."""
    started = time.time()
    (STATE / "logs").mkdir(parents=True, exist_ok=True)
    tally = Tally()
    tally.step("scripts tests", run_script_tests, tally)
    tally.step("wheel", packaging.check_wheel, tally)
    if not args.no_odoo:
        tally.step("Odoo", run_odoo_steps, args, tally)
    if not args.no_lint:
        tally.step("linters", lint.run_linters, tally)
    say(f"finished in {time.time() - started:.0f}s")
    return tally.summary()


def run_odoo_steps(args, tally):
    """The steps that need Odoo and PostgreSQL."""
    odoo_dir = prepare()
    with database_server() as server:
        conf = write_config(odoo_dir, server, free_port())
        database = args.database
        drop_database(server, database)
        step = tally.step
        step("odoo tests", run_odoo_tests, conf, database, tally)
        step("demo data", lifecycle.check_demo, conf, database, tally)
        step("translations", i18n.check_translations, conf, database, tally, LOGS)
        step("load test", loadtest.run_load_test, conf, database, tally)
        if not args.quick:
            step("lifecycle", lifecycle.run_lifecycle, conf, server, database, tally)
            step(
                "a shop's database",
                shop_install.check_install_on_shop_history,
                conf,
                server,
                database,
                tally,
            )
        drop_database(server, database)
        if not args.quick:
            step(
                "previous-version upgrade",
                migration.run_upgrade_from_previous,
                conf,
                server,
                f"{database}_previous",
                tally,
            )
            step(
                "Odoo's suites",
                odoo_suites.check_odoo_suites,
                conf,
                server,
                database,
                tally,
            )
        step(
            "later 18.0 build",
            run_on_later_build,
            server,
            database,
            tally,
            args.later_odoo,
        )
    if not args.quick:
        # Its own primary and replica clusters, whatever server the rest used.
        tally.step(
            "cluster",
            cluster.run_cluster_load_test,
            odoo_dir,
            tally,
            seconds=cluster.SHORT_SECONDS,
        )
