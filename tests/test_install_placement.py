# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Installed on a shop's database: every existing order, in every company,
lands where its facts say, and nothing is sent, held, moved or tracked."""

from lxml import etree

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from ..hooks import post_init_hook
from .common import WorkStageCommon

KINDS = ("draft", "sent", "cancel", "to_deliver", "delivered", "invoiced")
# A field of each model the install hook fills for every existing record.
FILLED_STATUS = {"sale.order": "pipeline_status", "sale.order.line": "booking_status"}


def pipeline_opening_domain(env):
    """The domain the Work Pipeline opens on: its action's domain and the
    search view's filters its context selects by default."""
    action = env.ref("sale_work_stage.sale_order_action_work_pipeline")
    context = safe_eval(action.context or "{}")
    arch = env["sale.order"].get_view(action.search_view_id.id, "search")["arch"]
    domain = safe_eval(action.domain or "[]")
    for node in etree.fromstring(arch).iter("filter"):
        if context.get(f"search_default_{node.get('name')}") and node.get("domain"):
            domain += safe_eval(node.get("domain"))
    return domain


@tagged("post_install", "-at_install")
class TestInstallPlacement(WorkStageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_repair.reserve_stock = True
        cls.stage_pending.approved_orders_only = True
        cls.stage_closed.approved_orders_only = True
        # The shared stages are the first company's; the second shop has a
        # set of its own, named otherwise, placed by the same flags.
        cls.company_2 = cls.env["res.company"].create({"name": "Second Shop"})
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_2, install_demo=False
        )
        cls.env.user.company_ids |= cls.company_2
        (
            cls.stage_intake | cls.stage_repair | cls.stage_pending | cls.stage_closed
        ).company_id = cls.env.company
        cls.stage_backorder.company_id = cls.env.company
        Stage = cls.env["sale.work.stage"]
        cls.own = dict(
            zip(
                ("first", "booked", "to_invoice", "finished"),
                Stage.create(
                    [
                        {"name": "Devis", "sequence": 1},
                        {"name": "Rendez-vous", "sequence": 2, "reserve_stock": True},
                        {
                            "name": "À facturer",
                            "sequence": 3,
                            "approved_orders_only": True,
                        },
                        {
                            "name": "Terminé",
                            "sequence": 4,
                            "fold": True,
                            "approved_orders_only": True,
                        },
                    ]
                ).with_company(cls.company_2),
                strict=True,
            )
        )
        for stage in cls.own.values():
            stage.company_id = cls.company_2
        cls.part = cls._create_storable("Oil filter", list_price=12.0)
        cls._add_stock(cls.part, 20)
        cls.warehouse_2 = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company_2.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.part, cls.warehouse_2.lot_stock_id, 20
        )

    def _order(self, company, kind):
        """An order of ``kind`` made through Odoo's own flows in ``company``."""
        env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        order = (
            env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.part.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
        )
        return self._make_kind(order, kind, pay=True)

    def _facts(self, orders):
        """What placing must not change: names, states, locks, quote numbers,
        and how many texts, moves, reservations and messages there are."""
        self.env.flush_all()
        self.env.invalidate_all()
        return (
            [(o.name, o.state, o.locked, o.quote_number) for o in orders],
            self.env["sms.sms"].search_count([]),
            self.env["stock.move"].search_count([]),
            self.env["stock.move.line"].search_count([]),
            sum(self.env["stock.quant"].search([]).mapped("reserved_quantity")),
            self.env["mail.message"].search_count([("model", "=", "sale.order")]),
            self.env["mail.tracking.value"].search_count([]),
        )

    def test_existing_orders_of_two_companies_land_where_they_are(self):
        companies = (self.env.company, self.company_2)
        orders = {
            (company, kind): self._order(company, kind)
            for company in companies
            for kind in KINDS
        }
        self.assertEqual(orders[self.company_2, "invoiced"].invoice_status, "invoiced")
        self.assertEqual(orders[self.company_2, "delivered"].delivery_status, "full")
        records = self.env["sale.order"].union(*orders.values())
        # As before the install: no stage yet.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET work_stage_id = NULL WHERE id IN %s",
            [tuple(records.ids)],
        )
        before = self._facts(records)
        post_init_hook(self.env)
        self.assertEqual(self._facts(records), before)
        shared = {
            "draft": self.stage_intake,
            "sent": self.stage_intake,
            "cancel": self.stage_intake,
            "to_deliver": self.stage_repair,
            "delivered": self.stage_pending,
            "invoiced": self.stage_closed,
        }
        own = {
            "draft": "first",
            "sent": "first",
            "cancel": "first",
            "to_deliver": "booked",
            "delivered": "to_invoice",
            "invoiced": "finished",
        }
        for (company, kind), order in orders.items():
            expected = (
                shared[kind] if company == self.env.company else self.own[own[kind]]
            )
            self.assertEqual(order.work_stage_id, expected, f"{company.name}: {kind}")
        self.assertEqual(orders[self.company_2, "sent"].quote_state, "submitted")
        self.assertEqual(orders[self.company_2, "invoiced"].quote_state, "approved")

        # The pipeline opens on today's work: its open columns hold the
        # quotes and the work to deliver or invoice, nothing finished or
        # cancelled; both stay findable by search.
        domain = pipeline_opening_domain(self.env)
        shown = self.env["sale.order"].search(domain + [("id", "in", records.ids)])
        in_open_columns = shown.filtered(lambda o: not o.work_stage_id.fold)
        self.assertEqual(
            sorted(in_open_columns.ids),
            sorted(
                orders[company, kind].id
                for company in companies
                for kind in ("draft", "sent", "to_deliver", "delivered")
            ),
        )
        self.assertEqual(
            self.env["sale.order"].search(
                [
                    ("name", "=", orders[self.company_2, "cancel"].name),
                    ("company_id", "=", self.company_2.id),
                ]
            ),
            orders[self.company_2, "cancel"],
        )

    def test_next_move_after_placing_has_its_usual_effects(self):
        """Placing held nothing; the next move a person makes holds."""
        order = self._order(self.env.company, "draft")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET work_stage_id = NULL WHERE id = %s", [order.id]
        )
        post_init_hook(self.env)
        self.env.invalidate_all()
        self.assertEqual(order.work_stage_id, self.stage_intake)
        self.assertFalse(order.order_line.stock_hold_move_ids)
        order.work_stage_id = self.stage_repair
        self.assertEqual(order.order_line.stock_hold_move_ids.quantity, 1)

    def test_filled_fields_hold_what_their_computes_give(self):
        """As at the install, the addon's stored computed fields of every
        order and line are empty; the hook fills them in sets, and each
        holds what Odoo's compute gives it one by one: the orders made here
        and the demo orders of every installed app (moves fed by others,
        open deliveries, invoices, credit notes, down payments)."""
        for company in (self.env.company, self.company_2):
            for kind in KINDS:
                self._order(company, kind)
        self.env.flush_all()
        filled = {}
        for model in ("sale.order", "sale.order.line"):
            Model = self.env[model]
            names = [n for n in Model._install_computed_fields if n != "work_stage_id"]
            if model == "sale.order":
                names.append("proposal_accepted_rate")
            filled[model] = names
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s",
                    SQL.identifier(Model._table),
                    SQL(", ").join(
                        SQL("%s = NULL", SQL.identifier(name)) for name in names
                    ),
                )
            )
        self.env.invalidate_all()
        post_init_hook(self.env)
        self.env.invalidate_all()
        for model, names in filled.items():
            records = self.env[model].with_context(active_test=False).search([])
            stored = records.read(names)
            for name in names:
                self.env.add_to_compute(records._fields[name], records)
            records.with_context(mail_notrack=True)._recompute_recordset(names)
            fresh = records.read(names)
            wrong = [
                (old["id"], name, old[name], new[name])
                for old, new in zip(stored, fresh, strict=True)
                for name in names
                if old[name] != new[name]
            ]
            self.assertEqual(wrong[:10], [], f"{model}: {len(wrong)} values differ")
            # The hook filled them: not all left empty.
            status = FILLED_STATUS[model]
            self.assertTrue(any(row[status] for row in stored), f"{model}.{status}")
