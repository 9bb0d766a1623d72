# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Drain 10,000 queued SMS through the HTTP gateway in one run of the queue.

Run through ``python3 scripts/devenv.py bench``. A gateway stub answers on
127.0.0.1; Odoo's SMS queue (``sms.sms._process_queue``, the SMS cron's
method) sends the queue in its batches, committing after each one, as the
scheduled action does. Goal: within Odoo's 120-second cron limit.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from _benchdb import parse_args

import odoo
from odoo import SUPERUSER_ID, api

QUEUED = 10_000
CRON_LIMIT = 120.0


class Gateway(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    count = 0

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).count += 1
        body = json.dumps({"id": f"m{type(self).count}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        return


def main():
    args = parse_args(__doc__)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        saved = {
            "sale_sms_gateway": company.sale_sms_gateway,
            "sms_http_url": company.sms_http_url,
            "sms_quiet_start": company.sms_quiet_start,
            "sms_quiet_end": company.sms_quiet_end,
        }
        company.write(
            {
                "sale_sms_gateway": "json",
                "sms_http_url": f"http://127.0.0.1:{server.server_port}/send",
                "sms_http_token": "bench",
                "sms_quiet_start": 0,
                "sms_quiet_end": 0,
            }
        )
        env["sms.sms"].search([("state", "=", "outgoing")]).write({"state": "canceled"})
        for start in range(0, QUEUED, 1000):
            env["sms.sms"].create(
                [
                    {
                        "number": "+32470123456",
                        "body": f"Bench {n}",
                        "state": "outgoing",
                    }
                    for n in range(start, start + 1000)
                ]
            )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        env["sms.sms"]._process_queue()
        elapsed = time.perf_counter() - started
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        left = env["sms.sms"].search_count([("state", "=", "outgoing")])
        env.cr.execute("DELETE FROM sms_sms WHERE body LIKE 'Bench %%'")
        env.company.write(saved)
    server.shutdown()
    print()
    print("SMS queue drain through the HTTP gateway (one cron run)")
    header = ("queued", "sent", "left", "seconds", "per sec", "limit")
    print("{:>8} {:>8} {:>6} {:>8} {:>8} {:>6}".format(*header))
    print(
        f"{QUEUED:>8} {Gateway.count:>8} {left:>6} {elapsed:>8.1f}"
        f" {QUEUED / elapsed:>8.0f} {CRON_LIMIT:>6.0f}"
    )
    met = elapsed <= CRON_LIMIT and left == 0 and Gateway.count == QUEUED
    print("goal: all sent once within the cron limit:", "met" if met else "MISSED")


if __name__ == "__main__":
    main()
