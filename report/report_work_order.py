# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models


class ReportWorkOrder(models.AbstractModel):
    """The work order PDF, however it is printed (button or Print menu):
    printing it moves 'move on print' orders on, as seed 000 says."""

    _name = "report.sale_work_stage.report_work_order"
    _description = "Work Order Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        orders = self.env["sale.order"].browse(docids)
        orders._work_order_printed()
        return {"doc_ids": docids, "doc_model": "sale.order", "docs": orders}
