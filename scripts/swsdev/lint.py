# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The linters, in their own virtualenv and node_modules under .devenv/.

The test command runs them all; pre-commit runs each one through
``python3 scripts/devenv.py lint --only NAME``, so both use the same pinned
versions (requirements-lint.txt, package.json) and the same options.
"""

import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager, nullcontext
from pathlib import Path

from .common import MODULE, ROOT, STATE, Tally, say, stream


def lint_python():
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
    return venv / "bin"


def lint_node():
    """prettier and its XML plugin, at the versions of package.json."""
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
    return node_modules


@contextmanager
def module_copy():
    """The addon copied under its module's name: oca-checks-odoo-module checks
    nothing when the addon is the git root. One copy per run, so that the
    test command and a pre-commit run do not remove each other's."""
    with tempfile.TemporaryDirectory(dir=STATE, prefix="lintcopy-") as parent:
        copy = Path(parent) / MODULE
        shutil.copytree(
            ROOT,
            copy,
            ignore=shutil.ignore_patterns(
                ".git", ".devenv", "__pycache__", "node_modules"
            ),
        )
        yield copy


def clone_files(*suffixes):
    """The clone's files with these suffixes, but .devenv/ and .git/."""
    return sorted(
        str(path.relative_to(ROOT))
        for suffix in suffixes
        for path in ROOT.rglob(f"*{suffix}")
        if not {".devenv", ".git", "node_modules"} & set(path.relative_to(ROOT).parts)
    )


def ruff(*args):
    return [str(lint_python() / "ruff"), *args, "."]


def pylint(copy):
    return [
        str(lint_python() / "pylint"),
        "--rcfile",
        str(ROOT / ".pylintrc"),
        str(copy),
    ]


def oca_checks(copy):
    return [
        str(lint_python() / "oca-checks-odoo-module"),
        str(copy / "__manifest__.py"),
    ]


def prettier():
    """XML with the OCA settings, and the JavaScript of the tours."""
    node_modules = lint_node()
    return [
        str(node_modules / ".bin" / "prettier"),
        "--config",
        str(ROOT / ".prettierrc.yml"),
        "--plugin",
        str(node_modules / "@prettier" / "plugin-xml" / "src" / "plugin.js"),
        "--check",
        *clone_files(".xml", ".js"),
    ]


# name for --only: (check name, command, needs the module copy)
LINTERS = {
    "ruff-check": ("ruff check", lambda _copy: ruff("check"), False),
    "ruff-format": ("ruff format", lambda _copy: ruff("format", "--check"), False),
    "pylint": ("pylint-odoo", pylint, True),
    "oca": ("oca-checks-odoo-module", oca_checks, True),
    "prettier": ("prettier xml js", lambda _copy: prettier(), False),
}


def run_linters(tally, only=None):
    logs = STATE / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    names = only or list(LINTERS)
    needs_copy = any(LINTERS[name][2] for name in names)
    with module_copy() if needs_copy else nullcontext() as copy:
        for name in names:
            check, command, _needs_copy = LINTERS[name]
            log_path = logs / f"lint-{check.replace(' ', '-')}.log"
            rc = stream(command(copy), log_path)
            tally.check(check, rc == 0, f"(see {log_path})")


def cmd_lint(args):
    """The linters alone: what pre-commit runs."""
    tally = Tally()
    run_linters(tally, args.only)
    return tally.summary()
