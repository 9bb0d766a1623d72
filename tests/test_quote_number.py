# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from ..tools.quote_number import format_quote_number
from .common import WorkStageCommon


@tagged("post_install", "-at_install")
class TestQuoteNumber(WorkStageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A calendar working Monday to Friday, so dates are predictable.
        cls.env.company.resource_calendar_id = cls.env["resource.calendar"].create(
            {"name": "Workshop week"}
        )

    def test_numbers_follow_quarter_sequence(self):
        """Quotes of a quarter are numbered 001, 002... with their check digit."""
        first = self._create_order(quote_date="2026-10-05")
        second = self._create_order(quote_date="2026-11-20")
        sequence = int(first.quote_number[5:-1])
        self.assertEqual(first.quote_number, format_quote_number(2026, 4, sequence))
        self.assertEqual(
            second.quote_number, format_quote_number(2026, 4, sequence + 1)
        )
        self.assertEqual(first.name, first.quote_number)

    def test_new_quarter_starts_at_one(self):
        """The first quote of a new quarter gets sequence 001."""
        quote = self._create_order(quote_date="2099-01-02")
        self.assertEqual(quote.quote_number, format_quote_number(2099, 1, 1))

    def test_sequence_is_per_company(self):
        """Each company numbers its own quotes."""
        other = self.env["res.company"].create({"name": "Second Garage"})
        mine = self._create_order(quote_date="2099-04-01")
        theirs = self._create_order_in(other, quote_date="2099-04-01")
        self.assertEqual(mine.quote_number, theirs.quote_number)
        self.assertEqual(mine.quote_number, format_quote_number(2099, 2, 1))

    def test_batch_creation_numbers_each_quote(self):
        """Creating several quotes at once gives consecutive distinct numbers."""
        quotes = self.env["sale.order"].create(
            [{"partner_id": self.customer.id, "quote_date": "2099-07-01"}] * 5
        )
        self.assertEqual(
            quotes.mapped("quote_number"),
            [format_quote_number(2099, 3, n) for n in range(1, 6)],
        )

    def test_sequence_widens_past_999(self):
        """The 1000th quote of a quarter gets four sequence digits."""
        self.env["sale.quote.counter"].create(
            {
                "company_id": self.env.company.id,
                "year": 2099,
                "quarter": 4,
                "last_value": 999,
            }
        )
        quote = self._create_order(quote_date="2099-12-01")
        self.assertEqual(quote.quote_number, format_quote_number(2099, 4, 1000))
        self.assertEqual(len(quote.quote_number), len("Q-2941000") + 1)

    @freeze_time("2026-11-21 10:00:00")
    def test_saturday_quote_dated_next_monday(self):
        """A quote made on a Saturday is dated the next working day."""
        quote = self._create_order()
        self.assertEqual(quote.quote_date, date(2026, 11, 23))

    @freeze_time("2026-11-21 10:00:00")
    def test_public_holiday_is_skipped(self):
        """A public holiday of the company's calendar is not a quote date."""
        calendar = self.env.company.resource_calendar_id
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": calendar.id,
                "date_from": "2026-11-23 00:00:00",
                "date_to": "2026-11-23 23:59:59",
            }
        )
        quote = self._create_order()
        self.assertEqual(quote.quote_date, date(2026, 11, 24))

    @freeze_time("2026-12-31 10:00:00")
    def test_quarter_boundary_uses_quote_date(self):
        """A quote of Thursday 31 December belongs to Q4."""
        quote = self._create_order()
        self.assertEqual(quote.quote_date, date(2026, 12, 31))
        self.assertTrue(quote.quote_number.startswith("Q-264"))

    @freeze_time("2027-01-02 10:00:00")
    def test_weekend_after_quarter_end_moves_quarter(self):
        """Saturday 2 January 2027 is dated Monday 4 January: quarter 1 of 2027."""
        quote = self._create_order()
        self.assertEqual(quote.quote_date, date(2027, 1, 4))
        self.assertTrue(quote.quote_number.startswith("Q-271"))

    def test_validity_follows_quote_date(self):
        """Expiry is the quote date plus the quotation validity days."""
        self.env.company.quotation_validity_days = 15
        quote = self._create_order(quote_date="2099-03-01")
        self.assertEqual(quote.validity_date, date(2099, 3, 16))
        quote.validity_date = date(2099, 4, 1)
        self.assertEqual(quote.validity_date, date(2099, 4, 1))

    def test_manager_types_a_valid_q_number(self):
        """A work-stage manager may type a valid Q number."""
        number = format_quote_number(2026, 2, 42)
        quote = (
            self.env["sale.order"]
            .with_user(self.sales_manager)
            .create({"partner_id": self.customer.id, "quote_number": number})
        )
        self.assertEqual(quote.quote_number, number)
        self.assertEqual(quote.name, number)

    def test_manager_types_a_custom_scheme(self):
        """Any format other than Q- digits is a custom scheme, accepted."""
        quote = (
            self.env["sale.order"]
            .with_user(self.sales_manager)
            .create({"partner_id": self.customer.id, "quote_number": "GAR/2026/17"})
        )
        self.assertEqual(quote.name, "GAR/2026/17")

    def test_mistyped_q_number_refused(self):
        """A Q number with a wrong digit is refused as probably mistyped."""
        number = format_quote_number(2026, 2, 42)
        typo = number[:-2] + str((int(number[-2]) + 1) % 10) + number[-1]
        with self.assertRaisesRegex(ValidationError, "probably mistyped"):
            self.env["sale.order"].with_user(self.sales_manager).create(
                {"partner_id": self.customer.id, "quote_number": typo}
            )
        with self.assertRaisesRegex(ValidationError, "quarter"):
            self.env["sale.order"].with_user(self.sales_manager).create(
                {"partner_id": self.customer.id, "quote_number": "Q-265001"}
            )

    def test_salesman_cannot_type_a_number(self):
        """A salesman who sends a quote number gets a UserError."""
        with self.assertRaises(UserError):
            self.env["sale.order"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "quote_number": "GAR-1"}
            )
        with self.assertRaises(UserError):
            self.order.with_user(self.salesman).write({"quote_number": "GAR-1"})

    def test_manager_edits_number_while_prepared_only(self):
        """The number may be changed on a draft quote, not once sent."""
        quote = self._create_order()
        quote.with_user(self.sales_manager).write({"quote_number": "GAR-7"})
        self.assertEqual(quote.name, "GAR-7")
        quote.action_quotation_sent()
        with self.assertRaises(UserError):
            quote.with_user(self.sales_manager).write({"quote_number": "GAR-8"})

    def test_duplicate_number_gets_clear_error(self):
        """A number already used in the company is refused before the index."""
        existing = self._create_order()
        with self.assertRaisesRegex(ValidationError, existing.name):
            self.env["sale.order"].with_user(self.sales_manager).create(
                {"partner_id": self.customer.id, "quote_number": existing.quote_number}
            )
        with self.assertRaisesRegex(ValidationError, "twice"):
            self.env["sale.order"].create(
                [
                    {"partner_id": self.customer.id, "quote_number": "GAR-9"},
                    {"partner_id": self.customer.id, "quote_number": "GAR-9"},
                ]
            )

    def test_confirmation_gives_order_reference(self):
        """Confirming keeps the quote number as name and adds the order number."""
        quote = self._create_order()
        number = quote.quote_number
        quote.action_confirm()
        self.assertEqual(quote.name, number)
        self.assertTrue(quote.order_reference)
        self.assertNotEqual(quote.order_reference, number)

    def test_search_by_both_numbers_with_or_without_dash(self):
        """Quote and order numbers find the order, with or without the dash."""
        quote = self._create_order()
        quote.action_confirm()
        Order = self.env["sale.order"].with_user(self.salesman)
        compact = quote.quote_number.replace("-", "")
        for text in (quote.quote_number, compact, quote.order_reference):
            self.assertIn(quote, Order.search([("display_name", "ilike", text)]), text)
            found = [r[0] for r in Order.name_search(text)]
            self.assertIn(quote.id, found, text)

    def test_mistyped_number_finds_the_quotes_it_could_mean(self):
        """A wrong digit or two swapped digits find the quote meant."""
        quote = self._create_order()
        digits = quote.quote_number[2:]
        wrong_digit = digits[:3] + str((int(digits[3]) + 1) % 10) + digits[4:]
        swapped = digits[:-2] + digits[-1] + digits[-2]
        Order = self.env["sale.order"].with_user(self.salesman)
        for typo in (wrong_digit, swapped):
            if typo == digits:
                continue
            with self.subTest(typo=typo):
                found = Order.search([("display_name", "ilike", "Q-" + typo)])
                self.assertIn(quote, found)
                self.assertLessEqual(len(found), 14)

    def test_mistyped_number_says_so(self):
        """The person searching is told the number is mistyped and which
        quotes are shown instead; a right number tells nothing."""
        quote = self._create_order()
        digits = quote.quote_number[2:]
        typo = digits[:-2] + digits[-1] + digits[-2]
        if typo == digits:
            typo = digits[:3] + str((int(digits[3]) + 1) % 10) + digits[4:]
        Order = self.env["sale.order"].with_user(self.salesman)
        Users = self.env.registry["res.users"]
        with patch.object(Users, "_bus_send", autospec=True) as bus_send:
            Order.search([("display_name", "ilike", quote.quote_number)])
            self.assertFalse(bus_send.called)
            Order.name_search("Q-" + typo)
        bus_send.assert_called_once()
        user, kind, payload = bus_send.call_args.args
        self.assertEqual((user, kind), (self.salesman, "simple_notification"))
        self.assertIn("wrong check digit", payload["message"])
        self.assertIn(quote.quote_number, payload["message"])

    def test_quote_to_copied_from_invoice_address(self):
        """Quote To is the invoice address as printed, and stays as it was."""
        self.customer.write(
            {
                "street": "Rue de la Loi 12",
                "city": "Brussels",
                "zip": "1000",
                "country_id": self.env.ref("base.be").id,
            }
        )
        quote = Form(self.env["sale.order"])
        quote.partner_id = self.customer
        self.assertIn("Rue de la Loi 12", quote.quote_to)
        self.assertIn("1000 Brussels", quote.quote_to)
        # Once, though the form's customer field asks names with addresses.
        self.assertEqual(quote.quote_to.count("Rue de la Loi 12"), 1)
        # No blank line where the customer has no street2 or state.
        self.assertEqual(
            quote.quote_to.splitlines(),
            [self.customer.name, "Rue de la Loi 12", "1000 Brussels", "Belgium"],
        )
        shown = (
            self.env["sale.order"]
            .with_context(show_address=True)
            .new({"partner_id": self.customer.id})
        )
        self.assertEqual(shown.quote_to.count("Rue de la Loi 12"), 1)
        quote.quote_to = "Garage Customer\nc/o Fleet desk\nRue de la Loi 12"
        order = quote.save()
        self.customer.street = "Avenue Louise 1"
        self.assertIn("c/o Fleet desk", order.quote_to)
        self.assertNotIn("Louise", order.quote_to)
        self.assertEqual(self.customer.street, "Avenue Louise 1")

    def test_terms_default_and_stay_editable(self):
        """The note defaults from the company's terms and can be edited."""
        self.env["ir.config_parameter"].sudo().set_param(
            "account.use_invoice_terms", True
        )
        self.env.company.write(
            {"terms_type": "plain", "invoice_terms": "Pay in 30 days"}
        )
        quote = self._create_order()
        self.assertIn("Pay in 30 days", str(quote.note))
        quote.note = "Special terms"
        self.assertIn("Special terms", str(quote.note))

    def test_document_placement_from_product(self):
        """Lines take their product's placement and may override it."""
        self.product.document_placement = "tax"
        quote = self._create_order()
        line = quote.order_line
        self.assertEqual(line.document_placement, "tax")
        line.document_placement = "shipping"
        self.assertEqual(line.document_placement, "shipping")

    def test_changes_are_logged_with_the_user(self):
        """Quote fields, lines and stage changes appear in the chatter."""
        quote = self._create_order()
        self._commit_tracking()
        quote.with_user(self.salesman).write(
            {"quote_to": "Somewhere else", "internal_note": "Call before"}
        )
        quote.order_line.with_user(self.salesman).write({"product_uom_qty": 4})
        self._commit_tracking()
        tracked = quote.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("quote_to", tracked)
        self.assertIn("internal_note", tracked)
        line_log = quote.message_ids.filtered(lambda m: "4.0" in str(m.body))
        self.assertTrue(line_log)
        self.assertEqual(line_log.author_id, self.salesman.partner_id)

    def test_pdf_groups_lines_by_placement(self):
        """The quotation PDF groups lines by placement, each with a subtotal."""
        tax_product = self.env["product.product"].create(
            {"name": "Eco tax", "list_price": 2.0, "document_placement": "tax"}
        )
        self.product.list_price = 10.0
        quote = self._create_order({tax_product: 1, self.product: 3})
        html = self._render_html("sale.report_saleorder", quote)
        self.assertIn("o_placement_title", html)
        standard_at = html.index(self.product.name)
        tax_at = html.index("Eco tax")
        self.assertLess(standard_at, tax_at, "standard lines come first")
        subtotals = html.count("o_placement_subtotal")
        self.assertEqual(subtotals, 2)
        self.assertIn("30.00", html)

    def test_line_description_reaches_the_delivery(self):
        """The description typed on the quote line is printed on the delivery."""
        self.product.is_storable = True
        quote = self._create_order(
            order_line=[
                Command.create(
                    {
                        "product_id": self.product.id,
                        "name": "Brake pads, front axle, ceramic",
                    }
                )
            ]
        )
        quote.action_confirm()
        move = quote.picking_ids.move_ids
        self.assertEqual(quote.order_line.name, "Brake pads, front axle, ceramic")
        self.assertIn("front axle, ceramic", move.description_picking)

    def test_typed_q_number_is_never_drawn_again(self):
        """A Q number typed ahead of the counter is skipped by later draws."""
        typed = format_quote_number(2099, 2, 3)
        self.env["sale.order"].with_user(self.sales_manager).create(
            {"partner_id": self.customer.id, "quote_number": typed}
        )
        drawn = self._create_order(quote_date="2099-05-02")
        self.assertEqual(drawn.quote_number, format_quote_number(2099, 2, 4))
