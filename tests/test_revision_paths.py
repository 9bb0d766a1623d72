# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import importlib.util
import re
from datetime import timedelta
from pathlib import Path

from odoo import fields
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import WorkStageCommon, portal_accept

ADDON = Path(__file__).resolve().parent.parent


def load_migration(version, name):
    """A migration script of the addon, as a module."""
    path = ADDON / "migrations" / version / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"sws_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class RevisionPathsCommon(WorkStageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Brake inspection", "type": "service", "list_price": 80.0}
        )
        cls.portal_user = new_test_user(
            cls.env, login="ws_portal", groups="base.group_portal"
        )
        cls.portal_user.partner_id.parent_id = cls.customer

    def _quote(self, **values):
        """A quotation of one service line."""
        return self._create_order({self.service: 1}, **values)

    def _amended_pair(self):
        """A submitted quote replaced by its revision: (amended, latest)."""
        quote = self._quote(require_signature=True, require_payment=True)
        quote.action_quotation_sent()
        quote.action_new_revision()
        return quote, quote.next_revision_id


@tagged("post_install", "-at_install")
class TestRevisionPaths(RevisionPathsCommon):
    # Amended revisions are reference only ------------------------------------

    def test_amended_revision_cannot_be_signed_or_paid(self):
        """Odoo's own portal rules say no signature and no payment."""
        amended, latest = self._amended_pair()
        self.assertFalse(amended._has_to_be_signed())
        self.assertFalse(amended._has_to_be_paid())
        self.assertTrue(latest._has_to_be_signed())
        self.assertTrue(latest._has_to_be_paid())

    def test_amended_revision_does_not_warn(self):
        """A replaced revision is not one of the customer's other estimates."""
        self.stage_intake.warn_existing = True
        amended, latest = self._amended_pair()
        new_quote = self._quote()
        self.assertIn(latest, new_quote.warn_existing_order_ids)
        self.assertNotIn(amended, new_quote.warn_existing_order_ids)

    def test_work_pipeline_leaves_amended_out_by_default(self):
        """The Work Pipeline opens with the Current Revisions filter on."""
        amended, latest = self._amended_pair()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_work_stage.sale_order_action_work_pipeline"
        )
        self.assertIn("'search_default_quote_current_revisions': 1", action["context"])
        search = self.env["sale.order"].get_views([(False, "search")])["views"]
        arch = search["search"]["arch"]
        found = re.search(r'<filter[^>]*name="quote_current_revisions"[^>]*>', arch)
        self.assertTrue(found)
        current = self.env["sale.order"].search(
            [("quote_state", "!=", "amended"), ("id", "in", (amended | latest).ids)]
        )
        self.assertEqual(current, latest)
        groups = self.env["sale.order"].read_group(
            [("quote_state", "!=", "amended"), ("id", "in", (amended | latest).ids)],
            ["amount_total:sum"],
            ["work_stage_id"],
        )
        self.assertEqual(sum(g["work_stage_id_count"] for g in groups), 1)

    # sale_management ------------------------------------------------------

    def test_quotation_template_validity_as_in_odoo(self):
        """A template's validity days set the expiry, as Odoo does."""
        self.assertIn(
            "sale_order_template_id",
            self.env["sale.order"]._fields,
            "the test command installs sale_management",
        )
        template = self.env["sale.order.template"].create(
            {"name": "Brake job", "number_of_days": 7}
        )
        quote = self._quote(sale_order_template_id=template.id)
        self.assertEqual(
            quote.validity_date, fields.Date.context_today(quote) + timedelta(days=7)
        )
        plain = self._quote(quote_date=fields.Date.today() - timedelta(days=3))
        days = self.env.company.quotation_validity_days
        self.assertEqual(plain.validity_date, plain.quote_date + timedelta(days=days))

    def test_locked_quote_not_editable_on_portal(self):
        """A submitted quote cannot be edited on the portal; In Progress can."""
        quote = self._quote()
        self.assertTrue(quote._can_be_edited_on_portal())
        quote.action_quotation_sent()
        self.assertFalse(quote._can_be_edited_on_portal())

    # Cancel -----------------------------------------------------------------

    def test_closing_the_cancel_wizard_keeps_the_order_locked(self):
        """Odoo's cancel wizard opened and closed: still Approved and locked."""
        quote = self._quote()
        quote.action_confirm()
        action = quote.action_cancel()
        self.assertEqual(action["res_model"], "sale.order.cancel")
        self.assertTrue(quote.locked)
        self.assertTrue(quote.work_approval_locked)
        self.assertEqual(quote.quote_state, "approved")
        self.assertEqual(quote.state, "sale")
        wizard = (
            self.env["sale.order.cancel"]
            .with_context(**action["context"])
            .create({"order_id": quote.id})
        )
        wizard.action_cancel()
        self.assertEqual(quote.state, "cancel")
        self.assertFalse(quote.locked)
        self.assertEqual(quote.quote_state, "cancelled")

    # Issued versions -----------------------------------------------------------

    def _printed_version(self, content):
        found = re.search(rb'o_quote_version">\s*\(v\s*(\d+)\s*\)', content)
        return int(found.group(1)) if found else None

    def test_issued_pdf_carries_its_stored_version(self):
        """Marked as submitted, then issued again: -vN prints version N."""
        quote = self._quote()
        quote.action_quotation_sent()
        quote.with_context(mark_so_as_sent=True).message_post(body="Again")
        for version in (1, 2):
            stored = self.env["ir.attachment"].search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", quote.id),
                    ("name", "=", f"{quote.name}-v{version}.pdf"),
                ]
            )
            self.assertEqual(len(stored), 1)
            self.assertEqual(self._printed_version(stored.raw), version)

    def test_quote_sent_by_email_is_stored_once(self):
        """Sent by email: one PDF stored, the email's, printed with its N."""
        quote = self._quote()
        composer_action = quote.action_quotation_send()
        composer = Form(
            self.env["mail.compose.message"].with_context(**composer_action["context"])
        ).save()
        composer.action_send_mail()
        pdfs = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", quote.id),
                ("mimetype", "=", "application/pdf"),
            ]
        )
        self.assertEqual(pdfs.mapped("name"), [f"{quote.name}-v1.pdf"])
        self.assertEqual(quote.issue_count, 1)
        self.assertEqual(self._printed_version(pdfs.raw), 1)

    # Print menu -------------------------------------------------------------------

    def test_print_menu_moves_like_the_button(self):
        """Printing the work order from the Print menu moves the order on."""
        self.stage_repair.move_on_print = True
        self.env.company.work_stage_print_target_id = self.stage_pending
        quote = self._quote()
        quote.work_stage_id = self.stage_repair
        report = self.env.ref("sale_work_stage.action_report_work_order")
        self.assertEqual(report.binding_model_id.model, "sale.order")
        self.env["ir.actions.report"]._render_qweb_pdf(report, quote.ids)
        self.assertEqual(quote.work_stage_id, self.stage_pending)

    def test_printing_an_estimate_does_not_move_it_to_an_approved_stage(self):
        """The work order of an estimate is printed too: when the print
        target takes approved orders only, the estimate stays where it is,
        and the print works; once confirmed, printing moves it on."""
        self.stage_repair.move_on_print = True
        self.stage_pending.approved_orders_only = True
        self.env.company.work_stage_print_target_id = self.stage_pending
        quote = self._quote()
        quote.work_stage_id = self.stage_repair
        quote.action_print_work_order()
        self.assertEqual(quote.work_stage_id, self.stage_repair)
        quote.action_confirm()
        quote.action_print_work_order()
        self.assertEqual(quote.work_stage_id, self.stage_pending)

    # Shipped data ------------------------------------------------------------------

    def test_shipped_texts_are_clean(self):
        """Default stage names and SMS bodies carry no XML indentation."""
        stage = self.env.ref("sale_work_stage.sale_work_stage_proposed")
        self.assertEqual(stage.name, "Proposed & Re-scheduled")
        for xmlid in (
            "sale_work_stage.sms_template_work_finished",
            "sale_work_stage.sms_template_appointment_reminder",
            "sale_work_stage.sms_template_quote_expiring",
        ):
            body = self.env.ref(xmlid).body
            self.assertEqual(body, body.strip())
            self.assertNotIn("\n", body)
            self.assertNotIn("  ", body)

    def test_upgrade_cleans_unedited_copies_only(self):
        """The migration cleans copies as shipped, not copies someone edited."""
        stage = self.env.ref("sale_work_stage.sale_work_stage_proposed")
        stage.name = "\n            Proposed & Re-scheduled\n        "
        edited = self.env.ref("sale_work_stage.sms_template_work_finished")
        edited.body = "Our own text, kept as typed.  Really."
        shipped = self.env.ref("sale_work_stage.sms_template_quote_expiring")
        shipped.body = (
            "\n            Hello {{ object.name }}\n            bye\n        "
        )
        load_migration("18.0.1.1.0", "post-migration").migrate(
            self.env.cr, "18.0.1.0.0"
        )
        self.env.invalidate_all()
        self.assertEqual(stage.name, "Proposed & Re-scheduled")
        self.assertEqual(edited.body, "Our own text, kept as typed.  Really.")
        self.assertEqual(shipped.body, "Hello {{ object.name }} bye")


