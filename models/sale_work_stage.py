# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleWorkStage(models.Model):
    """A step of the shop's work pipeline (estimate, appointment, work in progress...).

    Orders move between stages along ``next_stage_ids``; the flags of a stage
    say what happens to an order that enters it.
    """

    _name = "sale.work.stage"
    _description = "Work Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(
        string="Folded in Pipeline",
        help="Show this stage as a folded column in the work pipeline.",
    )
    color = fields.Integer()
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share this stage between all companies.",
    )
    document_title = fields.Char(
        translate=True,
        help="Title of the order's form and printed document in this stage, "
        "for instance Estimate or Work Order.",
    )
    warn_existing = fields.Boolean(
        string="Warn About Existing Estimates",
        help="When a customer is selected on a quotation, warn about the "
        "customer's other orders that sit in this stage.",
    )
    confirm_transfer = fields.Boolean(
        string="Ask Confirmation on Transfer",
        default=True,
        help="Ask the user to confirm before the Transfer to next step wizard "
        "moves an order out of this stage.",
    )
    reserve_stock = fields.Boolean(
        string="Reserve Parts",
        help="Orders in this stage reserve their parts in their warehouse: "
        "still on the shelf, but promised to the customer.",
    )
    in_production = fields.Boolean(
        string="Work in Progress",
        help="Orders in this stage take their parts off the shelf into the "
        "warehouse's Work in Progress location.",
    )
    move_on_print = fields.Boolean(
        string="Move When Work Order Printed",
        help="Printing the work order of an order in this stage moves it to the "
        "company's stage after printing a work order.",
    )
    approved_orders_only = fields.Boolean(
        help="Only confirmed orders may enter this stage, and only they get its "
        "text: an estimate cannot be moved to a stage that says its work is "
        "finished.",
    )
    send_sms = fields.Boolean(
        string="Send an SMS",
        help="Text the customer when an order enters this stage, for instance "
        "to say the work is finished.",
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS Template",
        domain="[('model', '=', 'sale.order')]",
        help="Text sent when an order enters this stage.",
    )
    reminder_days = fields.Integer(
        help="Send one reminder to the customer of an order still in this "
        "stage this many days after it entered it (0: no reminder).",
    )
    reminder_template_id = fields.Many2one(
        "sms.template",
        domain="[('model', '=', 'sale.order')]",
        help="Text of the reminder, e.g. your car has been ready since Monday.",
    )
    portal_visible = fields.Boolean(
        string="Show on Customer Portal",
        help="Show the customer label of this stage, and when the order entered "
        "it, on the order's page in the customer portal. The stage's own name "
        "is never shown to customers.",
    )
    portal_label = fields.Char(
        string="Customer Label",
        translate=True,
        help="What the customer reads on the portal while the order is in this "
        "stage, e.g. Your car is being repaired.",
    )
    deposit_percent = fields.Float(
        string="Deposit (%)",
        help="Entering this stage asks the customer for a deposit of this share "
        "of the quote, paid online (Odoo's payment providers), and texts them "
        "the payment link. 0: no deposit.",
    )
    deposit_sms_template_id = fields.Many2one(
        "sms.template",
        string="Deposit Request Text",
        domain="[('model', '=', 'sale.order')]",
        default=lambda self: self.env.ref(
            "sale_work_stage.sms_template_deposit_request", raise_if_not_found=False
        ),
        help="The text with the payment link sent when an order enters this stage.",
    )
    after_payment_stage_id = fields.Many2one(
        "sale.work.stage",
        string="Stage After Payment",
        check_company=True,
        help="Where an order of this stage moves when its deposit is paid.",
    )
    block_waiting_supplement = fields.Boolean(
        string="No Waiting Supplement",
        help="An order moves into this stage only when none of its supplements "
        "(extra work found during the job) waits for the customer's "
        "authorization.",
    )
    next_stage_ids = fields.Many2many(
        "sale.work.stage",
        "sale_work_stage_transition_rel",
        "stage_id",
        "next_stage_id",
        string="Allowed Next Stages",
        check_company=True,
        help="The stages an order in this stage may move to. Leave empty to "
        "allow every stage.",
    )
    order_count = fields.Integer(compute="_compute_order_count", string="Orders")

    def _compute_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("work_stage_id", "in", self.ids)], ["work_stage_id"], ["__count"]
            )
        )
        for stage in self:
            stage.order_count = counts.get(stage, 0)

    @api.constrains("portal_visible", "portal_label")
    def _check_portal_label(self):
        for stage in self:
            if stage.portal_visible and not (stage.portal_label or "").strip():
                raise ValidationError(
                    self.env._(
                        "Stage %(name)s is shown on the customer portal: give it "
                        "a customer label, the words the customer reads there.",
                        name=stage.name,
                    )
                )

    @api.constrains("deposit_percent")
    def _check_deposit_percent(self):
        for stage in self:
            if not 0 <= stage.deposit_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "The deposit of stage %(name)s must be a percentage "
                        "between 0 and 100.",
                        name=stage.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_by_orders(self):
        # sudo: the check must see the orders of every salesperson and company,
        # not only those the stage manager may read.
        used = (
            self.env["sale.order"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([("work_stage_id", "in", self.ids)], ["work_stage_id"])
        )
        if used:
            names = ", ".join(stage.name for (stage,) in used)
            raise UserError(
                self.env._(
                    "The stage(s) %(names)s still hold orders and cannot be "
                    "deleted. Archive them instead, or move their orders first.",
                    names=names,
                )
            )

    def _stock_hold_mode(self):
        """What orders in this stage hold: "wip" (parts taken into work in
        progress), "reserve" (parts reserved) or "none"."""
        if len(self) > 1:
            raise ValueError(f"Expected a single stage, got {self}")
        if self.in_production:
            return "wip"
        if self.reserve_stock:
            return "reserve"
        return "none"

    def _allowed_next_stages(self, company):
        """Stages an order of ``company`` in this stage may move to."""
        self.ensure_one()
        targets = self.next_stage_ids or self.search([])
        return (
            targets.filtered(lambda s: not s.company_id or s.company_id == company)
            - self
        )

    def _refused_orders(self, orders):
        """The ``orders`` that may not be in this stage."""
        self.ensure_one()
        if not self.approved_orders_only:
            return orders.browse()
        return orders.filtered(lambda o: o.state != "sale")

    def action_view_orders(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_work_stage.sale_order_action_work_pipeline"
        )
        action["domain"] = [("work_stage_id", "=", self.id)]
        return action
