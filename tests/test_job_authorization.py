# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import json

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import SIGNATURE_PNG, ParallelCase, WorkStageCommon


class JobQuoteMixin:
    """A submitted quote of three jobs (sections): brakes 200, tyres 100,
    wipers 50, for a customer's car; a Proposed & Re-scheduled stage."""

    @classmethod
    def _setup_job_quote(cls):
        cls.stage_proposed = cls.env["sale.work.stage"].create(
            {"name": "Proposed", "sequence": 6}
        )
        cls.env.company.work_stage_proposed_id = cls.stage_proposed
        cls.customer.name = "Jane Driver"
        cls.car = cls.env["sale.work.asset"].create(
            {
                "name": "Peugeot 208",
                "reference": "1-ABC-123",
                "partner_id": cls.customer.id,
            }
        )
        cls.pads, cls.tyre, cls.wiper = cls.env["product.product"].create(
            [
                {"name": "Brake pads", "list_price": 200.0, "taxes_id": False},
                {"name": "Tyre", "list_price": 100.0, "taxes_id": False},
                {"name": "Wiper blades", "list_price": 50.0, "taxes_id": False},
            ]
        )

    @classmethod
    def _job_quote(cls):
        def section(name):
            return Command.create({"display_type": "line_section", "name": name})

        def product(record):
            return Command.create({"product_id": record.id, "product_uom_qty": 1})

        quote = cls._create_order(
            work_asset_id=cls.car.id,
            order_line=[
                section("Brakes"),
                product(cls.pads),
                section("Tyres"),
                product(cls.tyre),
                section("Wipers"),
                product(cls.wiper),
            ],
        )
        quote.order_line.filtered("product_id").tax_id = False
        quote.require_payment = False
        quote.action_quotation_sent()
        return quote

    def _keys(self, quote, *titles):
        return [job.key for job in quote._work_jobs() if job.title in titles]


