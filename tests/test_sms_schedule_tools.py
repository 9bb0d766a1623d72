# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import BaseCase, tagged

from ..tools.sms_schedule import in_quiet_hours, retry_delay_minutes


@tagged("post_install", "-at_install")
class TestSmsScheduleTools(BaseCase):
    def test_quiet_hours(self):
        """Quiet hours over midnight, within a day, and none."""
        self.assertTrue(in_quiet_hours(21.5, 20, 8))
        self.assertTrue(in_quiet_hours(7.9, 20, 8))
        self.assertFalse(in_quiet_hours(8, 20, 8))
        self.assertTrue(in_quiet_hours(13, 12, 14))
        self.assertFalse(in_quiet_hours(15, 12, 14))
        self.assertFalse(in_quiet_hours(3, 0, 0))

    def test_retry_backoff_doubles(self):
        """Retries wait 1, 2, 4, 8 minutes."""
        self.assertEqual([retry_delay_minutes(n) for n in (1, 2, 3, 4)], [1, 2, 4, 8])
