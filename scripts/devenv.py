#!/usr/bin/env python3
# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Run or test the sale_work_stage addon from a clone.

    python3 scripts/devenv.py run     # Odoo with the addon and demo data
    python3 scripts/devenv.py test    # every test and linter, then a summary

Odoo 18.0 itself must be importable by this Python (it is never installed
from here). PostgreSQL is the one named by PGHOST/PGPORT/PGUSER when it
answers, else a private cluster kept in ``.devenv/`` of the clone.
"""

import argparse
import hashlib
import importlib.metadata
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = "sale_work_stage"
STATE = ROOT / ".devenv"
PG_PORT = "5432"


def say(message):
    print(f"[devenv] {message}", flush=True)


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
    """Install from PyPI the Python packages of requirements.txt that are missing."""
    requirements = ROOT / "requirements.txt"
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


# PostgreSQL ----------------------------------------------------------------


def libpq_server():
    """The server named by the libpq environment, when it is set and answers."""
    if not any(os.environ.get(k) for k in ("PGHOST", "PGPORT", "PGUSER")):
        return None
    probe = (
        subprocess.run(["pg_isready", "-q"], check=False, capture_output=True)
        if shutil.which("pg_isready")
        else None
    )
    if probe is None or probe.returncode != 0:
        say("the PostgreSQL named by PGHOST/PGPORT/PGUSER does not answer")
        return None
    return {
        "db_host": os.environ.get("PGHOST", ""),
        "db_port": os.environ.get("PGPORT", ""),
        "db_user": os.environ.get("PGUSER", ""),
        "db_password": os.environ.get("PGPASSWORD", ""),
    }


def postgres_bindir():
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if out:
            candidates.append(Path(out))
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    sys.exit(
        "[devenv] No PostgreSQL server binaries (initdb, pg_ctl) were found. "
        "Install them (Debian: apt-get install postgresql) or set "
        "PGHOST/PGPORT/PGUSER to a running server."
    )


def as_cluster_owner(command):
    """PostgreSQL refuses to run as root: run its tools as 'postgres' then."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def private_cluster():
    """Create (once) and start the clone's own PostgreSQL cluster."""
    bindir = postgres_bindir()
    pg_dir = STATE / "pg"
    data = pg_dir / "data"
    digest = hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]
    sockets = Path("/tmp") / f"sws-pg-{digest}"
    sockets.mkdir(exist_ok=True)
    if not pg_dir.is_symlink():
        pg_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            sys.exit(
                "[devenv] Running as root, PostgreSQL needs an unprivileged "
                "'postgres' user to own its cluster: create it (adduser "
                "--system postgres) or run as a normal user."
            )
        if not pg_dir.is_symlink():
            os.chown(pg_dir, owner.pw_uid, owner.pw_gid)
        os.chown(sockets, owner.pw_uid, owner.pw_gid)
        reachable = subprocess.run(
            as_cluster_owner(["test", "-w", str(pg_dir)]), check=False
        )
        if reachable.returncode != 0 and not pg_dir.is_symlink():
            # The clone sits where 'postgres' cannot enter (under /root, say):
            # keep the cluster in /var/tmp, linked from the clone's folder.
            outside = Path("/var/tmp") / f"sws-pg-{digest}"
            outside.mkdir(exist_ok=True)
            os.chown(outside, owner.pw_uid, owner.pw_gid)
            pg_dir.rmdir()
            pg_dir.symlink_to(outside, target_is_directory=True)
            say(f"the cluster lives in {outside}, linked from {pg_dir}")
            reachable = subprocess.run(
                as_cluster_owner(["test", "-w", str(outside)]), check=False
            )
        if reachable.returncode != 0:
            sys.exit(
                f"[devenv] The user 'postgres' cannot write in {pg_dir}: set "
                "PGHOST/PGPORT/PGUSER to a running server instead."
            )
        data = pg_dir.resolve() / "data"
    if not (data / "PG_VERSION").exists():
        say(f"creating the private PostgreSQL cluster in {data}")
        subprocess.run(
            as_cluster_owner(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    status = subprocess.run(
        as_cluster_owner([str(bindir / "pg_ctl"), "-D", str(data), "status"]),
        check=False,
        capture_output=True,
    )
    if status.returncode != 0:
        say("starting the private PostgreSQL cluster")
        options = (
            f"-k {sockets} -p {PG_PORT} -c listen_addresses='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        subprocess.run(
            as_cluster_owner(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(pg_dir.resolve() / "server.log"),
                    "-o",
                    options,
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    role = subprocess.run(
        [
            str(bindir / "psql"),
            "-h",
            str(sockets),
            "-p",
            PG_PORT,
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-tAc",
            "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    if role.stdout.strip() != "1":
        subprocess.run(
            [
                str(bindir / "psql"),
                "-h",
                str(sockets),
                "-p",
                PG_PORT,
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-qc",
                "CREATE ROLE odoo LOGIN SUPERUSER",
            ],
            check=True,
        )
    return {
        "db_host": str(sockets),
        "db_port": PG_PORT,
        "db_user": "odoo",
        "db_password": "",
    }


# Odoo ----------------------------------------------------------------------


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


def write_config(odoo_dir, server, http_port):
    conf = STATE / "odoo.conf"
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


def odoo_command(conf, *args, subcommand="server"):
    return [sys.executable, "-m", "odoo", subcommand, "-c", str(conf), *args]


def connect(server):
    """A psycopg2 connection to the maintenance database of ``server``."""
    import psycopg2  # pylint: disable=import-outside-toplevel

    params = {"dbname": "postgres"}
    for key, arg in (
        ("db_host", "host"),
        ("db_port", "port"),
        ("db_user", "user"),
        ("db_password", "password"),
    ):
        if server.get(key):
            params[arg] = server[key]
    cnx = psycopg2.connect(**params)
    cnx.autocommit = True
    return cnx


def database_exists(server, name):
    cnx = connect(server)
    try:
        with cnx.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return bool(cr.fetchone())
    finally:
        cnx.close()


def drop_database(server, name):
    from psycopg2 import sql  # pylint: disable=import-outside-toplevel

    cnx = connect(server)
    try:
        with cnx.cursor() as cr:
            cr.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
    finally:
        cnx.close()
    shutil.rmtree(STATE / "filestore" / "filestore" / name, ignore_errors=True)


def prepare():
    odoo_dir = require_odoo()
    ensure_requirements()
    STATE.mkdir(exist_ok=True)
    server = libpq_server() or private_cluster()
    return odoo_dir, server


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stream(command, log_path, env=None, stdin=None):
    """Run ``command``, echo its output and keep it in ``log_path``."""
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=ROOT,
        )
        if stdin is not None:
            proc.stdin.write(stdin)
            proc.stdin.close()
        for line in proc.stdout:
            sys.stdout.write(line)
            log.write(line)
        return proc.wait()


# run -----------------------------------------------------------------------


def cmd_run(args):
    odoo_dir, server = prepare()
    conf = write_config(odoo_dir, server, args.port)
    if not database_exists(server, args.database):
        say(f"creating database {args.database} with demo data")
        subprocess.run(
            odoo_command(conf, "-d", args.database, "-i", MODULE, "--stop-after-init"),
            check=True,
            cwd=ROOT,
        )
    else:
        say(f"updating {MODULE} in database {args.database}")
        subprocess.run(
            odoo_command(conf, "-d", args.database, "-u", MODULE, "--stop-after-init"),
            check=True,
            cwd=ROOT,
        )
    print(
        f"\n  Open http://localhost:{args.port}/odoo/work-pipeline\n"
        "  Login: admin   Password: admin\n",
        flush=True,
    )
    os.execv(
        sys.executable,
        odoo_command(conf, "-d", args.database, "--db-filter", f"^{args.database}$"),
    )


# test ----------------------------------------------------------------------

SUMMARY_RE = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
SKIPPED_RE = re.compile(r" INFO \S+ \S+: skipped ")
ERROR_RE = re.compile(r"^\d{4}-\d\d-\d\d \S+ \d+ (ERROR|CRITICAL) ")


class Tally:
    """Counts checks; a skipped test counts as failed."""

    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            say(f"PASS {name}")
        else:
            self.failed.append(name)
            say(f"FAIL {name} {detail}")


# What the reliability tests log about what they measured.
FIGURES_RE = re.compile(r"INFO \S+ \S+: ((?:reliability|fuzz|access matrix)[^\n]*)")

# The tests also cover receipts and manufacturing orders as sources of the
# goods of an order, and quotation templates (sale_management); the addon
# itself depends on none of these apps.
TEST_ALSO_INSTALL = ("purchase_stock", "mrp", "sale_management")


def run_odoo_tests(conf, database, tally):
    log_path = STATE / "logs" / "tests.log"
    rc = stream(
        odoo_command(
            conf,
            "-d",
            database,
            "-i",
            ",".join((MODULE, *TEST_ALSO_INSTALL)),
            "--test-enable",
            "--test-tags",
            f"/{MODULE}",
            "--stop-after-init",
            "--log-level",
            "info",
        ),
        log_path,
    )
    text = log_path.read_text(encoding="utf-8", errors="replace")
    summary = SUMMARY_RE.findall(text)
    skipped = len(SKIPPED_RE.findall(text))
    if not summary:
        tally.check("odoo tests (no test summary: the run crashed)", False, f"rc={rc}")
        return
    failed, errors, total = (int(x) for x in summary[-1])
    tally.passed += max(total - failed - errors - skipped, 0)
    for _i in range(failed + errors):
        tally.failed.append("odoo test")
    for _i in range(skipped):
        tally.failed.append("skipped odoo test")
    say(
        f"odoo tests: {total} run, {failed} failed, {errors} errors, "
        f"{skipped} skipped (counted as failed), exit code {rc}"
    )
    if rc != 0 and not (failed or errors):
        tally.check("odoo test run exit code", False, f"rc={rc}")
    figures = FIGURES_RE.findall(text)
    if figures:
        say("reliability figures (tests tagged sale_work_stage_reliability):")
        for figure in figures:
            say(f"  {figure.strip()}")


def run_load_test(conf, database, tally):
    """Odoo with --workers 4 on 127.0.0.1 and JSON-RPC clients against it."""
    import requests  # pylint: disable=import-outside-toplevel

    sys.path.insert(0, str(ROOT / "scripts"))
    import loadtest  # pylint: disable=import-outside-toplevel

    port = free_port()
    log_path = STATE / "logs" / "loadtest-server.log"
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            odoo_command(
                conf,
                "-d",
                database,
                "--db-filter",
                f"^{database}$",
                "--workers",
                "4",
                "--max-cron-threads",
                "0",
                "--http-interface",
                "127.0.0.1",
                "--http-port",
                str(port),
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if requests.get(f"{url}/web/health", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(1)
        results = loadtest.run(url, database)
    except Exception as error:  # noqa: BLE001 - reported as a failed check
        tally.check("load test with --workers 4", False, repr(error))
        return
    finally:
        server.terminate()
        server.wait(timeout=60)
    retries = len(
        re.findall(
            r"tries left", log_path.read_text(encoding="utf-8", errors="replace")
        )
    )
    errors = sum(len(result["errors"]) for result in results)
    say(f"load test: serialization retries {retries}, errors {errors}")
    single, pair = results[0]["median"], results[1]["median"]
    tally.check(
        "load test with --workers 4: no errors, median at 2 clients within 2x of 1",
        errors == 0 and pair <= 2 * single,
        f"errors={errors} medians={single:.3f}/{pair:.3f}s",
    )


def logged_errors(log_path):
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if ERROR_RE.match(line)]


UNINSTALL_SCRIPT = f"""
import json
cr = env.cr
# What the addon made, read before uninstalling it.
cr.execute("SELECT model, res_id FROM ir_model_data WHERE module = %s", ["{MODULE}"])
records = [(model, res_id) for model, res_id in cr.fetchall() if model in env]
tables = {{model: env[model]._table for model, _id in records}}
cr.execute(
    \"\"\"SELECT m.model, f.name FROM ir_model_fields f
         JOIN ir_model m ON m.id = f.model_id
        WHERE f.id IN (SELECT res_id FROM ir_model_data
                        WHERE module = %s AND model = 'ir.model.fields')
          AND f.store\"\"\",
    ["{MODULE}"],
)
columns = [(env[model]._table, name) for model, name in cr.fetchall() if model in env]
cr.execute(
    "SELECT wip_location_id FROM stock_warehouse"
    " WHERE wip_location_id IS NOT NULL"
)
wip = [row[0] for row in cr.fetchall()]
module = env["ir.module.module"].search([("name", "=", "{MODULE}")])
module.button_immediate_uninstall()
env.cr.commit()

def exists(table, res_id):
    cr.execute("SELECT to_regclass(%s)", [table])
    if not cr.fetchone()[0]:
        return False
    cr.execute(f'SELECT 1 FROM "{{table}}" WHERE id = %s', [res_id])
    return bool(cr.fetchone())

def owned_elsewhere(model, res_id):
    cr.execute(
        "SELECT 1 FROM ir_model_data WHERE model = %s AND res_id = %s",
        [model, res_id],
    )
    return bool(cr.fetchone())


def stock_history(model, res_id):
    # Products that stock moves refer to stay, as the stock history's.
    column = {{"product.product": "product_id", "product.template": None}}
    if model not in column:
        return False
    if model == "product.template":
        cr.execute(
            "SELECT 1 FROM stock_move m JOIN product_product p"
            " ON p.id = m.product_id WHERE p.product_tmpl_id = %s LIMIT 1",
            [res_id],
        )
    else:
        cr.execute("SELECT 1 FROM stock_move WHERE product_id = %s LIMIT 1", [res_id])
    return bool(cr.fetchone())


left = {{
    "records": [
        f"{{m}},{{i}}"
        for m, i in records
        if exists(tables[m], i)
        and not owned_elsewhere(m, i)
        and not stock_history(m, i)
    ],
    "columns": [],
    "locations": [],
}}
for table, column in columns:
    cr.execute(
        "SELECT 1 FROM information_schema.columns"
        " WHERE table_name = %s AND column_name = %s",
        [table, column],
    )
    if cr.fetchone():
        left["columns"].append(f"{{table}}.{{column}}")
for location in wip:
    cr.execute(
        \"\"\"SELECT active,
                  EXISTS(SELECT 1 FROM stock_move
                          WHERE %(id)s IN (location_id, location_dest_id)),
                  EXISTS(SELECT 1 FROM stock_quant
                          WHERE location_id = %(id)s AND quantity != 0)
             FROM stock_location WHERE id = %(id)s\"\"\",
        {{"id": location}},
    )
    row = cr.fetchone()
    # Kept only while it holds parts, or archived for the stock history.
    if row and not row[2] and (row[0] or not row[1]):
        left["locations"].append(location)
print("UNINSTALL-LEFTOVERS", module.state, json.dumps(left))
"""


def run_lifecycle(conf, server, database, tally):
    """Upgrade and uninstall the tested database; install without demo data."""
    logs = STATE / "logs"
    rc = stream(
        odoo_command(conf, "-d", database, "-u", MODULE, "--stop-after-init"),
        logs / "upgrade.log",
    )
    errors = logged_errors(logs / "upgrade.log")
    tally.check("upgrade with data", rc == 0 and not errors, "; ".join(errors[:3]))

    rc = stream(
        odoo_command(conf, "-d", database, "--no-http", subcommand="shell"),
        logs / "uninstall.log",
        stdin=UNINSTALL_SCRIPT,
    )
    text = (logs / "uninstall.log").read_text(encoding="utf-8", errors="replace")
    found = re.search(r"UNINSTALL-LEFTOVERS (\S+) (\{.*\})", text)
    left = json.loads(found.group(2)) if found else {}
    clean = bool(found) and found.group(1) == "uninstalled" and not any(left.values())
    tally.check(
        "uninstall leaves no record, table, column, view, cron or location"
        " (but stock history)",
        rc == 0 and clean,
        json.dumps(left)[:500] if found else f"rc={rc}",
    )

    bare = f"{database}_nodemo"
    drop_database(server, bare)
    rc = stream(
        odoo_command(
            conf,
            "-d",
            bare,
            "-i",
            MODULE,
            "--without-demo",
            "all",
            "--stop-after-init",
        ),
        logs / "install_nodemo.log",
    )
    errors = logged_errors(logs / "install_nodemo.log")
    tally.check(
        "install without demo data", rc == 0 and not errors, "; ".join(errors[:3])
    )
    drop_database(server, bare)


def lint_env():
    """Linters live in their own virtualenv so their pins never touch Odoo's."""
    venv = STATE / "lintenv"
    python = venv / "bin" / "python"
    marker = venv / ".requirements"
    wanted = (ROOT / "requirements-lint.txt").read_text()
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if not marker.exists() or marker.read_text() != wanted:
        say("installing the linters")
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "-r",
                str(ROOT / "requirements-lint.txt"),
            ],
            check=True,
        )
        marker.write_text(wanted)
    node_modules = STATE / "node_modules"
    lock = node_modules / ".package.json"
    package = (ROOT / "package.json").read_text()
    if not lock.exists() or lock.read_text() != package:
        shutil.copy(ROOT / "package.json", STATE / "package.json")
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(STATE),
            ],
            check=True,
        )
        lock.write_text(package)
    return venv / "bin"


def run_linters(tally):
    logs = STATE / "logs"
    bindir = lint_env()
    python_files = ["."]
    copy = STATE / "lintcopy" / MODULE
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".git", ".devenv", "__pycache__", "node_modules"),
    )
    checks = [
        ("ruff check", [str(bindir / "ruff"), "check", *python_files]),
        ("ruff format", [str(bindir / "ruff"), "format", "--check", *python_files]),
        (
            "pylint-odoo",
            [str(bindir / "pylint"), "--rcfile", str(ROOT / ".pylintrc"), str(copy)],
        ),
        (
            "oca-checks-odoo-module",
            [str(bindir / "oca-checks-odoo-module"), str(copy / "__manifest__.py")],
        ),
    ]
    xml_files = sorted(
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.xml")
        if ".devenv" not in p.parts and ".git" not in p.parts
    )
    checks.append(
        (
            "prettier xml",
            [
                str(STATE / "node_modules" / ".bin" / "prettier"),
                "--config",
                str(ROOT / ".prettierrc.yml"),
                "--plugin",
                str(
                    STATE
                    / "node_modules"
                    / "@prettier"
                    / "plugin-xml"
                    / "src"
                    / "plugin.js"
                ),
                "--check",
                *xml_files,
            ],
        )
    )
    for name, command in checks:
        log_path = logs / f"lint-{name.replace(' ', '-')}.log"
        rc = stream(command, log_path)
        tally.check(name, rc == 0, f"(see {log_path})")


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
        run_load_test(conf, database, tally)
        if not args.quick:
            run_lifecycle(conf, server, database, tally)
        drop_database(server, database)
    if not args.no_lint:
        run_linters(tally)
    say(f"finished in {time.time() - started:.0f}s")
    for name in sorted(set(tally.failed)):
        say(f"failed: {name} x{tally.failed.count(name)}")
    print(f"{tally.passed} passed, {len(tally.failed)} failed", flush=True)
    return 1 if tally.failed else 0


