# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Bad input, tried in bulk: nothing wrongly accepted, nothing crashes."""

import json
import logging

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from ..tools.quote_number import format_quote_number, is_q_format, parse_quote_number
from .common import WorkStageCommon

_logger = logging.getLogger(__name__)

SQL_AND_JUNK = (
    "Q-26'; DROP TABLE sale_order; --",
    "Q-%",
    "Q-_",
    "Q-\\",
    'Q-26" OR 1=1',
    "Q-\x00",
    "Q-" + "9" * 500,
    "",
    " ",
    "Q-",
    "Q--2610014",
    "q-2610014",
)
NON_ASCII = ("Q-２６１００１４", "Q-٢٦١٠٠١٤", "Q-2610014\u200b", "Ｑ-2610014")
SCRIPTS = (
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }} ${7*7} <t t-esc='1'/>",
)
PHONES = ("abc", "+", "00000", "+1 (555) <script>", "1" * 60, "+32 470 12 34 5x")


def is_issued_number(text):
    """Whether the numbering itself would give ``text`` to some quote: the
    oracle is format_quote_number, not the parser under test."""
    digits = text[2:]
    if not text.startswith("Q-") or len(digits) < 7 or not digits.isdigit():
        return False
    try:
        year, quarter, sequence = int(digits[:2]), int(digits[2]), int(digits[3:-1])
        return format_quote_number(2000 + year, quarter, sequence) == text
    except ValueError:
        return False


def mutations(number):
    """Every single-digit error and every swap of neighbouring digits."""
    prefix, digits = number[:2], number[2:]
    for position, digit in enumerate(digits):
        for other in "0123456789":
            if other != digit:
                yield prefix + digits[:position] + other + digits[position + 1 :]
    for position in range(len(digits) - 1):
        swapped = (
            digits[:position]
            + digits[position + 1]
            + digits[position]
            + digits[position + 2 :]
        )
        if swapped != digits:
            yield prefix + swapped
    yield number[:-1]
    yield number + "0"


