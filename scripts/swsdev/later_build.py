# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The addon's suite on a later Odoo 18.0 build (one with ``sms_twilio`` and
``sms.sms._split_by_api``), run through that build's own ``odoo-bin``.

The build is named by ``--later-odoo`` or the environment variable
``SALE_WORK_STAGE_LATER_ODOO``: the folder holding its ``odoo-bin``.
"""

import os
import re
from pathlib import Path

from .common import free_port
from .odoo_runner import run_odoo_tests, write_config
from .pgcluster import drop_database

LATER_ODOO_ENV = "SALE_WORK_STAGE_LATER_ODOO"
SETUP_HINT = (
    f"set {LATER_ODOO_ENV} (or --later-odoo) to the folder of a late 18.0 build"
    " with addons/sms_twilio; README, Development, says how to set one up"
)


def later_build_problem(root):
    """Why ``root`` is not a usable later 18.0 build, or None."""
    if not root:
        return f"no later 18.0 build: {SETUP_HINT}"
    root = Path(root)
    release = root / "odoo" / "release.py"
    if not (root / "odoo-bin").is_file() or not release.is_file():
        return f"{root} has no odoo-bin and odoo/release.py: {SETUP_HINT}"
    if not re.search(r"version_info = \(18, 0,", release.read_text()):
        return f"{root} is not Odoo 18.0"
    sms_api = root / "addons" / "sms_twilio" / "tools" / "sms_api.py"
    if not sms_api.is_file():
        return f"{root} has no sms_twilio: it is not a later 18.0 build"
    if re.search(r"^client = Client\(", sms_api.read_text(), re.MULTILINE):
        return (
            f"{sms_api} builds a Twilio client at import: delete those lines"
            " in your copy (README, Development)"
        )
    return None


def run_on_later_build(server, database, tally, root=None):
    """The addon's whole suite on the later build, with sms_twilio installed."""
    root = root or os.environ.get(LATER_ODOO_ENV)
    problem = later_build_problem(root)
    if problem:
        tally.check("the addon's suite on a later 18.0 build", False, problem)
        return
    root = Path(root).resolve()
    conf = write_config(root / "odoo", server, free_port(), name="odoo-later.conf")
    name = f"{database}_later"
    drop_database(server, name)
    run_odoo_tests(
        conf,
        name,
        tally,
        odoo_bin=root / "odoo-bin",
        also_install=("sms_twilio",),
        label="later 18.0",
    )
    drop_database(server, name)
