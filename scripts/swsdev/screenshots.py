# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The screenshots of the addon's page in the Apps list (static/description).

They are taken of the addon running on its demo data, never drawn, so that
they can be taken again whenever the views change: Odoo runs on a free port,
headless Chromium is driven through the DevTools protocol with an admin
session, and the work order is Odoo's own PDF (wkhtmltopdf) turned into an
image by pdftoppm. Odoo, Chromium and the private PostgreSQL stop at the end.
"""

import base64
import io
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import requests
from PIL import Image

from .common import ROOT, STATE, end_process, free_port, say, start, wait_for
from .odoo_runner import install_database, odoo_command, prepare, write_config
from .pgcluster import database_server

DESCRIPTION = ROOT / "static" / "description"
WIDTH, HEIGHT = 1280, 800
MAX_BYTES = 300_000
# Demo orders of the shop's day: a late brake job in work, with its vehicle
# and a supplement waiting; a quote of winter tyres; a job authorized job by
# job, in work, whose customer's page is shown on a phone.
ORDER = "shop_day_order_o13_demo"
QUOTE = "shop_day_order_o04_demo"
CUSTOMER_ORDER = "shop_day_order_o26_demo"
# (file, path of the page, the element that shows it is drawn)
PAGES = [
    ("screenshot_pipeline.png", "/odoo/work-pipeline", ".o_kanban_renderer"),
    ("screenshot_order.png", "/odoo/work-pipeline/{order}", ".o_statusbar_status"),
    ("screenshot_sales_pipeline.png", "/odoo/sales-pipeline", ".o_kanban_renderer"),
    ("screenshot_items.png", "/odoo/sale-items", ".o_list_renderer"),
]
# (file, report, demo order): Odoo's PDF of the demo order, first page.
PDFS = [
    ("screenshot_quotation.png", "sale.report_saleorder", QUOTE),
    ("screenshot_work_order.png", "sale_work_stage.report_work_order", ORDER),
]
# The customer's page of a job, on a phone.
PHONE = ("screenshot_portal_phone.png", 390, 844)
# The page is ready: Odoo's UI is drawn, nothing is loading any more.
READY_JS = """(() => document.readyState === 'complete'
    && !!document.querySelector(%s)
    && !document.querySelector('.o_loading_indicator, .o_blockUI, .o_spinner')
)()"""


def start_odoo(conf, database, log):
    return start(
        odoo_command(
            conf, "-d", database, "--db-filter", f"^{database}$", "--max-cron-threads=0"
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def call(session, base, route, params):
    """A JSON-RPC call of Odoo's web client."""
    payload = {"jsonrpc": "2.0", "method": "call", "params": params}
    reply = session.post(f"{base}{route}", json=payload, timeout=120).json()
    if "error" in reply:
        raise RuntimeError(f"{route}: {reply['error']['data']['message']}")
    return reply["result"]


def call_kw(session, base, model, method, *args):
    params = {"model": model, "method": method, "args": list(args), "kwargs": {}}
    return call(session, base, "/web/dataset/call_kw", params)


def login(base, database):
    """An admin session; the reports' wkhtmltopdf fetches their CSS from ``base``."""
    session = requests.Session()
    params = {"db": database, "login": "admin", "password": "admin"}
    if not call(session, base, "/web/session/authenticate", params).get("uid"):
        raise RuntimeError("admin/admin cannot log in")
    call_kw(session, base, "ir.config_parameter", "set_param", "web.base.url", base)
    return session


def demo_order_id(session, base, name):
    domain = [("module", "=", "sale_work_stage"), ("name", "=", name)]
    found = call_kw(session, base, "ir.model.data", "search_read", domain, ["res_id"])
    return found[0]["res_id"]


def start_chromium(port, profile, log):
    command = [
        "chromium",
        "--headless",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--remote-debugging-port={port}",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
        "about:blank",
    ]
    if os.geteuid() == 0:
        command.insert(1, "--no-sandbox")
    return start(command, stdout=log, stderr=subprocess.STDOUT)


