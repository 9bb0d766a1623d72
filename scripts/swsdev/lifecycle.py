# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Upgrade and uninstall the tested database; install without demo data."""

import json
import re
import subprocess
import sys

from .common import MODULE, ROOT, STATE, stream
from .odoo_runner import odoo_command
from .pgcluster import drop_database


def log_problems(log_path):
    """checklog-odoo's report of the WARNING and worse records of an Odoo log,
    empty when there is none (it reads checklog-odoo.cfg for the ignored ones)."""
    result = subprocess.run(
        [sys.executable, "-m", "checklog_odoo", "--no-echo", str(log_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    return "" if result.returncode == 0 else (result.stdout + result.stderr).strip()


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


# The demo's shop day, as the tested database (installed with demo data)
# holds it: Odoo logs a failed demo file as a warning and goes on without it.
DEMO_SCRIPT = """
import json
Order = env["sale.order"]
ref = lambda xmlid: env.ref(f"sale_work_stage.{xmlid}")
shop = Order.search([("work_asset_id", "!=", False)])
late = ref("shop_day_order_o13_demo")
stays = env["sale.work.stage.report"].search([("order_id", "in", shop.ids)])
current = stays.filtered("is_current")
print("DEMO-CHECK", json.dumps({
    # Made over weeks, stage after stage; the cards (In Stage Since) and
    # Time in Stages read the same entry into the current stage.
    "weeks": (max(shop.mapped("work_stage_date"))
              - min(shop.mapped("create_date"))).days >= 14,
    "stays": len((stays - current).filtered(lambda s: s.duration_days > 1)) >= 5,
    "activities": set(shop.mapped("activity_state")) >= {"overdue", "today", "planned"},
    "history_agrees": len(current) == len(shop) and all(
        abs((s.date_in - s.order_id.work_stage_date).total_seconds()) < 2
        for s in current),
    "module_demo": env["ir.module.module"].search(
        [("name", "=", "sale_work_stage")]).demo,
    "stages": sorted(set(shop.work_stage_id.mapped("name"))),
    "orders": len(shop),
    "back_order": ref("shop_day_order_o11_demo").work_stage_id
    == ref("sale_work_stage_backorder"),
    "late": late.state == "sale" and late.commitment_date < late.write_date,
    "supplement_waiting": late.supplement_waiting,
    "authorized": bool(ref("shop_day_order_o26_demo").authorization_ids.proposal_id),
    "languages": ref("shop_day_customer_lucas_demo").lang == "fr_FR"
    and ref("shop_day_customer_gabrielle_demo").lang == "fr_CA",
    "odoo_quotes_aside": not Order.search_count([
        ("work_asset_id", "=", False),
        ("work_stage_id", "=", ref("sale_work_stage_estimate").id),
        ("id", "in", env["ir.model.data"].search(
            [("model", "=", "sale.order"), ("module", "=", "sale")]).mapped("res_id")),
    ]),
}))
"""


def check_demo(conf, database, tally):
    """The demo's shop day loaded whole in the tested database (checked
    before the load test moves its orders around)."""
    logs = STATE / "logs"
    stream(
        odoo_command(conf, "-d", database, "--no-http", subcommand="shell"),
        logs / "demo_check.log",
        stdin=DEMO_SCRIPT,
    )
    text = (logs / "demo_check.log").read_text(encoding="utf-8", errors="replace")
    found = re.search(r"DEMO-CHECK (\{.*\})", text)
    demo = json.loads(found.group(1)) if found else {}
    ok = (
        demo.get("module_demo")
        and len(demo.get("stages", [])) >= 7
        and demo.get("orders", 0) >= 25
        and all(
            demo.get(key)
            for key in (
                "weeks",
                "stays",
                "history_agrees",
                "activities",
                "back_order",
                "late",
                "supplement_waiting",
                "authorized",
                "languages",
                "odoo_quotes_aside",
            )
        )
    )
    tally.check(
        "demo data: the shop's day in every stage", bool(ok), json.dumps(demo)[:600]
    )


def run_lifecycle(conf, server, database, tally):
    """Upgrade and uninstall the tested database; install without demo data."""
    logs = STATE / "logs"
    rc = stream(
        odoo_command(conf, "-d", database, "-u", MODULE, "--stop-after-init"),
        logs / "upgrade.log",
    )
    problems = log_problems(logs / "upgrade.log")
    tally.check("upgrade with data", rc == 0 and not problems, problems[:800])

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
    problems = log_problems(logs / "install_nodemo.log")
    tally.check("install without demo data", rc == 0 and not problems, problems[:800])
    check_app_menus(conf, bare, tally)
    drop_database(server, bare)


# The apps the administrator's navbar offers on a database with only the
# addon installed (what Apps gives a shop on a fresh database).
APP_MENUS_SCRIPT = """
import json
menus = env["ir.ui.menu"].with_user(env.ref("base.user_admin")).load_web_menus(False)
roots = [menus[i] for i in menus["root"]["children"]]
print("APP-MENUS", json.dumps({m["xmlid"]: bool(m["actionID"]) for m in roots}))
"""

EXPECTED_APPS = ("sale_work_stage.sale_work_stage_menu_root", "sale.sale_menu_root")


def check_app_menus(conf, database, tally):
    """The Workshop and Sales apps, each opening an action, on ``database``."""
    log_path = STATE / "logs" / "app_menus.log"
    stream(
        odoo_command(conf, "-d", database, "--no-http", subcommand="shell"),
        log_path,
        stdin=APP_MENUS_SCRIPT,
    )
    found = re.search(
        r"APP-MENUS (\{.*\})", log_path.read_text(encoding="utf-8", errors="replace")
    )
    apps = json.loads(found.group(1)) if found else {}
    tally.check(
        "only the addon installed: the Workshop and Sales apps open",
        all(apps.get(xmlid) for xmlid in EXPECTED_APPS),
        json.dumps(apps)[:500],
    )
