# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The bench command: the benchmarks of bench/ on a database without demo data."""

import subprocess
import sys

from .common import MODULE, ROOT, STATE, free_port, say
from .odoo_runner import odoo_command, prepare, write_config
from .pgcluster import database_exists


def cmd_bench(args):
    """Run the benchmarks of bench/ on a database with the addon, no demo."""
    odoo_dir, server = prepare()
    conf = write_config(odoo_dir, server, free_port())
    (STATE / "logs").mkdir(parents=True, exist_ok=True)
    if not database_exists(server, args.database):
        say(f"creating database {args.database}")
        subprocess.run(
            odoo_command(
                conf,
                "-d",
                args.database,
                "-i",
                MODULE,
                "--without-demo",
                "all",
                "--stop-after-init",
                "--log-level",
                "warn",
            ),
            check=True,
            cwd=ROOT,
        )
    else:
        say(f"updating the addon in {args.database}")
        subprocess.run(
            odoo_command(
                conf,
                "-d",
                args.database,
                "-u",
                MODULE,
                "--stop-after-init",
                "--log-level",
                "warn",
            ),
            check=True,
            cwd=ROOT,
        )
    # Files starting with "_" are the benchmarks' helpers.
    scripts = sorted(
        script
        for script in (ROOT / "bench").glob("*.py")
        if not script.name.startswith("_")
    )
    if args.only:
        scripts = [script for script in scripts if script.stem in args.only]
    goals = []
    for script in scripts:
        say(f"running {script.name}")
        proc = subprocess.Popen(
            [sys.executable, str(script), "-c", str(conf), "-d", args.database],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        for line in proc.stdout:
            print(line, end="", flush=True)
            if line.startswith("goal:"):
                goals.append((script.stem, line.strip()))
        if proc.wait():
            goals.append(
                (script.stem, f"goal: not measured (exit code {proc.returncode})")
            )
    print()
    print("Benchmark goals")
    for name, goal in goals:
        print(f"  {name:<18} {goal[len('goal: ') :]}")
    return 0 if all(goal.endswith("met") for _name, goal in goals) else 1