@tagged("post_install", "-at_install")
class TestJobAuthorization(JobQuoteMixin, WorkStageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_job_quote()

    def _authorize(self, quote, *titles, **kwargs):
        kwargs.setdefault("signature", SIGNATURE_PNG)
        kwargs.setdefault("version", quote.issue_count)
        return quote._work_authorize(
            self._keys(quote, *titles),
            "Jane Driver",
            kwargs.pop("method", "portal"),
            **kwargs,
        )

    def test_approving_two_of_three_jobs(self):
        """Two jobs approved: the order is confirmed with them, the third is a
        Proposed & Re-scheduled estimate, the authorization keeps who, how,
        from where, the version and each job."""
        quote = self._job_quote()
        authorization = self._authorize(
            quote, "Brakes", "Tyres", ip_address="203.0.113.5"
        )
        self.assertEqual(quote.state, "sale")
        self.assertEqual(quote.quote_state, "approved")
        self.assertEqual(quote.order_line.product_id, self.pads | self.tyre)
        self.assertEqual(quote.amount_untaxed, 300.0)
        self.assertEqual(quote.signed_by, "Jane Driver")
        proposal = authorization.proposal_id
        self.assertEqual(proposal.order_line.product_id, self.wiper)
        self.assertEqual(
            proposal.order_line.filtered("display_type").name,
            "Wipers",
            "the section moves too",
        )
        self.assertEqual(proposal.work_stage_id, self.stage_proposed)
        self.assertEqual(proposal.proposed_from_id, quote)
        self.assertEqual(proposal.work_asset_id, self.car)
        self.assertEqual(
            proposal.follow_up_date,
            fields.Date.context_today(quote) + relativedelta(months=1),
        )
        self.assertRecordValues(
            authorization,
            [
                {
                    "signed_by": "Jane Driver",
                    "method": "portal",
                    "ip_address": "203.0.113.5",
                    "version": 1,
                    "amount_approved": 300.0,
                    "amount_declined": 50.0,
                }
            ],
        )
        self.assertEqual(
            [(job.name, job.amount, job.approved) for job in authorization.job_ids],
            [("Brakes", 200.0, True), ("Tyres", 100.0, True), ("Wipers", 50.0, False)],
        )
        self.assertTrue(authorization.signature)
        self.assertIn("Declined: Wipers", "".join(quote.message_ids.mapped("body")))

    def test_authorizations_are_as_private_as_their_order(self):
        """Another salesman (own documents only) sees neither the
        authorization nor its jobs; one with all documents sees both."""
        quote = self._job_quote()
        authorization = self._authorize(quote, "Brakes")
        other = new_test_user(
            self.env, login="ws_other_salesman", groups="sales_team.group_sale_salesman"
        )
        Authorization = self.env["sale.order.authorization"]
        Job = self.env["sale.order.authorization.job"]
        self.assertFalse(
            Authorization.with_user(other).search([("id", "=", authorization.id)])
        )
        self.assertFalse(
            Job.with_user(other).search([("id", "in", authorization.job_ids.ids)])
        )
        with self.assertRaises(AccessError):
            authorization.with_user(other).read(["signature", "ip_address"])
        owner = quote.user_id
        self.assertEqual(
            Authorization.with_user(owner).search([("order_id", "=", quote.id)]),
            authorization,
        )
        other.groups_id |= self.env.ref("sales_team.group_sale_salesman_all_leads")
        self.assertEqual(
            Job.with_user(other).search([("authorization_id", "=", authorization.id)]),
            authorization.job_ids,
        )

    def test_approving_every_job_is_odoo_sign(self):
        """Every job approved: the order is signed and confirmed whole, no
        estimate of declined work."""
        quote = self._job_quote()
        authorization = self._authorize(quote, "Brakes", "Tyres", "Wipers")
        self.assertEqual(quote.state, "sale")
        self.assertEqual(len(quote.order_line.filtered("product_id")), 3)
        self.assertFalse(authorization.proposal_id)
        self.assertFalse(quote.proposed_order_ids)

    def test_payment_asked_waits_for_the_payment(self):
        """Where the quote asks for a payment and a provider can take it, the
        approved jobs are signed and wait for it, as Odoo's Sign & Pay does."""
        self.env.ref("payment.payment_provider_demo").write(
            {"state": "test", "company_id": self.env.company.id}
        )
        quote = self._job_quote()
        quote.write({"require_payment": True, "prepayment_percent": 1.0})
        authorization = self._authorize(quote, "Brakes")
        self.assertEqual(quote.state, "sent")
        self.assertTrue(quote._has_to_be_paid())
        self.assertEqual(quote.amount_untaxed, 200.0)
        self.assertEqual(authorization.amount_approved, 200.0)

    def test_payment_asked_without_a_provider_confirms(self):
        """Online payment asked but no provider enabled: no dead end ("No
        payment method available"), the approved jobs are confirmed."""
        self.env["payment.provider"].search([]).write({"state": "disabled"})
        quote = self._job_quote()
        quote.write({"require_payment": True, "prepayment_percent": 1.0})
        self._authorize(quote, "Brakes")
        self.assertEqual(quote.state, "sale")
        self.assertEqual(quote.amount_untaxed, 200.0)

    def test_refusals_store_nothing(self):
        """No job approved, no signature, no name, a job of another version,
        an older version, an expired, cancelled or replaced quote: refused
        with a sentence, and nothing is stored."""
        quote = self._job_quote()
        lines = quote.order_line
        refusals = [
            (lambda: self._authorize(quote), "at least one job"),
            (lambda: self._authorize(quote, "Brakes", signature=None), "Sign"),
            (
                lambda: quote._work_authorize(
                    self._keys(quote, "Brakes"), " ", "portal", signature=SIGNATURE_PNG
                ),
                "name",
            ),
            (
                lambda: quote._work_authorize(
                    [999999], "Jane", "portal", signature=SIGNATURE_PNG
                ),
                "changed",
            ),
            (lambda: self._authorize(quote, "Brakes", version=0), "changed"),
        ]
        for attempt, message in refusals:
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(UserError, message),
            ):
                attempt()
        quote._set_quote_state("expired")
        with self.assertRaisesRegex(UserError, "no longer open"):
            self._authorize(quote, "Brakes")
        quote._set_quote_state("submitted")
        revision = self.env["sale.order"].browse(quote.action_new_revision()["res_id"])
        with self.assertRaisesRegex(UserError, revision.name):
            self._authorize(quote, "Brakes")
        self.assertFalse(
            self.env["sale.order.authorization"].search([("order_id", "=", quote.id)])
        )
        self.assertEqual(quote.order_line, lines)
        self.assertFalse(quote.proposed_order_ids)
        self.assertFalse(quote.signature)

    def test_second_submit_is_refused(self):
        """The same version authorized twice: the second is refused, one
        authorization and one confirmation stay."""
        quote = self._job_quote()
        quote.write({"require_payment": True, "prepayment_percent": 1.0})
        self._authorize(quote, "Brakes", "Tyres")
        with self.assertRaisesRegex(UserError, "already authorized by Jane Driver"):
            self._authorize(quote, "Brakes", "Tyres")
        self.assertEqual(len(quote.authorization_ids), 1)
        self.assertEqual(len(quote.proposed_order_ids), 1)

    def test_staff_records_an_authorization_by_phone(self):
        """The shop records a phone authorization: same record, its method,
        note and the employee who entered it."""
        quote = self._job_quote()
        action = quote.with_user(self.salesman).action_open_authorization_record()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.salesman)
            .with_context(**action["context"])
        ) as wizard:
            self.assertEqual(wizard.signed_by, "Jane Driver")
            self.assertEqual(wizard.amount_approved, 350.0)
            with wizard.job_ids.edit(1) as job:
                job.approved = False
            wizard.note = "Called at 10:05, agreed to brakes and wipers."
        wizard.record.action_confirm()
        authorization = quote.authorization_ids
        self.assertRecordValues(
            authorization,
            [
                {
                    "method": "phone",
                    "user_id": self.salesman.id,
                    "amount_approved": 250.0,
                }
            ],
        )
        self.assertEqual(
            authorization.note, "Called at 10:05, agreed to brakes and wipers."
        )
        self.assertEqual(quote.state, "sale")
        self.assertEqual(authorization.proposal_id.order_line.product_id, self.tyre)

    def test_work_order_prints_the_last_authorization(self):
        """The work order PDF prints who authorized which jobs, and how."""
        quote = self._job_quote()
        self._authorize(quote, "Brakes", "Tyres")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "sale_work_stage.action_report_work_order", quote.ids
        )
        html = html.decode()
        self.assertIn("o_work_order_authorization", html)
        self.assertIn("Jane Driver", html)
        self.assertIn("Customer Portal", html)
        self.assertIn("Wipers", html, "the declined job is printed as declined")

    def test_shipped_stages_show_the_job_status(self):
        """Out of the box, the customer sees the job's status where it matters."""
        for xmlid, label in [
            ("sale_work_stage_appointment", "Booked"),
            ("sale_work_stage_work_in_progress", "Being worked on"),
            ("sale_work_stage_backorder", "Waiting for parts"),
            ("sale_work_stage_invoice_pending", "Finished and invoiced"),
            ("sale_work_stage_done", "Ready"),
        ]:
            stage = self.env.ref(f"sale_work_stage.{xmlid}")
            self.assertTrue(stage.portal_visible, xmlid)
            self.assertEqual(stage.portal_label, label)
        self.assertFalse(
            self.env.ref("sale_work_stage.sale_work_stage_estimate").portal_visible
        )

    def test_quote_without_sections_keeps_odoo_signature(self):
        """A quote without sections has no jobs: Odoo's own signature form."""
        quote = self._create_order({self.pads: 1})
        self.assertFalse(quote._work_has_jobs())
        self.assertTrue(self._job_quote()._work_has_jobs())


