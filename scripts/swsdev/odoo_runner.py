# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Odoo: its configuration and command line, the run command, the test run."""

import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

from . import inventory
from .common import MODULE, ROOT, STATE, end_process, say, start, stream
from .pgcluster import database_exists, database_server


def require_odoo():
    """Stop at once, with the way out, when Odoo 18.0 cannot be imported."""
    try:
        import odoo.release  # pylint: disable=import-outside-toplevel
    except ImportError as error:
        sys.exit(
            f"[devenv] Odoo 18.0 must be importable by {sys.executable} "
            f"({error}).\n"
            "Point this Python at an Odoo 18.0 source tree, for instance:\n"
            "    export PYTHONPATH=/path/to/odoo-18.0\n"
            "or install that tree with: pip install -e /path/to/odoo-18.0\n"
            "then run this command again."
        )
    if tuple(odoo.release.version_info[:2]) != (18, 0):
        sys.exit(
            f"[devenv] Odoo 18.0 is required, found {odoo.release.version} "
            f"at {os.path.dirname(odoo.__file__)}."
        )
    return Path(odoo.__file__).resolve().parent


def requirement_names(path):
    names = []
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.append(re.split(r"[<>=!~;\[ ]", line)[0])
    return names


def ensure_requirements():
    """Install from PyPI the Python packages of requirements.txt and
    requirements-dev.txt (the tests') that are missing."""
    for requirements in (ROOT / "requirements.txt", ROOT / "requirements-dev.txt"):
        missing = []
        for name in requirement_names(requirements):
            try:
                importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                missing.append(name)
        if missing:
            say(f"installing Python packages: {', '.join(missing)}")
            subprocess.run(
                [sys.executable, "-m", "pip", "install", "-q", "-r", str(requirements)],
                check=True,
            )


def addons_path(odoo_dir):
    """Odoo's addons and a folder where this clone is seen as 'sale_work_stage'."""
    link_dir = STATE / "addons"
    link_dir.mkdir(parents=True, exist_ok=True)
    link = link_dir / MODULE
    if link.is_symlink() and link.resolve() != ROOT:
        link.unlink()
    if not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    paths = [odoo_dir / "addons", odoo_dir.parent / "addons", link_dir]
    return ",".join(str(p) for p in paths if p.is_dir())


def write_config(odoo_dir, server, http_port, name="odoo.conf"):
    conf = STATE / name
    lines = ["[options]", f"addons_path = {addons_path(odoo_dir)}"]
    lines += [f"{key} = {value}" for key, value in server.items()]
    lines += [
        f"data_dir = {STATE / 'filestore'}",
        "http_interface = 127.0.0.1",
        f"http_port = {http_port}",
        "max_cron_threads = 1",
        "",
    ]
    conf.write_text("\n".join(lines))
    return conf


def odoo_command(conf, *args, subcommand="server", odoo_bin=None):
    """Odoo's command line: the importable Odoo, or the build whose
    ``odoo-bin`` is given (its own folder comes first on its path)."""
    launcher = [str(odoo_bin)] if odoo_bin else ["-m", "odoo"]
    return [sys.executable, *launcher, subcommand, "-c", str(conf), *args]


def prepare():
    """Odoo's folder, once Odoo and the Python packages are there."""
    odoo_dir = require_odoo()
    ensure_requirements()
    STATE.mkdir(exist_ok=True)
    return odoo_dir


def install_database(conf, server, database, *odoo_args):
    """The database with the addon and its demo data, created or updated."""
    if database_exists(server, database):
        say(f"updating {MODULE} in database {database}")
        init = ("-u", MODULE)
    else:
        say(f"creating database {database} with demo data")
        init = ("-i", MODULE)
    subprocess.run(
        odoo_command(conf, "-d", database, *init, "--stop-after-init", *odoo_args),
        check=True,
        cwd=ROOT,
    )


