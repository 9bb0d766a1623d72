# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import SIGNATURE_PNG, WorkStageCommon


class SupplementMixin:
    @classmethod
    def _setup_supplements(cls):
        cls.customer.write(
            {
                "mobile": "+32 470 12 34 56",
                "country_id": cls.env.ref("base.be").id,
                "email": "jane@example.com",
            }
        )
        cls.env.company.write({"sms_quiet_start": 0, "sms_quiet_end": 0})
        cls.car = cls.env["sale.work.asset"].create(
            {
                "name": "Peugeot 208",
                "reference": "1-ABC-123",
                "partner_id": cls.customer.id,
            }
        )
        cls.part = cls._create_storable("Brake disc", list_price=120.0)
        cls._add_stock(cls.part, 10)
        cls.labour = cls.env["product.product"].create(
            {
                "name": "Labour",
                "type": "service",
                "list_price": 60.0,
                "invoice_policy": "order",
            }
        )

    def _approved_order(self):
        order = self._create_order({self.labour: 1}, work_asset_id=self.car.id)
        order.action_confirm()
        return order

    def _supplement(self, order):
        action = order.with_user(self.salesman).action_new_supplement()
        supplement = self.env["sale.order"].browse(action["res_id"])
        supplement.write(
            {
                "order_line": [
                    fields.Command.create(
                        {"product_id": self.part.id, "product_uom_qty": 1}
                    )
                ]
            }
        )
        return supplement


@tagged("post_install", "-at_install")
class TestSupplement(SupplementMixin, WorkStageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_supplements()

    def test_supplement_is_a_linked_quote_of_its_own(self):
        """A supplement is a new quote of the same customer and vehicle, with
        its own number, linked to the approved order, which stays approved."""
        order = self._approved_order()
        supplement = self._supplement(order)
        self.assertEqual(supplement.supplement_of_id, order)
        self.assertEqual(supplement.partner_id, order.partner_id)
        self.assertEqual(supplement.work_asset_id, self.car)
        self.assertTrue(supplement.quote_number)
        self.assertNotEqual(supplement.quote_number, order.quote_number)
        self.assertEqual(supplement.state, "draft")
        self.assertEqual(order.quote_state, "approved")
        self.assertTrue(order.locked)
        self.assertEqual(order.supplement_count, 1)
        self.assertTrue(order.supplement_waiting)

    def test_authorized_supplement_follows_its_order(self):
        """Once authorized, a supplement leaves the Work Pipeline as it opens
        (its order's card shows it) and is never an "existing estimate"."""
        self.stage_intake.warn_existing = True
        order = self._approved_order()
        supplement = self._supplement(order)
        arch = self.env["sale.order"].get_views(
            [(self.env.ref("sale.view_sales_order_filter").id, "search")]
        )["views"]["search"]["arch"]
        self.assertIn('name="work_without_authorized_supplements"', arch)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_work_stage.sale_order_action_work_pipeline"
        )
        self.assertIn(
            "search_default_work_without_authorized_supplements", action["context"]
        )
        pipeline = [
            "|",
            ("supplement_of_id", "=", False),
            ("state", "in", ("draft", "sent")),
        ]
        self.assertIn(supplement, self.env["sale.order"].search(pipeline))
        supplement.action_confirm()
        self.assertNotIn(supplement, self.env["sale.order"].search(pipeline))
        self.assertIn(order, self.env["sale.order"].search(pipeline))
        quote = self._create_order({self.labour: 1}, work_asset_id=self.car.id)
        self.assertNotIn(supplement, quote.warn_existing_order_ids)

    def test_send_supplement_is_the_primary_button(self):
        """On a supplement waiting to be sent, Send Supplement is the header's
        primary button, and Odoo's primary Send by Email steps aside."""
        arch = self.env["sale.order"].get_views(
            [(self.env.ref("sale.view_order_form").id, "form")]
        )["views"]["form"]["arch"]
        self.assertRegex(
            arch,
            r'<button name="action_send_supplement" type="object" '
            r'string="Send Supplement" class="btn-primary"',
        )
        self.assertRegex(
            arch, r'id="send_by_email_primary"[^>]*invisible="[^"]*supplement_of_id'
        )

    def test_only_an_approved_order_gets_a_supplement(self):
        """On a quote, the work is added to the quote itself."""
        quote = self._create_order({self.labour: 1})
        with self.assertRaisesRegex(UserError, "not an approved order"):
            quote.action_new_supplement()

    def test_no_supplement_of_a_cancelled_order(self):
        """A cancelled order gets no supplement: refused, nothing created,
        the order unchanged."""
        order = self._approved_order()
        order._action_cancel()
        orders_before = self.env["sale.order"].search_count([])
        with self.assertRaisesRegex(UserError, "not an approved order"):
            order.with_user(self.salesman).action_new_supplement()
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)
        self.assertEqual(order.state, "cancel")
        self.assertFalse(order.supplement_ids)

    def test_sending_texts_and_emails_the_link(self):
        """Sending issues the supplement, e-mails Odoo's quotation and texts
        the link to authorize it (a text link)."""
        supplement = self._supplement(self._approved_order())
        supplement.with_user(self.salesman).action_send_supplement()
        self.assertEqual(supplement.quote_state, "submitted")
        self.assertTrue(supplement.supplement_sent_on)
        text = self.env["sms.sms"].search(
            [("mail_message_id", "in", supplement.message_ids.ids)]
        )
        self.assertEqual(len(text), 1)
        self.assertIn(supplement.get_portal_url(), text.body)
        self.assertIn("via=sms", text.body)
        emails = supplement.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertTrue(emails, "the quotation e-mail went to the customer")

    def test_sending_an_empty_or_authorized_supplement_is_refused(self):
        """Nothing to send, or already authorized: refused."""
        order = self._approved_order()
        empty = self.env["sale.order"].browse(order.action_new_supplement()["res_id"])
        with self.assertRaisesRegex(UserError, "Add the work found"):
            empty.action_send_supplement()
        with self.assertRaisesRegex(UserError, "not a supplement"):
            order.action_send_supplement()

    def test_expired_link_says_whom_to_call(self):
        """Past the company's days, the link no longer authorizes: the page
        says whom to call, nothing is signed."""
        self.env.company.write({"supplement_link_days": 3, "phone": "+32 2 555 12 12"})
        supplement = self._supplement(self._approved_order())
        supplement.action_send_supplement()
        with freeze_time(fields.Datetime.now() + timedelta(days=2)):
            self.assertIsNone(supplement._work_authorization_refusal())
            self.assertFalse(supplement._supplement_link_expired())
        with freeze_time(fields.Datetime.now() + timedelta(days=4)):
            refusal = supplement._work_authorization_refusal()
            self.assertIn("expired", refusal)
            self.assertIn("+32 2 555 12 12", refusal)
            self.assertFalse(supplement._has_to_be_signed())

    def test_stage_waits_for_the_supplement(self):
        """A stage marked No Waiting Supplement refuses an order whose
        supplement waits; once it is authorized, the order moves in."""
        self._free_transitions()
        self.stage_closed.block_waiting_supplement = True
        order = self._approved_order()
        supplement = self._supplement(order)
        with self.assertRaisesRegex(UserError, supplement.name):
            order.write({"work_stage_id": self.stage_closed.id})
        supplement.action_confirm()
        self.assertFalse(order.supplement_waiting)
        order.write({"work_stage_id": self.stage_closed.id})
        self.assertEqual(order.work_stage_id, self.stage_closed)

    def test_authorized_supplement_delivers_and_invoices_with_its_order(self):
        """An authorized supplement is delivered like any order and is
        invoiced with its main order on one invoice."""
        order = self._approved_order()
        supplement = self._supplement(order)
        supplement.action_confirm()
        self.assertEqual(supplement.state, "sale")
        self.assertTrue(supplement.picking_ids)
        self.assertEqual(order.quote_state, "approved")
        picking = supplement.picking_ids
        picking.action_assign()
        picking.move_ids.quantity = 1
        picking.button_validate()
        invoice = (order | supplement)._create_invoices()
        self.assertEqual(len(invoice), 1)
        self.assertEqual(
            invoice.invoice_line_ids.sale_line_ids.order_id, order | supplement
        )


