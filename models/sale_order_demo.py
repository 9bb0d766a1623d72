# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta
from itertools import pairwise

from odoo import Command, models
from odoo.tools import SQL


class SaleOrder(models.Model):
    """The demo's stage history: what a shop's orders have after weeks of
    work and the demo's records, made as it loads, have not."""

    _inherit = "sale.order"

    def _demo_stage_history(self):
        """Demo data: give each order the stage history of a shop's order
        made at its order date and moved stage after stage until it entered
        its current one (``work_stage_date``), the moves spread in between.
        Orders made and moved while the demo loads have none: Odoo tracks a
        record from the first commit after its creation. The Work Pipeline's
        cards, the form's stage bar, the portal's timeline and the Time in
        Stages report then read the same history."""
        self.env.flush_all()
        field = self.env["ir.model.fields"]._get(self._name, "work_stage_id")
        field_info = self.fields_get(["work_stage_id"])["work_stage_id"]
        Tracking = self.env["mail.tracking.value"]
        cr = self.env.cr
        tracked = self._stage_tracked_orders()
        for order in self:
            entry = order.work_stage_date
            path = order._demo_stage_path()
            # An hour at least in each stage before the current one.
            earliest = entry - timedelta(hours=max(len(path) - 1, 0))
            start = min(order.date_order, order.create_date, earliest)
            for old, new in pairwise(path if order not in tracked else []):
                values = Tracking._create_tracking_values(
                    old, new, "work_stage_id", field_info, order
                )
                order._message_log(tracking_value_ids=[Command.create(values)])
            self.env.flush_all()
            cr.execute(
                SQL(
                    """SELECT v.id, v.mail_message_id
                         FROM mail_tracking_value v
                         JOIN mail_message m ON m.id = v.mail_message_id
                        WHERE m.model = %s AND m.res_id = %s AND v.field_id = %s
                        ORDER BY v.id""",
                    self._name,
                    order.id,
                    field.id,
                )
            )
            moves = cr.fetchall()
            for number, (tracking_id, message_id) in enumerate(moves, 1):
                when = start + (entry - start) * number / len(moves)
                cr.execute(
                    SQL(
                        "UPDATE mail_tracking_value SET create_date = %s WHERE id = %s",
                        when,
                        tracking_id,
                    )
                )
                cr.execute(
                    SQL(
                        "UPDATE mail_message SET date = %s, create_date = %s"
                        " WHERE id = %s",
                        when,
                        when,
                        message_id,
                    )
                )
            cr.execute(
                SQL(
                    "UPDATE sale_order SET create_date = %s WHERE id = %s",
                    start,
                    order.id,
                )
            )
        self.env.invalidate_all()

    def _stage_tracked_orders(self):
        """Those of these orders that have a tracked stage move."""
        field = self.env["ir.model.fields"]._get(self._name, "work_stage_id")
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT m.res_id FROM mail_tracking_value v
                     JOIN mail_message m ON m.id = v.mail_message_id
                    WHERE m.model = %s AND m.res_id = ANY(%s) AND v.field_id = %s""",
                self._name,
                self.ids,
                field.id,
            )
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    def _demo_stage_path(self):
        """The stages a demo order went through to its current one: the
        open stages before it in sequence, past the declined-work and
        back-order stages (a back order came before the work started)."""
        self.ensure_one()
        current, company = self.work_stage_id, self.company_id
        stages = self.env["sale.work.stage"].search(
            [("company_id", "in", [False, company.id])], order="sequence, id"
        )
        aside = company.work_stage_proposed_id | company.work_stage_backorder_id
        before = stages.filtered(
            lambda s: (
                s.sequence < current.sequence
                and not s.fold
                and s not in aside
                and not (current == company.work_stage_backorder_id and s.in_production)
            )
        )
        return [*before, current] if current else []
