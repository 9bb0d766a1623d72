# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The bench command: the benchmarks of bench/ on a database without demo data."""

import subprocess
import sys

from .common import MODULE, ROOT, STATE, end_process, free_port, say, start
from .odoo_runner import odoo_command, prepare, write_config
from .pgcluster import database_exists, database_server


def cmd_bench(args):
    """Run the benchmarks of bench/ on a database with the addon, no demo."""
    odoo_dir = prepare()
    (STATE / "logs").mkdir(parents=True, exist_ok=True)
    with database_server() as server:
        conf = write_config(odoo_dir, server, free_port())
        if not database_exists(server, args.database):
            say(f"creating database {args.database}")
            init = ("-i", MODULE, "--without-demo", "all")
        else:
            say(f"updating the addon in {args.database}")
            init = ("-u", MODULE)
        subprocess.run(
            odoo_command(
                conf,
                "-d",
                args.database,
                *init,
                "--stop-after-init",
                "--log-level",
                "warn",
            ),
            check=True,
            cwd=ROOT,
        )
        goals = run_benchmarks(conf, args.database, args.only)
    print()
    print("Benchmark goals")
    for name, goal in goals:
        print(f"  {name:<18} {goal[len('goal: ') :]}")
    return 0 if all(goal.endswith("met") for _name, goal in goals) else 1


def run_benchmarks(conf, database, only):
    """[(benchmark, its 'goal: ...' line)] of the scripts of bench/."""
    # Files starting with "_" are the benchmarks' helpers.
    scripts = sorted(
        script
        for script in (ROOT / "bench").glob("*.py")
        if not script.name.startswith("_")
    )
    if only:
        scripts = [script for script in scripts if script.stem in only]
    goals = []
    for script in scripts:
        say(f"running {script.name}")
        proc = start(
            [sys.executable, str(script), "-c", str(conf), "-d", database],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            for line in proc.stdout:
                print(line, end="", flush=True)
                if line.startswith("goal:"):
                    goals.append((script.stem, line.strip()))
            if proc.wait():
                goals.append(
                    (script.stem, f"goal: not measured (exit code {proc.returncode})")
                )
        finally:
            end_process(proc)
    return goals