def _summary(test, name, tried, wrongly_accepted, crashes):
    """Log the figures of a fuzz run, then check them."""
    _logger.info(
        "fuzz %s: %s inputs tried, %s wrongly accepted, %s crashes",
        name,
        tried,
        len(wrongly_accepted),
        len(crashes),
    )
    test.assertEqual(wrongly_accepted, [], name)
    test.assertEqual(crashes, [], name)


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestFuzz(WorkStageCommon):
    def test_quote_numbers(self):
        """Mistyped Q numbers and junk are refused or kept as custom, never crash."""
        valid = [
            format_quote_number(year, quarter, sequence)
            for year in (2026, 2031)
            for quarter in (1, 4)
            for sequence in (1, 7, 999, 1000)
        ]
        wrong = {
            bad
            for number in valid
            for bad in mutations(number)
            if not is_issued_number(bad)
        }
        quote = self._create_order().with_user(self.sales_manager)
        tried, refused, wrongly_accepted, crashes = 0, 0, [], []
        for text in sorted(wrong) + list(SQL_AND_JUNK + NON_ASCII):
            tried += 1
            # Pure check: a Q number with a wrong digit never parses.
            try:
                if is_q_format(text):
                    parse_quote_number(text)
                    wrongly_accepted.append(text)
            except ValueError:
                refused += 1
            except Exception as error:  # noqa: BLE001 - counted as a crash
                crashes.append((text, repr(error)))
            # Typed on a quote: refused with a message, or kept as a custom
            # scheme when it is not meant as a Q number.
            try:
                with self.env.cr.savepoint():
                    quote.write({"quote_number": text})
                    if is_q_format(text):
                        wrongly_accepted.append(text)
            except (UserError, ValidationError):
                refused += 1
            except Exception as error:  # noqa: BLE001 - counted as a crash
                crashes.append((text, repr(error)))
            # Searched: never an error.
            try:
                self.env["sale.order"].name_search(text)
            except Exception as error:  # noqa: BLE001 - counted as a crash
                crashes.append((text, repr(error)))
        _logger.info("fuzz quote numbers: %s refusals with a message", refused)
        self.assertGreaterEqual(refused, 2 * len(wrong), "each wrong number refused")
        _summary(self, "quote numbers", tried, wrongly_accepted, crashes)

    def test_html_and_scripts_are_escaped(self):
        """Markup in stage names, titles, notes and SMS texts stays plain text."""
        tried, wrongly_accepted, crashes = 0, [], []
        report = self.env.ref("sale.action_report_saleorder")
        for text in SCRIPTS:
            tried += 1
            stage = self.env["sale.work.stage"].create(
                {"name": text, "document_title": text}
            )
            order = self._create_order(
                work_stage_id=stage.id, internal_note=text, quote_to=text
            )
            try:
                html = self._render_html(report, order)
            except Exception as error:  # noqa: BLE001 - counted as a crash
                crashes.append((text, repr(error)))
                continue
            if text in html:
                wrongly_accepted.append(("quotation pdf", text))
            # Data in an SMS is text: kept as typed, never run as a template.
            order.partner_id.name = text
            body = self.env.ref(
                "sale_work_stage.sms_template_work_finished"
            )._render_field("body", order.ids)[order.id]
            # Kept literally: had it been run as a template, it would not be.
            if text not in body:
                wrongly_accepted.append(("sms", text))
        _summary(self, "markup", tried, wrongly_accepted, crashes)

    def test_malformed_phone_numbers(self):
        """A bad number is explained, never texted, never a crash; the order moves."""
        stage = self.env["sale.work.stage"].create(
            {
                "name": "Fuzz texts",
                "send_sms": True,
                "sms_template_id": self.env.ref(
                    "sale_work_stage.sms_template_work_finished"
                ).id,
            }
        )
        self.stage_intake.next_stage_ids |= stage
        tried, wrongly_accepted, crashes = 0, [], []
        for phone in PHONES:
            tried += 1
            partner = self.env["res.partner"].create(
                {"name": "Fuzz", "mobile": phone, "phone": phone}
            )
            order = self._create_order(partner=partner)
            before = self.env["sms.sms"].search_count([])
            try:
                order.work_stage_id = stage
                self.env.flush_all()
            except Exception as error:  # noqa: BLE001 - counted as a crash
                crashes.append((phone, repr(error)))
                continue
            if order.work_stage_id != stage:
                crashes.append((phone, "the order did not move"))
            queued = self.env["sms.sms"].search([], order="id desc", limit=1)
            if self.env["sms.sms"].search_count([]) > before and queued.number in (
                phone,
                False,
            ):
                wrongly_accepted.append(phone)
        _summary(self, "phone numbers", tried, wrongly_accepted, crashes)


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestFuzzHttp(HttpCase):
    def test_malformed_delivery_reports(self):
        """Malformed delivery reports are refused: never accepted, never a 5xx."""
        self.env.company.sudo().sms_http_token = "fuzz-token"
        self.env.flush_all()
        bodies = [
            b"",
            b"{",
            b"null",
            b"[]",
            b'"text"',
            b"123",
            json.dumps({"reference": None, "status": "delivered"}).encode(),
            json.dumps({"reference": ["x"], "status": "delivered"}).encode(),
            json.dumps({"reference": "x", "status": ["delivered"]}).encode(),
            json.dumps({"reference": "x", "status": {"a": 1}}).encode(),
            json.dumps({"reference": "x" * 100000, "status": "failed"}).encode(),
            json.dumps(
                {"reference": "'; DROP TABLE sms_sms; --", "status": "failed"}
            ).encode(),
            '{"reference": "é\\ud800", "status": "failed"}'.encode(),
            b"\xff\xfe\x00",
        ]
        tried, wrongly_accepted, crashes = 0, [], []
        for body in bodies:
            tried += 1
            response = self.url_open(
                "/sale_work_stage/sms/status",
                data=body,
                headers={
                    "Content-Type": "application/json",
                    "Authorization": "Bearer fuzz-token",
                },
            )
            if response.status_code >= 500:
                crashes.append((body[:40], response.status_code))
            elif response.status_code == 200:
                wrongly_accepted.append(body[:40])
        _summary(self, "delivery reports", tried, wrongly_accepted, crashes)