# bench ---------------------------------------------------------------------


def cmd_bench(args):
    """Run the benchmarks of bench/ on a database with the addon, no demo."""
    odoo_dir, server = prepare()
    conf = write_config(odoo_dir, server, free_port())
    (STATE / "logs").mkdir(parents=True, exist_ok=True)
    if not database_exists(server, args.database):
        say(f"creating database {args.database}")
        subprocess.run(
            odoo_command(
                conf,
                "-d",
                args.database,
                "-i",
                MODULE,
                "--without-demo",
                "all",
                "--stop-after-init",
                "--log-level",
                "warn",
            ),
            check=True,
            cwd=ROOT,
        )
    else:
        say(f"updating the addon in {args.database}")
        subprocess.run(
            odoo_command(
                conf,
                "-d",
                args.database,
                "-u",
                MODULE,
                "--stop-after-init",
                "--log-level",
                "warn",
            ),
            check=True,
            cwd=ROOT,
        )
    # Files starting with "_" are the benchmarks' helpers.
    scripts = sorted(
        script
        for script in (ROOT / "bench").glob("*.py")
        if not script.name.startswith("_")
    )
    if args.only:
        scripts = [script for script in scripts if script.stem in args.only]
    goals = []
    for script in scripts:
        say(f"running {script.name}")
        proc = subprocess.Popen(
            [sys.executable, str(script), "-c", str(conf), "-d", args.database],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        for line in proc.stdout:
            print(line, end="", flush=True)
            if line.startswith("goal:"):
                goals.append((script.stem, line.strip()))
        if proc.wait():
            goals.append(
                (script.stem, f"goal: not measured (exit code {proc.returncode})")
            )
    print()
    print("Benchmark goals")
    for name, goal in goals:
        print(f"  {name:<18} {goal[len('goal: ') :]}")
    return 0 if all(goal.endswith("met") for _name, goal in goals) else 1


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
    test.add_argument("--no-odoo", action="store_true", help="only the linters")
    bench = sub.add_parser("bench", help="run the benchmarks of bench/")
    bench.add_argument("--database", default=f"{MODULE}_bench")
    bench.add_argument(
        "--only", nargs="*", help="names of the bench/ scripts to run (no .py)"
    )
    args = parser.parse_args()
    if args.command == "bench":
        return cmd_bench(args)
    if args.command == "run":
        cmd_run(args)
        return 0
    return cmd_test(args)


if __name__ == "__main__":
    sys.exit(main())