def cmd_run(args):
    """Odoo in the foreground; the private PostgreSQL lives as long as it does."""
    odoo_dir = prepare()
    with database_server() as server:
        conf = write_config(odoo_dir, server, args.port)
        install_database(conf, server, args.database)
        print(
            f"\n  Open http://localhost:{args.port}/odoo/work-pipeline\n"
            "  Login: admin   Password: admin\n",
            flush=True,
        )
        odoo = start(
            odoo_command(conf, "-d", args.database, "--db-filter", f"^{args.database}$")
        )
        try:
            return odoo.wait()
        finally:
            end_process(odoo)


SUMMARY_RE = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
SKIPPED_RE = re.compile(r" INFO \S+ \S+: skipped ")
# OdooTestResult.logError: "ERROR <db> <test module>: FAIL: Class.method".
FAILED_RE = re.compile(r" ERROR \S+ odoo\.addons\.\S+: ((?:FAIL|ERROR): \S+)")

# What the reliability tests log about what they measured.
FIGURES_RE = re.compile(r"INFO \S+ \S+: ((?:reliability|fuzz|access matrix)[^\n]*)")

# The tests also cover receipts and manufacturing orders as sources of the
# goods of an order, quotation templates (sale_management) and deposits paid
# through Odoo's Demo payment provider; the addon itself depends on none of
# these apps.
TEST_ALSO_INSTALL = ("purchase_stock", "mrp", "sale_management", "payment_demo")


def run_odoo_tests(conf, database, tally, odoo_bin=None, also_install=(), label=""):
    """The addon's whole suite; ``odoo_bin`` and ``label`` for another build."""
    log_path = STATE / "logs" / f"tests{label and '-' + label}.log"
    rc = stream(
        odoo_command(
            conf,
            "-d",
            database,
            "-i",
            ",".join((MODULE, *TEST_ALSO_INSTALL, *also_install)),
            "--test-enable",
            "--test-tags",
            f"/{MODULE}",
            "--stop-after-init",
            "--log-level",
            "info",
            odoo_bin=odoo_bin,
        ),
        log_path,
    )
    text = log_path.read_text(encoding="utf-8", errors="replace")
    summary = SUMMARY_RE.findall(text)
    skipped = len(SKIPPED_RE.findall(text))
    name = f"odoo tests{label and ' on ' + label}"
    if not summary:
        tally.check(f"{name} (no test summary: the run crashed)", False, f"rc={rc}")
        return
    check_defined_tests_ran(text, tally, label)
    failed, errors, total = (int(x) for x in summary[-1])
    tally.passed += max(total - failed - errors - skipped, 0)
    for _i in range(failed + errors):
        tally.failed.append(name)
    for _i in range(skipped):
        tally.failed.append(f"skipped {name}")
    say(
        f"{name}: {total} run, {failed} failed, {errors} errors, "
        f"{skipped} skipped (counted as failed), exit code {rc}"
    )
    for failure in FAILED_RE.findall(text):
        say(f"  {failure}")
    if rc != 0 and not (failed or errors):
        tally.check(f"{name}: exit code", False, f"rc={rc}")
    figures = FIGURES_RE.findall(text)
    if figures:
        say("reliability figures (tests tagged sale_work_stage_reliability):")
        for figure in figures:
            say(f"  {figure.strip()}")


def check_defined_tests_ran(log_text, tally, label=""):
    """Each test method of tests/ that the run did not start is a failed check."""
    where = f" on {label}" if label else ""
    sources = {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "tests").rglob("*.py"))
    }
    classes = inventory.parse_classes(sources, MODULE)
    missing = inventory.not_run(classes, inventory.ran_tests(log_text, MODULE))
    for test in missing:
        tally.check(f"defined test did not run{where}: {test}", False)
    if not missing:
        tally.check(
            f"every defined test ran{where} ({inventory.defined_count(classes)})",
            True,
        )
