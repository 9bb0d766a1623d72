# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.osv import expression

from odoo.addons.sale.controllers.portal import CustomerPortal


class WorkStageCustomerPortal(CustomerPortal):
    def _prepare_quotations_domain(self, partner):
        """A replaced revision is not among the customer's quotations: its
        newer revision is."""
        return expression.AND(
            [
                super()._prepare_quotations_domain(partner),
                [("quote_state", "!=", "amended")],
            ]
        )
