# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The addon installed on a shop's existing database, as an administrator
does it: a database with Sales and Inventory and a history made through
Odoo's own flows in two companies, then the addon installed, uninstalled
and installed again. Each time every order must land where its facts say,
and nothing may be sent, held, moved or tracked."""

import json
import re

from .common import MODULE, STATE, stream
from .lifecycle import log_problems
from .odoo_runner import odoo_command
from .pgcluster import drop_database

# Orders of each kind per company, made through Odoo's flows.
HISTORY_SCRIPT = """
import json
main = env.ref("base.main_company")
second = env["res.company"].create({"name": "Second Shop"})
env["account.chart.template"].try_loading("generic_coa", company=second)
(env.user | env.ref("base.user_admin")).company_ids |= second
env["stock.warehouse"].create(
    {"name": "Second Shop", "code": "SHOP2", "company_id": second.id})
customer = env["res.partner"].create({"name": "Jane Driver"})
part = env["product.product"].create(
    {"name": "Oil filter", "is_storable": True, "list_price": 12.0})
kinds = {"finished": 6, "draft": 2, "sent": 1, "to_deliver": 2,
         "delivered": 1, "cancel": 1}
made = {}
for company in (main, second):
    cenv = env(context=dict(env.context, allowed_company_ids=[company.id]))
    warehouse = cenv["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1)
    cenv["stock.quant"].create({
        "product_id": part.id, "location_id": warehouse.lot_stock_id.id,
        "inventory_quantity": 100}).action_apply_inventory()
    for kind, count in kinds.items():
        for _number in range(count):
            order = cenv["sale.order"].create({
                "partner_id": customer.id, "company_id": company.id,
                "order_line": [(0, 0, {"product_id": part.id,
                                       "product_uom_qty": 2})]})
            if kind == "sent":
                order.action_quotation_sent()
            elif kind == "cancel":
                order._action_cancel()
            elif kind != "draft":
                order.action_confirm()
            if kind in ("finished", "delivered"):
                picking = order.picking_ids
                picking.move_ids.picked = True
                picking.button_validate()
            if kind == "finished":
                invoice = order._create_invoices()
                invoice.action_post()
                cenv["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({})._create_payments()
            made[order.id] = [kind, company.id]
env.cr.commit()
print("SHOP-HISTORY", json.dumps(made))
"""

# What must hold after each install and after the uninstall; HISTORY and
# INSTALLED are filled in.
CHECK_SCRIPT = """
import json
from lxml import etree
from odoo.tools.safe_eval import safe_eval
history = {int(k): v for k, v in json.loads(HISTORY).items()}
before = json.loads(BEFORE) if BEFORE else None
Order = env["sale.order"].with_context(active_test=False)
orders = Order.browse(list(history))
facts = {
    "orders": {str(o.id): [o.name, o.state, o.locked, o.invoice_status,
                           o.amount_total] for o in orders},
    "moves": env["stock.move"].search_count([]),
    "move_lines": env["stock.move.line"].search_count([]),
    "reserved": sum(env["stock.quant"].search([]).mapped("reserved_quantity")),
    "order_messages": env["mail.message"].search_count(
        [("model", "=", "sale.order")]),
    "trackings": env["mail.tracking.value"].search_count([]),
}
problems = []
if before is not None:
    for key, value in facts.items():
        if value != before[key]:
            changed = value if key != "orders" else {
                k: v for k, v in value.items() if v != before[key].get(k)}
            problems.append(f"{key} changed: {changed}")
if INSTALLED:
    ref = lambda name: env.ref(f"sale_work_stage.sale_work_stage_{name}")
    where = {"draft": "estimate", "sent": "estimate", "cancel": "estimate",
             "to_deliver": "appointment", "delivered": "invoice_pending",
             "finished": "done"}
    for order in orders:
        kind = history[order.id][0]
        if order.work_stage_id != ref(where[kind]):
            problems.append(
                f"{order.name} ({kind}) in {order.work_stage_id.name}")
    if env["sms.sms"].search_count([]):
        problems.append("texts queued")
    if orders.filtered(lambda o: o.quote_number):
        problems.append("quote numbers given")
    action = env.ref("sale_work_stage.sale_order_action_work_pipeline")
    context = safe_eval(action.context or "{}")
    arch = Order.get_view(action.search_view_id.id, "search")["arch"]
    domain = safe_eval(action.domain or "[]")
    for node in etree.fromstring(arch).iter("filter"):
        if context.get(f"search_default_{node.get('name')}") and node.get("domain"):
            domain += safe_eval(node.get("domain"))
    groups = Order.with_user(env.ref("base.user_admin")).with_context(
        allowed_company_ids=env["res.company"].search([]).ids
    ).read_group(domain + [("id", "in", orders.ids)], ["amount_total:sum"],
                 ["work_stage_id"])
    open_work = {k for k in history if history[k][0] not in ("finished", "cancel")}
    shown = set()
    for group in groups:
        stage = env["sale.work.stage"].browse(group["work_stage_id"][0])
        if not stage.fold:
            shown |= set(Order.search(group["__domain"]).ids)
    if shown != open_work:
        problems.append(f"open columns show {len(shown)} orders, "
                        f"not the {len(open_work)} open ones")
    # The stored values of a sample, as if computed one by one.
    for records in (orders, orders.order_line):
        Model = records.browse()
        computed = [name for name, field in Model._fields.items()
                    if field.store and field.compute
                    and field._module == "sale_work_stage"]
        for record in records[::5]:
            stored = record.read(computed)[0]
            for name in computed:
                env.add_to_compute(Model._fields[name], record)
            record.with_context(mail_notrack=True)._recompute_recordset(computed)
            fresh = record.read(computed)[0]
            for name in computed:
                if stored[name] != fresh[name]:
                    problems.append(f"{record.display_name}.{name}: "
                                    f"{stored[name]} stored, {fresh[name]} computed")
    env.cr.rollback()
print("SHOP-CHECK", json.dumps({"problems": problems, "facts": facts}))
"""

UNINSTALL = """
env["ir.module.module"].search(
    [("name", "=", "sale_work_stage")]).button_immediate_uninstall()
env.cr.commit()
"""


def _shell(conf, database, script, log_name):
    log_path = STATE / "logs" / log_name
    stream(
        odoo_command(conf, "-d", database, "--no-http", subcommand="shell"),
        log_path,
        stdin=script,
    )
    return log_path.read_text(encoding="utf-8", errors="replace")


def _check(conf, database, history, before, installed, log_name):
    script = (
        f"HISTORY = {json.dumps(history)!r}\n"
        f"BEFORE = {json.dumps(before) if before else ''!r}\n"
        f"INSTALLED = {installed}\n" + CHECK_SCRIPT
    )
    found = re.search(r"SHOP-CHECK (\{.*\})", _shell(conf, database, script, log_name))
    if not found:
        return ["the check did not run"], None
    result = json.loads(found.group(1))
    return result["problems"], result["facts"]


def _install(conf, database, log_name):
    log_path = STATE / "logs" / log_name
    rc = stream(
        odoo_command(conf, "-d", database, "-i", MODULE, "--stop-after-init"), log_path
    )
    return rc == 0 and not log_problems(log_path)


def check_install_on_shop_history(conf, server, database, tally):
    """Install, uninstall and reinstall on a database with a shop's history."""
    shop = f"{database}_shop"
    drop_database(server, shop)
    logs = STATE / "logs"
    rc = stream(
        odoo_command(
            conf,
            "-d",
            shop,
            "-i",
            "sale_management,sale_stock",
            "--without-demo",
            "all",
            "--stop-after-init",
        ),
        logs / "shop_base.log",
    )
    found = re.search(
        r"SHOP-HISTORY (\{.*\})", _shell(conf, shop, HISTORY_SCRIPT, "shop_history.log")
    )
    if rc or not found:
        tally.check("a shop's database with its history", False, f"rc={rc}")
        drop_database(server, shop)
        return
    history = json.loads(found.group(1))
    _problems, before = _check(conf, shop, history, None, False, "shop_before.log")
    rounds = (
        ("installed on a shop's database", "shop_install.log"),
        ("reinstalled on a shop's database", "shop_reinstall.log"),
    )
    for number, (label, log_name) in enumerate(rounds):
        if number:
            _shell(conf, shop, UNINSTALL, "shop_uninstall.log")
            problems, _facts = _check(
                conf, shop, history, before, False, "shop_uninstalled.log"
            )
            tally.check(
                "uninstalled from a shop's database: its orders as they were",
                not problems,
                "; ".join(problems)[:600],
            )
        installed = _install(conf, shop, log_name)
        problems, _facts = _check(
            conf, shop, history, before, True, log_name.replace(".log", "_check.log")
        )
        tally.check(
            f"{label}: every order where its facts say, nothing sent, held,"
            " moved or tracked, the pipeline opens on the open work",
            installed and not problems,
            "; ".join(problems)[:600] or f"install ok={installed}",
        )
    drop_database(server, shop)
