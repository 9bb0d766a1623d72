# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The PostgreSQL server: the libpq one when it answers, else a private cluster."""

import hashlib
import os
import pwd
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from .common import ROOT, STATE, say, shielded

PG_PORT = "5432"


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


class PrivateCluster:
    """The clone's own PostgreSQL cluster in .devenv/<name> (``pg``), on a
    Unix socket only."""

    def __init__(self, name="pg", port=PG_PORT):
        self.bindir = postgres_bindir()
        self.name = name
        self.port = str(port)
        self.pg_dir = STATE / name
        self.data = self.pg_dir / "data"
        digest = hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]
        self.digest = digest
        self.sockets = Path("/tmp") / f"sws-{name}-{digest}"

    def pg_ctl(self, *args, check=False, **kwargs):
        return subprocess.run(
            as_cluster_owner(
                [str(self.bindir / "pg_ctl"), "-D", str(self.data), *args]
            ),
            check=check,
            **kwargs,
        )

    def prepare(self):
        """Create (once) the folders and the cluster, owned by 'postgres' as root."""
        self.sockets.mkdir(exist_ok=True)
        pg_dir = self.pg_dir
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
            os.chown(self.sockets, owner.pw_uid, owner.pw_gid)
            reachable = subprocess.run(
                as_cluster_owner(["test", "-w", str(pg_dir)]), check=False
            )
            if reachable.returncode != 0 and not pg_dir.is_symlink():
                # The clone sits where 'postgres' cannot enter (under /root, say):
                # keep the cluster in /var/tmp, linked from the clone's folder.
                outside = Path("/var/tmp") / f"sws-{self.name}-{self.digest}"
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
            self.data = pg_dir.resolve() / "data"
        if not (self.data / "PG_VERSION").exists():
            self.create()

    def create(self):
        """The cluster's data folder, made by initdb."""
        say(f"creating the private PostgreSQL cluster in {self.data}")
        subprocess.run(
            as_cluster_owner(
                [
                    str(self.bindir / "initdb"),
                    "-D",
                    str(self.data),
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

    def running(self):
        return self.pg_ctl("status", capture_output=True).returncode == 0

    # Settings of a throw-away development server: speed over durability.
    OPTIONS = (
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        "-c max_connections=200"
    )

    def start(self):
        say(f"starting the private PostgreSQL cluster ({self.name})")
        options = f"-k {self.sockets} -p {self.port} -c listen_addresses='' " + (
            self.OPTIONS
        )
        self.pg_ctl(
            "-l",
            str(self.pg_dir.resolve() / "server.log"),
            "-o",
            options,
            "-w",
            "start",
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop(self):
        """Fast shutdown: open sessions (Odoo's, a test's) are rolled back."""
        if self.running():
            say(f"stopping the private PostgreSQL cluster ({self.name})")
            self.pg_ctl("-m", "fast", "-w", "stop", stdout=subprocess.DEVNULL)

    def ensure_role(self):
        psql = [
            str(self.bindir / "psql"),
            "-h",
            str(self.sockets),
            "-p",
            self.port,
            "-U",
            "postgres",
            "-d",
            "postgres",
        ]
        role = subprocess.run(
            [*psql, "-tAc", "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'"],
            check=True,
            capture_output=True,
            text=True,
        )
        if role.stdout.strip() != "1":
            subprocess.run(
                [*psql, "-qc", "CREATE ROLE odoo LOGIN SUPERUSER"], check=True
            )

    def server(self):
        return {
            "db_host": str(self.sockets),
            "db_port": self.port,
            "db_user": "odoo",
            "db_password": "",
        }


class ReplicaCluster(PrivateCluster):
    """A hot standby of ``primary``, streaming its WAL, made afresh each time
    by pg_basebackup: it serves read-only transactions."""

    def __init__(self, primary, name="pg-replica", port="5434"):
        super().__init__(name, port)
        self.primary = primary

    def create(self):
        say(f"copying the primary into the replica in {self.data} (pg_basebackup)")
        subprocess.run(
            as_cluster_owner(
                [
                    str(self.bindir / "pg_basebackup"),
                    "-D",
                    str(self.data),
                    "-h",
                    str(self.primary.sockets),
                    "-p",
                    self.primary.port,
                    "-U",
                    "postgres",
                    "--write-recovery-conf",
                    "--wal-method=stream",
                    "--checkpoint=fast",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def fresh(self):
        """Drop an earlier copy: the replica starts from the primary of now."""
        if self.running():
            self.stop()
        shutil.rmtree(self.pg_dir.resolve() / "data", ignore_errors=True)
        self.prepare()


@contextmanager
def database_server():
    """The libpq server when it answers, else the private cluster.

    The cluster is stopped on the way out, also on failure or interruption,
    when this command started it; found running (``run`` in another
    terminal, say), it is left running for whoever started it.
    """
    server = libpq_server()
    if server:
        yield server
        return
    cluster = PrivateCluster()
    cluster.prepare()
    started_here = not cluster.running()
    try:
        if started_here:
            cluster.start()
        cluster.ensure_role()
        yield cluster.server()
    finally:
        if started_here:
            with shielded():
                cluster.stop()


def connect(server, dbname="postgres"):
    """A psycopg2 connection to a database of ``server`` (its maintenance
    database by default), in autocommit."""
    import psycopg2  # pylint: disable=import-outside-toplevel

    params = {"dbname": dbname}
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
