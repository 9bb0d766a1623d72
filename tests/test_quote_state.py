# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import hashlib
import io
import re
from datetime import date

from freezegun import freeze_time
from PyPDF2 import PdfReader

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, tagged

from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestQuoteState(WorkStageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.part = cls._create_storable("Brake pads", list_price=40.0)
        cls.labour = cls.env["product.product"].create(
            {"name": "Workshop labour", "type": "service", "list_price": 60.0}
        )
        cls._add_stock(cls.part, 10)
        # What the quotes of these tests hold.
        cls.pads_and_labour = {cls.part: 2, cls.labour: 1}

    def _versions(self, quote):
        """The attachments of ``quote``, oldest first."""
        return self.env["ir.attachment"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", quote.id)],
            order="id",
        )

    # statuses ---------------------------------------------------------------

    def test_new_quote_is_in_progress_and_free(self):
        """A new quote is In Progress and can be edited."""
        quote = self._create_order(self.pads_and_labour)
        self.assertEqual(quote.quote_state, "in_progress")
        self.assertFalse(quote.quote_locked)
        quote.write({"note": "Changed", "quote_to": "Elsewhere"})
        quote.order_line[0].product_uom_qty = 3

    def test_mark_as_submitted_issues_a_version(self):
        """Mark as submitted locks the quote and stores version 1 with its hash."""
        quote = self._create_order(self.pads_and_labour)
        quote.with_user(self.salesman).action_quotation_sent()
        self.assertEqual(quote.quote_state, "submitted")
        self.assertTrue(quote.quote_locked)
        self.assertEqual(quote.issue_count, 1)
        version = self._versions(quote)
        self.assertEqual(version.name, f"{quote.name}-v1.pdf")
        self.assertEqual(
            version.description, "SHA-256 " + hashlib.sha256(version.raw).hexdigest()
        )

    def test_email_with_pdf_issues_the_pdf_sent(self):
        """Sending by email keeps the PDF that was attached, as version N."""
        quote = self._create_order(self.pads_and_labour)
        sent_pdf = b"%PDF-1.4 the quote as the customer got it"
        for expected_version in (1, 2):
            attachment = self.env["ir.attachment"].create(
                {"name": "quote.pdf", "raw": sent_pdf, "mimetype": "application/pdf"}
            )
            quote.with_context(mark_so_as_sent=True).message_post(
                body="Your quote", attachment_ids=[attachment.id]
            )
            self.assertEqual(quote.issue_count, expected_version)
            # Stored once: the email's own attachment is the issued version.
            self.assertEqual(attachment.name, f"{quote.name}-v{expected_version}.pdf")
        self.assertEqual(quote.quote_state, "submitted")
        versions = self._versions(quote).filtered(lambda a: "-v" in a.name)
        self.assertEqual(
            versions.mapped("name"), [f"{quote.name}-v1.pdf", f"{quote.name}-v2.pdf"]
        )
        self.assertEqual(versions[0].raw, sent_pdf)

    def test_printing_does_not_bump_the_version(self):
        """Printing for internal use leaves the version counter alone."""
        quote = self._create_order(self.pads_and_labour)
        quote.action_quotation_sent()
        self.env["ir.actions.report"]._render_qweb_pdf(
            "sale.action_report_saleorder", quote.ids
        )
        quote.action_print_work_order()
        self.assertEqual(quote.issue_count, 1)

    def test_confirm_approves_and_locks_with_odoo_lock(self):
        """Confirmation approves the quote and locks it with Odoo's own lock:
        products, quantities and prices refused as Odoo refuses them, the
        discount and a down payment as free as in Odoo; no new revision."""
        quote = self._create_order(self.pads_and_labour)
        quote.action_confirm()
        self.assertEqual(quote.quote_state, "approved")
        self.assertTrue(quote.locked)
        self.assertTrue(quote.work_approval_locked)
        self.assertTrue(quote.date_order)
        line = quote.order_line.filtered("product_id")[0]
        with self.assertRaisesRegex(UserError, "forbidden to modify"):
            line.product_uom_qty = 5
        with self.assertRaisesRegex(UserError, "forbidden to modify"):
            line.price_unit = 1
        line.discount = 10
        self.assertEqual(line.discount, 10)
        self._invoice_down_payment(quote, 20)
        self.assertTrue(quote.order_line.filtered("is_downpayment"))
        with self.assertRaises(UserError):
            quote.action_new_revision()

    def test_lock_lifted_as_in_odoo(self):
        """A sales manager's Unlock lifts the lock as in Odoo, in the chatter."""
        quote = self._create_order(self.pads_and_labour)
        quote.action_confirm()
        self.env.flush_all()
        self.env.cr.precommit.run()
        quote.action_unlock()
        self.assertFalse(quote.locked)
        self.assertFalse(quote.work_approval_locked)
        self.assertEqual(quote.quote_state, "approved")
        quote.order_line.filtered("product_id")[0].product_uom_qty = 5
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertIn(
            "locked",
            quote.message_ids.tracking_value_ids.field_id.mapped("name"),
        )

    def test_approval_lock_off_leaves_odoo_behaviour(self):
        """With the company's Approval Locks Orders off, a confirmed order is
        not locked (Odoo's Lock Confirmed Sales off too), and its lines change
        as in Odoo; the Cancel button keeps Odoo's rule."""
        self.env.company.work_approval_lock = False
        quote = self._create_order(self.pads_and_labour)
        quote.action_confirm()
        self.assertEqual(quote.quote_state, "approved")
        self.assertFalse(quote.locked)
        line = quote.order_line.filtered("product_id")[0]
        line.product_uom_qty = 5
        self.assertEqual(line.product_uom_qty, 5)
        quote.action_lock()
        self.assertFalse(quote.work_approval_locked)
        with self.assertRaisesRegex(UserError, "locked order"):
            quote.with_context(disable_cancel_warning=True).action_cancel()

    def test_cancel_button_works_on_an_approved_order(self):
        """The Cancel button, which Odoo refuses on locked orders, cancels it."""
        quote = self._create_order(self.pads_and_labour)
        quote.action_confirm()
        quote.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(quote.state, "cancel")
        self.assertEqual(quote.quote_state, "cancelled")

    def test_cancel_unlocks_an_approved_quote(self):
        """Cancelling the order unlocks an approved quote; it can be revised."""
        quote = self._create_order(self.pads_and_labour)
        quote.action_confirm()
        quote._action_cancel()
        self.assertEqual(quote.state, "cancel")
        self.assertEqual(quote.quote_state, "cancelled")
        self.assertFalse(quote.locked)
        with self.assertRaisesRegex(UserError, "New Revision"):
            quote.action_draft()
        action = quote.action_new_revision()
        self.assertEqual(quote.next_revision_id.id, action["res_id"])

    # locks ------------------------------------------------------------------

    def test_locked_quote_refuses_every_protected_change(self):
        """A submitted quote refuses changes of header and lines."""
        quote = self._create_order(self.pads_and_labour)
        quote.action_quotation_sent()
        other = self.env["res.partner"].create({"name": "Someone else"})
        line = quote.order_line[0]
        attempts = [
            lambda: quote.write({"partner_id": other.id}),
            lambda: quote.write({"partner_invoice_id": other.id}),
            lambda: quote.write({"partner_shipping_id": other.id}),
            lambda: quote.write({"quote_to": "Elsewhere"}),
            lambda: quote.write({"quote_date": "2030-01-01"}),
            lambda: quote.write({"validity_date": "2030-01-01"}),
            lambda: quote.write({"note": "Other terms"}),
            lambda: quote.write(
                {"pricelist_id": self.env["product.pricelist"].create({"name": "B"}).id}
            ),
            lambda: quote.write(
                {"order_line": [Command.create({"product_id": self.labour.id})]}
            ),
            lambda: quote.write({"order_line": [Command.delete(line.id)]}),
            lambda: line.write({"product_uom_qty": 5}),
            lambda: line.write({"price_unit": 1}),
            lambda: line.write({"discount": 10}),
            lambda: line.write({"product_id": self.labour.id}),
            lambda: line.write({"tax_id": [Command.clear()]}),
        ]
        for attempt in attempts:
            with self.assertRaisesRegex(UserError, "New Revision"):
                attempt()
        self.assertEqual(line.product_uom_qty, 2)
        self.assertEqual(quote.partner_id, self.customer)

    def test_locked_quote_allows_notes_chatter_tags_and_stage(self):
        """Internal note, chatter, activities, tags and stage moves still work."""
        quote = self._create_order(self.pads_and_labour)
        quote.action_quotation_sent()
        quote = quote.with_user(self.salesman)
        quote.write({"internal_note": "Customer will call back"})
        quote.message_post(body="Called the customer")
        quote.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.salesman.id
        )
        tag = self.env["crm.tag"].create({"name": "Fleet"})
        quote.write({"tag_ids": [Command.link(tag.id)]})
        quote.write({"work_stage_id": self.stage_repair.id})
        self.assertEqual(quote.work_stage_id, self.stage_repair)
        self.assertEqual(quote.internal_note, "Customer will call back")

    def test_approved_order_allows_odoo_flows(self):
        """Delivery of extra products, down payments, invoicing and payments work."""
        quote = self._create_order(self.pads_and_labour)
        quote.action_confirm()
        # Delivery with an extra product adds a line.
        extra = self._create_storable("Wiper", list_price=9.0)
        picking = quote.picking_ids
        self.env["stock.move"].create(
            {
                "name": extra.name,
                "product_id": extra.id,
                "product_uom_qty": 1,
                "quantity": 1,
                "product_uom": extra.uom_id.id,
                "picking_id": picking.id,
                "location_id": picking.location_id.id,
                "location_dest_id": picking.location_dest_id.id,
            }
        )
        picking.move_ids.filtered(lambda m: m.product_id == self.part).quantity = 2
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertIn(extra, quote.order_line.product_id)
        self.assertEqual(
            quote.order_line.filtered(
                lambda l: l.product_id == self.part
            ).qty_delivered,
            2,
        )
        # Down payment invoice adds lines.
        down_payment = self._invoice_down_payment(quote, 10)
        self.assertTrue(quote.order_line.filtered("is_downpayment"))
        down_payment.action_post()
        # Final invoice and payment.
        final = quote._create_invoices(final=True)
        final.action_post()
        self._pay(final)
        self.assertIn(final.payment_state, ("paid", "in_payment"))
        self.assertEqual(
            quote.order_line.filtered(lambda l: l.product_id == self.part).qty_invoiced,
            2,
        )
        self.assertEqual(quote.quote_state, "approved")

    def test_approved_order_lines_read_only_on_the_form(self):
        """On the form, a salesman finds the lines of an order locked by its
        approval read-only, as on any order Odoo locked; unlocked, editable."""
        quote = self._create_order(self.pads_and_labour)
        quote.action_confirm()
        with self.assertRaisesRegex(AssertionError, "not editable"):
            Form(quote.with_user(self.salesman)).order_line.new()
        quote.action_unlock()
        with (
            Form(quote.with_user(self.salesman)) as form,
            form.order_line.new() as line,
        ):
            line.product_id = self.labour
        self.assertIn(self.labour, quote.order_line.product_id)

    # revisions --------------------------------------------------------------

    def test_revision_from_submitted(self):
        """A revision keeps the number, bumps the revision and amends the old one."""
        self.env.company.quotation_validity_days = 30
        quote = self._create_order(self.pads_and_labour)
        quote.action_quotation_sent()
        action = quote.with_user(self.salesman).action_new_revision()
        revision = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(revision.quote_number, quote.quote_number)
        self.assertEqual(revision.revision_number, 1)
        self.assertEqual(revision.name, f"{quote.quote_number}-R1")
        self.assertEqual(revision.revision_of_id, quote)
        self.assertEqual(revision.quote_state, "in_progress")
        self.assertEqual(len(revision.order_line), 2)
        self.assertEqual(
            revision.validity_date,
            revision.quote_date + (date(2000, 1, 31) - date(2000, 1, 1)),
        )
        self.assertEqual(quote.quote_state, "amended")
        self.assertEqual(quote.next_revision_id, revision)
        self.assertEqual(quote.revision_count, 2)
        with self.assertRaises(UserError):
            quote.action_new_revision()
        revision.order_line[0].product_uom_qty = 3

    def test_revision_from_expired_renews(self):
        """An expired quote is renewed by a revision."""
        quote = self._create_order(self.pads_and_labour, validity_date="2026-01-10")
        with freeze_time("2026-02-01"):
            self.env["sale.order"]._cron_expire_quotes()
        self.assertEqual(quote.quote_state, "expired")
        revision = self.env["sale.order"].browse(quote.action_new_revision()["res_id"])
        self.assertEqual(revision.quote_state, "in_progress")

    def test_only_latest_revision_can_be_submitted_or_confirmed(self):
        """An amended revision can be neither submitted nor confirmed."""
        quote = self._create_order(self.pads_and_labour)
        quote.action_new_revision()
        with self.assertRaisesRegex(UserError, "newer revision"):
            quote.action_confirm()
        with self.assertRaisesRegex(UserError, "newer revision"):
            quote.with_context(mark_so_as_sent=True).message_post(body="Quote")

    def test_revision_chatter_lists_changes(self):
        """Issuing a revision logs what changed against the previous one."""
        quote = self._create_order(self.pads_and_labour)
        revision = self.env["sale.order"].browse(quote.action_new_revision()["res_id"])
        revision.order_line.filtered(
            lambda l: l.product_id == self.part
        ).product_uom_qty = 3
        revision.order_line.filtered(lambda l: l.product_id == self.labour).unlink()
        revision.action_quotation_sent()
        body = str(
            revision.message_ids.filtered(
                lambda m: "Changes against" in str(m.body)
            ).body
        )
        self.assertIn("Brake pads", body)
        self.assertIn("Removed Workshop labour", body)
        self.assertIn(quote.name, body)

    def test_revision_sent_by_email_is_one_version(self):
        """Emailing a revision records one version and one change log."""
        quote = self._create_order(self.pads_and_labour)
        revision = self.env["sale.order"].browse(quote.action_new_revision()["res_id"])
        revision.with_context(mark_so_as_sent=True).message_post(body="Your quote")
        self.assertEqual(revision.issue_count, 1)
        logs = revision.message_ids.filtered(lambda m: "against" in str(m.body))
        self.assertEqual(len(logs), 1)

    def test_revisions_keep_their_attachments(self):
        """Each revision keeps the versions issued from it."""
        quote = self._create_order(self.pads_and_labour)
        quote.action_quotation_sent()
        revision = self.env["sale.order"].browse(quote.action_new_revision()["res_id"])
        revision.action_quotation_sent()
        self.assertEqual(self._versions(quote).mapped("name"), [f"{quote.name}-v1.pdf"])
        self.assertIn(
            f"{revision.name}-v1.pdf", self._versions(revision).mapped("name")
        )

    # expiry -----------------------------------------------------------------

    def test_cron_expires_only_open_quotes_past_expiry(self):
        """The daily action expires open quotes past expiry, not approved ones."""
        past = self._create_order(self.pads_and_labour, validity_date="2026-03-01")
        submitted = self._create_order(self.pads_and_labour, validity_date="2026-03-01")
        submitted.action_quotation_sent()
        future = self._create_order(self.pads_and_labour, validity_date="2026-06-01")
        approved = self._create_order(self.pads_and_labour, validity_date="2026-03-01")
        approved.action_confirm()
        with freeze_time("2026-03-02"):
            self.env.ref(
                "sale_work_stage.ir_cron_expire_quotes"
            ).method_direct_trigger()
        self.assertEqual(past.quote_state, "expired")
        self.assertEqual(submitted.quote_state, "expired")
        self.assertEqual(future.quote_state, "in_progress")
        self.assertEqual(approved.quote_state, "approved")
        with self.assertRaises(UserError):
            past.write({"note": "late change"})

    # documents ----------------------------------------------------------------

    def test_quotation_document_content(self):
        """The PDF shows title, number, revision, dates, Quote To; never the note."""
        self.stage_intake.document_title = "Estimate"
        quote = self._create_order(
            self.pads_and_labour,
            quote_to="Garage Customer\nRue de la Loi 12",
            internal_note="Secret margin remark",
        )
        html = self._render_html("sale.action_report_saleorder", quote)
        self.assertIn("Estimate", html)
        self.assertIn(quote.quote_number, html)
        self.assertIn("Quote To", html)
        self.assertIn("Rue de la Loi 12", html)
        self.assertNotIn("Secret margin remark", html)
        revision = self.env["sale.order"].browse(quote.action_new_revision()["res_id"])
        html = self._render_html("sale.action_report_saleorder", revision)
        self.assertIn("Revision", html)

    def test_print_work_order_moves_stage_and_renders(self):
        """Printing a work order moves move-on-print orders to the print target."""
        self.stage_repair.move_on_print = True
        self.env.company.work_stage_print_target_id = self.stage_pending
        quote = self._create_order(
            self.pads_and_labour, internal_note="Check the rear discs too"
        )
        quote.work_stage_id = self.stage_repair
        other = self._create_order(self.pads_and_labour)
        action = (quote | other).action_print_work_order()
        self.assertEqual(action["report_name"], "sale_work_stage.report_work_order")
        self.assertEqual(quote.work_stage_id, self.stage_pending)
        self.assertEqual(other.work_stage_id, self.stage_intake)
        html = self._render_html("sale_work_stage.action_report_work_order", quote)
        self.assertIn("Brake pads", html)
        self.assertIn("Workshop labour", html)
        self.assertIn("Check the rear discs too", html)
        self.assertIn("Garage Customer", html)

    def test_work_order_carries_vehicle_concern_jobs_and_signatures(self):
        """The work order shows the vehicle (plate, VIN, odometer in, a box
        for the odometer out), what the customer came in for, each job with
        its parts (reference, else name) and labour, the technician and the
        lines to sign."""
        car = self.env["sale.work.asset"].create(
            {
                "name": "Peugeot 208",
                "reference": "1-ABC-123",
                "vin": "VF3ABCDEF12345678",
                "partner_id": self.customer.id,
            }
        )
        quote = self._create_order(
            self.pads_and_labour,
            work_asset_id=car.id,
            intake_counter=84250,
            customer_concern="Squeaking when braking",
            technician_id=self.salesman.id,
        )
        quote.order_line[0].sequence = 2
        quote.order_line[1].sequence = 3
        self.env["sale.order.line"].create(
            {
                "order_id": quote.id,
                "display_type": "line_section",
                "name": "Front brakes",
                "sequence": 1,
            }
        )
        self.part.default_code = False
        html = self._render_html("sale_work_stage.action_report_work_order", quote)
        for text in (
            "1-ABC-123",
            "VF3ABCDEF12345678",
            "84250",
            "Odometer out",
            "Squeaking when braking",
            "Front brakes",
            self.salesman.name,
            "Technician, date and signature",
            "Customer, date and signature",
        ):
            self.assertIn(text, html)
        part_cell = re.search(
            r"o_work_order_parts.*?<tbody>\s*<tr>\s*<td>\s*<span>([^<]*)</span>",
            html,
            re.DOTALL,
        )
        self.assertEqual(part_cell.group(1).strip(), "Brake pads")


@tagged("post_install", "-at_install")
class TestQuotePdf(WorkStageCommon, HttpCase):
    """A real PDF, through wkhtmltopdf, in the registry's test mode."""

    def test_real_pdf_through_wkhtmltopdf(self):
        """A real PDF is produced and its text holds the quote number."""
        self.env.company.external_report_layout_id = self.env.ref(
            "web.external_layout_standard"
        )
        # Without the server's web fonts (drawn as shapes by wkhtmltopdf), the
        # PDF keeps its text as text, to be read back.
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        part = self.env["product.product"].create(
            {"name": "Brake pads", "list_price": 40.0}
        )
        quote = self._create_order({part: 2})
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sale.action_report_saleorder", quote.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        )
        self.assertIn(quote.quote_number, text)
        self.assertIn("Brake pads", text)
