# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

SPECIAL_STAGE_DOMAIN = "['|', ('company_id', '=', False), ('company_id', '=', id)]"


class ResCompany(models.Model):
    _inherit = "res.company"

    work_stage_proposed_id = fields.Many2one(
        "sale.work.stage",
        string="Proposed & Re-scheduled Stage",
        domain=SPECIAL_STAGE_DOMAIN,
        ondelete="set null",
        help="Stage of the estimates made of work the customer declined.",
    )
    work_stage_backorder_id = fields.Many2one(
        "sale.work.stage",
        string="Back Order Stage",
        domain=SPECIAL_STAGE_DOMAIN,
        ondelete="set null",
        help="Stage of the orders waiting for parts that are out of stock.",
    )
    work_stage_print_target_id = fields.Many2one(
        "sale.work.stage",
        string="Stage After Printing a Work Order",
        domain=SPECIAL_STAGE_DOMAIN,
        ondelete="set null",
        help="Stage an order moves to when its work order is printed.",
    )

    def _get_special_work_stages(self):
        """Stages that automations move orders to: always reachable."""
        return (
            self.work_stage_proposed_id
            | self.work_stage_backorder_id
            | self.work_stage_print_target_id
        )
