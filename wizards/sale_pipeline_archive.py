# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError


class SalePipelineArchive(models.TransientModel):
    """Archive old data: delivered and canceled orders leave the pipeline."""

    _name = "sale.pipeline.archive"
    _description = "Archive Old Customer Orders"

    before_date = fields.Date(
        string="Orders Dated Before",
        required=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(years=1),
        help="Delivered and canceled orders dated before this day are archived.",
    )

    def action_archive(self):
        self.ensure_one()
        if self.before_date > fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "Choose a day in the past: orders dated before it are archived."
                )
            )
        orders = self.env["sale.order"]._archive_pipeline(self.before_date)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s delivered or canceled orders archived.",
                    count=len(orders),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
