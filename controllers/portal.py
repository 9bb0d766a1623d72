# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import binascii

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
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

    @http.route(
        ["/my/orders/<int:order_id>/authorize"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_work_authorize(
        self,
        order_id,
        access_token=None,
        name=None,
        signature=None,
        approved_jobs=None,
        version=None,
        via=None,
    ):
        """The customer's authorization of a quote's jobs, signed once.

        Refused with a sentence for the customer and nothing stored (a
        savepoint wraps the whole of it); a second submit of the same form
        finds the first authorization and is refused as already given.
        """
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return {"error": _("This link is not valid. Ask the shop for a new one.")}
        try:
            keys = [int(key) for key in approved_jobs or []]
            version = int(version) if version is not None else None
        except (TypeError, ValueError):
            return {"error": _("This form is not valid. Reload the page.")}
        try:
            with request.env.cr.savepoint():
                order_sudo._work_authorize(
                    keys,
                    name,
                    "sms_link" if via == "sms" else "portal",
                    signature=signature,
                    ip_address=request.httprequest.remote_addr,
                    version=version,
                )
        except UserError as error:
            return {"error": error.args[0]}
        except (TypeError, binascii.Error):
            return {"error": _("Invalid signature data.")}
        query_string = "&message=sign_ok"
        if order_sudo._work_payment_due():
            query_string += "&allow_payment=yes"
        return {
            "force_refresh": True,
            "redirect_url": order_sudo.get_portal_url(query_string=query_string),
        }
