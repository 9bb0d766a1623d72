# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import io

from PyPDF2 import PdfReader

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestFrench(WorkStageCommon):
    """A French (fr_FR) and a Québec (fr_CA) user, and customers, get the
    addon in their French: fr.po, then fr_CA.po where Québec says it its way."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fr_FR", "fr_CA"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["sale_work_stage"], ["fr_FR", "fr_CA"], overwrite=True
        )
        cls.user_fr = cls._french_user("ws_fr", "fr_FR")
        cls.user_ca = cls._french_user("ws_ca", "fr_CA")
        cls.customer_fr = cls.env["res.partner"].create(
            {"name": "Client de Lyon", "lang": "fr_FR", "mobile": "+33 6 12 34 56 78"}
        )
        cls.customer_ca = cls.env["res.partner"].create(
            {"name": "Client de Québec", "lang": "fr_CA", "mobile": "+1 418 555 0101"}
        )

    @classmethod
    def _french_user(cls, login, lang):
        return new_test_user(
            cls.env,
            login=login,
            lang=lang,
            groups="sales_team.group_sale_salesman_all_leads,stock.group_stock_user",
        )

    @staticmethod
    def _as(user, records):
        """As the user's web client calls: their language in the context."""
        return records.with_user(user).with_context(lang=user.lang)

    def test_stage_model_labels(self):
        for user, stage_label, sms_label in (
            (self.user_fr, "Étape de travail", "Envoyer un SMS"),
            (self.user_ca, "Étape de travail", "Envoyer un texto"),
        ):
            Stage = self._as(user, self.env["sale.work.stage"])
            self.assertEqual(Stage._description, "Work Stage")
            fields = Stage.fields_get(["name", "send_sms", "reserve_stock"])
            self.assertEqual(fields["send_sms"]["string"], sms_label, user.lang)
            self.assertEqual(
                self._as(user, self.env["ir.model"])._get("sale.work.stage").name,
                stage_label,
            )
            self.assertEqual(fields["reserve_stock"]["string"], "Réserver les pièces")

    def test_default_stage_name_and_document_title(self):
        estimate = self.env.ref("sale_work_stage.sale_work_stage_estimate")
        done = self.env.ref("sale_work_stage.sale_work_stage_done")
        for user, estimate_name, done_title in (
            (self.user_fr, "Devis", "Ordre de réparation"),
            (self.user_ca, "Estimation", "Bon de travail"),
        ):
            self.assertEqual(self._as(user, estimate).name, estimate_name)
            self.assertEqual(self._as(user, estimate).document_title, estimate_name)
            self.assertEqual(self._as(user, done).document_title, done_title)

    def test_user_error_in_the_user_language(self):
        """A refused stage move tells the user why, in their French."""
        order = self._create_order(work_stage_id=self.stage_intake.id)
        for user in (self.user_fr, self.user_ca):
            with self.assertRaises(UserError) as caught:
                self._as(user, order).work_stage_id = self.stage_closed
            self.assertIn("ne peut pas passer", str(caught.exception), user.lang)
            self.assertIn("Étapes suivantes autorisées", str(caught.exception))

    def _work_order_pdf_text(self, user, partner):
        """The text of the work order PDF that ``user`` prints for an order
        of ``partner`` (wkhtmltopdf, read back)."""
        # Without the server's web fonts (drawn as shapes by wkhtmltopdf), the
        # PDF keeps its text as text, to be read back.
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        order = self._create_order(partner=partner, work_stage_id=self.stage_repair.id)
        pdf, _kind = (
            self._as(user, self.env["ir.actions.report"])
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sale_work_stage.report_work_order", order.ids)
        )
        return " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        )

    def test_work_order_pdf_in_the_customer_language(self):
        """Each user prints for a customer of their language: the headings
        are theirs; for an English customer, English."""
        text_fr = self._work_order_pdf_text(self.user_fr, self.customer_fr)
        self.assertIn("Ordre de réparation", text_fr)
        self.assertIn("Étape :", text_fr)
        self.assertIn("Vendeur", text_fr)
        self.assertNotIn("Work Order", text_fr)
        text_ca = self._work_order_pdf_text(self.user_ca, self.customer_ca)
        self.assertIn("Bon de travail", text_ca)
        self.assertIn("Étape :", text_ca)
        self.assertNotIn("Ordre de réparation", text_ca)
        text_en = self._work_order_pdf_text(self.user_fr, self.customer)
        self.assertIn("Work Order", text_en)
        self.assertIn("Stage:", text_en)

    def test_quotation_title_in_the_customer_language(self):
        """Odoo's quotation PDF, titled by the stage: the customer's words."""
        order = self._create_order(partner=self.customer_ca)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "sale.report_saleorder", order.ids
        )
        self.assertIn("Estimation", html.decode())

    def test_sms_in_the_customer_language(self):
        template = self.env.ref("sale_work_stage.sms_template_work_finished")
        for partner, greeting in (
            (self.customer_fr, "Bonjour Client de Lyon"),
            (self.customer_ca, "Bonjour Client de Québec"),
        ):
            order = self._create_order(partner=partner)
            self.assertTrue(order._sms_queue_template(template))
            sms = self.env["sms.sms"].search(
                [("mail_message_id", "in", order.message_ids.ids)]
            )
            self.assertTrue(sms.body.startswith(greeting), sms.body)
