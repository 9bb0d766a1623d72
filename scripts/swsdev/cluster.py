# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Two Odoo servers and a read replica, and a shop's day driven through both.

The topology Odoo itself supports for a shop chain that outgrows one
machine, on this machine and its loopback only: a PostgreSQL primary and a
hot-standby replica made from it by pg_basebackup (private clusters of their
own in ``.devenv/``), two Odoo servers in multi-worker mode on the primary,
sending read-only requests (``@api.readonly`` RPC such as ``web_search_read``
and ``web_read_group``) to the replica, scheduled actions on one server only.
The demo database is installed afresh; texts go to a local Twilio-compatible
stub. Everything it started is stopped on the way out, also on Ctrl-C.

The load test drives one server, then both (clients alternating), with the
shop's mix, and checks: no errors, no quote number twice, no text sent
twice, the stock books, no read-only error on the replica, and how many of
the read requests the replica served (its own statistics).
"""

import json
import os
import random
import subprocess
import threading
import time
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import requests

from .common import (
    MODULE,
    STATE,
    Tally,
    end_process,
    free_port,
    say,
    shielded,
    start,
    wait_for,
)
from .loadtest import CARD, Client, timed_threads, workers_command
from .odoo_runner import install_database, prepare, write_config
from .pgcluster import PrivateCluster, ReplicaCluster, connect, drop_database

DATABASE = f"{MODULE}_cluster"
SECONDS = 20
SHORT_SECONDS = 8
# Odoo logs a write in a read-only request (on the replica) this way, then
# runs the request again on the primary.
READ_ONLY_RETRY = "retrying with a read/write cursor"
FORM = {
    **CARD,
    "order_line": {"fields": {"product_id": {}, "product_uom_qty": {}}},
    "work_asset_id": {"fields": {"display_name": {}}},
    "quote_state": {},
    "pipeline_status": {},
}
CRONS = ("ir_cron_serve_work_backorders", "ir_cron_refresh_booking_status")


class TwilioStub(BaseHTTPRequestHandler):
    """Twilio's Messages API: every text it receives is kept."""

    protocol_version = "HTTP/1.1"
    received = []
    lock = threading.Lock()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode("utf-8"))
        with self.lock:
            self.received.append((form.get("To", [""])[0], form.get("Body", [""])[0]))
            sid = f"SM{len(self.received):032d}"
        body = json.dumps({"sid": sid, "status": "queued"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        return


class ShopClient(Client):
    """A shop user: the pipeline, an order's form, stage moves, new quotes,
    the customer's page of an order, the scheduled actions set going."""

    reads = 0

    def read(self, method, args, kwargs=None):
        self.reads += 1
        return self.call("sale.order", method, args, kwargs)

    def open_pipeline(self):
        groups = self.read(
            "web_read_group",
            [[], ["amount_total:sum"], ["work_stage_id"]],
            {"lazy": True},
        )
        for group in (groups or {}).get("groups", [])[:3]:
            if not group.get("__fold"):
                self.read("web_search_read", [group["__domain"], CARD], {"limit": 40})

    def open_form(self, order_id):
        self.read("web_read", [[order_id], FORM], {})

    def open_portal(self, url):
        started = time.perf_counter()
        try:
            response = requests.get(url, timeout=300)
            if response.status_code != 200:
                self.errors.append(f"portal page: HTTP {response.status_code}")
        except requests.RequestException as error:
            self.errors.append(repr(error))
        finally:
            self.latencies.append(time.perf_counter() - started)

    def run_crons(self, cron_ids):
        """Due now: the server with scheduled actions runs them."""
        self.call(
            "ir.cron",
            "write",
            [cron_ids, {"nextcall": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())}],
        )


def shop_day(user, fixtures, deadline, rng):
    while time.perf_counter() < deadline:
        action = rng.random()
        order_id = rng.choice(fixtures["orders"])
        if action < 0.3:
            user.open_pipeline()
        elif action < 0.5:
            user.open_form(order_id)
        elif action < 0.7:
            user.move_an_order(fixtures["orders"])
        elif action < 0.85:
            user.create_a_quote(fixtures["partner"], fixtures["product"])
        elif action < 0.95:
            user.open_portal(fixtures["portal"][order_id])
        else:
            user.run_crons(fixtures["crons"])


def drive(urls, clients, seconds, fixtures, database):
    """``clients`` users spread over ``urls`` for ``seconds``: their figures."""
    users = [
        ShopClient(urls[n % len(urls)], database, "admin", "admin")
        for n in range(clients)
    ]
    deadline = time.perf_counter() + seconds
    elapsed = timed_threads(
        [
            threading.Thread(
                target=shop_day, args=(user, fixtures, deadline, random.Random(n))
            )
            for n, user in enumerate(users)
        ]
    )
    requests_done = sum(len(user.latencies) for user in users)
    return {
        "servers": len(urls),
        "requests": requests_done,
        "rps": requests_done / elapsed,
        "reads": sum(user.reads for user in users),
        "errors": [error for user in users for error in user.errors],
        "refusals": sum(len(user.refusals) for user in users),
    }


def set_up_shop(url, database, stub_port):
    """Texts through the stub, at any hour; customers with mobiles; what
    the clients work on."""
    admin = ShopClient(url, database, "admin", "admin")
    company = admin.call("res.users", "read", [[2], ["company_id"]])[0]["company_id"][0]
    admin.call(
        "res.company",
        "write",
        [
            [company],
            {
                "sale_sms_gateway": "twilio",
                "sale_sms_twilio_account_sid": "ACcluster",
                "sale_sms_twilio_auth_token": "cluster-token",
                "sale_sms_twilio_base_url": f"http://127.0.0.1:{stub_port}",
                "sale_sms_sender": "+15550000000",
                "sms_quiet_start": 0,
                "sms_quiet_end": 0,
            },
        ],
    )
    orders = admin.call(
        "sale.order",
        "search_read",
        [[("state", "in", ["draft", "sent"])], ["partner_id"]],
        {"limit": 200},
    )
    partners = sorted({order["partner_id"][0] for order in orders})
    for n, partner in enumerate(partners):
        admin.call("res.partner", "write", [[partner], {"mobile": f"+3247{n:07d}"}])
    portal = {
        order["id"]: url + admin.call("sale.order", "get_portal_url", [[order["id"]]])
        for order in orders
    }
    product = admin.call(
        "product.product",
        "search",
        [[("sale_ok", "=", True), ("type", "=", "service")]],
        {"limit": 1},
    )
    crons = [
        admin.call("ir.model.data", "check_object_reference", [MODULE, name])[1]
        for name in CRONS
    ]
    crons.append(
        admin.call(
            "ir.model.data",
            "check_object_reference",
            ["sms", "ir_cron_sms_scheduler_action"],
        )[1]
    )
    return {
        "orders": [order["id"] for order in orders],
        "partner": partners[0],
        "product": product[0],
        "portal": portal,
        "crons": crons,
    }


def wait_for_texts(url, database, crons, timeout=300):
    """The SMS queue empties: the server with scheduled actions sends it."""
    admin = ShopClient(url, database, "admin", "admin")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        admin.run_crons(crons)
        left = admin.call("sms.sms", "search_count", [[("state", "=", "outgoing")]])
        if left == 0:
            return 0
        time.sleep(2)
    return left


def transactions(server, database):
    """Transactions the server has run in ``database`` (its statistics)."""
    cnx = connect(server)
    try:
        with cnx.cursor() as cr:
            cr.execute(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database"
                " WHERE datname = %s",
                (database,),
            )
            return cr.fetchone()[0]
    finally:
        cnx.close()


BOOKS_SQL = """
WITH held AS (
    SELECT q.product_id, q.location_id,
           SUM(q.reserved_quantity) AS reserved, SUM(q.quantity) AS on_hand
      FROM stock_quant q
      JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
     GROUP BY 1, 2
), moves AS (
    SELECT ml.product_id, ml.location_id, SUM(ml.quantity_product_uom) AS reserved
      FROM stock_move_line ml
      JOIN stock_location l ON l.id = ml.location_id AND l.usage = 'internal'
      JOIN product_product p ON p.id = ml.product_id
      JOIN product_template t ON t.id = p.product_tmpl_id AND t.is_storable
     WHERE ml.state NOT IN ('done', 'cancel')
     GROUP BY 1, 2
)
SELECT COALESCE(h.product_id, m.product_id), COALESCE(h.location_id, m.location_id),
       COALESCE(h.reserved, 0), COALESCE(m.reserved, 0), COALESCE(h.on_hand, 0)
  FROM held h FULL JOIN moves m USING (product_id, location_id)
 WHERE ABS(COALESCE(h.reserved, 0) - COALESCE(m.reserved, 0)) > 0.001
    OR COALESCE(h.reserved, 0) > COALESCE(h.on_hand, 0) + 0.001
    OR COALESCE(h.on_hand, 0) < -0.001
"""
DUPLICATE_NUMBERS_SQL = """
SELECT quote_number, COUNT(*) FROM sale_order
 WHERE quote_number IS NOT NULL
 GROUP BY company_id, quote_number, revision_number HAVING COUNT(*) > 1
"""


def books_and_numbers(server, database):
    """(stock books that do not balance, quote numbers given twice)."""
    cnx = connect(server, database)
    try:
        with cnx.cursor() as cr:
            cr.execute(BOOKS_SQL)
            books = cr.fetchall()
            cr.execute(DUPLICATE_NUMBERS_SQL)
            numbers = cr.fetchall()
    finally:
        cnx.close()
    return books, numbers


def odoo_server(conf, database, port, replica, cron, log):
    """Odoo in multi-worker mode on the primary, reads to the replica;
    scheduled actions only where ``cron``."""
    command = workers_command(
        conf,
        database,
        port,
        2,
        1 if cron else 0,
        "--gevent-port",
        str(free_port()),
        "--db_replica_host",
        str(replica.sockets),
        "--db_replica_port",
        replica.port,
    )
    # A scheduled action made due wakes the cron worker at once.
    env = {**os.environ, "ODOO_NOTIFY_CRON_CHANGES": "1"}
    return start(command, stdout=log, stderr=subprocess.STDOUT, env=env)


@contextmanager
def topology(odoo_dir):
    """The primary with the demo database, its replica, the Twilio stub and
    the two Odoo servers; all stopped on the way out."""
    primary = PrivateCluster("pg-primary", "5433")
    replica = ReplicaCluster(primary)
    logs = STATE / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    servers, stub = [], None
    try:
        primary.prepare()
        if not primary.running():
            primary.start()
        primary.ensure_role()
        server = primary.server()
        conf = write_config(odoo_dir, server, free_port(), name="odoo-cluster.conf")
        drop_database(server, DATABASE)
        install_database(conf, server, DATABASE, "--log-level", "warn")
        replica.fresh()
        replica.start()
        stub = ThreadingHTTPServer(("127.0.0.1", 0), TwilioStub)
        threading.Thread(target=stub.serve_forever, daemon=True).start()
        urls = []
        for name, cron in (("a", True), ("b", False)):
            port = free_port()
            log = open(logs / f"cluster-odoo-{name}.log", "w", encoding="utf-8")  # noqa: SIM115
            servers.append((odoo_server(conf, DATABASE, port, replica, cron, log), log))
            urls.append(f"http://127.0.0.1:{port}")
        for (proc, _log), url in zip(servers, urls, strict=True):
            wait_for(f"{url}/web/health", proc, f"Odoo at {url}")
        say(
            f"primary {primary.sockets}:{primary.port}, replica "
            f"{replica.sockets}:{replica.port}, Odoo {urls[0]} (scheduled actions) "
            f"and {urls[1]}"
        )
        yield {
            "primary": server,
            "replica": replica.server(),
            "urls": urls,
            "stub_port": stub.server_port,
            "logs": [log.name for _proc, log in servers],
        }
    finally:
        with shielded():
            for proc, log in servers:
                end_process(proc)
                log.close()
            if stub:
                stub.shutdown()
                stub.server_close()
            replica.stop()
            primary.stop()


def run_cluster_load_test(odoo_dir, tally, seconds=SECONDS):
    """The shop's day on one server, then on both; the checks."""
    TwilioStub.received = []
    with topology(odoo_dir) as top:
        urls = top["urls"]
        fixtures = set_up_shop(urls[0], DATABASE, top["stub_port"])
        before = {
            name: transactions(top[name], DATABASE) for name in ("primary", "replica")
        }
        one = drive(urls[:1], 2, seconds, fixtures, DATABASE)
        two = drive(urls, 4, seconds, fixtures, DATABASE)
        left = wait_for_texts(urls[0], DATABASE, fixtures["crons"])
        after = {
            name: transactions(top[name], DATABASE) for name in ("primary", "replica")
        }
        books, numbers = books_and_numbers(top["primary"], DATABASE)
        read_only = sum(
            Path(path)
            .read_text(encoding="utf-8", errors="replace")
            .count(READ_ONLY_RETRY)
            for path in top["logs"]
        )
    texts = Counter(TwilioStub.received)
    doubled = sum(count - 1 for count in texts.values() if count > 1)
    reads = one["reads"] + two["reads"]
    replica_xacts = after["replica"] - before["replica"]
    primary_xacts = after["primary"] - before["primary"]
    errors = one["errors"] + two["errors"]
    print("Two Odoo servers and a read replica: the shop's day")
    for result in (one, two):
        print(
            f"  {result['servers']} server(s): {result['requests']} requests,"
            f" {result['rps']:.1f} per second, {len(result['errors'])} errors,"
            f" {result['refusals']} refused moves"
        )
    print(
        f"  read requests {reads}; transactions on the replica {replica_xacts},"
        f" on the primary {primary_xacts}"
        f" ({100 * replica_xacts / max(replica_xacts + primary_xacts, 1):.0f}%"
        " on the replica)"
    )
    print(
        f"  texts sent {len(TwilioStub.received)}, sent twice {doubled},"
        f" still queued {left}; duplicate quote numbers {len(numbers)};"
        f" unbalanced stock books {len(books)}; read-only errors {read_only}"
    )
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")
    for row in books[:5]:
        print(
            f"  books: product {row[0]} location {row[1]}: quants reserve"
            f" {row[2]}, moves reserve {row[3]}, on hand {row[4]}"
        )
    tally.check(
        "cluster: no error on two servers and a replica",
        not errors,
        "; ".join(sorted(set(errors)))[:500],
    )
    tally.check("cluster: no quote number given twice", not numbers, str(numbers[:5]))
    tally.check(
        "cluster: every text sent once, none left queued",
        not doubled and not left and bool(TwilioStub.received),
        f"sent={len(TwilioStub.received)} doubled={doubled} left={left}",
    )
    tally.check("cluster: stock books balance", not books, str(books[:5]))
    tally.check(
        "cluster: no read-only error on the replica", not read_only, f"{read_only}"
    )
    tally.check(
        "cluster: the replica serves the read requests",
        replica_xacts >= 0.9 * reads,
        f"reads={reads} replica transactions={replica_xacts}",
    )


def cmd_cluster(args):
    """Start the topology, drive the shop's day through it, stop it."""
    odoo_dir = prepare()
    tally = Tally()
    run_cluster_load_test(odoo_dir, tally, seconds=args.seconds)
    return tally.summary()
