# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import date, datetime

from odoo.fields import Command
from odoo.tests import tagged

from ..models.sale_order_pipeline import fill_amount_total_company
from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestPipelineKanban(WorkStageCommon):
    """What the columns of the pipelines add up: totals in the company currency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_currency = cls.env.company.currency_id
        cls.foreign = cls.env.ref("base.EUR")
        if cls.foreign == company_currency:
            cls.foreign = cls.env.ref("base.CHF")
        cls.foreign.active = True
        cls.foreign.rate_ids.unlink()
        # 1 unit of the company currency is 2 foreign units from January 1st,
        # 4 from June 1st.
        cls.env["res.currency.rate"].create(
            [
                {"name": date(2026, 1, 1), "rate": 2.0, "currency_id": cls.foreign.id},
                {"name": date(2026, 6, 1), "rate": 4.0, "currency_id": cls.foreign.id},
            ]
        )
        cls.foreign_pricelist = cls.env["product.pricelist"].create(
            {"name": "Foreign prices", "currency_id": cls.foreign.id}
        )
        cls.labour = cls.env["product.product"].create(
            {"name": "Labour", "type": "service", "list_price": 100}
        )

    def _order_of(self, price, **values):
        """A quotation of one untaxed line at ``price``."""
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.labour.id,
                            "price_unit": price,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
                **values,
            }
        )

    def test_other_currency_converted_at_the_order_date_rate(self):
        """An order in another currency counts at the rate of its date."""
        order = self._order_of(
            100,
            pricelist_id=self.foreign_pricelist.id,
            date_order=datetime(2026, 3, 10, 9, 0),
        )
        self.assertEqual(order.currency_id, self.foreign)
        self.assertEqual(order.amount_total, 100)
        self.assertEqual(order.currency_rate, 2.0)
        self.assertEqual(order.amount_total_company, 50)
        self.assertEqual(order.company_currency_id, self.env.company.currency_id)
        order.date_order = datetime(2026, 7, 1, 9, 0)
        self.assertEqual(order.amount_total_company, 25)

    def test_company_currency_order_counts_its_total(self):
        """An order in the company currency counts its own total."""
        order = self._order_of(80)
        self.assertEqual(order.currency_id, self.env.company.currency_id)
        self.assertEqual(order.amount_total_company, 80)

    def test_column_sums_company_currency(self):
        """A column of the Work Pipeline adds up the company-currency totals."""
        self._order_of(
            100,
            pricelist_id=self.foreign_pricelist.id,
            date_order=datetime(2026, 3, 10, 9, 0),
        )
        self._order_of(80)
        groups = self.env["sale.order"].read_group(
            [("partner_id", "=", self.customer.id)],
            ["amount_total_company:sum"],
            ["work_stage_id"],
        )
        intake = next(
            g for g in groups if g["work_stage_id"][0] == self.stage_intake.id
        )
        # self.order (a Test Product quote of WorkStageCommon) is there too.
        self.assertEqual(intake["work_stage_id_count"], 3)
        self.assertAlmostEqual(
            intake["amount_total_company"], 50 + 80 + self.order.amount_total_company
        )

    def test_upgrade_fill_matches_the_compute(self):
        """The SQL that fills the column on upgrade gives what the ORM computes."""
        orders = self._order_of(
            100,
            pricelist_id=self.foreign_pricelist.id,
            date_order=datetime(2026, 7, 1, 9, 0),
        ) | self._order_of(33.33)
        self.env.flush_all()
        computed = orders.mapped("amount_total_company")
        self.env.cr.execute(
            "UPDATE sale_order SET amount_total_company = NULL WHERE id = ANY(%s)",
            [orders.ids],
        )
        fill_amount_total_company(self.env.cr, orders.ids)
        orders.invalidate_recordset(["amount_total_company"])
        self.assertEqual(orders.mapped("amount_total_company"), computed)
        self.assertEqual(computed, [25, 33.33])

    def test_stage_groups_in_the_stages_order(self):
        """Grouped by stage, groups come in the stages' sequence, archived
        stages too, both ways."""
        self._free_transitions()
        late, early = self.env["sale.work.stage"].create(
            [{"name": "Late one", "sequence": 50}, {"name": "Early one", "sequence": 0}]
        )
        for stage in (late, early, self.stage_repair):
            self._order_of(10).work_stage_id = stage
        (late | early).action_archive()
        domain = [("partner_id", "=", self.customer.id)]
        Order = self.env["sale.order"]
        groups = Order._read_group(domain, ["work_stage_id"], order="work_stage_id")
        stages = [stage for (stage,) in groups]
        self.assertEqual(stages, [early, self.stage_intake, self.stage_repair, late])
        groups = Order._read_group(
            domain, ["work_stage_id"], order="work_stage_id desc"
        )
        self.assertEqual([stage for (stage,) in groups], stages[::-1])
