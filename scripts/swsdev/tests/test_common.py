# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The test command on a busy machine: slow answers are "not yet", and a
step that crashes is one failed check, never the end of the command."""

import contextlib
import io
import subprocess
import sys
import textwrap
import time
import unittest

from swsdev.common import Tally, free_port, start, wait_for

# A health check that hangs its first answer for 8 seconds (a busy Odoo),
# then answers at once.
SLOW_SERVER = textwrap.dedent(
    """
    import sys, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Slow(BaseHTTPRequestHandler):
        first = True

        def do_GET(self):
            if Slow.first:
                Slow.first = False
                time.sleep(8)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Slow).serve_forever()
    """
)


class TestWaitFor(unittest.TestCase):
    def test_an_answer_after_8_seconds_is_not_yet(self):
        port = free_port()
        proc = start(
            [sys.executable, "-c", SLOW_SERVER, str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            started = time.monotonic()
            response = wait_for(
                f"http://127.0.0.1:{port}/web/health", proc, "slow server", timeout=60
            )
            self.assertEqual(response.text, "ok")
            # The first attempt timed out (5 s) and the command waited on.
            self.assertGreaterEqual(time.monotonic() - started, 5)
        finally:
            proc.kill()
            proc.wait()

    def test_a_server_that_ends_is_reported(self):
        proc = start([sys.executable, "-c", "raise SystemExit(3)"])
        proc.wait()
        with self.assertRaisesRegex(RuntimeError, "exit code 3"):
            wait_for(f"http://127.0.0.1:{free_port()}/", proc, "dead server")


class TestTallyStep(unittest.TestCase):
    def test_a_step_that_raises_is_one_failed_check(self):
        tally = Tally()
        out = io.StringIO()

        def crash(_tally):
            raise ValueError("boom")

        with contextlib.redirect_stdout(out):
            self.assertIsNone(tally.step("first step", crash, tally))
            tally.step("second step", lambda t: t.check("second ran", True), tally)
            code = tally.summary()
        self.assertEqual(tally.failed, ["first step (crashed)"])
        self.assertEqual(tally.passed, 1)
        self.assertEqual(code, 1)
        self.assertIn("boom", out.getvalue())
        # The summary line README.rst promises is the last line.
        self.assertEqual(out.getvalue().splitlines()[-1], "1 passed, 1 failed")
