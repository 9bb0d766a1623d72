# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleWorkStageTransfer(models.TransientModel):
    """Transfer to next step: move orders to one of their allowed next stages."""

    _name = "sale.work.stage.transfer"
    _description = "Transfer Orders to the Next Work Stage"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    allowed_stage_ids = fields.Many2many(
        "sale.work.stage", compute="_compute_allowed_stage_ids"
    )
    stage_id = fields.Many2one(
        "sale.work.stage",
        string="Next Stage",
        domain="[('id', 'in', allowed_stage_ids)]",
    )
    needs_confirmation = fields.Boolean(compute="_compute_needs_confirmation")

    @api.depends("order_ids")
    def _compute_allowed_stage_ids(self):
        for wizard in self:
            allowed = None
            # _origin: the stored stage, not one recomputed on a draft copy.
            for order in wizard.order_ids._origin:
                targets = order.allowed_work_stage_ids - order.work_stage_id
                allowed = targets if allowed is None else allowed & targets
            wizard.allowed_stage_ids = allowed or self.env["sale.work.stage"]

    @api.depends("order_ids.work_stage_id.confirm_transfer")
    def _compute_needs_confirmation(self):
        for wizard in self:
            wizard.needs_confirmation = any(
                wizard.order_ids._origin.work_stage_id.mapped("confirm_transfer")
            )

    def action_transfer(self):
        self.ensure_one()
        if not self.stage_id:
            raise UserError(self.env._("Choose the stage to move the orders to."))
        if self.stage_id not in self.allowed_stage_ids:
            raise UserError(
                self.env._(
                    "The stage “%(stage)s” is not a next step of every selected "
                    "order. Choose one of: %(allowed)s.",
                    stage=self.stage_id.name,
                    allowed=", ".join(self.allowed_stage_ids.mapped("name"))
                    or self.env._("none"),
                )
            )
        self.order_ids.write({"work_stage_id": self.stage_id.id})
        return {"type": "ir.actions.act_window_close"}
