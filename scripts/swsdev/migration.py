# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Upgrade from the previous version, with data where fields were renamed.

The previous version is the clone's own history: the code as it was just
before ``__manifest__.py`` took its current version. It is installed in a
database of its own, given the data the migration scripts must keep, then
upgraded by this clone, and the data is read back.
"""

import ast
import json
import re
import shutil
import subprocess
import tarfile
import tempfile

from .common import MODULE, ROOT, STATE, say, stream
from .odoo_runner import odoo_command
from .pgcluster import drop_database


def manifest_version(text):
    """The version of a manifest's source text."""
    return ast.literal_eval(text)["version"]


def manifest_text_at(ref):
    """``__manifest__.py`` as it is at git ``ref`` ("" when unknown)."""
    return subprocess.run(
        ["git", "show", f"{ref}:__manifest__.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout


def previous_version_ref():
    """The commit just before the manifest took its current version, or None
    (no git history, or no earlier version)."""
    current = manifest_version((ROOT / "__manifest__.py").read_text())
    shas = subprocess.run(
        ["git", "log", "--format=%H", "--", "__manifest__.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    newest_with_current = None
    for sha in shas:
        text = manifest_text_at(sha)
        if text and manifest_version(text) == current:
            newest_with_current = sha
            continue
        if text and newest_with_current:
            return f"{newest_with_current}^"
        return None
    return None


def export_ref(ref, destination):
    """The addon's files at ``ref``, in ``destination`` (git archive)."""
    shutil.rmtree(destination, ignore_errors=True)
    destination.mkdir(parents=True)
    with tempfile.TemporaryFile() as archive:
        subprocess.run(
            ["git", "archive", "--format=tar", ref],
            cwd=ROOT,
            stdout=archive,
            check=True,
        )
        archive.seek(0)
        with tarfile.open(fileobj=archive) as tar:
            tar.extractall(destination, filter="data")


# Run by the previous version: a quotation holding parts, so that the column
# of the field renamed in 18.0.1.1.0 (work_hold_line_id, then
# stock_hold_line_id) has data; the company on the HTTP gateway, whose field
# and value are renamed in 18.0.1.2.0 (sms_provider "http", then
# sale_sms_gateway "json"); the shipped stages as installed, not shown on the
# portal, which 18.0.1.3.0 shows with their customer labels.
SEED_SCRIPT = """
import json
from odoo.fields import Command
warehouse = env["stock.warehouse"].search([], limit=1)
warehouse._ensure_wip_location()
product = env["product.product"].create({"name": "Upgrade pads", "is_storable": True})
env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 5)
stage = env["sale.work.stage"].create(
    {"name": "Upgrade reserve", "reserve_stock": True}
)
partner = env["res.partner"].create({"name": "Upgrade customer"})
order = env["sale.order"].create({
    "partner_id": partner.id,
    "warehouse_id": warehouse.id,
    "work_stage_id": stage.id,
    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
})
renamed = "stock_hold_line_id" in env["stock.move"]._fields
prefix = "stock_hold" if renamed else "work_hold"
moves = order.order_line.sudo()[f"{prefix}_move_ids"]
held = {str(move.id): move[f"{prefix}_line_id"].id for move in moves}
company = env.company
if "sms_provider" in company._fields:
    company.sms_provider = "http"
else:
    company.sale_sms_gateway = "json"
env.cr.commit()
print("UPGRADE-SEED", json.dumps(
    {"held": held, "order": order.id, "company": company.id}
))
"""

CHECK_SCRIPT = """
import json
seed = json.loads(%r)
moves = env["stock.move"].browse([int(i) for i in seed["held"]])
kept = {str(m.id): m.stock_hold_line_id.id for m in moves}
order = env["sale.order"].browse(seed["order"])
texts = [env.ref("sale_work_stage.sale_work_stage_proposed").name] + [
    env.ref(f"sale_work_stage.{xmlid}").body
    for xmlid in ("sms_template_work_finished", "sms_template_appointment_reminder",
                  "sms_template_quote_expiring")
]
print("UPGRADE-CHECK", json.dumps({
    "kept": kept == seed["held"] and bool(kept),
    "free": order.order_line.product_id.with_context(
        location=order.warehouse_id.lot_stock_id.id).free_qty,
    "clean": all(t == " ".join(t.split()) for t in texts),
    "gateway": env["res.company"].browse(seed["company"]).sale_sms_gateway,
    "portal": env.ref("sale_work_stage.sale_work_stage_work_in_progress").portal_label
    if env.ref("sale_work_stage.sale_work_stage_work_in_progress").portal_visible
    else False,
}))
"""


def run_upgrade_from_previous(conf, server, database, tally):
    """Install the previous version with held parts, upgrade, read back."""
    name = "upgrade from the previous version keeps renamed fields' data"
    ref = previous_version_ref()
    if not ref:
        tally.check(name, False, "no earlier version in the git history of the clone")
        return
    logs = STATE / "logs"
    previous = STATE / "previous"
    export_ref(ref, previous / "addons" / MODULE)
    previous_conf = STATE / "odoo-previous.conf"
    previous_conf.write_text(
        conf.read_text().replace(str(STATE / "addons"), str(previous / "addons"))
    )
    say(f"installing the previous version ({ref}) in {database}")
    drop_database(server, database)
    try:
        rc = stream(
            odoo_command(
                previous_conf,
                "-d",
                database,
                "-i",
                MODULE,
                "--without-demo",
                "all",
                "--stop-after-init",
            ),
            logs / "previous_install.log",
        )
        if rc:
            tally.check(name, False, f"installing {ref} failed (rc={rc})")
            return
        stream(
            odoo_command(
                previous_conf, "-d", database, "--no-http", subcommand="shell"
            ),
            logs / "previous_seed.log",
            stdin=SEED_SCRIPT,
        )
        text = (logs / "previous_seed.log").read_text(errors="replace")
        seed = re.search(r"UPGRADE-SEED (\{.*\})", text)
        if not seed:
            tally.check(name, False, "could not give the previous version its data")
            return
        rc = stream(
            odoo_command(conf, "-d", database, "-u", MODULE, "--stop-after-init"),
            logs / "upgrade_previous.log",
        )
        stream(
            odoo_command(conf, "-d", database, "--no-http", subcommand="shell"),
            logs / "upgrade_previous_check.log",
            stdin=CHECK_SCRIPT % seed.group(1),
        )
        text = (logs / "upgrade_previous_check.log").read_text(errors="replace")
        found = re.search(r"UPGRADE-CHECK (\{.*\})", text)
        result = json.loads(found.group(1)) if found else {}
        tally.check(
            name,
            rc == 0
            and result.get("kept")
            and result.get("clean")
            and result.get("free") == 3
            and result.get("gateway") == "json"
            and result.get("portal") == "Being worked on",
            json.dumps(result) if found else f"rc={rc}",
        )
    finally:
        drop_database(server, database)