@tagged("post_install", "-at_install")
class TestSupplementPortal(SupplementMixin, WorkStageCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_supplements()

    def test_text_link_authorizes_the_supplement(self):
        """The text's link opens the supplement's page; authorizing there
        confirms it as a text link; the main order's page lists it."""
        order = self._approved_order()
        supplement = self._supplement(order)
        supplement.action_send_supplement()
        text = self.env["sms.sms"].search(
            [("mail_message_id", "in", supplement.message_ids.ids)]
        )
        link = text.body.split("here: ")[1].split(" ")[0]
        page = self.url_open(link)
        self.assertEqual(page.status_code, 200)
        self.assertIn(supplement.name, page.text)
        # It names the order it belongs to.
        self.assertIn("o_sale_work_supplement_of", page.text)
        self.assertIn(order.name, page.text)
        self.assertIn("Peugeot 208", page.text)
        response = self.url_open(
            f"/my/orders/{supplement.id}/accept",
            data=json.dumps(
                {
                    "params": {
                        "access_token": supplement.access_token,
                        "name": "Jane Driver",
                        "signature": SIGNATURE_PNG,
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertIn("force_refresh", response.json()["result"])
        self.assertEqual(supplement.state, "sale")
        self.assertFalse(order.supplement_waiting)
        main_page = self.url_open(order.get_portal_url()).text
        self.assertIn("o_sale_work_supplement", main_page)
        self.assertIn(supplement.name, main_page)

    def test_expired_link_page_says_whom_to_call(self):
        """The page of an expired supplement link says whom to call and
        offers no signature."""
        self.env.company.write({"supplement_link_days": 1, "phone": "+32 2 555 12 12"})
        supplement = self._supplement(self._approved_order())
        supplement.action_send_supplement()
        supplement.supplement_sent_on = fields.Datetime.now() - timedelta(days=2)
        page = self.url_open(supplement.get_portal_url()).text
        self.assertIn("o_sale_work_supplement_expired", page)
        self.assertIn('href="tel:+32 2 555 12 12"', page)
        self.assertNotIn("Expiration Date", page)
        self.assertNotIn("portal.signature_form", page)
