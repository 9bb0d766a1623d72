# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The addon as administrators install it: the wheel pip builds with whool."""

import ast
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from addon_files import NOT_SHIPPED_DIRS

from .common import MODULE, ROOT, say

DIST = f"odoo_addon_{MODULE}"
BADGE_RE = re.compile(r"img\.shields\.io/badge/(maturity|licence)-(.+?)-\w+\.png")


def manifest():
    return ast.literal_eval((ROOT / "__manifest__.py").read_text())


def readme_badges(text):
    """{'maturity': ..., 'licence': ...} as the README's badges say them."""
    return {kind: value.replace("--", "-") for kind, value in BADGE_RE.findall(text)}


def wheel_problems(names, metadata, version, python_deps):
    """What is wrong with a wheel's file list and METADATA text."""
    problems = []
    prefix = f"odoo/addons/{MODULE}/"
    if f"{prefix}__manifest__.py" not in names:
        problems.append(f"no {prefix}__manifest__.py")
    for name in names:
        inside = name[len(prefix) :] if name.startswith(prefix) else ""
        if inside.split("/", 1)[0] in NOT_SHIPPED_DIRS:
            problems.append(f"ships {name}")
    if f"\nVersion: {version}\n" not in metadata:
        problems.append(f"version is not the manifest's {version}")
    for dep in python_deps:
        if f"\nRequires-Dist: {dep}" not in metadata:
            problems.append(f"does not require {dep}")
    return problems


def check_wheel(tally):
    """`pip wheel` of the clone gives odoo-addon-sale_work_stage at the
    manifest's version, requiring its Python libraries, without the tooling."""
    info = manifest()
    with tempfile.TemporaryDirectory(prefix="sws-wheel-") as tmp:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "-q",
                "--no-deps",
                "-w",
                tmp,
                str(ROOT),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        wheels = list(Path(tmp).glob(f"{DIST}-{info['version']}-*.whl"))
        if result.returncode or len(wheels) != 1:
            tally.check(
                "wheel: pip builds odoo-addon-sale_work_stage",
                False,
                result.stdout
                + result.stderr
                + f"\nbuilt: {sorted(Path(tmp).iterdir())}",
            )
            return
        with zipfile.ZipFile(wheels[0]) as wheel:
            names = wheel.namelist()
            metadata = wheel.read(
                f"{DIST}-{info['version']}.dist-info/METADATA"
            ).decode()
    say(f"wheel: {wheels[0].name}, {len(names)} files")
    problems = wheel_problems(
        names, metadata, info["version"], info["external_dependencies"]["python"]
    )
    tally.check(
        "wheel: pip builds odoo-addon-sale_work_stage as the manifest says",
        not problems,
        "\n".join(problems),
    )
