# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Load test: JSON-RPC clients against Odoo started with --workers 4.

Used by ``scripts/devenv.py test`` on the tested database (demo data), and
runnable alone from ``scripts/``: ``python3 -m swsdev.loadtest URL DATABASE``.
Each client logs in as the administrator and, for a fixed time, loops over a
mix of what sales staff do: open the work pipeline kanban (the grouped read,
then the cards of each open column), move an order to one of its allowed
stages, and create a quotation. It prints, for 1, 2, 4 and 8 clients, the
requests per second, the median and 95th percentile latency, and the errors.
"""

import random
import re
import statistics
import subprocess
import sys
import threading
import time

import requests

from .common import STATE, end_process, free_port, say, start, wait_for
from .odoo_runner import odoo_command

LEVELS = (1, 2, 4, 8)
BUSINESS_REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
SECONDS = 12
CARD = {
    "partner_id": {"fields": {"display_name": {}}},
    "amount_total": {},
    "name": {},
    "work_stage_id": {"fields": {"display_name": {}}},
    "allowed_work_stage_ids": {"fields": {}},
}


class Client:
    """One user's session, speaking JSON-RPC like the web client."""

    def __init__(self, url, database, login, password):
        self.url = url
        self.session = requests.Session()
        response = self.session.post(
            f"{url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": database, "login": login, "password": password},
            },
            timeout=300,
        )
        response.raise_for_status()
        if response.json().get("error"):
            raise RuntimeError(response.json()["error"])
        self.latencies, self.errors, self.refusals = [], [], []

    def call(self, model, method, args, kwargs=None):
        started = time.perf_counter()
        try:
            response = self.session.post(
                f"{self.url}/web/dataset/call_kw/{model}/{method}",
                json={
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                },
                timeout=300,
            )
            body = response.json()
        except (requests.RequestException, ValueError) as error:
            self.errors.append(repr(error))
            return None
        finally:
            self.latencies.append(time.perf_counter() - started)
        if body.get("error"):
            data = body["error"].get("data", {})
            message = data.get("message", "error")
            if data.get("name") in BUSINESS_REFUSALS:
                # e.g. another user moved the order first: the move it was
                # allowed is not allowed any more. Odoo said so, cleanly.
                self.refusals.append(message)
            else:
                self.errors.append(message)
            return None
        return body["result"]

    def open_pipeline(self):
        groups = self.call(
            "sale.order",
            "web_read_group",
            [[], ["amount_total:sum"], ["work_stage_id"]],
            {"lazy": True},
        )
        for group in (groups or {}).get("groups", [])[:4]:
            if not group.get("__fold"):
                self.call(
                    "sale.order",
                    "web_search_read",
                    [group["__domain"], CARD],
                    {"limit": 40},
                )

    def move_an_order(self, order_ids):
        order_id = random.choice(order_ids)
        records = self.call("sale.order", "web_read", [[order_id], CARD], {})
        if not records:
            return
        allowed = [
            stage["id"]
            for stage in records[0]["allowed_work_stage_ids"]
            if stage["id"] != records[0]["work_stage_id"]["id"]
        ]
        if allowed:
            self.call(
                "sale.order",
                "write",
                [[order_id], {"work_stage_id": random.choice(allowed)}],
            )

    def create_a_quote(self, partner_id, product_id):
        self.call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": partner_id,
                    "order_line": [[0, 0, {"product_id": product_id}]],
                }
            ],
        )


