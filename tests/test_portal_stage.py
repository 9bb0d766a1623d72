# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from datetime import datetime

from lxml import html

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .common import WorkStageCommon
from .test_revision_paths import ADDON, load_migration

URL_RE = re.compile(r"https?://\S+")


class PortalStageCommon(WorkStageCommon):
    """Two stages shown on the portal, one kept internal (with a label)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._free_transitions()
        Stage = cls.env["sale.work.stage"]
        cls.stage_workshop = Stage.create(
            {
                "name": "Bay 3 lift job",
                "sequence": 6,
                "portal_visible": True,
                "portal_label": "Your car is being repaired",
            }
        )
        cls.stage_parts = Stage.create(
            {
                "name": "Parts chase internal",
                "sequence": 7,
                "portal_label": "Waiting for parts",
            }
        )
        cls.stage_ready = Stage.create(
            {
                "name": "Ready invoice pending",
                "sequence": 8,
                "portal_visible": True,
                "portal_label": "Your car is ready for pickup",
            }
        )

    def _move_through(self, order, moves):
        """Move ``order`` through ``moves`` [(stage, datetime)], each move a
        tracking value of its own dated ``datetime`` (the order created on
        2026-03-02)."""
        self._commit_tracking()
        for stage, _date in moves:
            order.write({"work_stage_id": stage.id})
            self._commit_tracking()
        self.env.cr.execute(
            "UPDATE sale_order SET create_date = %s WHERE id = %s",
            [datetime(2026, 3, 2, 12, 0), order.id],
        )
        trackings = order.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "work_stage_id"
        ).sorted("id")
        self.assertEqual(len(trackings), len(moves))
        for tracking, (_stage, date) in zip(trackings, moves, strict=True):
            self.env.cr.execute(
                "UPDATE mail_tracking_value SET create_date = %s WHERE id = %s",
                [date, tracking.id],
            )
        self.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestPortalStageTimeline(PortalStageCommon):
    def test_timeline_read_from_tracking(self):
        """The entries are the tracked moves into stages shown on the portal."""
        order = self._create_order()
        self._move_through(
            order,
            [
                (self.stage_workshop, datetime(2026, 3, 4, 12, 0)),
                (self.stage_parts, datetime(2026, 3, 5, 12, 0)),
                (self.stage_workshop, datetime(2026, 3, 6, 12, 0)),
                (self.stage_ready, datetime(2026, 3, 9, 12, 0)),
            ],
        )
        self.assertEqual(
            order._work_stage_entries(),
            [
                (self.stage_intake, datetime(2026, 3, 2, 12, 0)),
                (self.stage_workshop, datetime(2026, 3, 4, 12, 0)),
                (self.stage_parts, datetime(2026, 3, 5, 12, 0)),
                (self.stage_workshop, datetime(2026, 3, 6, 12, 0)),
                (self.stage_ready, datetime(2026, 3, 9, 12, 0)),
            ],
        )
        # Back in the workshop after waiting for parts (not shown): the same
        # step for the customer, who saw it since the 4th.
        self.assertEqual(
            order._portal_work_stage_timeline(),
            [
                (self.stage_workshop, datetime(2026, 3, 4, 12, 0)),
                (self.stage_ready, datetime(2026, 3, 9, 12, 0)),
            ],
        )
        self.assertEqual(order._portal_work_stage(), self.stage_ready)

    def test_stage_on_portal_needs_a_label(self):
        """A stage shown on the portal without a customer label is refused."""
        with self.assertRaises(ValidationError):
            self.stage_parts.portal_visible = True
            self.stage_parts.portal_label = " "
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestPortalStagePage(PortalStageCommon, HttpCase):
    """The customer's page of an order, opened with its access token."""

    def _progress(self, order):
        """The order's portal page (HTTP 200, as the public user with the
        token) and its work progress block, if any."""
        self.authenticate(None, None)
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(order.name, response.text)
        blocks = html.fromstring(response.text).xpath(
            "//div[@id='sale_work_stage_progress']"
        )
        self.assertLessEqual(len(blocks), 1)
        return response.text, blocks[0] if blocks else None

    @staticmethod
    def _texts(block, css_class):
        return [
            " ".join(node.text_content().split())
            for node in block.xpath(f".//*[contains(@class, '{css_class}')]")
        ]

    def test_portal_shows_customer_label_and_timeline(self):
        """The customer reads the current label, when the order entered each
        stage shown, and the expected completion; never a stage's name."""
        order = self._create_order(commitment_date=datetime(2026, 3, 10, 12, 0))
        self._move_through(
            order,
            [
                (self.stage_workshop, datetime(2026, 3, 4, 12, 0)),
                (self.stage_ready, datetime(2026, 3, 9, 12, 0)),
            ],
        )
        page, block = self._progress(order)
        self.assertIsNotNone(block, "no work progress on the portal page")
        self.assertEqual(
            self._texts(block, "o_sale_work_stage_current"),
            ["Your car is ready for pickup"],
        )
        self.assertEqual(
            self._texts(block, "o_sale_work_stage_timeline_entry"),
            [
                "03/04/2026 Your car is being repaired",
                "03/09/2026 Your car is ready for pickup",
            ],
        )
        self.assertEqual(
            self._texts(block, "o_sale_work_stage_expected"),
            ["Expected completion: 03/10/2026"],
        )
        for internal in ("Intake", "Bay 3 lift job", "Ready invoice pending"):
            self.assertNotIn(internal, page)

    def test_stage_not_on_portal_does_not_show(self):
        """A stage not flagged for the portal shows neither as the current
        stage nor in the timeline, and an order that never entered a stage
        shown there has no progress block."""
        order = self._create_order()
        self._move_through(
            order,
            [
                (self.stage_workshop, datetime(2026, 3, 4, 12, 0)),
                (self.stage_parts, datetime(2026, 3, 5, 12, 0)),
            ],
        )
        page, block = self._progress(order)
        self.assertIsNotNone(block, "no work progress on the portal page")
        self.assertEqual(self._texts(block, "o_sale_work_stage_current"), [])
        self.assertEqual(
            self._texts(block, "o_sale_work_stage_timeline_entry"),
            ["03/04/2026 Your car is being repaired"],
        )
        for hidden in ("Waiting for parts", "Parts chase internal", "Intake"):
            self.assertNotIn(hidden, page)

        page, block = self._progress(self.order)
        self.assertIsNone(block, "an order in internal stages shows progress")
        self.assertNotIn("Intake", page)


