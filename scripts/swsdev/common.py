# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paths, output, child processes, signals and the tally shared by the commands."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
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


class Interrupted(Exception):
    """SIGINT, SIGTERM or SIGHUP: unwinds the command so its finally blocks run."""

    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _interrupt(signum, _frame):
    raise Interrupted(signum)


def run_command(function, args):
    """Run a command, turning the signals that end it into a clean unwinding.

    Without this SIGTERM would kill Python on the spot, leaving the private
    PostgreSQL server and Odoo running.
    """
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    try:
        return function(args)
    except Interrupted as interruption:
        say(f"interrupted by {interruption}")
        return 128 + interruption.signum


@contextmanager
def shielded():
    """Ignore the ending signals while cleaning up, so a second Ctrl-C does not
    leave the cleanup half done."""
    signums = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in signums}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def start(command, **kwargs):
    """Popen in a session of its own: the terminal's Ctrl-C reaches only this
    script, which ends the child's whole group (Chromium, workers) itself."""
    return subprocess.Popen(command, cwd=ROOT, start_new_session=True, **kwargs)


def end_process(proc, timeout=60):
    """Ask a child of ``start`` and its group to stop, kill them if they do not."""
    if proc.poll() is not None:
        return
    with shielded():
        for signum in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, signum)
            except ProcessLookupError:
                return
            try:
                proc.wait(timeout=timeout)
                return
            except subprocess.TimeoutExpired:
                pass


def wait_for(url, proc, what, timeout=300, attempt_timeout=5):
    """The answer of ``url`` once ``proc`` (a child of ``start``) serves it;
    RuntimeError when ``proc`` ends or ``timeout`` seconds pass first.

    A refused connection, a slow answer (over ``attempt_timeout`` seconds)
    and an error status all mean "not yet": a busy machine is not a failure.
    """
    # Odoo's requirement: imported here, not by the commands that need no Odoo.
    import requests  # pylint: disable=import-outside-toplevel

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} ended with exit code {proc.returncode}")
        try:
            response = requests.get(url, timeout=attempt_timeout)
            if response.ok:
                return response
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{what} did not answer {url} within {timeout}s")


def stream(command, log_path, env=None, stdin=None):
    """Run ``command``, echo its output and keep it in ``log_path``."""
    with open(log_path, "w", encoding="utf-8") as log:
        proc = start(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            text=True,
            env=env,
        )
        try:
            if stdin is not None:
                proc.stdin.write(stdin)
                proc.stdin.close()
            for line in proc.stdout:
                sys.stdout.write(line)
                log.write(line)
            return proc.wait()
        finally:
            end_process(proc)


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

    def step(self, name, function, *args, **kwargs):
        """Run one step of a command: when it raises, that is one failed
        check and the command goes on with its other steps."""
        try:
            return function(*args, **kwargs)
        except Interrupted:
            raise
        except Exception as error:  # noqa: BLE001 - reported as a failed check
            self.check(f"{name} (crashed)", False, repr(error)[:800])
            return None

    def summary(self):
        """The failed checks, then the closing line README.rst promises."""
        for name in sorted(set(self.failed)):
            say(f"failed: {name} x{self.failed.count(name)}")
        print(f"{self.passed} passed, {len(self.failed)} failed", flush=True)
        return 1 if self.failed else 0
