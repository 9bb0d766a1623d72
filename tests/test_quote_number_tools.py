# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import date

from stdnum import damm

from odoo.tests import BaseCase, tagged

from ..tools.quote_number import (
    InvalidQuoteNumber,
    format_quote_number,
    is_q_format,
    mistyped_candidates,
    parse_quote_number,
    quarter_of,
    search_variants,
)

SAMPLES = [(26, 4, 7), (26, 1, 1), (27, 2, 999), (99, 3, 1000), (0, 4, 12345)]


@tagged("post_install", "-at_install")
class TestQuoteNumberTools(BaseCase):
    def test_format_example_of_the_spec(self):
        """The 7th quote of Q4 2026 is Q-264007 and its Damm digit."""
        number = format_quote_number(2026, 4, 7)
        self.assertEqual(number, "Q-264007" + damm.calc_check_digit("264007"))
        self.assertEqual(number, "Q-2640076")

    def test_sequence_widens_past_999(self):
        """Past 999 the sequence gets a fourth digit and never wraps."""
        self.assertEqual(format_quote_number(2026, 1, 999)[:8], "Q-261999")
        self.assertEqual(format_quote_number(2026, 1, 1000)[:9], "Q-2611000")

    def test_round_trip(self):
        """Parsing a formatted number gives back year, quarter and sequence."""
        for year, quarter, sequence in SAMPLES:
            parsed = parse_quote_number(
                format_quote_number(2000 + year, quarter, sequence)
            )
            self.assertEqual(tuple(parsed), (year, quarter, sequence))

    def test_every_single_digit_error_is_caught(self):
        """Changing any one digit of a valid number makes it invalid."""
        tried = 0
        for year, quarter, sequence in SAMPLES:
            number = format_quote_number(2000 + year, quarter, sequence)
            digits = number[2:]
            for position, digit in enumerate(digits):
                for wrong in "0123456789":
                    if wrong == digit:
                        continue
                    typo = "Q-" + digits[:position] + wrong + digits[position + 1 :]
                    tried += 1
                    with self.assertRaises(InvalidQuoteNumber, msg=typo):
                        parse_quote_number(typo)
        self.assertGreater(tried, 300)

    def test_every_adjacent_transposition_is_caught(self):
        """Swapping two different neighbouring digits makes it invalid."""
        for year, quarter, sequence in SAMPLES:
            digits = format_quote_number(2000 + year, quarter, sequence)[2:]
            for position in range(len(digits) - 1):
                a, b = digits[position], digits[position + 1]
                if a == b:
                    continue
                swapped = digits[:position] + b + a + digits[position + 2 :]
                with self.assertRaises(InvalidQuoteNumber, msg=swapped):
                    parse_quote_number("Q-" + swapped)

    def test_luhn_would_miss_09_90(self):
        """The 09/90 swap that Luhn misses is caught."""
        digits = "264" + "090"
        valid = "Q-" + digits + damm.calc_check_digit(digits)
        parse_quote_number(valid)
        with self.assertRaises(InvalidQuoteNumber):
            parse_quote_number("Q-" + "264" + "900" + damm.calc_check_digit(digits))

    def test_bad_shapes_are_refused(self):
        """Wrong quarter, too short, sequence 0 are refused with a reason."""
        for bad, reason in [
            ("Q-265001" + damm.calc_check_digit("265001"), "quarter"),
            ("Q-260001" + damm.calc_check_digit("260001"), "quarter"),
            ("Q-2640" + damm.calc_check_digit("2640"), "too short"),
            ("Q-264000" + damm.calc_check_digit("264000"), "sequence 0"),
        ]:
            with self.assertRaisesRegex(InvalidQuoteNumber, reason):
                parse_quote_number(bad)

    def test_q_format_detection(self):
        """Only Q- followed by ASCII digits is read as the Q format."""
        self.assertTrue(is_q_format("Q-2640076"))
        for other in [
            "Q2640076",
            "q-2640076",
            "Q-26A",
            "Q-",
            "Q-२६४",
            "",
            None,
            "INV/1",
        ]:
            self.assertFalse(is_q_format(other), other)

    def test_quarters(self):
        """Months map to quarters 1 to 4."""
        self.assertEqual(
            [quarter_of(date(2026, month, 1)) for month in range(1, 13)],
            [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4],
        )

    def test_search_variants(self):
        """A number typed without dash or with spaces is searched with its dash."""
        self.assertIn("Q-2640076", search_variants("Q2640076"))
        self.assertIn("Q-2640076", search_variants("q 2640076"))
        self.assertIn("Q-2640076-R1", search_variants("Q2640076-r1"))
        self.assertEqual(search_variants("Brakes"), ["Brakes"])

    def test_mistyped_number_candidates_hold_the_number_meant(self):
        """Every single wrong digit and every swap of neighbouring digits of
        a quote number gives a few candidates, the number meant among them."""
        for sample in SAMPLES:
            number = format_quote_number(*sample)
            digits = number[2:]
            typos = [
                digits[:i] + d + digits[i + 1 :]
                for i in range(len(digits))
                for d in "0123456789"
                if d != digits[i]
            ] + [
                digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
                for i in range(len(digits) - 1)
                if digits[i] != digits[i + 1]
            ]
            for typo in typos:
                with self.subTest(number=number, typo=typo):
                    candidates = mistyped_candidates("Q-" + typo)
                    self.assertIn(number, candidates)
                    self.assertLessEqual(len(candidates), 2 * len(digits))
        self.assertEqual(mistyped_candidates(format_quote_number(26, 4, 7)), [])
        self.assertEqual(mistyped_candidates("Brakes"), [])
