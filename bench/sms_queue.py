# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Drain 10,000 queued SMS through each HTTP gateway in one run of the queue;
then 1,000 Twilio delivery reports and 1,000 replies, signatures checked.

Run through ``python3 scripts/devenv.py bench``. Gateway stubs answer on
127.0.0.1: a JSON gateway, and a server speaking Twilio's Messages API.
Odoo's SMS queue (``sms.sms._process_queue``, the SMS cron's method) sends
the queue in its batches, committing after each one, as the scheduled action
does. Goal: within Odoo's 120-second cron limit. The webhooks are called
through Odoo's own HTTP application (in this process), signed with the
company's auth token; a few unsigned calls must be refused.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

from _benchdb import parse_args
from werkzeug.test import Client

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import config

QUEUED = 10_000
WEBHOOK_CALLS = 1_000
CRON_LIMIT = 120.0
TOKEN = "bench-token"
SID = "ACbench"


class Gateway(BaseHTTPRequestHandler):
    """The JSON gateway (``{"id": ...}``) or Twilio's API (``{"sid": ...}``)."""

    protocol_version = "HTTP/1.1"
    count = 0
    lock = threading.Lock()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.lock:
            type(self).count += 1
            count = type(self).count
        twilio = self.path.endswith("/Messages.json")
        answer = {"sid": f"SM{count:032d}"} if twilio else {"id": f"m{count}"}
        body = json.dumps(answer).encode()
        self.send_response(201 if twilio else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        return


def drain(registry, gateway_values):
    """Queue QUEUED texts, run the queue once: (sent, left, seconds)."""
    Gateway.count = 0
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.company.write(gateway_values)
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
    return Gateway.count, left, elapsed


def post_signed(client, path, params, token=TOKEN):
    # Importable once the registry has set the addons path.
    from odoo.addons.sale_work_stage.tools.twilio_signature import (
        twilio_signature,
    )

    url = f"http://localhost{path}"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if token:
        headers["X-Twilio-Signature"] = twilio_signature(token, url, params)
    return client.post(path, data=urlencode(params), headers=headers).status_code


def webhooks(registry, company_id):
    """1,000 delivery reports, then 1,000 replies (half STOP): seconds and
    whether every signed call was taken and every unsigned one refused."""
    client = Client(odoo.http.root)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        sids = (
            env["sms.sms"]
            .search([("sale_sms_provider_id", "like", "SM%")], limit=WEBHOOK_CALLS)
            .mapped("sale_sms_provider_id")
        )
    status_path = f"/sale_work_stage/sms/twilio/status/{company_id}"
    inbound_path = f"/sale_work_stage/sms/twilio/inbound/{company_id}"
    refused = [
        post_signed(client, status_path, {"MessageSid": sids[0]}, token=None),
        post_signed(client, status_path, {"MessageSid": sids[0]}, token="wrong"),
        post_signed(client, inbound_path, {"From": "+1", "Body": "STOP"}, token=None),
    ]
    started = time.perf_counter()
    reports = [
        post_signed(
            client, status_path, {"MessageSid": sid, "MessageStatus": "delivered"}
        )
        for sid in sids
    ]
    reports_elapsed = time.perf_counter() - started
    numbers = [f"+3247099{n:04d}" for n in range(WEBHOOK_CALLS)]
    started = time.perf_counter()
    replies = [
        post_signed(
            client,
            inbound_path,
            {"From": number, "Body": "STOP" if n % 2 else "See you at 5"},
        )
        for n, number in enumerate(numbers)
    ]
    replies_elapsed = time.perf_counter() - started
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        delivered = env["sms.sms"].search_count(
            [("sale_sms_provider_id", "in", sids), ("state", "=", "sent")]
        )
        blacklist = env["phone.blacklist"].search([("number", "in", numbers)])
        blacklisted = len(blacklist)
        blacklist.unlink()
    ok = (
        all(status == 403 for status in refused)
        and all(status == 200 for status in reports + replies)
        and delivered == len(sids) == WEBHOOK_CALLS
        and blacklisted == WEBHOOK_CALLS // 2
    )
    return reports_elapsed, replies_elapsed, ok


def main():
    args = parse_args(__doc__)
    # The webhooks are served for this database only.
    config["dbfilter"] = f"^{args.database}$"
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    registry = odoo.modules.registry.Registry(args.database)
    fields = [
        "sale_sms_gateway",
        "sms_http_url",
        "sms_http_token",
        "sale_sms_twilio_account_sid",
        "sale_sms_twilio_auth_token",
        "sale_sms_twilio_base_url",
        "sale_sms_sender",
        "sms_quiet_start",
        "sms_quiet_end",
    ]
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        company_id = company.id
        saved = {name: company[name] for name in fields}
    runs = {
        "json": drain(
            registry,
            {
                "sale_sms_gateway": "json",
                "sms_http_url": f"{base}/send",
                "sms_http_token": "bench",
                "sms_quiet_start": 0,
                "sms_quiet_end": 0,
            },
        ),
        "twilio": drain(
            registry,
            {
                "sale_sms_gateway": "twilio",
                "sale_sms_twilio_account_sid": SID,
                "sale_sms_twilio_auth_token": TOKEN,
                "sale_sms_twilio_base_url": base,
                "sale_sms_sender": "+3225550100",
            },
        ),
    }
    reports_elapsed, replies_elapsed, webhooks_ok = webhooks(registry, company_id)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.cr.execute("DELETE FROM sms_sms WHERE body LIKE 'Bench %%'")
        env.company.write(saved)
    server.shutdown()
    print()
    print("SMS queue drain through the HTTP gateways (one cron run each)")
    header = ("gateway", "queued", "sent", "left", "seconds", "per sec", "limit")
    print("{:>8} {:>8} {:>8} {:>6} {:>8} {:>8} {:>6}".format(*header))
    met = True
    for name, (sent, left, elapsed) in runs.items():
        print(
            f"{name:>8} {QUEUED:>8} {sent:>8} {left:>6} {elapsed:>8.1f}"
            f" {QUEUED / elapsed:>8.0f} {CRON_LIMIT:>6.0f}"
        )
        met = met and elapsed <= CRON_LIMIT and left == 0 and sent == QUEUED
    print("goal: all sent once within the cron limit:", "met" if met else "MISSED")
    print()
    print("Twilio webhooks, signatures checked")
    print(f"{WEBHOOK_CALLS} delivery reports: {reports_elapsed:.1f} s")
    print(f"{WEBHOOK_CALLS} replies (half STOP): {replies_elapsed:.1f} s")
    print(
        "goal: signed calls taken, unsigned refused:",
        "met" if webhooks_ok else "MISSED",
    )


if __name__ == "__main__":
    main()
