# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    wip_location_id = fields.Many2one(
        "stock.location",
        string="Work in Progress Location",
        check_company=True,
        help="Parts taken off the shelf for the work of an order. Outside the "
        "stock location, so nothing else can reserve them.",
    )

    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get(
            "company_id", self.default_get(["company_id"])["company_id"]
        )
        values["wip_location_id"] = {
            "name": self.env._("Work in Progress"),
            "active": True,
            "usage": "internal",
            "barcode": self._valid_barcode(code + "WIP", company_id),
        }
        return values

    def _ensure_wip_location(self):
        """Give warehouses made before the addon their Work in Progress place."""
        for warehouse in self.filtered(lambda w: not w.wip_location_id):
            warehouse.wip_location_id = self.env["stock.location"].create(
                {
                    "name": self.env._("Work in Progress"),
                    "usage": "internal",
                    "location_id": warehouse.view_location_id.id,
                    "company_id": warehouse.company_id.id,
                }
            )