@tagged("post_install", "-at_install")
class TestRevisionPortal(RevisionPathsCommon, HttpCase):
    """The customer's side, through Odoo's own portal routes."""

    def test_signing_an_amended_revision_is_refused(self):
        """The accept route refuses it and stores no signature."""
        amended, _latest = self._amended_pair()
        self.authenticate(None, None)
        self.assertIn("error", portal_accept(self, amended, "Garage Customer"))
        amended.invalidate_recordset()
        self.assertFalse(amended.signature)
        self.assertFalse(amended.signed_by)
        self.assertEqual(amended.state, "sent")

    def test_amended_portal_page_points_to_the_latest(self):
        """Its portal page says it was replaced and links to the latest."""
        amended, latest = self._amended_pair()
        self.authenticate(None, None)
        response = self.url_open(amended.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn("replaced by a newer revision", response.text)
        latest.invalidate_recordset()
        self.assertIn(f"/my/orders/{latest.id}?access_token=", response.text)
        self.assertIn(latest.access_token, response.text)

    def test_amended_revision_not_among_portal_quotations(self):
        """The customer's quotation list (/my/quotes) shows the latest only."""
        amended, latest = self._amended_pair()
        latest.action_quotation_sent()
        (amended | latest).message_subscribe(
            partner_ids=self.portal_user.partner_id.ids
        )
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open("/my/quotes")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/orders/{latest.id}?", response.text)
        self.assertNotIn(f"/my/orders/{amended.id}?", response.text)
