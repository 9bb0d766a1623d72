# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
import threading
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged

_logger = logging.getLogger(__name__)


class ParallelCase(TransactionCase):
    """Work in real, committing, parallel transactions."""

    def _committed(self, function):
        with self.registry.cursor() as cr:
            return function(api.Environment(cr, SUPERUSER_ID, {}))

    def _in_parallel(self, calls):
        """Run each ``call(env)`` in its own committing transaction, all
        starting at once, retried on serialization failures like RPC calls."""
        barrier = threading.Barrier(len(calls))
        errors = []

        def run(call):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    barrier.wait(timeout=30)
                    retrying(lambda: call(env), env)
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(repr(error))

        # Workers build environments while the test holds the registry lock.
        with patch.object(Registry, "_lock", threading.RLock()):
            threads = [threading.Thread(target=run, args=(call,)) for call in calls]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(errors)

    def _cleanup(self, stage_ids, previous, product_id, order_ids):
        def clean(env):
            orders = env["sale.order"].browse(order_ids)
            orders._stock_hold_release()
            orders.unlink()
            env.company.work_stage_backorder_id = previous
            env["sale.work.stage"].browse(stage_ids).unlink()
            env["product.product"].browse(product_id).action_archive()

        self._committed(clean)


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestStockConcurrency(ParallelCase):
    """Orders racing for the last unit, in parallel committing transactions."""

    def test_two_orders_race_for_the_last_unit(self):
        """Only one order gets the last unit; the other waits; nothing negative."""

        def setup(env):
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            warehouse._ensure_wip_location()
            stages = env["sale.work.stage"].create(
                [
                    {"name": "Race start", "sequence": 900},
                    {"name": "Race reserve", "sequence": 901, "reserve_stock": True},
                    {"name": "Race waiting", "sequence": 902, "reserve_stock": True},
                ]
            )
            previous = env.company.work_stage_backorder_id.id
            env.company.work_stage_backorder_id = stages[2]
            product = env["product.product"].create(
                {"name": "Last unit", "is_storable": True}
            )
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 1
            )
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": env.company.partner_id.id,
                        "warehouse_id": warehouse.id,
                        "work_stage_id": stages[0].id,
                        "order_line": [Command.create({"product_id": product.id})],
                    }
                    for _i in range(2)
                ]
            )
            return warehouse.id, stages.ids, previous, product.id, orders.ids

        warehouse_id, stage_ids, previous, product_id, order_ids = self._committed(
            setup
        )
        self.addCleanup(self._cleanup, stage_ids, previous, product_id, order_ids)
        self._in_parallel(
            [
                lambda env, order_id=order_id: (
                    env["sale.order"]
                    .browse(order_id)
                    .write({"work_stage_id": stage_ids[1]})
                )
                for order_id in order_ids
            ]
        )

        def check(env):
            warehouse = env["stock.warehouse"].browse(warehouse_id)
            product = env["product.product"].browse(product_id)
            orders = env["sale.order"].browse(order_ids)
            free = product.with_context(location=warehouse.lot_stock_id.id).free_qty
            reserved = sum(
                orders.order_line.stock_hold_move_ids.filtered(
                    lambda m: m.state not in ("done", "cancel")
                ).mapped("quantity")
            )
            return free, reserved, sorted(orders.work_stage_id.ids)

        free, reserved, stages = self._committed(check)
        self.assertEqual(free, 0)
        self.assertEqual(reserved, 1, "one unit, reserved once")
        self.assertEqual(stages, sorted(stage_ids[1:3]), "one reserved, one waiting")
        _logger.info("reliability: race for the last unit, free 0, reserved 1, stray 0")

    def test_same_order_moved_by_two_users(self):
        """Two users move one order at once: one state, holding what it says."""

        def setup(env):
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            warehouse._ensure_wip_location()
            stages = env["sale.work.stage"].create(
                [
                    {"name": "Same start", "sequence": 903},
                    {"name": "Same reserve", "sequence": 904, "reserve_stock": True},
                    {"name": "Same work", "sequence": 905, "in_production": True},
                ]
            )
            product = env["product.product"].create(
                {"name": "Pads", "is_storable": True}
            )
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 5
            )
            order = env["sale.order"].create(
                {
                    "partner_id": env.company.partner_id.id,
                    "warehouse_id": warehouse.id,
                    "work_stage_id": stages[0].id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 2})
                    ],
                }
            )
            return (
                warehouse.id,
                stages.ids,
                env.company.work_stage_backorder_id.id,
                product.id,
                order.id,
            )

        warehouse_id, stage_ids, previous, product_id, order_id = self._committed(setup)
        self.addCleanup(self._cleanup, stage_ids, previous, product_id, [order_id])
        self._in_parallel(
            [
                lambda env, stage_id=stage_id: (
                    env["sale.order"]
                    .browse(order_id)
                    .write({"work_stage_id": stage_id})
                )
                for stage_id in stage_ids[1:]
            ]
        )

        def check(env):
            warehouse = env["stock.warehouse"].browse(warehouse_id)
            product = env["product.product"].browse(product_id)
            order = env["sale.order"].browse(order_id)
            stock = warehouse.lot_stock_id
            return (
                order.work_stage_id.id,
                product.with_context(location=stock.id).qty_available,
                product.with_context(location=stock.id).free_qty,
                product.with_context(
                    location=warehouse.wip_location_id.id
                ).qty_available,
            )

        stage, on_hand, free, in_wip = self._committed(check)
        if stage == stage_ids[1]:
            self.assertEqual((on_hand, free, in_wip), (5, 3, 0))
        else:
            self.assertEqual(stage, stage_ids[2])
            self.assertEqual((on_hand, free, in_wip), (3, 3, 2))


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestRacesAndFaults(ParallelCase):
    """Reserve racing unreserve; a stage move that fails half-way."""

    def _setup_pair(self, env, stock_qty, **stage_values):
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        warehouse._ensure_wip_location()
        stages = env["sale.work.stage"].create(
            [
                {"name": "Fault start", "sequence": 910},
                {
                    "name": "Fault reserve",
                    "sequence": 911,
                    "reserve_stock": True,
                    **stage_values,
                },
                {"name": "Fault waiting", "sequence": 912, "reserve_stock": True},
            ]
        )
        previous = env.company.work_stage_backorder_id.id
        env.company.work_stage_backorder_id = stages[2]
        product = env["product.product"].create(
            {"name": "Contended part", "is_storable": True}
        )
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, stock_qty
        )
        customer = env["res.partner"].create(
            {"name": "Fault customer", "mobile": "+32 470 99 88 77"}
        )
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "warehouse_id": warehouse.id,
                    "work_stage_id": stages[0].id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for _i in range(2)
            ]
        )
        return warehouse.id, stages.ids, previous, product.id, orders.ids

    def _holdings(self, env, warehouse_id, product_id, order_ids):
        warehouse = env["stock.warehouse"].browse(warehouse_id)
        product = env["product.product"].browse(product_id)
        orders = env["sale.order"].browse(order_ids)
        held = [
            sum(
                order.order_line.stock_hold_move_ids.filtered(
                    lambda m: m.state not in ("done", "cancel")
                ).mapped("quantity")
            )
            for order in orders
        ]
        free = product.with_context(location=warehouse.lot_stock_id.id).free_qty
        return held, free, orders.work_stage_id.ids

    def test_reserve_races_unreserve(self):
        """One order gives back the last unit while another asks for it:
        the unit is held once at most, and each order's stage says what it
        holds."""
        warehouse_id, stage_ids, previous, product_id, order_ids = self._committed(
            lambda env: self._setup_pair(env, 1)
        )
        self.addCleanup(self._cleanup, stage_ids, previous, product_id, order_ids)
        first, second = order_ids
        self._committed(
            lambda env: (
                env["sale.order"].browse(first).write({"work_stage_id": stage_ids[1]})
            )
        )
        self._in_parallel(
            [
                lambda env: (
                    env["sale.order"]
                    .browse(first)
                    .write({"work_stage_id": stage_ids[0]})
                ),
                lambda env: (
                    env["sale.order"]
                    .browse(second)
                    .write({"work_stage_id": stage_ids[1]})
                ),
            ]
        )
        held, free, stages = self._committed(
            lambda env: self._holdings(env, warehouse_id, product_id, order_ids)
        )
        self.assertEqual(held[0], 0, "the order that left holds nothing")
        self.assertEqual(held[1] + free, 1, "the unit is either held or free")
        self.assertEqual(
            stages[1], stage_ids[1] if held[1] else stage_ids[2], "stage = holding"
        )
        _logger.info(
            "reliability: reserve racing unreserve, held %s, free %s, stray 0",
            held[1],
            free,
        )

    def test_serialization_failure_in_a_stage_move(self):
        """A stage move that reserves parts and texts the customer fails with
        a serialization error after queueing the text: Odoo retries it, and
        there is one reservation and one text, not two."""

        def setup(env):
            template = env.ref("sale_work_stage.sms_template_work_finished")
            return self._setup_pair(env, 5, send_sms=True, sms_template_id=template.id)

        _warehouse_id, stage_ids, previous, product_id, order_ids = self._committed(
            setup
        )
        self.addCleanup(self._cleanup, stage_ids, previous, product_id, order_ids)
        order_id = order_ids[0]
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
            retrying(
                lambda: (
                    env["sale.order"]
                    .browse(order_id)
                    .write({"work_stage_id": stage_ids[1]})
                ),
                env,
            )

        def check(env):
            order = env["sale.order"].browse(order_id)
            texts = env["sms.sms"].search_count(
                [
                    ("mail_message_id.model", "=", "sale.order"),
                    ("mail_message_id.res_id", "=", order_id),
                ]
            )
            holds = order.order_line.stock_hold_move_ids.filtered(
                lambda m: m.state not in ("done", "cancel")
            )
            return (
                order.work_stage_id.id,
                texts,
                len(holds),
                sum(holds.mapped("quantity")),
            )

        stage, texts, holds, held = self._committed(check)
        self.assertEqual(failures, [True], "the failure was forced once")
        self.assertEqual((stage, texts, holds, held), (stage_ids[1], 1, 1, 1.0))
        _logger.info(
            "reliability: serialization failure mid stage move, lost 0, texts 1, "
            "reservations 1"
        )
