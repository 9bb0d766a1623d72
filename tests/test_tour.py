# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import demo_role_users, reset_stages


@tagged("post_install", "-at_install")
class TestPipelineTour(HttpCase):
    def test_pipeline_tour(self):
        """Drag to an allowed column, see a forbidden one refused, run the wizard."""
        reset_stages(self.env)
        intake, repair, pending, closed = self.env["sale.work.stage"].create(
            [
                {"name": "Tour Intake", "sequence": 1},
                {"name": "Tour Repair", "sequence": 2},
                {"name": "Tour Pending", "sequence": 3},
                {"name": "Tour Closed", "sequence": 4},
            ]
        )
        intake.next_stage_ids = repair
        repair.next_stage_ids = pending
        pending.next_stage_ids = closed
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        order = self.env["sale.order"].create({"partner_id": customer.id})
        self.assertEqual(order.work_stage_id, intake)
        self.start_tour(
            "/odoo/action-sale_work_stage.sale_order_action_work_pipeline",
            "sale_work_stage_pipeline_tour",
            login="admin",
        )
        self.assertEqual(order.work_stage_id, pending)

    def test_quote_tour(self):
        """Issue a quote, make a revision and print its work order."""
        reset_stages(self.env)
        intake, pending = self.env["sale.work.stage"].create(
            [
                {"name": "Tour Intake", "sequence": 1, "move_on_print": True},
                {"name": "Tour Pending", "sequence": 2},
            ]
        )
        self.env.company.write(
            {
                "work_stage_print_target_id": pending.id,
                "external_report_layout_id": self.env.ref(
                    "web.external_layout_standard"
                ).id,
            }
        )
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        service = self.env["product.product"].create(
            {"name": "Tour labour", "type": "service", "list_price": 50}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": service.id})],
            }
        )
        self.assertEqual(order.work_stage_id, intake)
        self.start_tour(
            f"/odoo/action-sale_work_stage.sale_order_action_work_pipeline/{order.id}",
            "sale_work_stage_quote_tour",
            login="admin",
        )
        self.assertEqual(order.quote_state, "amended")
        revision = order.next_revision_id
        self.assertEqual(revision.quote_state, "in_progress")
        self.assertEqual(revision.work_stage_id, pending)

    def test_reschedule_tour(self):
        """Split an estimate: the declined line becomes a proposal, opened."""
        proposed = self.env["sale.work.stage"].create({"name": "Tour Proposed"})
        self.env.company.work_stage_proposed_id = proposed
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        brakes, tyres = self.env["product.product"].create(
            [
                {"name": "Tour brakes", "list_price": 80},
                {"name": "Tour tyres", "list_price": 90},
            ]
        )
        estimate = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": brakes.id}),
                    Command.create({"product_id": tyres.id}),
                ],
            }
        )
        self.start_tour(
            f"/odoo/action-sale_work_stage.sale_order_action_work_pipeline/{estimate.id}",
            "sale_work_stage_reschedule_tour",
            login="admin",
        )
        proposal = estimate.proposed_order_ids
        self.assertEqual(proposal.order_line.product_id, tyres)
        self.assertEqual(proposal.work_stage_id, proposed)
        self.assertEqual(estimate.order_line.product_id, brakes)

    def test_sales_pipeline_tour(self):
        """Confirm a customer's receipt from the Sales Pipeline; filter Items."""
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        stock = warehouse.lot_stock_id
        supplier = self.env.ref("stock.stock_location_suppliers")
        part, gearbox, bolt = self.env["product.product"].create(
            [
                {"name": "Tour Part", "is_storable": True},
                {"name": "Tour Gearbox", "is_storable": True},
                {"name": "Tour Bolt", "is_storable": True},
            ]
        )
        self.env["stock.quant"]._update_available_quantity(part, stock, 5)
        shipped = self.env["sale.order"].create(
            {
                "partner_id": self.env["res.partner"]
                .create({"name": "Pipeline Tour Customer"})
                .id,
                "warehouse_id": warehouse.id,
                "order_line": [Command.create({"product_id": part.id})],
            }
        )
        shipped.action_confirm()
        shipped.picking_ids.move_ids.quantity = 1
        shipped.picking_ids.move_ids.picked = True
        shipped.picking_ids.button_validate()
        self.assertEqual(shipped.pipeline_status, "shipped")
        now = fields.Datetime.now()
        late = self.env["sale.order"].create(
            {
                "partner_id": self.env["res.partner"]
                .create({"name": "Late Tour Customer"})
                .id,
                "commitment_date": now + timedelta(days=3),
                "warehouse_id": warehouse.id,
                "order_line": [
                    Command.create({"product_id": gearbox.id}),
                    Command.create({"product_id": bolt.id}),
                ],
            }
        )
        late.action_confirm()
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "location_id": supplier.id,
                "location_dest_id": stock.id,
                "scheduled_date": now + timedelta(days=5),
                "move_ids": [
                    Command.create(
                        {
                            "name": gearbox.name,
                            "product_id": gearbox.id,
                            "product_uom_qty": 1,
                            "product_uom": gearbox.uom_id.id,
                            "location_id": supplier.id,
                            "location_dest_id": stock.id,
                            "date": now + timedelta(days=5),
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        self.assertEqual(late.booking_alert, "delayed")
        self.start_tour(
            "/odoo/action-sale_work_stage.sale_order_action_sales_pipeline",
            "sale_work_stage_sales_pipeline_tour",
            login="admin",
        )
        self.assertEqual(shipped.pipeline_status, "delivered")
        self.start_tour(
            "/odoo/action-sale_work_stage.sale_order_line_action_items",
            "sale_work_stage_items_tour",
            login="admin",
        )

    def test_form_tour(self):
        """At 1366, 1600 and 1920 px the header shows the stage and its next stages,
        its buttons on one row (also for a submitted quote); a click on a next
        stage moves the order."""
        reset_stages(self.env)
        intake, repair, waiting, closed = self.env["sale.work.stage"].create(
            [
                {"name": "Form Intake", "sequence": 1},
                {"name": "Form Repair", "sequence": 2},
                {"name": "Form Waiting Parts", "sequence": 3},
                {"name": "Form Closed", "sequence": 4},
            ]
        )
        intake.next_stage_ids = repair | waiting
        repair.next_stage_ids = closed
        waiting.next_stage_ids = repair
        customer = self.env["res.partner"].create({"name": "Form Tour Customer"})
        van = self.env["sale.work.asset"].create(
            {"name": "Form Van", "partner_id": customer.id}
        )
        # A submitted quote has the most header buttons (Confirm, Send by
        # Email, Preview, Cancel, New Revision).
        for size, submitted in (
            ("1366x768", False),
            ("1600x900", False),
            ("1920x1080", False),
            ("1366x768", True),
            ("1600x900", True),
        ):
            with self.subTest(size=size, submitted=submitted):
                order = self.env["sale.order"].create(
                    {"partner_id": customer.id, "work_asset_id": van.id}
                )
                if submitted:
                    order.action_quotation_sent()
                    self.assertEqual(order.quote_state, "submitted")
                self.assertEqual(order.work_stage_id, intake)
                self.browser_size = size
                self.start_tour(
                    f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}",
                    "sale_work_stage_form_tour",
                    login="admin",
                )
                self.assertEqual(order.work_stage_id, repair)

    def test_header_on_one_row_with_the_shipped_stages(self):
        """With the shipped stages' names, the header of a quote in progress,
        a submitted quote and an approved order fits on one row at 1366,
        1600 and 1920 px, the chatter where Odoo puts it (below, then beside
        the form from 1534 px)."""
        customer = self.env["res.partner"].create({"name": "Header Tour Customer"})
        product = self.env["product.product"].create(
            {"name": "Header tour labour", "type": "service", "list_price": 50}
        )
        estimate = self.env.ref("sale_work_stage.sale_work_stage_estimate")

        def order_in(state):
            order = self.env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "work_stage_id": estimate.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            if state in ("submitted", "approved"):
                order.action_quotation_sent()
            if state == "approved":
                order.action_confirm()
                order.work_stage_id = self.env.ref(
                    "sale_work_stage.sale_work_stage_work_in_progress"
                )
            return order

        orders = {
            state: order_in(state) for state in ("in_progress", "submitted", "approved")
        }
        for size in ("1366x768", "1600x900", "1920x1080"):
            for state, order in orders.items():
                with self.subTest(size=size, state=state):
                    self.browser_size = size
                    self.start_tour(
                        f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}",
                        "sale_work_stage_header_tour",
                        login="admin",
                    )

    def test_pipeline_counts_tour(self):
        """Each Work Pipeline column counts and sums what read_group gives;
        cards show the vehicle, the number and the parts-short and late badges."""
        reset_stages(self.env)
        intake, repair, empty = self.env["sale.work.stage"].create(
            [
                {"name": "Count Intake", "sequence": 1},
                {"name": "Count Repair", "sequence": 2},
                {"name": "Count Empty", "sequence": 3},
            ]
        )
        foreign = self.env.ref("base.EUR")
        if foreign == self.env.company.currency_id:
            foreign = self.env.ref("base.CHF")
        foreign.active = True
        foreign.rate_ids.unlink()
        self.env["res.currency.rate"].create(
            {"name": "2020-01-01", "rate": 2.0, "currency_id": foreign.id}
        )
        foreign_prices = self.env["product.pricelist"].create(
            {"name": "Count Foreign", "currency_id": foreign.id}
        )
        labour = self.env["product.product"].create(
            {"name": "Count Labour", "type": "service", "list_price": 100}
        )
        Partner = self.env["res.partner"]
        plain, short, late = Partner.create(
            [
                {"name": "Count Customer"},
                {"name": "Count Short Customer"},
                {"name": "Count Late Customer"},
            ]
        )
        van = self.env["sale.work.asset"].create(
            {"name": "Count Van", "partner_id": short.id}
        )

        def order(partner, **values):
            return self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": labour.id,
                                "price_unit": 100,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                    **values,
                }
            )

        order(plain)
        order(plain)
        late_order = order(
            late, commitment_date=fields.Datetime.now() - timedelta(days=2)
        )
        late_order.action_confirm()
        moved = order(short, work_asset_id=van.id) | order(
            plain, pricelist_id=foreign_prices.id
        )
        moved.work_stage_id = repair
        moved[0].backorder_return_stage_id = intake
        groups = self.env["sale.order"].read_group(
            [("work_stage_id.fold", "=", False), ("quote_state", "!=", "amended")],
            ["amount_total_company:sum"],
            ["work_stage_id"],
        )
        columns = {
            group["work_stage_id"][0]: (
                group["work_stage_id_count"],
                group["amount_total_company"],
            )
            for group in groups
            if group["work_stage_id"]
        }
        self.assertEqual(columns[intake.id], (3, 300))
        # 100 in the company currency and 100 foreign at 2 for 1.
        self.assertEqual(columns[repair.id], (2, 150))
        self.assertEqual(columns.get(empty.id, (0, 0))[0], 0)
        self.assertEqual(late_order.work_stage_id, intake)
        self.start_tour(
            "/odoo/action-sale_work_stage.sale_order_action_work_pipeline",
            "sale_work_stage_pipeline_counts_tour",
            login="admin",
        )

    def test_service_writer_first_screens_in_quebec_french(self):
        """The service writer's first screens of the day in Québec French:
        the addon's terms and Odoo's own (languages are loaded with the
        installed modules' translations), at 1600 px."""
        self.env["res.lang"]._activate_lang("fr_CA")
        self.env["ir.module.module"]._load_module_terms(
            ["base", "web", "mail", "sale", "sale_management", "sale_work_stage"],
            ["fr_CA"],
        )
        writer = self.env.ref(
            "sale_work_stage.res_users_service_writer_quebec_demo",
            raise_if_not_found=False,
        ) or new_test_user(
            self.env,
            login="comptoir",
            password="comptoir",
            lang="fr_CA",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )
        self.assertEqual(writer.lang, "fr_CA")
        writer.action_id = self.env.ref(
            "sale_work_stage.sale_order_action_work_pipeline"
        ).id
        if "tour_enabled" in writer._fields:
            writer.tour_enabled = False
        self.browser_size = "1600x900"
        self.start_tour(
            "/odoo", "sale_work_stage_quebec_first_screens_tour", login=writer.login
        )

    def test_service_writer_day_tour(self):
        """The demo's day at the counter. The service writer at 1600 px, from
        the screen the day opens on: a walk-in customer (phone and email) and
        the car made from a new estimate, a brakes job and a labour job,
        saved with its quote number and sent. The customer, on a 390 px
        phone, from the link: approves the brakes, declines the labour, signs.
        The service writer confirms the order (the deposit paid at the
        counter), books it and takes it into work from the stage bar, its
        delivery's parts reserved."""
        writer = demo_role_users(self.env).filtered(lambda u: u.login == "frontdesk")
        # The demo's parts and labour, made alike where the demo is not loaded;
        # the shop asks for a deposit before the work, as Odoo's demo does.
        products = self.env["product.product"]
        for name, values in (
            ("Brake pads (front set)", {"is_storable": True, "list_price": 45.0}),
            ("Workshop labour (hour)", {"type": "service", "list_price": 65.0}),
        ):
            products |= products.search([("name", "=", name)], limit=1) or (
                products.create({"name": name, **values})
            )
        self.env["stock.quant"]._update_available_quantity(
            products[0], self.env.ref("stock.warehouse0").lot_stock_id, 10
        )
        self.env.company.portal_confirmation_pay = True
        # The demo's work in progress moves on when its work order is printed.
        self.env.ref(
            "sale_work_stage.sale_work_stage_work_in_progress"
        ).move_on_print = True
        # The demo opens the service writer's day on the Work Pipeline.
        if not writer.action_id:
            pipeline = self.env.ref("sale_work_stage.sale_order_action_work_pipeline")
            writer.action_id = pipeline.id
        self.browser_size = "1600x900"
        self.start_tour(
            "/odoo", "sale_work_stage_service_writer_tour", login="frontdesk"
        )
        order = self.env["sale.order"].search(
            [("partner_id.name", "=", "Walk-in Driver")]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.user_id, writer)
        self.assertEqual(order.work_asset_id.name, "Walk-in Civic")
        self.assertEqual(order.work_asset_id.partner_id, order.partner_id)
        self.assertEqual(
            sorted(order.order_line.product_id.mapped("name")),
            ["Brake pads (front set)", "Workshop labour (hour)"],
        )
        self.assertEqual(
            order.order_line.filtered("display_type").mapped("name"),
            ["Brakes", "Labour"],
        )
        self.assertTrue(order.quote_number)
        self.assertEqual(
            order.work_stage_id,
            self.env.ref("sale_work_stage.sale_work_stage_estimate"),
        )
        self.assertEqual(order.partner_id.email, "walk-in.driver@example.com")
        self.assertTrue(order.partner_id.phone)
        self.assertEqual((order.state, order.quote_state), ("sent", "submitted"))

        # The customer, on a phone, from the link of the estimate sent.
        self.browser_size = "390x844"
        self.start_tour(order.get_portal_url(), "sale_work_stage_walk_in_customer_tour")
        self.assertEqual(order.authorization_ids.signed_by, "Walk-in Driver")
        # The brakes go ahead, the deposit still to pay (the demo company
        # asks for one); the labour declined waits as proposed work.
        self.assertEqual((order.state, order.require_payment), ("sent", True))
        self.assertTrue(order.signed_on)
        self.assertEqual(
            order.order_line.product_id.mapped("name"), ["Brake pads (front set)"]
        )
        proposed = self.env["sale.order"].search([("proposed_from_id", "=", order.id)])
        self.assertEqual(
            proposed.order_line.product_id.mapped("name"), ["Workshop labour (hour)"]
        )

        def at_the_counter(tour):
            """A tour of the service writer on the order, at 1600 px."""
            self.browser_size = "1600x900"
            self.start_tour(f"/odoo/work-pipeline/{order.id}", tour, login="frontdesk")

        # Back at the counter: the customer pays at drop-off, the order is
        # confirmed, booked, then taken into work.
        at_the_counter("sale_work_stage_booked_work_tour")
        self.assertEqual(
            order.work_stage_id,
            self.env.ref("sale_work_stage.sale_work_stage_work_in_progress"),
        )
        # A confirmed order's parts are its delivery's, reserved by Odoo.
        self.assertEqual(order.picking_ids.mapped("state"), ["assigned"])

        # In work, more work found: a supplement, sent; authorized by the
        # customer on the phone.
        at_the_counter("sale_work_stage_supplement_tour")
        supplement = order.supplement_ids
        self.assertEqual(len(supplement), 1)
        self.assertEqual(supplement.quote_state, "submitted")
        self.browser_size = "390x844"
        self.start_tour(
            supplement.get_portal_url(), "sale_work_stage_supplement_customer_tour"
        )
        self.assertEqual(supplement.state, "sale")

        # Done: the work order printed moves the order on, the parts leave
        # with the delivery, the order is invoiced and paid at the counter.
        at_the_counter("sale_work_stage_finished_work_tour")
        self.assertEqual(
            order.work_stage_id,
            self.env.ref("sale_work_stage.sale_work_stage_invoice_pending"),
        )
        self.assertEqual(order.picking_ids.mapped("state"), ["done"])
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertIn(invoice.payment_state, ("in_payment", "paid"))