@tagged("post_install", "-at_install")
class TestJobAuthorizationPortal(JobQuoteMixin, WorkStageCommon, HttpCase):
    """The portal's JSON route and the customer's page, desktop and phone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_job_quote()

    def _post(self, quote, token, approved, **params):
        response = self.url_open(
            f"/my/orders/{quote.id}/authorize",
            data=json.dumps(
                {
                    "params": {
                        "access_token": token,
                        "name": "Jane Driver",
                        "signature": SIGNATURE_PNG,
                        "approved_jobs": approved,
                        "version": quote.issue_count,
                        **params,
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()["result"]

    def test_wrong_token_is_refused_and_nothing_stored(self):
        """A link whose token is wrong: a clear refusal, nothing stored."""
        quote = self._job_quote()
        result = self._post(quote, "wrong", self._keys(quote, "Brakes"))
        self.assertIn("not valid", result["error"])
        self.assertFalse(quote.authorization_ids)
        self.assertEqual(quote.state, "sent")

    def test_route_records_ip_and_text_link(self):
        """Through the route: the IP address of the request, and the text
        link's method when the customer came from a text."""
        quote = self._job_quote()
        result = self._post(
            quote, quote._portal_ensure_token(), self._keys(quote, "Brakes"), via="sms"
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertRecordValues(
            quote.authorization_ids, [{"method": "sms_link", "ip_address": "127.0.0.1"}]
        )
        again = self._post(
            quote, quote._portal_ensure_token(), self._keys(quote, "Brakes")
        )
        self.assertIn("already authorized", again["error"])
        self.assertEqual(len(quote.authorization_ids), 1)

    def test_portal_page_lists_the_authorizations(self):
        """The order's portal page shows its authorizations, job by job, and
        no signature form once the jobs are approved."""
        quote = self._job_quote()
        page = self.url_open(quote.get_portal_url()).text
        self.assertIn("sale_work_stage.job_authorization_form", page)
        quote._work_authorize(
            self._keys(quote, "Brakes"),
            "Jane Driver",
            "portal",
            signature=SIGNATURE_PNG,
        )
        page = self.url_open(quote.get_portal_url()).text
        self.assertIn("o_sale_work_authorization", page)
        self.assertIn("Tyres", page)
        self.assertNotIn("sale_work_stage.job_authorization_form", page)

    def _tour_at(self, size):
        quote = self._job_quote()
        self.browser_size = size
        self.start_tour(
            quote.get_portal_url(), "sale_work_stage_job_authorization_tour"
        )
        self.assertEqual(quote.state, "sale")
        self.assertEqual(quote.order_line.product_id, self.pads | self.tyre)
        authorization = quote.authorization_ids
        self.assertRecordValues(
            authorization,
            [
                {
                    "method": "portal",
                    "version": 1,
                    "ip_address": "127.0.0.1",
                    "amount_approved": 300.0,
                }
            ],
        )
        self.assertEqual(authorization.proposal_id.order_line.product_id, self.wiper)

    def test_tour_desktop(self):
        """At 1366 px: two of three jobs approved, signed, confirmed."""
        self._tour_at("1366x768")

    def test_tour_phone(self):
        """At 390 px, a phone: the same authorization."""
        self._tour_at("390x844")


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestJobAuthorizationRace(ParallelCase):
    """Two tabs submit the same form at the same instant."""

    def _prepare(self, env):
        """A submitted quote of two jobs (brakes, wipers), committed; the
        company's Proposed stage set for the test."""
        company = env.company
        stage = env["sale.work.stage"].create(
            {"name": "Proposed (race)", "sequence": 99}
        )
        self.created["previous_stage"] = company.work_stage_proposed_id.id
        company.work_stage_proposed_id = stage
        partner = env["res.partner"].create({"name": "Jane Driver"})
        products = env["product.product"].create(
            [
                {"name": "Race pads", "type": "service", "list_price": 200.0},
                {"name": "Race wipers", "type": "service", "list_price": 50.0},
            ]
        )
        quote = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"display_type": "line_section", "name": "Brakes"}),
                    Command.create({"product_id": products[0].id}),
                    Command.create({"display_type": "line_section", "name": "Wipers"}),
                    Command.create({"product_id": products[1].id}),
                ],
                "require_payment": False,
            }
        )
        quote.action_quotation_sent()
        self.created.update(
            quote=quote.id,
            keys=[job.key for job in quote._work_jobs() if job.title == "Brakes"],
            stage=stage.id,
            partner=partner.id,
            products=products.ids,
        )

    def _clean(self, env):
        quote = env["sale.order"].browse(self.created["quote"])
        orders = (quote | quote.proposed_order_ids).exists()
        orders._action_cancel()
        orders.unlink()
        env.company.work_stage_proposed_id = self.created["previous_stage"]
        env["sale.work.stage"].browse(self.created["stage"]).unlink()
        env["product.product"].browse(self.created["products"]).unlink()
        env["res.partner"].browse(self.created["partner"]).unlink()

    def test_two_simultaneous_submits_give_one_authorization(self):
        """Two committing transactions authorize the same version at once: one
        authorization, one confirmation, one estimate of declined work; the
        other is refused as already given."""
        self.created = {}
        self._committed(self._prepare)
        self.addCleanup(self._committed, self._clean)
        outcomes = []

        def submit(env):
            quote = env["sale.order"].browse(self.created["quote"])
            try:
                quote._work_authorize(
                    self.created["keys"],
                    "Jane Driver",
                    "portal",
                    signature=SIGNATURE_PNG,
                    version=1,
                )
                outcomes.append("authorized")
            except UserError as error:
                outcomes.append(str(error))

        self._in_parallel([submit, submit])
        self.assertEqual(outcomes.count("authorized"), 1, outcomes)
        refused = [outcome for outcome in outcomes if outcome != "authorized"]
        self.assertIn("already authorized", refused[0])
        quote = self.env["sale.order"].browse(self.created["quote"])
        self.assertEqual(len(quote.authorization_ids), 1)
        self.assertEqual(len(quote.proposed_order_ids), 1)
        self.assertEqual(quote.state, "sale")
