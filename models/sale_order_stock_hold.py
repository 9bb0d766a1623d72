# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

from odoo import api, fields, models

from ..tools.trusted import AUTOMATION, REVISION, SKIP_STOCK_HOLD, TRUSTED, trusted

# Fields whose change can change the order's warehouse (stored, computed).
WAREHOUSE_TRIGGERS = frozenset({"warehouse_id", "user_id", "company_id"})


class SaleOrder(models.Model):
    _inherit = "sale.order"

    backorder_return_stage_id = fields.Many2one(
        "sale.work.stage",
        string="Back to Stage",
        copy=False,
        readonly=True,
        help="Stage the order goes back to when its missing parts arrive.",
    )

    stock_hold_move_ids = fields.One2many(
        "stock.move",
        compute="_compute_stock_hold_move_ids",
        string="Parts Held",
        help="Parts reserved for this quotation or taken into work in progress.",
    )
    stock_hold_count = fields.Integer(
        compute="_compute_stock_hold_move_ids",
        string="Parts Held Count",
        help="How many stock moves hold parts for this order.",
    )

    def _compute_stock_hold_move_ids(self):
        for order in self:
            moves = order.order_line.sudo().stock_hold_move_ids
            order.stock_hold_move_ids = moves
            order.stock_hold_count = len(moves)

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        if not trusted(self, REVISION):
            # A revision takes over what the revised quote holds instead.
            orders._stock_hold_in_holding_stage()._stock_hold_apply()
        return orders

    def write(self, vals):
        entering = self._work_stage_entering(vals)
        warehouses = {}
        if WAREHOUSE_TRIGGERS & vals.keys():
            # The warehouse is stored and computed from these: read it before.
            warehouses = {
                order: order.warehouse_id for order in self._stock_hold_holding()
            }
        result = super().write(vals)
        moved = self.browse(
            order.id
            for order, warehouse in warehouses.items()
            if order.warehouse_id != warehouse
        )
        if moved:
            moved._stock_hold_move_warehouse()
        if not trusted(self, SKIP_STOCK_HOLD):
            entering._stock_hold_apply()
        return result

    def unlink(self):
        # Nothing may stay held by an order that no longer exists.
        self._stock_hold_release()
        return super().unlink()

    def _action_confirm(self):
        """The delivery takes over: reserved parts go back on the shelf in
        this transaction and the delivery reserves them right away; parts in
        work in progress stay there and the delivery takes them from there."""
        in_wip = {}
        for line in self.order_line._stock_hold_lines():
            balances = line._stock_hold_wip_balances()
            if balances:
                in_wip[line] = balances
        self._stock_hold_release(keep_wip=True)
        result = super()._action_confirm()
        self.env["sale.order.line"]._stock_hold_deliver_from_wip(in_wip)
        return result

    def _action_cancel(self):
        self._stock_hold_release()
        return super()._action_cancel()

    def _stock_hold_in_holding_stage(self):
        """The orders whose stage holds stock."""
        return self.filtered(lambda o: o.work_stage_id._stock_hold_mode() != "none")

    def _stock_hold_holding(self):
        """The orders that hold parts now."""
        return self.filtered(lambda o: o.order_line.sudo().stock_hold_move_ids)

    def _stock_hold_release(self, keep_wip=False):
        """Give back everything these orders hold: reservations released and,
        unless ``keep_wip``, parts in work in progress returned to stock.
        Returns {order: chatter lines of what was given back}."""
        released = {}
        for order in self:
            notes = order.order_line._stock_hold_release(keep_wip=keep_wip)
            if notes:
                released[order] = notes
        self.filtered("backorder_return_stage_id").backorder_return_stage_id = False
        return released

    def _stock_hold_move_warehouse(self):
        """These orders changed warehouse: give back what they held in the
        old one and hold it again in the new one (short: Back order)."""
        for order, notes in self._stock_hold_release_keeping_queue().items():
            order._post_note_list(
                self.env._(
                    "Warehouse changed to %(warehouse)s: the parts held in the "
                    "previous warehouse were given back.",
                    warehouse=order.warehouse_id.name,
                ),
                notes,
            )
        self._stock_hold_apply()

    def _stock_hold_release_keeping_queue(self):
        """Release, but an order waiting for parts keeps waiting (its place
        in the queue is its stage date, which does not change)."""
        waiting = {order: order.backorder_return_stage_id for order in self}
        released = self._stock_hold_release()
        for order, stage in waiting.items():
            if stage:
                order.backorder_return_stage_id = stage
        return released

    def _stock_hold_hand_over(self, revision):
        """``revision`` takes over what this quote holds, and its place in the
        queue for missing parts; this quote holds nothing afterwards."""
        self.ensure_one()
        old_lines = self.order_line.filtered(lambda line: not line.is_downpayment)
        old_lines._stock_hold_hand_over(revision.order_line)
        revision.backorder_return_stage_id = self.backorder_return_stage_id
        self.backorder_return_stage_id = False

    def _stock_hold_may_hold(self):
        """Quotes that may hold parts: being prepared or submitted."""
        return self.filtered(
            lambda o: (
                o.state in ("draft", "sent")
                and o.quote_state in ("in_progress", "submitted")
            )
        )

    def _stock_hold_apply(self):
        """Reserve, take into work or give back the parts, as the stage says;
        short of stock, the order waits in the company's Back order stage."""
        may_hold = self._stock_hold_may_hold()
        # An expired or replaced quote holds nothing new; moved to a stage
        # that holds nothing, it gives back what it still has.
        (self.filtered(lambda o: o.state in ("draft", "sent")) - may_hold).filtered(
            lambda o: o.work_stage_id._stock_hold_mode() == "none"
        )._stock_hold_release()
        for order in may_hold:
            stage = order.work_stage_id
            backorder_stage = order.company_id.work_stage_backorder_id
            if stage == backorder_stage and order.backorder_return_stage_id:
                stage = order.backorder_return_stage_id
            elif order.backorder_return_stage_id:
                order.backorder_return_stage_id = False
            mode = stage._stock_hold_mode()
            lines = order.order_line._stock_hold_lines()
            held = lines.filtered(lambda line: line.sudo().stock_hold_move_ids)
            todo = held
            if mode != "none":
                short = (lines - held)._stock_hold_reserve_new()
                todo |= short if mode == "reserve" else (lines - held)
            if mode == "wip":
                # Parts all reserved: taken into work in one batch, as Odoo
                # validates a picking.
                ready = todo._stock_hold_ready_for_wip()
                ready._stock_hold_take_into_wip()
                todo -= ready
            missing = []
            for line in todo:
                short_qty = line._stock_hold_sync(mode)
                if short_qty > 0:
                    missing.append((line, short_qty))
            if missing:
                order._stock_hold_wait_for_parts(missing)

    def _stock_hold_wait_for_parts(self, missing):
        self.ensure_one()
        items = [
            self.env._(
                "%(product)s: %(qty)s %(uom)s missing",
                product=line.product_id.display_name,
                qty=qty,
                uom=line.product_uom.name,
            )
            for line, qty in missing
        ]
        backorder_stage = self.company_id.work_stage_backorder_id
        if backorder_stage and self.work_stage_id != backorder_stage:
            requested = self.work_stage_id
            self.with_context(**{AUTOMATION: TRUSTED, SKIP_STOCK_HOLD: TRUSTED}).write(
                {
                    "work_stage_id": backorder_stage.id,
                    "backorder_return_stage_id": requested.id,
                }
            )
            title = self.env._(
                "Not enough stock: waiting in %(stage)s, back to %(requested)s when "
                "the parts arrive. What exists is reserved.",
                stage=backorder_stage.name,
                requested=requested.name,
            )
        else:
            title = self.env._("Not enough stock: what exists is reserved.")
        self._post_note_list(title, items)

    def _stock_hold_queue_key(self):
        """Place in the queue for missing parts: since when the order waits,
        then the first revision of its quote (a revision keeps its place)."""
        self.ensure_one()
        first = self
        while first.revision_of_id:
            first = first.revision_of_id
        return self.work_stage_date, first.id

    @api.model
    def _stock_hold_serve_backorders(self, products=None):
        """First come, first served: orders waiting for parts take the stock
        that arrived and go back to the stage they came from."""
        domain = [
            ("backorder_return_stage_id", "!=", False),
            ("state", "in", ["draft", "sent"]),
        ]
        if products:
            domain.append(("order_line.product_id", "in", products.ids))
        served = self.browse()
        waiting = self.search(domain, order="work_stage_date, id").sorted(
            lambda o: o._stock_hold_queue_key()
        )
        for order in waiting:
            stage = order.backorder_return_stage_id
            mode = stage._stock_hold_mode()
            short = [
                line
                for line in order.order_line._stock_hold_lines()
                if line._stock_hold_sync(mode) > 0
            ]
            if short:
                continue
            order.with_context(**{AUTOMATION: TRUSTED, SKIP_STOCK_HOLD: TRUSTED}).write(
                {"work_stage_id": stage.id, "backorder_return_stage_id": False}
            )
            order.message_post(
                body=self.env._(
                    "The missing parts arrived: back to %(stage)s.", stage=stage.name
                ),
                subtype_xmlid="mail.mt_note",
            )
            served |= order
        return served

    @api.model
    def _cron_stock_hold_serve_backorders(self):
        served = self._stock_hold_serve_backorders()
        # Orders still waiting wait for stock, not for this job: no remaining.
        self.env["ir.cron"]._notify_progress(done=len(served), remaining=0)

    def action_view_stock_holds(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Parts Held"),
            "res_model": "stock.move",
            "view_mode": "list,form",
            "domain": [("stock_hold_line_id.order_id", "=", self.id)],
        }
