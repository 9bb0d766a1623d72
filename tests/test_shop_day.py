# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import StockHoldCommon, portal_accept


@tagged("post_install", "-at_install")
class TestShopDay(StockHoldCommon, HttpCase):
    """A day in the shop against one product with limited stock: after every
    step the books balance."""

    def test_a_day_in_the_shop(self):
        """Competing estimates, a revision, work in progress, a warehouse
        change, a deletion, a portal signature, a delivery and an expiry."""
        self._set_pads(3)
        # 08:00 Two estimates compete for the last units.
        alice = self._pads_order(2, work_stage_id=self.stage_reserve.id)
        bob = self._pads_order(2, work_stage_id=self.stage_reserve.id)
        self.assertEqual(self._held(alice), (2, 0))
        self.assertEqual(self._held(bob), (1, 0))
        self.assertEqual(bob.work_stage_id, self.stage_waiting)
        self.assertEqual(self._free(), 0)
        self.assertBooksBalance()
        # 09:00 Alice's estimate is sent, then revised while it holds parts.
        alice.action_quotation_sent()
        alice_r1 = self._revise(alice)
        self.assertEqual(self._held(alice), (0, 0))
        self.assertEqual(self._held(alice_r1), (2, 0))
        self.assertEqual(self._free(), 0)
        self.assertBooksBalance()
        # 10:00 Alice's car goes into the workshop: the parts into work.
        alice_r1.write({"work_stage_id": self.stage_wip.id})
        self.assertEqual(self._held(alice_r1), (0, 2))
        self.assertEqual(self._on_hand(self.wip), 2)
        self.assertBooksBalance()
        # 11:00 Bob will be served from the second garage (1 on its shelf).
        bob.write({"warehouse_id": self.warehouse_2.id})
        self.assertEqual(self._held(bob), (1, 0))
        self.assertEqual(self._free(), 1)
        self.assertEqual(self._free(self.warehouse_2.lot_stock_id), 0)
        self.assertBooksBalance()
        # 12:00 A walk-in estimate takes the free unit, then is deleted.
        walk_in = self._pads_order(1, work_stage_id=self.stage_reserve.id)
        self.assertEqual(self._free(), 0)
        walk_in.unlink()
        self.assertEqual(self._free(), 1)
        self.assertBooksBalance()
        # 13:00 Alice signs her revision on the portal.
        alice_r1.write({"require_signature": True, "require_payment": False})
        alice_r1._portal_ensure_token()
        self.authenticate(None, None)
        self.assertIn("error", portal_accept(self, alice, "Alice"))
        self.assertNotIn("error", portal_accept(self, alice_r1, "Alice"))
        self.env.invalidate_all()
        self.assertEqual(alice_r1.state, "sale")
        self.assertFalse(alice.signature)
        self.assertEqual(self._on_hand(self.wip), 2)
        self.assertEqual(self._on_hand(), 1)
        self.assertBooksBalance()
        # 15:00 Alice's car leaves: the delivery takes the parts from the job.
        delivery = alice_r1.picking_ids
        self.assertEqual(delivery.move_ids.location_id, self.wip)
        delivery.button_validate()
        self.assertEqual(self._on_hand_warehouse(), 1)
        self.assertEqual(self._on_hand(self.wip), 0)
        self.assertBooksBalance()
        # Night: Bob's estimate expires; its reservation is released.
        bob.write({"validity_date": fields.Date.today() - timedelta(days=1)})
        self.env["sale.order"]._cron_expire_quotes()
        self.assertEqual(bob.quote_state, "expired")
        self.assertEqual(self._held(bob), (0, 0))
        self.assertEqual(self._free(self.warehouse_2.lot_stock_id), 1)
        self.assertBooksBalance()
