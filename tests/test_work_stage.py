# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from markupsafe import Markup

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestWorkStage(WorkStageCommon):
    def test_new_quotation_starts_in_first_stage(self):
        """A new quotation lands in the first active stage by sequence."""
        order = self._create_order()
        self.assertEqual(order.work_stage_id, self.stage_intake)

    def test_any_stage_at_creation(self):
        """Creation may put an order in any stage, transitions aside."""
        order = self._create_order(work_stage_id=self.stage_closed.id)
        self.assertEqual(order.work_stage_id, self.stage_closed)

    def test_sales_app_opens_on_quotations(self):
        """The Sales app opens on Odoo's Quotations for a salesman (the Work
        Pipeline's menu comes after Orders)."""
        menus = self.env["ir.ui.menu"].with_user(self.salesman).load_web_menus(False)
        sales = menus[self.env.ref("sale.sale_menu_root").id]
        self.assertEqual(
            sales["actionID"], self.env.ref("sale.action_quotations_with_onboarding").id
        )

    def test_first_stage_respects_company(self):
        """A company's own first stage wins over later shared stages."""
        other_company = self.env["res.company"].create({"name": "Other Garage"})
        own = self.env["sale.work.stage"].create(
            {"name": "Other intake", "sequence": 0, "company_id": other_company.id}
        )
        order = self._create_order_in(other_company)
        self.assertEqual(order.work_stage_id, own)
        self.assertEqual(self._create_order().work_stage_id, self.stage_intake)

    def test_allowed_move_as_salesman(self):
        """A salesman moves an order to an allowed next stage."""
        self.order.with_user(self.salesman).write(
            {"work_stage_id": self.stage_repair.id}
        )
        self.assertEqual(self.order.work_stage_id, self.stage_repair)

    def test_forbidden_move_names_order_and_stages(self):
        """A forbidden move raises, names the order and stages, changes nothing."""
        with self.assertRaises(UserError) as caught:
            self.order.with_user(self.salesman).write(
                {"work_stage_id": self.stage_closed.id, "note": "changed"}
            )
        message = str(caught.exception)
        self.assertIn(self.order.name, message)
        self.assertIn("Intake", message)
        self.assertIn("Closed", message)
        self.assertIn("Repair", message)
        self.order.invalidate_recordset()
        self.assertEqual(self.order.work_stage_id, self.stage_intake)
        self.assertNotEqual(str(self.order.note), "changed")

    def test_forbidden_move_refused_for_superuser(self):
        """Transitions hold for the administrator and sudo too."""
        with self.assertRaises(UserError):
            self.order.sudo().write({"work_stage_id": self.stage_pending.id})
        with self.assertRaises(UserError):
            self.order.with_user(self.env.ref("base.user_admin")).write(
                {"work_stage_id": self.stage_pending.id}
            )

    def test_mixed_batch_moves_nothing(self):
        """One forbidden order in a batch stops the whole write."""
        allowed = self._create_order()
        blocked = self._create_order(work_stage_id=self.stage_pending.id)
        with self.assertRaises(UserError):
            (allowed | blocked).write({"work_stage_id": self.stage_repair.id})
        self.assertEqual(allowed.work_stage_id, self.stage_intake)
        self.assertEqual(blocked.work_stage_id, self.stage_pending)

    def test_web_save_enforces_transitions(self):
        """The form's web_save goes through the same rule."""
        order = self.order.with_user(self.salesman)
        with self.assertRaises(UserError):
            order.web_save({"work_stage_id": self.stage_closed.id}, {})
        order.web_save({"work_stage_id": self.stage_repair.id}, {})
        self.assertEqual(self.order.work_stage_id, self.stage_repair)

    def test_form_enforces_transitions(self):
        """Saving a Form with a forbidden stage fails; an allowed one saves."""
        with (
            self.assertRaises(UserError),
            Form(self.order.with_user(self.salesman)) as form,
        ):
            form.work_stage_id = self.stage_closed
        with Form(self.order.with_user(self.salesman)) as form:
            form.work_stage_id = self.stage_repair
        self.assertEqual(self.order.work_stage_id, self.stage_repair)

    def test_import_enforces_transitions(self):
        """An import that moves an order to a forbidden stage is refused."""
        fields = [".id", "work_stage_id/.id"]
        result = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .load(fields, [[str(self.order.id), str(self.stage_closed.id)]])
        )
        self.assertFalse(result["ids"])
        self.assertTrue(any(m["type"] == "error" for m in result["messages"]))
        self.assertEqual(self.order.work_stage_id, self.stage_intake)
        result = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .load(fields, [[str(self.order.id), str(self.stage_repair.id)]])
        )
        self.assertEqual(result["ids"], [self.order.id])
        self.assertEqual(self.order.work_stage_id, self.stage_repair)

    def test_empty_next_stages_allow_any(self):
        """A stage without next stages lets orders go anywhere."""
        self.stage_closed.next_stage_ids = False
        order = self._create_order(work_stage_id=self.stage_closed.id)
        order.write({"work_stage_id": self.stage_intake.id})
        self.assertEqual(order.work_stage_id, self.stage_intake)

    def test_special_stages_reachable_by_automations_only(self):
        """The company's back order and print-target stages are reachable
        from any stage by the addon's automations; a person's move follows
        the allowed next stages like any other, and they are not offered."""
        self.env.company.write(
            {
                "work_stage_backorder_id": self.stage_backorder.id,
                "work_stage_print_target_id": self.stage_closed.id,
            }
        )
        for stage in (self.stage_backorder, self.stage_closed):
            with self.assertRaisesRegex(UserError, "cannot move to"):
                self.order.with_user(self.salesman).write({"work_stage_id": stage.id})
            self.assertNotIn(
                stage, self.stage_intake._allowed_next_stages(self.env.company)
            )
        self.assertEqual(self.order.work_stage_id, self.stage_intake)
        self.order._write_as_automation({"work_stage_id": self.stage_backorder.id})
        self.assertEqual(self.order.work_stage_id, self.stage_backorder)

    def test_approved_orders_only_stage(self):
        """A stage for approved orders only refuses an estimate, for people
        and automations alike, sends it no text, and takes it once confirmed."""
        template = self.env["sms.template"].create(
            {
                "name": "Finished",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "body": "Your work is finished.",
            }
        )
        self.stage_repair.write(
            {
                "approved_orders_only": True,
                "send_sms": True,
                "sms_template_id": template.id,
            }
        )
        self.customer.mobile = "+32470123456"
        # The stage bar does not offer it to the estimate, then does.
        self.order.invalidate_recordset(["allowed_work_stage_ids"])
        self.assertNotIn(self.stage_repair, self.order.allowed_work_stage_ids)
        with self.assertRaisesRegex(UserError, "approved orders only"):
            self.order.with_user(self.salesman).write(
                {"work_stage_id": self.stage_repair.id}
            )
        with self.assertRaisesRegex(UserError, "approved orders only"):
            self.order._write_as_automation({"work_stage_id": self.stage_repair.id})
        self.assertEqual(self.order.work_stage_id, self.stage_intake)
        # Send SMS on an estimate offers no "finished" text.
        action = self.order.action_send_sms()
        self.assertFalse(action["context"]["default_template_id"])
        self.order.action_confirm()
        self.assertIn(self.stage_repair, self.order.allowed_work_stage_ids)
        before = self.env["sms.sms"].search([]).ids
        self.order.with_user(self.salesman).write(
            {"work_stage_id": self.stage_repair.id}
        )
        self.assertEqual(self.order.work_stage_id, self.stage_repair)
        texts = self.env["sms.sms"].search([("id", "not in", before)])
        self.assertEqual(texts.mapped("body"), ["Your work is finished."])
        self.assertEqual(
            self.order.action_send_sms()["context"]["default_template_id"],
            template.id,
        )

    def test_clearing_stage_refused(self):
        """An order cannot be left without a stage."""
        with self.assertRaises(UserError):
            self.order.write({"work_stage_id": False})

    def test_other_company_stage_refused(self):
        """An order cannot take a stage of another company."""
        other_company = self.env["res.company"].create({"name": "Other Garage"})
        foreign = self.env["sale.work.stage"].create(
            {"name": "Foreign", "company_id": other_company.id}
        )
        self.stage_intake.next_stage_ids |= foreign
        # Odoo's own company check (check_company=True) refuses it.
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.order.write({"work_stage_id": foreign.id})
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self._create_order(work_stage_id=foreign.id)

    def test_stage_record_rule_multi_company(self):
        """Users see shared stages and their companies' stages only."""
        other_company = self.env["res.company"].create({"name": "Other Garage"})
        foreign = self.env["sale.work.stage"].create(
            {"name": "Foreign", "company_id": other_company.id}
        )
        own = self.env["sale.work.stage"].create(
            {"name": "Own", "company_id": self.env.company.id}
        )
        visible = self.env["sale.work.stage"].with_user(self.salesman).search([])
        self.assertIn(own, visible)
        self.assertIn(self.stage_intake, visible)
        self.assertNotIn(foreign, visible)

    def test_tracking_records_who_when_from_to(self):
        """A move is tracked in the chatter with author, old and new stage."""
        self._commit_tracking()
        self.order.with_user(self.salesman).write(
            {"work_stage_id": self.stage_repair.id}
        )
        self._commit_tracking()
        tracking = self.order.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "work_stage_id"
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_integer, self.stage_intake.id)
        self.assertEqual(tracking.new_value_integer, self.stage_repair.id)
        self.assertEqual(tracking.mail_message_id.author_id, self.salesman.partner_id)
        self.assertTrue(tracking.create_date)

    def test_duration_tracking_per_stage(self):
        """The order knows the time spent in each stage it went through."""
        self._commit_tracking()
        self.order.write({"work_stage_id": self.stage_repair.id})
        self._commit_tracking()
        self.order.invalidate_recordset(["duration_tracking"])
        durations = self.order.duration_tracking
        self.assertIn(str(self.stage_intake.id), durations)
        self.assertIn(str(self.stage_repair.id), durations)

    def test_document_title_follows_stage(self):
        """The document title comes from the stage, else from the state."""
        self.assertEqual(self.order.document_title, "Estimate")
        self.order.work_stage_id = self.stage_repair
        self.assertEqual(self.order.document_title, "Work Order")

    def test_warn_existing_with_company_contact(self):
        """A contact's quotation warns about its company's open estimates."""
        company = self.env["res.partner"].create(
            {"name": "Fleet Owner", "is_company": True}
        )
        contact = self.env["res.partner"].create(
            {"name": "Fleet Driver", "parent_id": company.id}
        )
        existing = self._create_order(partner=company)
        not_warning = self._create_order(
            partner=company, work_stage_id=self.stage_pending.id
        )
        new_order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .new({"partner_id": contact.id})
        )
        self.assertEqual(new_order.warn_existing_order_ids._origin, existing)
        self.assertNotIn(not_warning, new_order.warn_existing_order_ids._origin)
        warning = new_order._onchange_partner_id_warn_existing_orders()["warning"]
        self.assertIn(existing.name, warning["message"])
        self.assertIn("Fleet Owner", warning["message"])
        self.assertEqual(existing.warn_existing_order_ids, self.env["sale.order"])
        second = self._create_order(partner=contact)
        self.assertEqual(existing.warn_existing_order_ids, second)

    def test_no_warning_without_existing_estimates(self):
        """A customer without open estimates triggers no warning."""
        lonely = self.env["res.partner"].create({"name": "New Customer"})
        new_order = self.env["sale.order"].new({"partner_id": lonely.id})
        self.assertFalse(new_order._onchange_partner_id_warn_existing_orders())

    def test_stage_access_rights(self):
        """Salesmen read stages; only managers create, edit and delete them."""
        as_salesman = self.env["sale.work.stage"].with_user(self.salesman)
        self.assertTrue(as_salesman.search([]))
        with self.assertRaises(AccessError):
            as_salesman.create({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.stage_intake.with_user(self.salesman).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.stage_closed.with_user(self.salesman).unlink()
        as_manager = self.env["sale.work.stage"].with_user(self.sales_manager)
        stage = as_manager.create({"name": "Manager's stage"})
        stage.write({"fold": True})
        stage.unlink()
        self.assertTrue(
            self.salesman.has_group("sale_work_stage.group_work_stage_user")
        )
        self.assertFalse(
            self.salesman.has_group("sale_work_stage.group_work_stage_manager")
        )
        self.assertTrue(
            self.sales_manager.has_group("sale_work_stage.group_work_stage_manager")
        )

    def test_portal_user_cannot_read_stages(self):
        """Portal users have no access to the stage configuration."""
        portal = new_test_user(self.env, login="ws_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["sale.work.stage"].with_user(portal).search([])

    def test_used_stage_cannot_be_deleted(self):
        """Deleting a stage that holds orders says to archive it instead."""
        with self.assertRaises(UserError) as caught:
            self.stage_intake.with_user(self.sales_manager).unlink()
        self.assertIn("Archive", str(caught.exception))
        unused = self.env["sale.work.stage"].create({"name": "Unused"})
        unused.with_user(self.sales_manager).unlink()
        self.assertFalse(unused.exists())

    def test_cycle_and_self_reference_are_harmless(self):
        """Cycles and self references in next stages break nothing."""
        self.stage_intake.next_stage_ids = self.stage_intake | self.stage_repair
        self.stage_repair.next_stage_ids = self.stage_intake
        allowed = self.stage_intake._allowed_next_stages(self.env.company)
        self.assertEqual(allowed, self.stage_repair)
        self.order.write({"work_stage_id": self.stage_repair.id})
        self.order.write({"work_stage_id": self.stage_intake.id})
        self.order.write({"work_stage_id": self.stage_intake.id})
        self.assertEqual(self.order.work_stage_id, self.stage_intake)

    def test_html_stage_name_stays_plain_text(self):
        """HTML in a stage name is kept as text, never rendered as markup."""
        name = "<b onmouseover=alert(1)>Intake</b>"
        self.stage_intake.name = name
        with self.assertRaises(UserError) as caught:
            self.order.write({"work_stage_id": self.stage_closed.id})
        self.assertNotIsInstance(caught.exception.args[0], Markup)
        self.assertIn(name, caught.exception.args[0])

    def test_kanban_groups_show_empty_stages(self):
        """Grouping by stage lists empty active stages, with totals."""
        groups = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .read_group(
                [("id", "=", self.order.id)],
                ["amount_total:sum"],
                ["work_stage_id"],
            )
        )
        stage_ids = [g["work_stage_id"][0] for g in groups]
        self.assertIn(self.stage_closed.id, stage_ids)
        intake = next(
            g for g in groups if g["work_stage_id"][0] == self.stage_intake.id
        )
        self.assertEqual(intake["work_stage_id_count"], 1)
        self.assertAlmostEqual(intake["amount_total"], self.order.amount_total)

    def test_post_init_hook_assigns_stage(self):
        """Orders without a stage get their company's first stage."""
        from ..hooks import post_init_hook

        self.env.cr.execute(
            "UPDATE sale_order SET work_stage_id = NULL WHERE id = %s", [self.order.id]
        )
        post_init_hook(self.env)
        self.assertEqual(self.order.work_stage_id, self.stage_intake)

    def test_install_places_existing_orders_by_their_facts(self):
        """At install each existing order lands where it is, by the stages'
        flags: quotes and cancelled ones in the first stage, booked work
        left to deliver in the booking stage, delivered work in the stage
        for approved orders until invoiced, then in the folded finished
        stage; placing texts, holds and tracks nothing."""
        from ..hooks import post_init_hook

        self.stage_repair.reserve_stock = True
        self.stage_pending.approved_orders_only = True
        self.stage_closed.approved_orders_only = True
        part = self._create_storable("Oil filter", list_price=12.0)
        self._add_stock(part, 10)

        def order(state):
            return self._make_kind(self._create_order({part: 1}), state)

        kinds = ("draft", "sent", "cancel", "to_deliver", "delivered", "invoiced")
        orders = {kind: order(kind) for kind in kinds}
        self.assertEqual(orders["invoiced"].invoice_status, "invoiced")
        self.assertEqual(orders["delivered"].delivery_status, "full")
        ids = tuple(o.id for o in orders.values())
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET work_stage_id = NULL WHERE id IN %s", [ids]
        )
        counts = (
            self.env["sms.sms"].search_count([]),
            self.env["stock.move"].search_count([]),
            self.env["mail.tracking.value"].search_count([]),
        )
        post_init_hook(self.env)
        self.env.invalidate_all()
        expected = {
            "draft": self.stage_intake,
            "sent": self.stage_intake,
            "cancel": self.stage_intake,
            "to_deliver": self.stage_repair,
            "delivered": self.stage_pending,
            "invoiced": self.stage_closed,
        }
        for kind, record in orders.items():
            self.assertEqual(record.work_stage_id, expected[kind], kind)
        self.assertEqual(
            counts,
            (
                self.env["sms.sms"].search_count([]),
                self.env["stock.move"].search_count([]),
                self.env["mail.tracking.value"].search_count([]),
            ),
        )
