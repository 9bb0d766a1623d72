# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import threading

from odoo import api, fields, models
from odoo.tools import SQL


class SaleQuoteCounter(models.Model):
    """Last quote sequence drawn per company and quarter.

    Numbers are drawn in a short transaction of their own that commits at
    once: parallel quotes never wait for each other's commit, the first quote
    of a quarter cannot be numbered twice (the row is created by an upsert on
    a unique key) and a number is lost only when its quote is rolled back.
    """

    _name = "sale.quote.counter"
    _description = "Quote Number Counter"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    year = fields.Integer(required=True)
    quarter = fields.Integer(required=True)
    last_value = fields.Integer(required=True, default=0)

    _sql_constraints = [
        (
            "company_quarter_uniq",
            "unique(company_id, year, quarter)",
            "One counter per company and quarter.",
        ),
    ]

    def _upsert_query(self, company_id, year, quarter, value, new_last_value):
        """Create the quarter's counter at ``value``, or set it to
        ``new_last_value`` (SQL over the current ``last_value``)."""
        return SQL(
            """
            INSERT INTO sale_quote_counter
                   (company_id, year, quarter, last_value,
                    create_uid, write_uid, create_date, write_date)
            VALUES (%(company)s, %(year)s, %(quarter)s, %(value)s,
                    %(uid)s, %(uid)s, NOW() AT TIME ZONE 'UTC',
                    NOW() AT TIME ZONE 'UTC')
            ON CONFLICT (company_id, year, quarter) DO UPDATE
               SET last_value = %(new_last_value)s,
                   write_uid = %(uid)s,
                   write_date = NOW() AT TIME ZONE 'UTC'
            RETURNING last_value
            """,
            company=company_id,
            year=year,
            quarter=quarter,
            value=value,
            new_last_value=new_last_value,
            uid=self.env.uid,
        )

    @api.model
    def _draw(self, company_id, year, quarter, count=1):
        """Reserve ``count`` consecutive sequences; return the first one."""
        last = self._run_now(
            self._upsert_query(
                company_id,
                year,
                quarter,
                count,
                SQL("sale_quote_counter.last_value + %s", count),
            )
        )
        return last - count + 1

    @api.model
    def _reserve_through(self, company_id, year, quarter, sequence):
        """Move the counter past a number typed by hand, so it is never drawn."""
        return self._run_now(
            self._upsert_query(
                company_id,
                year,
                quarter,
                sequence,
                SQL("GREATEST(sale_quote_counter.last_value, %s)", sequence),
            )
        )

    def _run_now(self, query):
        """Run ``query`` in a transaction of its own, committed at once."""
        if self.env.registry.in_test_mode() or getattr(
            threading.current_thread(), "testing", False
        ):
            # A test runs in one transaction, rolled back at its end: run in
            # it, so what it draws is rolled back with it.
            self.env.cr.execute(query)
            result = self.env.cr.fetchone()[0]
            self.invalidate_model(["last_value"])
            return result
        # Own transaction, committed on leaving the block, so the counter row
        # stays locked for a moment only.
        with self.env.registry.cursor() as cr:
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            cr.execute(query)
            return cr.fetchone()[0]
