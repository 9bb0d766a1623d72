# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The linters, in their own virtualenv and node_modules under .devenv/."""

import shutil
import subprocess
import sys

from .common import MODULE, ROOT, STATE, say, stream


def lint_env():
    """Linters live in their own virtualenv so their pins never touch Odoo's."""
    venv = STATE / "lintenv"
    python = venv / "bin" / "python"
    marker = venv / ".requirements"
    wanted = (ROOT / "requirements-lint.txt").read_text()
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if not marker.exists() or marker.read_text() != wanted:
        say("installing the linters")
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "-r",
                str(ROOT / "requirements-lint.txt"),
            ],
            check=True,
        )
        marker.write_text(wanted)
    node_modules = STATE / "node_modules"
    lock = node_modules / ".package.json"
    package = (ROOT / "package.json").read_text()
    if not lock.exists() or lock.read_text() != package:
        shutil.copy(ROOT / "package.json", STATE / "package.json")
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(STATE),
            ],
            check=True,
        )
        lock.write_text(package)
    return venv / "bin"


def run_linters(tally):
    logs = STATE / "logs"
    bindir = lint_env()
    python_files = ["."]
    copy = STATE / "lintcopy" / MODULE
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".git", ".devenv", "__pycache__", "node_modules"),
    )
    checks = [
        ("ruff check", [str(bindir / "ruff"), "check", *python_files]),
        ("ruff format", [str(bindir / "ruff"), "format", "--check", *python_files]),
        (
            "pylint-odoo",
            [str(bindir / "pylint"), "--rcfile", str(ROOT / ".pylintrc"), str(copy)],
        ),
        (
            "oca-checks-odoo-module",
            [str(bindir / "oca-checks-odoo-module"), str(copy / "__manifest__.py")],
        ),
    ]
    xml_files = sorted(
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.xml")
        if ".devenv" not in p.parts and ".git" not in p.parts
    )
    checks.append(
        (
            "prettier xml",
            [
                str(STATE / "node_modules" / ".bin" / "prettier"),
                "--config",
                str(ROOT / ".prettierrc.yml"),
                "--plugin",
                str(
                    STATE
                    / "node_modules"
                    / "@prettier"
                    / "plugin-xml"
                    / "src"
                    / "plugin.js"
                ),
                "--check",
                *xml_files,
            ],
        )
    )
    for name, command in checks:
        log_path = logs / f"lint-{name.replace(' ', '-')}.log"
        rc = stream(command, log_path)
        tally.check(name, rc == 0, f"(see {log_path})")
