# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Odoo's own test suites of the modules the addon touches, run in a
database with the addon installed, compared with the committed list of
intended differences (``scripts/odoo_suite_differences.json``).

The modules are installed first (with demo data, as Odoo's runbot does),
then updated with ``--test-enable`` so that their post-install tests run
with every module, the addon included, loaded.
"""

import json
import re
import shutil

from .common import MODULE, ROOT, STATE, Tally, free_port, say, stream
from .odoo_runner import odoo_command, prepare, write_config
from .pgcluster import connect, database_server, drop_database

ODOO_SUITES = ("sale", "sale_stock", "sale_management", "sms", "portal")
DIFFERENCES = ROOT / "scripts" / "odoo_suite_differences.json"

# OdooTestResult.logError:
#   "ERROR <db> odoo.addons.<module>.tests.<file>: FAIL: Class.test"
FAILED_RE = re.compile(r" ERROR \S+ odoo\.addons\.(\S+?): (?:FAIL|ERROR): (\S+)")
# A class whose set-up failed: "ERROR: setUpClass (odoo.addons.<module>.<Class>)"
CLASS_FAILED_RE = re.compile(
    r" ERROR \S+ odoo\.tests\.suite: ERROR: (\w+) \(odoo\.addons\.(\S+)\.(\w+)\)"
)
SUMMARY_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")

# The lock a run is made under, set in the database before the tests run.
#   off:  the addon's approval lock off (every company, and new ones);
#   on:   the addon's approval lock on (its default);
#   odoo: Odoo's own "Lock Confirmed Sales" on (the reference, no addon);
#   plain: nothing set (the reference, no addon).
LOCK_SCRIPTS = {
    "plain": 'print("LOCK-SET plain")',
    "off": """
companies = env["res.company"].with_context(active_test=False).search([])
companies.write({"work_approval_lock": False})
env["ir.default"].set("res.company", "work_approval_lock", False)
env.cr.commit()
print("LOCK-SET off")
""",
    "on": """
locked = env["res.company"].search([]).mapped("work_approval_lock")
print("LOCK-SET", all(locked) and "on")
""",
    "odoo": """
env["res.config.settings"].create({"group_auto_done_setting": True}).execute()
env.cr.commit()
print("LOCK-SET odoo", env.ref("base.group_user").implied_ids
      >= env.ref("sale.group_auto_done_setting"))
""",
}


def failed_tests(log_text):
    """The failed tests of a log, as ``module.tests.file: Class.test``."""
    failed = {f"{module}: {test}" for module, test in FAILED_RE.findall(log_text)}
    failed |= {
        f"{module}: {cls}.{step}"
        for step, module, cls in CLASS_FAILED_RE.findall(log_text)
    }
    return sorted(failed)


def compare(failed, allowed):
    """What failed beyond the allowed differences, and the allowed ones that
    no longer fail (a stale entry hides nothing, but is reported)."""
    unexpected = sorted(set(failed) - set(allowed))
    stale = sorted(set(allowed) - set(failed))
    return unexpected, stale


def load_differences():
    return json.loads(DIFFERENCES.read_text(encoding="utf-8"))


def install_suites(conf, server, database, with_addon, logs):
    """A database with Odoo's modules (and the addon), demo data on."""
    drop_database(server, database)
    modules = [*ODOO_SUITES, *([MODULE] if with_addon else [])]
    rc = stream(
        odoo_command(
            conf, "-d", database, "-i", ",".join(modules), "--stop-after-init"
        ),
        logs / f"{database}-install.log",
    )
    if rc:
        raise RuntimeError(f"installing {','.join(modules)} failed (rc={rc})")


def copy_database(server, template, name):
    """A copy of ``template``, its filestore (attachments, assets) included."""
    drop_database(server, name)
    filestore = STATE / "filestore" / "filestore"
    if (filestore / template).is_dir():
        shutil.copytree(filestore / template, filestore / name)
    cnx = connect(server)
    try:
        with cnx.cursor() as cr:
            from psycopg2 import sql  # pylint: disable=import-outside-toplevel

            cr.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
    finally:
        cnx.close()


def run_suites(conf, database, lock, logs):
    """Set the lock, run Odoo's suites; the failed tests and the summary."""
    shell_log = logs / f"{database}-lock.log"
    stream(
        odoo_command(conf, "-d", database, "--no-http", subcommand="shell"),
        shell_log,
        stdin=LOCK_SCRIPTS[lock],
    )
    if f"LOCK-SET {lock}" not in shell_log.read_text(errors="replace"):
        raise RuntimeError(f"could not set the lock {lock!r}: see {shell_log}")
    log_path = logs / f"{database}-tests.log"
    tags = ",".join(f"/{module}" for module in ODOO_SUITES)
    stream(
        odoo_command(
            conf,
            "-d",
            database,
            "-u",
            ",".join(ODOO_SUITES),
            "--test-enable",
            "--test-tags",
            tags,
            "--stop-after-init",
            "--log-level",
            "test",
        ),
        log_path,
    )
    text = log_path.read_text(encoding="utf-8", errors="replace")
    summary = SUMMARY_RE.findall(text)
    return failed_tests(text), summary[-1] if summary else None


def check_odoo_suites(conf, server, database, tally):
    """Odoo's suites with the addon, lock off and on, against the list."""
    logs = STATE / "logs"
    allowed = load_differences()
    template = f"{database}_odoo_suites"
    install_suites(conf, server, template, True, logs)
    for lock in ("off", "on"):
        name = f"{template}_{lock}"
        copy_database(server, template, name)
        failed, summary = run_suites(conf, name, lock, logs)
        drop_database(server, name)
        if not summary:
            tally.check(f"odoo's own suites, lock {lock} (no summary)", False)
            continue
        unexpected, stale = compare(failed, allowed[f"lock_{lock}"])
        say(
            f"odoo's own suites, approval lock {lock}: {summary[2]} tests, "
            f"{len(failed)} failed ({len(failed) - len(unexpected)} listed)"
        )
        for test in stale:
            say(f"  listed but passed: {test}")
        tally.check(
            f"odoo's own suites of {', '.join(ODOO_SUITES)}, approval lock {lock}:"
            " only the listed differences fail",
            not unexpected,
            "; ".join(unexpected)[:2000],
        )
    drop_database(server, template)


def measure_reference(conf, server, database):
    """Odoo's suites without the addon, with and without Odoo's own lock: the
    failures the addon's lists may repeat. Prints them as JSON."""
    logs = STATE / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    template = f"{database}_reference"
    install_suites(conf, server, template, False, logs)
    reference = {}
    for lock in ("plain", "odoo"):
        name = f"{template}_{lock}"
        copy_database(server, template, name)
        failed, summary = run_suites(conf, name, lock, logs)
        drop_database(server, name)
        reference[lock] = {"summary": summary, "failed": failed}
    drop_database(server, template)
    return reference


def cmd_odoo_suites(args):
    """Odoo's suites with the addon (lock off and on) against the committed
    list; with ``--reference``, measure the reference lists again instead
    (without the addon: plain, and with Odoo's own lock) and print them."""
    odoo_dir = prepare()
    (STATE / "logs").mkdir(parents=True, exist_ok=True)
    with database_server() as server:
        conf = write_config(odoo_dir, server, free_port())
        if not args.reference:
            tally = Tally()
            check_odoo_suites(conf, server, args.database, tally)
            return tally.summary()
        reference = measure_reference(conf, server, args.database)
    print(json.dumps(reference, indent=2))
    committed = load_differences()["reference"]
    same = all(
        sorted(committed.get(lock, [])) == reference[lock]["failed"]
        for lock in reference
    )
    say("reference " + ("matches" if same else "differs from") + f" {DIFFERENCES.name}")
    return 0 if same else 1
