# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Odoo's own click-everywhere bot (web's ``test_click_everywhere``, tag
``click_all``) on the Workshop app, as each of the demo's users: every menu,
view and filter the user's navbar offers opens without an error."""

import logging

from odoo.tests import HttpCase, tagged

from .common import demo_role_users

_logger = logging.getLogger(__name__)

CLICKBOT = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('%s');"
)

# The demo's users (each one's password is its login, as browser_js logs in).
DEMO_LOGINS = ("admin", "frontdesk", "workshop", "technician")


@tagged("post_install", "-at_install")
class TestClickEverywhere(HttpCase):
    allow_end_on_form = True

    def _click_app(self, login):
        user = demo_role_users(self.env).filtered(lambda u: u.login == login)
        self.assertTrue(user, f"the demo user {login} exists")
        if "tour_enabled" in user._fields:
            user.tour_enabled = False
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
        apps = [menus[app_id]["xmlid"] for app_id in menus["root"]["children"]]
        self.assertIn("sale_work_stage.sale_work_stage_menu_root", apps)
        if user.has_group("sales_team.group_sale_salesman"):
            self.assertIn("sale.sale_menu_root", apps)
        else:  # the technician: the Shop Floor, not Sales
            self.assertNotIn("sale.sale_menu_root", apps)
        self.browser_js(
            "/odoo",
            CLICKBOT % "sale_work_stage.sale_work_stage_menu_root",
            "odoo.isReady === true",
            login=login,
            timeout=600,
            success_signal="clickbot test succeeded",
        )

    def test_click_everywhere_as_admin(self):
        self._click_app(DEMO_LOGINS[0])

    def test_click_everywhere_as_service_writer(self):
        self._click_app(DEMO_LOGINS[1])

    def test_click_everywhere_as_workshop(self):
        self._click_app(DEMO_LOGINS[2])

    def test_click_everywhere_as_technician(self):
        self._click_app(DEMO_LOGINS[3])