def timed_threads(threads):
    """Start ``threads`` together and wait for them: the seconds it took."""
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def run_level(url, database, clients, seconds, fixtures):
    """``clients`` users at once for ``seconds``; returns their figures."""
    users = [Client(url, database, "admin", "admin") for _i in range(clients)]
    deadline = time.perf_counter() + seconds

    def work(user):
        rng = random.Random(id(user))
        while time.perf_counter() < deadline:
            action = rng.random()
            if action < 0.5:
                user.open_pipeline()
            elif action < 0.8:
                user.move_an_order(fixtures["orders"])
            else:
                user.create_a_quote(fixtures["partner"], fixtures["product"])

    elapsed = timed_threads(
        [threading.Thread(target=work, args=(user,)) for user in users]
    )
    latencies = sorted(lat for user in users for lat in user.latencies)
    errors = [error for user in users for error in user.errors]
    refusals = sum(len(user.refusals) for user in users)
    return {
        "clients": clients,
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "median": statistics.median(latencies) if latencies else 0.0,
        "p95": latencies[int(len(latencies) * 0.95)] if latencies else 0.0,
        "errors": errors,
        "refusals": refusals,
    }


def fixtures_of(url, database):
    admin = Client(url, database, "admin", "admin")
    orders = admin.call(
        "sale.order", "search", [[("state", "in", ["draft", "sent"])]], {"limit": 200}
    )
    partner = admin.call(
        "res.partner", "search", [[("customer_rank", ">", 0)]], {"limit": 1}
    )
    product = admin.call(
        "product.product", "search", [[("sale_ok", "=", True)]], {"limit": 1}
    )
    return {"orders": orders, "partner": partner[0], "product": product[0]}


def run(url, database, levels=LEVELS, seconds=SECONDS):
    fixtures = fixtures_of(url, database)
    results = [run_level(url, database, n, seconds, fixtures) for n in levels]
    print("Load test against Odoo --workers 4 (JSON-RPC, pipeline / moves / quotes)")
    print(
        "{:>8} {:>9} {:>8} {:>10} {:>9} {:>8} {:>9}".format(
            "clients", "requests", "req/s", "median ms", "p95 ms", "errors", "refusals"
        )
    )
    for result in results:
        print(
            f"{result['clients']:>8} {result['requests']:>9} {result['rps']:>8.1f}"
            f" {result['median'] * 1000:>10.1f} {result['p95'] * 1000:>9.1f}"
            f" {len(result['errors']):>8} {result['refusals']:>9}"
        )
    single = results[0]["median"]
    held = max((r["rps"] for r in results if r["median"] <= 2 * single), default=0.0)
    print(
        f"requests per second held with the median within 2x of one client: {held:.1f}"
    )
    for result in results:
        for error in sorted(set(result["errors"]))[:5]:
            print(f"  error with {result['clients']} clients: {error}")
    return results


def workers_command(conf, database, port, workers, cron_threads, *args):
    """Odoo in multi-worker mode on 127.0.0.1:``port``, serving ``database``."""
    return odoo_command(
        conf,
        "-d",
        database,
        "--db-filter",
        f"^{database}$",
        "--workers",
        str(workers),
        "--max-cron-threads",
        str(cron_threads),
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        *args,
    )


def run_load_test(conf, database, tally):
    """Odoo with --workers 4 on 127.0.0.1 and JSON-RPC clients against it."""
    port = free_port()
    log_path = STATE / "logs" / "loadtest-server.log"
    with open(log_path, "w", encoding="utf-8") as log:
        server = start(
            workers_command(conf, database, port, workers=4, cron_threads=0),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/web/health", server, "Odoo with --workers 4")
        results = run(url, database)
    except Exception as error:  # noqa: BLE001 - reported as a failed check
        tally.check("load test with --workers 4", False, repr(error))
        return
    finally:
        end_process(server)
    retries = len(
        re.findall(
            r"tries left", log_path.read_text(encoding="utf-8", errors="replace")
        )
    )
    errors = sum(len(result["errors"]) for result in results)
    say(f"load test: serialization retries {retries}, errors {errors}")
    # Latencies are figures (printed above; bench/ compares them), not a
    # gate: a busy machine slows them while nothing is wrong.
    tally.check(
        "load test with --workers 4: no errors",
        errors == 0,
        f"errors={errors}",
    )


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2])