@tagged("post_install", "-at_install")
class TestPortalStageSms(PortalStageCommon, HttpCase):
    """The shipped texts link to the order's portal page."""

    def _follow(self, url, order):
        """Open ``url`` as a stranger: it must end on ``order``'s portal page."""
        self.authenticate(None, None)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/orders/{order.id}", response.url)
        self.assertIn(order.name, response.text)
        self.assertIn("Your car is ready for pickup", response.text)

    def test_sms_link_opens_the_order_page(self):
        """The work-finished text carries a link (short when link_tracker is
        installed) that opens the order's portal page."""
        order = self._create_order()
        self._move_through(order, [(self.stage_ready, datetime(2026, 3, 9, 12, 0))])
        template = self.env.ref("sale_work_stage.sms_template_work_finished")
        body = template._render_field("body", order.ids)[order.id]
        self.assertIn(order.name, body)
        urls = URL_RE.findall(body)
        self.assertEqual(len(urls), 1, body)
        url = urls[0]
        self.assertTrue(url.startswith(self.base_url()), url)
        if "link.tracker" in self.env:
            self.assertRegex(url, r"/r/\w+$")
            self.authenticate(None, None)
            redirect = self.url_open(url, allow_redirects=False)
            self.assertIn(redirect.status_code, (301, 302, 303))
            self.assertIn(order.get_portal_url(), redirect.headers["Location"])
        else:
            self.assertEqual(
                url, self.base_url() + order.get_portal_url(query_string="&via=sms")
            )
            self.assertIn(f"access_token={order.access_token}", url)
        self._follow(url, order)

    def test_queued_reminder_carries_the_link(self):
        """Queued by a salesperson, the appointment reminder links to the page."""
        self.customer.write(
            {"mobile": "0470 12 34 56", "country_id": self.env.ref("base.be").id}
        )
        self.env.company.write({"sms_quiet_start": 0, "sms_quiet_end": 0})
        self.stage_ready.write(
            {
                "send_sms": True,
                "sms_template_id": self.env.ref(
                    "sale_work_stage.sms_template_appointment_reminder"
                ).id,
            }
        )
        order = self._create_order()
        order.with_user(self.salesman).write({"work_stage_id": self.stage_ready.id})
        sms = self.env["sms.sms"].search(
            [("mail_message_id", "in", order.message_ids.ids)]
        )
        self.assertEqual(len(sms), 1)
        self.assertEqual(URL_RE.findall(sms.body), [order._get_sms_portal_url()])
        self._follow(order._get_sms_portal_url(), order)


@tagged("post_install", "-at_install")
class TestPortalStageUpgrade(WorkStageCommon):
    def test_upgrade_links_unedited_texts_only(self):
        """Upgrading gives the linked text to copies still as shipped, in
        English and French, and keeps edited copies."""
        self.env["res.lang"]._activate_lang("fr_FR")
        migration = load_migration("18.0.1.1.0", "post-migration")
        (finished_en, finished_new), (finished_fr, finished_new_fr) = (
            migration.LINKED_BODIES[0][1]["en"],
            migration.LINKED_BODIES[0][1]["fr"],
        )
        finished = self.env.ref("sale_work_stage.sms_template_work_finished")
        reminder = self.env.ref("sale_work_stage.sms_template_appointment_reminder")
        # As an earlier version shipped it: indented by the XML, and French.
        finished.with_context(lang="en_US").body = (
            "\n            "
            + finished_en.replace(" is finished", "\n            is finished")
        )
        finished.with_context(lang="fr_FR").body = finished_fr
        reminder.with_context(lang="en_US").body = "Our own reminder text."
        reminder.with_context(lang="fr_FR").body = "Notre propre rappel."
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(finished.with_context(lang="en_US").body, finished_new)
        self.assertEqual(finished.with_context(lang="fr_FR").body, finished_new_fr)
        self.assertIn("_get_sms_portal_url()", finished_new_fr)
        self.assertEqual(
            reminder.with_context(lang="en_US").body, "Our own reminder text."
        )
        self.assertEqual(
            reminder.with_context(lang="fr_FR").body, "Notre propre rappel."
        )
        # What the upgrade writes is what a new database gets.
        data = (ADDON / "data" / "sms_template_data.xml").read_text()
        self.assertIn(f">{finished_new}<", data)
