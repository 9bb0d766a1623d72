# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class SaleOrder(models.Model):
    """What the customer may do on the portal: only the latest revision is
    signed, paid or edited; a locked quote is what the customer received."""

    _inherit = "sale.order"

    def _has_to_be_signed(self):
        return super()._has_to_be_signed() and self.quote_state != "amended"

    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and self.quote_state != "amended"

    def _can_be_edited_on_portal(self):
        # Defined by sale_management (optional products, quantities); only
        # called where it is installed.
        return super()._can_be_edited_on_portal() and not self.quote_locked

    def _get_latest_revision(self):
        """The newest revision of this quote (itself when it is the newest)."""
        self.ensure_one()
        latest = self
        while latest.next_revision_id:
            latest = latest.next_revision_id
        return latest

    def _work_stage_entries(self):
        """When this order entered each of its work stages, oldest first, as
        [(stage, datetime)].

        Read from Odoo's own record of the stage moves, the tracking values of
        ``work_stage_id`` (as ``mail.tracking.duration.mixin`` does): the stage
        an order was created in was entered at its creation, each move entered
        its new stage. Stages deleted since are left out.
        """
        self.ensure_one()
        field = self.env["ir.model.fields"]._get(self._name, "work_stage_id")
        # sudo: tracking values are readable by administrators only; nothing
        # but stages and dates leaves this method.
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search_fetch(
                [
                    ("field_id", "=", field.id),
                    ("mail_message_id.model", "=", self._name),
                    ("mail_message_id.res_id", "=", self.id),
                ],
                ["old_value_integer", "new_value_integer", "create_date"],
                order="create_date, id",
            )
        )
        first = trackings[:1].old_value_integer or self.work_stage_id.id
        entries = [(first, self.create_date)]
        entries += [(t.new_value_integer, t.create_date) for t in trackings]
        Stage = self.env["sale.work.stage"]
        stages = Stage.browse({sid for sid, _date in entries if sid}).exists()
        return [
            (stages.browse(sid).with_prefetch(stages._prefetch_ids), date)
            for sid, date in entries
            if sid in stages.ids
        ]

    def _portal_work_stage(self):
        """The stage the customer sees on the portal: the order's stage when it
        is shown there, else none."""
        self.ensure_one()
        stage = self.work_stage_id
        return stage if stage.portal_visible else stage.browse()

    def _portal_work_stage_timeline(self):
        """When the order entered the stages shown on the portal, oldest first,
        as [(stage, datetime)]. Stages not shown there are left out; entering
        again the step the customer last saw (same customer label) is not a
        new step for the customer."""
        timeline = []
        for stage, date in self._work_stage_entries():
            if not stage.portal_visible:
                continue
            if timeline and timeline[-1][0].portal_label == stage.portal_label:
                continue
            timeline.append((stage, date))
        return timeline
