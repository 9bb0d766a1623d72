# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The test command: every test, the load test, the lifecycle checks, the linters."""

import time

from . import lifecycle, lint, loadtest
from .common import STATE, Tally, free_port, say
from .odoo_runner import prepare, run_odoo_tests, write_config
from .pgcluster import drop_database


def cmd_test(args):
    started = time.time()
    odoo_dir, server = prepare()
    (STATE / "logs").mkdir(parents=True, exist_ok=True)
    conf = write_config(odoo_dir, server, free_port())
    tally = Tally()
    database = args.database
    drop_database(server, database)
    if not args.no_odoo:
        run_odoo_tests(conf, database, tally)
        loadtest.run_load_test(conf, database, tally)
        if not args.quick:
            lifecycle.run_lifecycle(conf, server, database, tally)
        drop_database(server, database)
    if not args.no_lint:
        lint.run_linters(tally)
    say(f"finished in {time.time() - started:.0f}s")
    for name in sorted(set(tally.failed)):
        say(f"failed: {name} x{tally.failed.count(name)}")
    print(f"{tally.passed} passed, {len(tally.failed)} failed", flush=True)
    return 1 if tally.failed else 0
