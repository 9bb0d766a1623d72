# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from ..tools.asset_reference import normalize_reference
from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestDeclinedWork(WorkStageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_proposed = cls.env["sale.work.stage"].create(
            {"name": "Proposed", "sequence": 6}
        )
        cls.env.company.work_stage_proposed_id = cls.stage_proposed
        cls.customer.write(
            {"mobile": "+32 470 12 34 56", "country_id": cls.env.ref("base.be").id}
        )
        cls.env.company.write({"sms_quiet_start": 0, "sms_quiet_end": 0})
        cls.car = cls.env["sale.work.asset"].create(
            {
                "name": "Peugeot 208",
                "reference": "1-ABC-123",
                "partner_id": cls.customer.id,
            }
        )
        cls.brakes, cls.tyres = cls.env["product.product"].create(
            [
                {"name": "Brake pads", "list_price": 80.0},
                {"name": "Tyres", "list_price": 90.0},
            ]
        )
        cls.estimate = cls._create_order(
            work_asset_id=cls.car.id,
            order_line=[
                Command.create({"product_id": cls.brakes.id, "product_uom_qty": 1}),
                Command.create(
                    {
                        "product_id": cls.tyres.id,
                        "product_uom_qty": 4,
                        "price_unit": 85.0,
                    }
                ),
            ],
        )

    def _reschedule(self, lines, **values):
        form = Form(
            self.env["sale.work.reschedule"]
            .with_user(self.salesman)
            .with_context(**self.estimate.action_open_reschedule()["context"])
        )
        for line in lines:
            form.line_ids.add(line)
        form.follow_up_date = values.get("follow_up_date", "2026-12-15")
        form.note = values.get("note", "Next month")
        return form.save()

    # assets -----------------------------------------------------------------

    def test_reference_normalisation(self):
        """Case, spaces, dashes and dots do not make another plate."""
        self.assertEqual(normalize_reference("1-ABC-123"), "1ABC123")
        self.assertEqual(normalize_reference(" 1abc 123 "), "1ABC123")
        self.assertEqual(normalize_reference("1.abc.123"), "1ABC123")
        self.assertFalse(normalize_reference(""))

    def test_duplicate_reference_names_the_asset(self):
        """The same plate typed another way is refused, naming the asset."""
        with self.assertRaisesRegex(ValidationError, "Peugeot 208"):
            self.env["sale.work.asset"].create(
                {
                    "name": "Other",
                    "reference": "1abc 123",
                    "partner_id": self.customer.id,
                }
            )
        other_company = self.env["res.company"].create({"name": "Other Garage"})
        self.env["sale.work.asset"].create(
            {
                "name": "Same plate elsewhere",
                "reference": "1abc 123",
                "partner_id": self.customer.id,
                "company_id": other_company.id,
            }
        )

    def test_search_by_reference_any_spelling(self):
        """The asset is found by its reference typed any way, from orders too."""
        Asset = self.env["sale.work.asset"].with_user(self.salesman)
        for text in ("1-ABC-123", "1abc123", "abc 12", "Peugeot"):
            self.assertIn(self.car.id, [r[0] for r in Asset.name_search(text)], text)
        orders = self.env["sale.order"].search([("work_asset_id", "ilike", "1abc123")])
        self.assertIn(self.estimate, orders)

    def test_order_refuses_another_owners_asset(self):
        """An order cannot take the vehicle of another customer."""
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        van = self.env["sale.work.asset"].create(
            {"name": "Van", "reference": "VAN-1", "partner_id": stranger.id}
        )
        with self.assertRaisesRegex(ValidationError, "Stranger"):
            self._create_order(work_asset_id=van.id)

    def test_intake_counter_saved_on_asset(self):
        """The counter recorded at intake becomes the asset's last reading."""
        with freeze_time("2026-11-20"):
            self.estimate.write({"intake_counter": 123456})
        self.assertEqual(self.car.counter, 123456)
        self.assertEqual(str(self.car.counter_date), "2026-11-20")

    def test_warning_per_asset_whoever_owns_it(self):
        """With an asset, the warning lists that asset's open estimates."""
        new_owner = self.env["res.partner"].create({"name": "New owner"})
        self.car.partner_id = new_owner
        order = self.env["sale.order"].new(
            {"partner_id": new_owner.id, "work_asset_id": self.car.id}
        )
        self.assertEqual(order.warn_existing_order_ids._origin, self.estimate)
        plain = self.env["sale.order"].new({"partner_id": new_owner.id})
        self.assertFalse(plain.warn_existing_order_ids)

    def test_asset_smart_buttons(self):
        """The asset shows its orders and proposed work."""
        self._reschedule(self.estimate.order_line[1:]).action_confirm()
        self.assertEqual(self.car.order_count, 2)
        self.assertEqual(self.car.proposed_count, 1)
        action = self.car.action_view_proposals()
        self.assertIn(("proposed_from_id", "!=", False), action["domain"])

    def test_asset_access(self):
        """Sales users create assets; portal users see nothing."""
        asset = (
            self.env["sale.work.asset"]
            .with_user(self.salesman)
            .create(
                {"name": "Tractor", "reference": "T-1", "partner_id": self.customer.id}
            )
        )
        self.assertTrue(asset)
        portal = new_test_user(
            self.env, login="ws_portal_asset", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            self.env["sale.work.asset"].with_user(portal).search([])

    # declined work ----------------------------------------------------------

    def test_reschedule_moves_lines_to_new_proposal(self):
        """Declined lines move to a new estimate in the Proposed stage."""
        tyres_line = self.estimate.order_line.filtered(
            lambda l: l.product_id == self.tyres
        )
        total_before = self.estimate.amount_untaxed
        action = self._reschedule(tyres_line).action_confirm()
        proposal = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(proposal.proposed_from_id, self.estimate)
        self.assertEqual(proposal.work_stage_id, self.stage_proposed)
        self.assertEqual(str(proposal.follow_up_date), "2026-12-15")
        self.assertEqual(proposal.work_asset_id, self.car)
        self.assertEqual(proposal.partner_id, self.customer)
        self.assertEqual(proposal.pricelist_id, self.estimate.pricelist_id)
        self.assertNotEqual(proposal.quote_number, self.estimate.quote_number)
        self.assertEqual(proposal.order_line.product_id, self.tyres)
        self.assertEqual(proposal.order_line.price_unit, 85.0)
        self.assertEqual(self.estimate.order_line.product_id, self.brakes)
        self.assertAlmostEqual(self.estimate.amount_untaxed, total_before - 4 * 85.0)
        self.assertTrue(
            self.estimate.message_ids.filtered(lambda m: proposal.name in str(m.body))
        )
        self.assertTrue(
            proposal.message_ids.filtered(lambda m: self.estimate.name in str(m.body))
        )
        self.assertEqual(self.estimate.proposed_count, 1)

    def test_own_proposal_is_no_existing_estimate(self):
        """The work an order put off is not among its "existing estimates",
        nor is the order among its proposal's; a new order of the vehicle
        still hears of the proposal."""
        self.stage_proposed.warn_existing = True
        tyres_line = self.estimate.order_line.filtered(
            lambda l: l.product_id == self.tyres
        )
        action = self._reschedule(tyres_line).action_confirm()
        proposal = self.env["sale.order"].browse(action["res_id"])
        self.estimate.work_stage_id.warn_existing = True
        self.env.invalidate_all()
        self.assertNotIn(proposal, self.estimate.warn_existing_order_ids)
        self.assertNotIn(self.estimate, proposal.warn_existing_order_ids)
        order = self.env["sale.order"].new(
            {"partner_id": self.customer.id, "work_asset_id": self.car.id}
        )
        self.assertIn(proposal, order.warn_existing_order_ids._origin)

    def test_confirmed_order_never_enters_proposed_stage(self):
        """Proposed & Re-scheduled holds estimates: a confirmed order is not
        offered it, and a move there is refused with the way to put work
        off."""
        stage = self.estimate.work_stage_id
        stage.next_stage_ids |= self.stage_proposed
        self.assertIn(self.stage_proposed, self.estimate.allowed_work_stage_ids)
        self.estimate.action_confirm()
        self.assertNotIn(self.stage_proposed, self.estimate.allowed_work_stage_ids)
        with self.assertRaisesRegex(UserError, "Reschedule Declined Work"):
            self.estimate.with_user(self.salesman).write(
                {"work_stage_id": self.stage_proposed.id}
            )
        self.assertEqual(self.estimate.work_stage_id, stage)

    def test_reschedule_refusals(self):
        """No line, every line, a locked quote or no Proposed stage: refused."""
        with self.assertRaisesRegex(UserError, "Choose the lines"):
            self._reschedule([]).action_confirm()
        with self.assertRaisesRegex(UserError, "Every line"):
            self._reschedule(self.estimate.order_line).action_confirm()
        self.env.company.work_stage_proposed_id = False
        with self.assertRaisesRegex(UserError, "Settings"):
            self._reschedule(self.estimate.order_line[1:]).action_confirm()
        self.env.company.work_stage_proposed_id = self.stage_proposed
        self.estimate.action_quotation_sent()
        with self.assertRaisesRegex(UserError, "locked"):
            self._reschedule(self.estimate.order_line[1:]).action_confirm()

    def test_follow_up_creates_activity_and_texts(self):
        """On the follow-up date: an activity and, with a template, an SMS."""
        template = self.env["sms.template"].create(
            {
                "name": "Tyres",
                "model_id": self.env.ref("sale.model_sale_order").id,
                "body": "Time for your tyres? {{ object.name }}",
            }
        )
        self.stage_proposed.reminder_template_id = template
        proposal = self.env["sale.order"].browse(
            self._reschedule(self.estimate.order_line[1:]).action_confirm()["res_id"]
        )
        with freeze_time("2026-12-14"):
            self.env["sale.order"]._cron_follow_up_proposals()
        self.assertFalse(proposal.activity_ids)
        with freeze_time("2026-12-15"):
            self.env["sale.order"]._cron_follow_up_proposals()
            self.env["sale.order"]._cron_follow_up_proposals()
        self.assertEqual(len(proposal.activity_ids), 1)
        self.assertEqual(proposal.activity_ids.user_id, self.salesman)
        sms = self.env["sms.sms"].search(
            [("mail_message_id", "in", proposal.message_ids.ids)]
        )
        self.assertEqual(len(sms), 1)
        self.assertIn("tyres", sms.body)

    def test_accepted_share_measure(self):
        """The accepted share is 100 for a confirmed proposal, else 0."""
        proposal = self.env["sale.order"].browse(
            self._reschedule(self.estimate.order_line[1:]).action_confirm()["res_id"]
        )
        self.assertEqual(proposal.proposal_accepted_rate, 0)
        proposal.action_confirm()
        self.assertEqual(proposal.proposal_accepted_rate, 100)
        groups = self.env["sale.order"]._read_group(
            [("proposed_from_id", "!=", False), ("id", "=", proposal.id)],
            [],
            ["proposal_accepted_rate:avg"],
        )
        self.assertEqual(groups[0][0], 100)

    def test_documents_print_the_asset(self):
        """Quotation and work order show the asset's name, reference, counter."""
        self.estimate.intake_counter = 98765
        for report in (
            "sale.action_report_saleorder",
            "sale_work_stage.action_report_work_order",
        ):
            html = self._render_html(report, self.estimate)
            self.assertIn("Peugeot 208", html, report)
            self.assertIn("1-ABC-123", html, report)
            self.assertIn("98765", html, report)
