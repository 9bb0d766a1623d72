# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A randomized shop's day with every path of an order, the books checked
after every step.

Each seed drives quotes of two jobs through stage moves, sending, job-by-job
authorizations (staff and portal, payment due or not), supplements, stock
arriving, revisions, unlocking and relocking an approved order with a
quantity change, cancelling, and Odoo's return of a delivery. After every
step: stock is conserved and what orders say they hold equals what stock
says is reserved or in work (``assertBooksBalance``), every order holding
parts is in a stage that holds them and still a quote, declined work is in
one estimate only and holds nothing, and no text is queued twice.
"""

import logging
import random
from collections import Counter

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SIGNATURE_PNG, StockHoldCommon

_logger = logging.getLogger(__name__)

STEPS = 200
SEEDS = 10


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestRandomShopDay(StockHoldCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_proposed = cls.env["sale.work.stage"].create(
            {"name": "Proposed", "sequence": 30}
        )
        cls.env.company.work_stage_proposed_id = cls.stage_proposed
        cls.stage_reserve.write(
            {"send_sms": True, "sms_template_id": cls.sms_template.id}
        )
        cls.env.ref("payment.payment_provider_demo").write(
            {"state": "test", "company_id": cls.env.company.id}
        )
        cls.stage_deposit = cls._create_reserve_stage(
            "Appointment / deposit",
            deposit_percent=30,
            after_payment_stage_id=cls.stage_wip.id,
        )
        cls.moving_stages = (
            cls.stage_intake,
            cls.stage_repair,
            cls.stage_reserve,
            cls.stage_deposit,
            cls.stage_wip,
        )

    # Steps -------------------------------------------------------------

    def _quote(self, rng):
        def section(name):
            return fields.Command.create({"display_type": "line_section", "name": name})

        def pads(qty):
            return fields.Command.create(
                {"product_id": self.pads.id, "product_uom_qty": qty}
            )

        return self._create_order(
            work_stage_id=rng.choice(self.moving_stages).id,
            require_payment=False,
            order_line=[
                section("Brakes"),
                pads(rng.randint(1, 2)),
                section("Extra"),
                pads(rng.randint(1, 2)),
            ],
        )

    def _open_quotes(self):
        return self.env["sale.order"].search(
            [
                ("state", "in", ("draft", "sent")),
                ("quote_state", "in", ("in_progress", "submitted")),
                ("work_stage_id", "in", [s.id for s in self.moving_stages]),
                ("supplement_of_id", "=", False),
            ]
        )

    def _approved(self):
        return self.env["sale.order"].search(
            [("state", "=", "sale"), ("supplement_of_id", "=", False)]
        )

    def step_new_quote(self, rng):
        return f"new quote {self._quote(rng).name}"

    def step_move(self, rng):
        quote = rng.choice(self._open_quotes() or [None])
        if not quote:
            return None
        stage = rng.choice(self.moving_stages)
        quote.write({"work_stage_id": stage.id})
        return f"moved {quote.name} to {stage.name}"

    def step_send(self, rng):
        quotes = self._open_quotes().filtered(lambda o: o.quote_state == "in_progress")
        if not quotes:
            return None
        quote = rng.choice(quotes)
        quote.action_quotation_sent()
        return f"sent {quote.name}"

    def step_authorize(self, rng):
        quotes = self._open_quotes().filtered(lambda o: o.quote_state == "submitted")
        if not quotes:
            return None
        quote = rng.choice(quotes)
        if rng.random() < 0.3:
            quote.write({"require_payment": True, "prepayment_percent": 1.0})
        jobs = quote._work_jobs()
        approved = [job.key for job in jobs if rng.random() < 0.6] or [jobs[0].key]
        method = rng.choice(("portal", "sms_link", "in_person", "phone"))
        authorization = quote._work_authorize(
            approved,
            "Jane Driver",
            method,
            signature=SIGNATURE_PNG,
            version=quote.issue_count,
        )
        return (
            f"{method} authorized {quote.name} ({quote.state}),"
            f" declined work -> {authorization.proposal_id.name or 'none'}"
        )

    def step_confirm(self, rng):
        quote = rng.choice(self._open_quotes() or [None])
        if not quote:
            return None
        quote.action_confirm()
        return f"confirmed {quote.name}"

    def step_cancel(self, rng):
        orders = self._open_quotes() | self._approved().filtered(
            lambda o: not o.picking_ids.filtered(lambda p: p.state == "done")
        )
        order = rng.choice(orders or [None])
        if not order:
            return None
        before = (order.state, order.work_stage_id.name, self._held(order))
        order._action_cancel()
        pickings = ", ".join(
            f"{p.name} {p.location_id.name} {p.state}" for p in order.picking_ids
        )
        return f"cancelled {order.name} {before} [{pickings}]"

    def step_pay_deposit(self, rng):
        quotes = self._open_quotes().filtered(
            lambda o: o.work_stage_id == self.stage_deposit and o._has_to_be_paid()
        )
        quote = rng.choice(quotes or [None])
        if not quote:
            return None
        transaction = self.env["payment.transaction"].create(
            {
                "provider_id": self.env.ref("payment.payment_provider_demo").id,
                "payment_method_id": self.env.ref(
                    "payment_demo.payment_method_demo"
                ).id,
                "amount": quote._get_prepayment_required_amount(),
                "currency_id": quote.currency_id.id,
                "partner_id": quote.partner_id.id,
                "reference": f"{quote.name}-{rng.random()}",
                "operation": "online_direct",
                "sale_order_ids": [fields.Command.set(quote.ids)],
            }
        )
        transaction.action_demo_set_done()
        transaction._post_process()
        return (
            f"deposit paid on {quote.name} ({quote.state}, {quote.work_stage_id.name})"
        )

    def step_receive(self, rng):
        qty = rng.randint(1, 3)
        self._receive(self.pads, qty)
        return f"received {qty} pads"

    def step_revise(self, rng):
        quotes = self._open_quotes().filtered(lambda o: o.quote_state == "submitted")
        if not quotes:
            return None
        quote = rng.choice(quotes)
        revision = self._revise(quote)
        return f"revised {quote.name} -> {revision.name}"

    def step_supplement(self, rng):
        order = rng.choice(self._approved() or [None])
        if not order:
            return None
        action = order.action_new_supplement()
        supplement = self.env["sale.order"].browse(action["res_id"])
        supplement.write(
            {
                "order_line": [
                    fields.Command.create(
                        {"product_id": self.pads.id, "product_uom_qty": 1}
                    )
                ]
            }
        )
        supplement.action_send_supplement()
        if rng.random() < 0.5:
            supplement.action_confirm()
        return f"supplement {supplement.name} of {order.name} ({supplement.state})"

    def step_relock(self, rng):
        orders = self._approved().filtered("locked")
        order = rng.choice(orders or [None])
        if not order:
            return None
        order.action_unlock()
        line = order.order_line.filtered("product_id")[:1]
        line.product_uom_qty += 1
        order.action_lock()
        return f"unlocked {order.name}, one more pad, locked"

    def step_deliver_and_return(self, rng):
        pickings = self._approved().picking_ids.filtered(
            lambda p: p.state == "assigned" and p.picking_type_code == "outgoing"
        )
        picking = rng.choice(pickings or [None])
        if not picking:
            return None
        picking.move_ids.quantity = 0
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True).button_validate()
        if picking.state != "done":
            return f"delivery {picking.name} not validated"
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 1
        returned = wizard.action_create_returns()
        back = self.env["stock.picking"].browse(returned["res_id"])
        back.move_ids.quantity = 1
        back.move_ids.picked = True
        back.button_validate()
        return f"delivered {picking.name}, one pad returned"

    STEPS = (
        ("step_new_quote", 3),
        ("step_move", 5),
        ("step_send", 3),
        ("step_authorize", 4),
        ("step_confirm", 1),
        ("step_pay_deposit", 2),
        ("step_cancel", 1),
        ("step_receive", 2),
        ("step_revise", 1),
        ("step_supplement", 1),
        ("step_relock", 1),
        ("step_deliver_and_return", 1),
    )

    # Checks ------------------------------------------------------------

    def assertDayHolds(self, where):
        try:
            self.assertBooksBalance()
        except AssertionError as error:
            raise AssertionError(f"{where}: {error}") from error
        orders = self.env["sale.order"].search([])
        for order in orders:
            reserved, in_work = self._held(order)
            # An order waiting for parts holds what its stage to come holds.
            mode = (
                order.backorder_return_stage_id or order.work_stage_id
            )._stock_hold_mode()
            if order.state not in ("draft", "sent") or mode == "none":
                self.assertEqual(
                    reserved,
                    0,
                    f"{where}: {order.name} ({order.state}, "
                    f"{order.work_stage_id.name}) holds {reserved} reserved",
                )
            if order.state in ("draft", "sent") and mode != "wip":
                self.assertEqual(
                    in_work,
                    0,
                    f"{where}: {order.name} ({order.work_stage_id.name}) "
                    f"holds {in_work} in work",
                )
        proposals = orders.filtered("proposed_from_id")
        for proposal in proposals:
            self.assertEqual(self._held(proposal), (0, 0), f"{where}: {proposal.name}")
        moved = proposals.order_line.filtered("product_id")
        self.assertFalse(
            moved & (orders - proposals).order_line, f"{where}: declined twice"
        )
        bodies = Counter(
            (sms.number, sms.body, sms.mail_message_id.res_id)
            for sms in self.env["sms.sms"].search([])
        )
        self.assertFalse(
            [key for key, count in bodies.items() if count > 1],
            f"{where}: a text queued twice",
        )

    def _run_day(self, seed):
        """One seed's day: STEPS random steps, the checks after each."""
        names = [name for name, weight in self.STEPS for _i in range(weight)]
        rng = random.Random(seed)
        history, refused, kinds = [], 0, Counter()
        for number in range(STEPS):
            name = rng.choice(names)
            try:
                with self.env.cr.savepoint():
                    done = getattr(self, name)(rng)
            except (UserError, ValidationError) as error:
                # A refusal changes nothing (its savepoint is undone).
                refused += 1
                done = f"{name} refused: {str(error)[:80]}"
                self.env.invalidate_all()
            if not done:
                continue
            kinds[name.removeprefix("step_")] += 1
            history.append(done)
            self.assertDayHolds(
                f"seed {seed}, step {number}: {done}\n" + "\n".join(history[-6:-1])
            )
        _logger.info(
            "reliability: random shop day, seed %s: %s steps (%s refused): %s",
            seed,
            len(history),
            refused,
            ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())),
        )
        # The day did something: most steps found an order to work on (on
        # a database with other apps' demo orders, fewer do).
        self.assertGreater(len(history), STEPS // 3)

    for _seed in range(SEEDS):
        locals()[f"test_random_shop_day_seed_{_seed}"] = lambda self, seed=_seed: (
            self._run_day(seed)
        )
    del _seed