class DevTools:
    """The DevTools protocol of one Chromium tab, one command at a time."""

    def __init__(self, port, chromium):
        # requirements-dev.txt's, installed by prepare(): the other commands
        # do not need it
        import websocket  # pylint: disable=import-outside-toplevel

        wait_for(f"http://127.0.0.1:{port}/json/version", chromium, "Chromium")
        tabs = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=5).json()
        page = next(tab for tab in tabs if tab["type"] == "page")
        self.socket = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0

    def __call__(self, method, **params):
        self.next_id += 1
        command = {"id": self.next_id, "method": method, "params": params}
        self.socket.send(json.dumps(command))
        while True:  # events come in between: skip them
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression):
        result = self("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def close(self):
        self.socket.close()


def open_session(tab, base, session):
    """Chromium gets the session cookie of ``login`` and the screen size."""
    tab("Network.enable")
    tab(
        "Network.setCookie",
        name="session_id",
        value=session.cookies["session_id"],
        url=base,
        httpOnly=True,
    )
    screen_size(tab, WIDTH, HEIGHT)


def screen_size(tab, width, height, mobile=False):
    tab(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=height,
        deviceScaleFactor=2 if mobile else 1,
        mobile=mobile,
    )


def show(tab, url, selector, timeout=60):
    """Open ``url`` and wait until Odoo has drawn ``selector`` and settled."""
    tab("Page.navigate", url=url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.5)
        if tab.evaluate(READY_JS % json.dumps(selector)):
            break
    else:
        raise RuntimeError(f"{url} did not show {selector} within {timeout}s")
    time.sleep(1.5)  # the last renderings and transitions
    where = tab.evaluate("location.pathname + ' | ' + document.title")
    failed = tab.evaluate("!!document.querySelector('.o_error_dialog')")
    if failed or "/web/login" in where:
        raise RuntimeError(f"{url} shows {where}, not the addon")
    return where


def save_png(data, path):
    """Save the PNG of ``data``, in 256 colours if it is too big otherwise."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.save(path, optimize=True)
    if path.stat().st_size > MAX_BYTES:
        image.quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    say(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


def screenshot(tab, url, selector, path):
    where = show(tab, url, selector)
    shot = tab("Page.captureScreenshot", format="png")
    save_png(base64.b64decode(shot["data"]), path)
    say(f"  {where}")


def pdf_png(session, base, report, order_id, path, tmp):
    """The first page of a PDF report of the order, as Odoo prints it."""
    response = session.get(f"{base}/report/pdf/{report}/{order_id}", timeout=300)
    if response.headers.get("Content-Type") != "application/pdf":
        raise RuntimeError(f"{report} is no PDF: {response.text[:200]}")
    pdf = tmp / "report.pdf"
    pdf.write_bytes(response.content)
    page = tmp / "report"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile"]
        + [str(pdf), str(page)],
        check=True,
    )
    save_png((tmp / "report.png").read_bytes(), path)


def portal_url(session, base, order_id):
    """The customer's link to the order's page (with its access token)."""
    return base + call_kw(session, base, "sale.order", "get_portal_url", [order_id])


def take_screenshots(base, database, tmp, log):
    session = login(base, database)
    order_id = demo_order_id(session, base, ORDER)
    customer_url = portal_url(
        session, base, demo_order_id(session, base, CUSTOMER_ORDER)
    )
    port = free_port()
    chromium = start_chromium(port, tmp / "chromium", log)
    try:
        tab = DevTools(port, chromium)
        try:
            open_session(tab, base, session)
            for name, path, selector in PAGES:
                url = base + path.format(order=order_id)
                screenshot(tab, url, selector, DESCRIPTION / name)
            # The customer, on a phone: no session, only the link's token.
            tab("Network.clearBrowserCookies")
            name, width, height = PHONE
            screen_size(tab, width, height, mobile=True)
            screenshot(
                tab, customer_url, "#sale_work_stage_progress", DESCRIPTION / name
            )
        finally:
            tab.close()
    finally:
        end_process(chromium, timeout=10)
    for name, report, xmlid in PDFS:
        pdf_png(
            session,
            base,
            report,
            demo_order_id(session, base, xmlid),
            DESCRIPTION / name,
            tmp,
        )


def cmd_screenshots(args):
    """Take the screenshots of static/description of the demo database."""
    odoo_dir = prepare()
    logs = STATE / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (
        database_server() as server,
        tempfile.TemporaryDirectory(prefix="sws-shots-") as tmp,
        open(logs / "screenshots.log", "w", encoding="utf-8") as log,
    ):
        conf = write_config(odoo_dir, server, port)
        install_database(conf, server, args.database, "--log-level", "warn")
        odoo = start_odoo(conf, args.database, log)
        try:
            wait_for(f"{base}/web/health", odoo, "Odoo")
            take_screenshots(base, args.database, Path(tmp), log)
        finally:
            end_process(odoo)
    return 0
