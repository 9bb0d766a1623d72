# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
import threading
from collections import namedtuple
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import tagged

from .common import ParallelCase

_logger = logging.getLogger(__name__)

# What a race committed: the ids of its stages (start, reserve, waiting for
# parts, work in progress), part and orders.
Race = namedtuple(
    "Race",
    "warehouse_id start reserve waiting work previous_backorder product_id order_ids",
)
# Per order: its stage, the quantity it holds and in how many moves; then
# the part's free, on-hand and work in progress quantities.
Holdings = namedtuple("Holdings", "stages held moves free on_hand in_wip")


def moving(order_id, stage_id):
    """A call that moves order ``order_id`` to stage ``stage_id``."""
    return lambda env: (
        env["sale.order"].browse(order_id).write({"work_stage_id": stage_id})
    )


class StockRaceCase(ParallelCase):
    """Stages, a part in stock and orders, committed for parallel transactions."""

    def _commit_race(
        self, name, stock_qty, order_qtys=(1, 1), mobile=None, **reserve_values
    ):
        """Commit stages, a part and orders in the start stage; removed after."""

        def setup(env):
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            warehouse._ensure_wip_location()
            start, reserve, waiting, work = env["sale.work.stage"].create(
                [
                    {"name": f"{name} start", "sequence": 900},
                    {
                        "name": f"{name} reserve",
                        "sequence": 901,
                        "reserve_stock": True,
                        **reserve_values,
                    },
                    {"name": f"{name} waiting", "sequence": 902, "reserve_stock": True},
                    {"name": f"{name} work", "sequence": 903, "in_production": True},
                ]
            )
            previous_backorder = env.company.work_stage_backorder_id.id
            env.company.work_stage_backorder_id = waiting
            product = env["product.product"].create(
                {"name": f"{name} part", "is_storable": True}
            )
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, stock_qty
            )
            customer = (
                env["res.partner"].create(
                    {"name": f"{name} customer", "mobile": mobile}
                )
                if mobile
                else env.company.partner_id
            )
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": customer.id,
                        "warehouse_id": warehouse.id,
                        "work_stage_id": start.id,
                        "order_line": [
                            Command.create(
                                {"product_id": product.id, "product_uom_qty": qty}
                            )
                        ],
                    }
                    for qty in order_qtys
                ]
            )
            return Race(
                warehouse.id,
                start.id,
                reserve.id,
                waiting.id,
                work.id,
                previous_backorder,
                product.id,
                orders.ids,
            )

        race = self._committed(setup)
        self.addCleanup(self._committed, lambda env: self._remove_race(env, race))
        return race

    def _remove_race(self, env, race):
        """Remove what ``_commit_race`` committed, and restore the back order stage."""
        orders = env["sale.order"].browse(race.order_ids)
        orders._stock_hold_release()
        orders.unlink()
        env.company.work_stage_backorder_id = race.previous_backorder
        stages = [race.start, race.reserve, race.waiting, race.work]
        env["sale.work.stage"].browse(stages).unlink()
        env["product.product"].browse(race.product_id).action_archive()

    def _holdings(self, race):
        """What the orders of ``race`` hold, and what is left, as committed."""

        def read(env):
            warehouse = env["stock.warehouse"].browse(race.warehouse_id)
            product = env["product.product"].browse(race.product_id)
            orders = env["sale.order"].browse(race.order_ids)
            holds = [
                order.order_line.stock_hold_move_ids.filtered(
                    lambda m: m.state not in ("done", "cancel")
                )
                for order in orders
            ]
            stock = product.with_context(location=warehouse.lot_stock_id.id)
            wip = product.with_context(location=warehouse.wip_location_id.id)
            return Holdings(
                stages=[order.work_stage_id.id for order in orders],
                held=[sum(moves.mapped("quantity")) for moves in holds],
                moves=[len(moves) for moves in holds],
                free=stock.free_qty,
                on_hand=stock.qty_available,
                in_wip=wip.qty_available,
            )

        return self._committed(read)


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestStockConcurrency(StockRaceCase):
    """Orders racing for the last unit, in parallel committing transactions."""

    def test_two_orders_race_for_the_last_unit(self):
        """Only one order gets the last unit; the other waits; nothing negative."""
        race = self._commit_race("Race", stock_qty=1)
        self._in_parallel(
            [moving(order_id, race.reserve) for order_id in race.order_ids]
        )
        holdings = self._holdings(race)
        self.assertEqual(holdings.free, 0)
        self.assertEqual(sum(holdings.held), 1, "one unit, reserved once")
        self.assertEqual(
            sorted(holdings.stages),
            sorted([race.reserve, race.waiting]),
            "one reserved, one waiting",
        )
        _logger.info("reliability: race for the last unit, free 0, reserved 1, stray 0")

    def test_same_order_moved_by_two_users(self):
        """Two users move one order at once: one state, holding what it says."""
        race = self._commit_race("Same", stock_qty=5, order_qtys=(2,))
        (order_id,) = race.order_ids
        self._in_parallel([moving(order_id, race.reserve), moving(order_id, race.work)])
        holdings = self._holdings(race)
        found = (holdings.on_hand, holdings.free, holdings.in_wip)
        if holdings.stages == [race.reserve]:
            self.assertEqual(found, (5, 3, 0))
        else:
            self.assertEqual(holdings.stages, [race.work])
            self.assertEqual(found, (3, 3, 2))


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestRacesAndFaults(StockRaceCase):
    """Reserve racing unreserve; a stage move that fails half-way."""

    def test_reserve_races_unreserve(self):
        """One order gives back the last unit as another asks: held once at most."""
        # And each order's stage says what it holds.
        race = self._commit_race("Fault", stock_qty=1)
        first, second = race.order_ids
        self._committed(moving(first, race.reserve))
        self._in_parallel([moving(first, race.start), moving(second, race.reserve)])
        holdings = self._holdings(race)
        held, free = holdings.held, holdings.free
        self.assertEqual(held[0], 0, "the order that left holds nothing")
        self.assertEqual(held[1] + free, 1, "the unit is either held or free")
        self.assertEqual(
            holdings.stages[1],
            race.reserve if held[1] else race.waiting,
            "stage = holding",
        )
        _logger.info(
            "reliability: reserve racing unreserve, held %s, free %s, stray 0",
            held[1],
            free,
        )

    def test_serialization_failure_in_a_stage_move(self):
        """A move failing on serialization after texting is retried: one of each."""
        # The stage move reserves parts and texts the customer, then fails
        # with a serialization error after queueing the text: Odoo retries
        # it, and there is one reservation and one text, not two.
        template = self.env.ref("sale_work_stage.sms_template_work_finished")
        race = self._commit_race(
            "Fault",
            stock_qty=5,
            mobile="+32 470 99 88 77",
            send_sms=True,
            sms_template_id=template.id,
        )
        order_id = race.order_ids[0]
        SaleOrder = type(self.env["sale.order"])
        original = SaleOrder._sms_queue_template
        failures = []

        lock_key = "sale_work_stage.fault_lock"
        self._committed(lambda env: env["ir.config_parameter"].set_param(lock_key, "1"))
        self.addCleanup(
            self._committed,
            lambda env: env["ir.config_parameter"].set_param(lock_key, False),
        )
        lock_row = "SELECT id FROM ir_config_parameter WHERE key = %s FOR UPDATE"

        def lock_holder():
            """Another transaction holding a lock the move will ask for."""
            cr = self.registry.cursor()
            cr.execute(lock_row, (lock_key,))
            return cr

        holder = lock_holder()

        def send_then_fail(order, template):
            result = original(order, template)
            if not failures:
                failures.append(True)
                try:
                    # A real concurrency error (55P03), as Odoo meets them.
                    order.env.cr.execute(lock_row + " NOWAIT", (lock_key,))
                finally:
                    holder.rollback()
                    holder.close()
            return result

        with (
            patch.object(SaleOrder, "_sms_queue_template", send_then_fail),
            patch.object(Registry, "_lock", threading.RLock()),
            self.registry.cursor() as cr,
        ):
            env = api.Environment(cr, SUPERUSER_ID, {})
            retrying(lambda: moving(order_id, race.reserve)(env), env)

        texts = self._committed(
            lambda env: env["sms.sms"].search_count(
                [
                    ("mail_message_id.model", "=", "sale.order"),
                    ("mail_message_id.res_id", "=", order_id),
                ]
            )
        )
        holdings = self._holdings(race)
        self.assertEqual(failures, [True], "the failure was forced once")
        self.assertEqual(
            (holdings.stages[0], texts, holdings.moves[0], holdings.held[0]),
            (race.reserve, 1, 1, 1.0),
        )
        _logger.info(
            "reliability: serialization failure mid stage move, lost 0, texts 1, "
            "reservations 1"
        )
