# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


# One capability of the model per file, on purpose (models/__init__.py).
class SaleOrder(models.Model):  # pylint: disable=consider-merging-classes-inherited
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
