# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.trusted import INTERNAL_WRITE, TRUSTED


class SaleOrder(models.Model):
    """Extra work found during a job: a supplement, its own quote linked to
    the approved order, sent by text and e-mail for the customer to
    authorize like any quote; the approved order stays as approved."""

    _inherit = "sale.order"

    supplement_of_id = fields.Many2one(
        "sale.order",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The approved order this quote adds work to.",
    )
    supplement_ids = fields.One2many(
        "sale.order", "supplement_of_id", string="Supplements", readonly=True
    )
    supplement_count = fields.Integer(compute="_compute_supplement_state")
    supplement_waiting = fields.Boolean(
        compute="_compute_supplement_state",
        help="A supplement of this order waits for the customer's authorization.",
    )
    supplement_sent_on = fields.Datetime(
        copy=False,
        readonly=True,
        help="When the supplement's link was last sent to the customer.",
    )

    @api.depends("supplement_ids.state", "supplement_ids.quote_state")
    def _compute_supplement_state(self):
        for order in self:
            supplements = order.supplement_ids
            order.supplement_count = len(supplements)
            order.supplement_waiting = any(
                supplement._supplement_is_waiting() for supplement in supplements
            )

    def _supplement_is_waiting(self):
        self.ensure_one()
        return self.state in ("draft", "sent") and self.quote_state in (
            "in_progress",
            "submitted",
        )

    def _supplement_link_expires_on(self):
        """When the link sent for this supplement stops being valid, or None."""
        self.ensure_one()
        if not self.supplement_of_id or not self.supplement_sent_on:
            return None
        return self.supplement_sent_on + timedelta(
            days=self.company_id.supplement_link_days
        )

    def _supplement_link_expired(self):
        expires_on = self._supplement_link_expires_on()
        return bool(expires_on and fields.Datetime.now() > expires_on)

    def _work_authorization_refusal(self, version=None):
        refusal = super()._work_authorization_refusal(version)
        if refusal or not self._supplement_link_expired():
            return refusal
        return self.env._(
            "This request expired on %(date)s. Please call %(contact)s.",
            date=fields.Date.to_string(self._supplement_link_expires_on().date()),
            contact=self._work_shop_contact(),
        )

    def _has_to_be_signed(self):
        return super()._has_to_be_signed() and not self._supplement_link_expired()

    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and not self._supplement_link_expired()

    def write(self, vals):
        if vals.get("work_stage_id"):
            self._supplement_check_stage(
                self.env["sale.work.stage"].browse(vals["work_stage_id"])
            )
        return super().write(vals)

    def _supplement_check_stage(self, stage):
        """A stage may wait for every supplement to be authorized or dropped."""
        if not stage.block_waiting_supplement:
            return
        waiting = self.filtered(
            lambda o: o.work_stage_id != stage and o.supplement_waiting
        )
        if waiting:
            raise UserError(
                self.env._(
                    "%(orders)s has a supplement waiting for the customer's "
                    "authorization (%(supplements)s), and stage %(stage)s waits "
                    "for it. Have it authorized, or cancel it, first.",
                    orders=", ".join(waiting.mapped("name")),
                    supplements=", ".join(
                        waiting.supplement_ids.filtered(
                            lambda s: s._supplement_is_waiting()
                        ).mapped("name")
                    ),
                    stage=stage.name,
                )
            )

    def _prepare_supplement_values(self):
        """Values of a new supplement of this order (hook for other modules)."""
        return {
            **self._prepare_related_quote_values(),
            "fiscal_position_id": self.fiscal_position_id.id,
            "warehouse_id": self.warehouse_id.id,
            "supplement_of_id": self.id,
            "require_signature": True,
            "require_payment": False,
        }

    def action_new_supplement(self):
        """Add the work found during the job as a supplement and open it."""
        self.ensure_one()
        self.check_access("write")
        if self.state != "sale":
            raise UserError(
                self.env._(
                    "%(order)s is not an approved order: add the work to the "
                    "quote itself.",
                    order=self.name,
                )
            )
        supplement = self.create(self._prepare_supplement_values())
        self.message_post(
            body=self.env._("Supplement %(name)s started.", name=supplement.name),
            subtype_xmlid="mail.mt_note",
        )
        return supplement._get_records_action(name=self.env._("Supplement"))

    def action_view_supplements(self):
        self.ensure_one()
        return self.supplement_ids._get_list_records_action(self.env._("Supplements"))

    def action_send_supplement(self):
        """Send the supplement to the customer: issued (its PDF kept), e-mailed
        with Odoo's quotation e-mail, and texted with the link to authorize it
        through the company's SMS provider. The link is valid for the
        company's number of days."""
        for supplement in self:
            if not supplement.supplement_of_id:
                raise UserError(
                    self.env._(
                        "%(order)s is not a supplement of an approved order.",
                        order=supplement.name,
                    )
                )
            if not supplement._supplement_is_waiting():
                raise UserError(
                    self.env._(
                        "%(order)s is no longer waiting for the customer: it "
                        "cannot be sent.",
                        order=supplement.name,
                    )
                )
            if not supplement.order_line.filtered(lambda line: not line.display_type):
                raise UserError(
                    self.env._(
                        "Add the work found to %(order)s before sending it.",
                        order=supplement.name,
                    )
                )
            if supplement.quote_state == "in_progress":
                supplement.action_quotation_sent()
            supplement.with_context(**{INTERNAL_WRITE: TRUSTED}).write(
                {"supplement_sent_on": fields.Datetime.now()}
            )
            template = supplement._find_mail_template()
            if template and supplement.partner_id.email:
                supplement.message_post_with_source(
                    template,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    email_layout_xmlid=(
                        "mail.mail_notification_layout_with_responsible_signature"
                    ),
                )
            supplement._sms_queue_template(
                self.env.ref("sale_work_stage.sms_template_supplement")
            )
        # An action, not True: the action menu's server action returns it.
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Sent to the customer: %(orders)s.",
                    orders=", ".join(self.mapped("name")),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
