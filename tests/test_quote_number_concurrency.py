# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging

from odoo.tests import tagged

from ..tools.quote_number import format_quote_number, parse_quote_number
from .common import ParallelCase

_logger = logging.getLogger(__name__)

WORKERS = 8
QUOTES_PER_WORKER = 5


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestQuoteNumberConcurrency(ParallelCase):
    """Quotes created by parallel committing transactions never share a number."""

    def _run_parallel(self, quote_date):
        """Create quotes from WORKERS transactions started at the same instant."""
        partner_id = self.env.company.partner_id.id
        company_id = self.env.company.id
        numbers, order_ids = [], []

        def work(env):
            values = {
                "partner_id": partner_id,
                "company_id": company_id,
                "quote_date": quote_date,
            }
            orders = env["sale.order"].create([values] * QUOTES_PER_WORKER)
            numbers.extend(orders.mapped("quote_number"))
            order_ids.extend(orders.ids)

        self.addCleanup(self._cleanup, order_ids, quote_date)
        # Not retried: a transaction failing on its numbers fails the test.
        self._in_parallel([work] * WORKERS, retry=False)
        return numbers

    def _cleanup(self, order_ids, quote_date):
        """Remove the quotes and the counters of the year of ``quote_date``."""

        def clean(env):
            env["sale.order"].browse(order_ids).exists().unlink()
            year = int(quote_date[:4])
            env["sale.quote.counter"].search([("year", "=", year)]).unlink()

        self._committed(clean)

    def _set_counter(self, year, quarter, last_value):
        """Commit the counter of a quarter at ``last_value``; removed after."""
        self._committed(
            lambda env: env["sale.quote.counter"].create(
                {
                    "company_id": self.env.company.id,
                    "year": year,
                    "quarter": quarter,
                    "last_value": last_value,
                }
            )
        )
        self.addCleanup(self._cleanup, [], f"{year}-01-01")

    def test_first_quotes_of_a_new_quarter(self):
        """40 quotes racing for the first numbers of a quarter are all distinct."""
        numbers = self._run_parallel("2098-07-01")
        total = WORKERS * QUOTES_PER_WORKER
        self.assertEqual(len(numbers), total)
        self.assertEqual(len(set(numbers)), total, "duplicates")
        self.assertEqual(
            sorted(numbers, key=lambda n: parse_quote_number(n).sequence),
            [format_quote_number(2098, 3, n) for n in range(1, total + 1)],
        )
        _logger.info(
            "reliability: %s parallel first quotes of a quarter, duplicates 0, gaps 0",
            total,
        )

    def test_thousandth_quote_of_a_quarter(self):
        """Racing past the 999th quote widens the sequence without duplicates."""
        self._set_counter(2097, 4, 990)
        numbers = self._run_parallel("2097-10-01")
        sequences = sorted(parse_quote_number(n).sequence for n in numbers)
        self.assertEqual(sequences, list(range(991, 991 + WORKERS * QUOTES_PER_WORKER)))
        self.assertIn(format_quote_number(2097, 4, 1000), numbers)
        _logger.info(
            "reliability: %s parallel quotes past the 999th, duplicates %s, gaps 0",
            len(numbers),
            len(numbers) - len(set(numbers)),
        )
