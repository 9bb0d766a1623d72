# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paths, output and the tally shared by the commands."""

import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULE = "sale_work_stage"
STATE = ROOT / ".devenv"


def say(message):
    print(f"[devenv] {message}", flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stream(command, log_path, env=None, stdin=None):
    """Run ``command``, echo its output and keep it in ``log_path``."""
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=ROOT,
        )
        if stdin is not None:
            proc.stdin.write(stdin)
            proc.stdin.close()
        for line in proc.stdout:
            sys.stdout.write(line)
            log.write(line)
        return proc.wait()


class Tally:
    """Counts checks; a skipped test counts as failed."""

    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            say(f"PASS {name}")
        else:
            self.failed.append(name)
            say(f"FAIL {name} {detail}")
