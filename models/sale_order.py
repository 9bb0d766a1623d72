# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools.chatter import note_list
from ..tools.install_columns import add_column_with_value, precreate_columns
from ..tools.trusted import AUTOMATION, INTERNAL_WRITE, NEW_ORDER, TRUSTED, trusted


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "mail.tracking.duration.mixin"]
    _track_duration_field = "work_stage_id"

    work_stage_id = fields.Many2one(
        "sale.work.stage",
        compute="_compute_work_stage_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        copy=False,
        # Deleting a used stage is refused by the stage's own ondelete check;
        # "set null" only lets the addon's uninstall remove its stages.
        ondelete="set null",
        group_expand="_read_group_expand_full",
        check_company=True,
    )

    # Stored computed fields the install hook fills for existing orders, in
    # sets and untracked (``existing_orders.py``), instead of Odoo's compute
    # of each order as it makes the column.
    _install_computed_fields = (
        "work_stage_id",
        "pipeline_status",
        "booking_alert",
        "quote_to",
        "invoiced_percent",
        "invoicing_progress",
        "paid_percent",
        "payment_progress",
    )

    def _auto_init(self):
        """Make the addon's columns of existing orders as a whole, where Odoo
        would fill or compute them one column, or one order, at a time."""
        precreate_columns(self, self._install_computed_fields)
        # The same value in every existing order: no row written.
        add_column_with_value(self, "proposal_accepted_rate", 0.0)
        add_column_with_value(self, "revision_number", 0)
        if precreate_columns(self, ("quote_state", "quote_date", "work_stage_date")):
            # Older orders: their quote follows Odoo's state, dated the day
            # of the order, not the install day; they are in the stage they
            # are placed in since then too (what the Time in Stages report
            # and the form's stage bar read without a stage history).
            self.env.cr.execute(
                SQL(
                    """UPDATE sale_order SET quote_date = date_order::date,
                              work_stage_date = date_order,
                              quote_state = CASE state
                                  WHEN 'sale' THEN 'approved'
                                  WHEN 'cancel' THEN 'cancelled'
                                  WHEN 'sent' THEN 'submitted'
                                  ELSE 'in_progress' END"""
                )
            )
        return super()._auto_init()

    allowed_work_stage_ids = fields.Many2many(
        "sale.work.stage",
        compute="_compute_allowed_work_stage_ids",
        string="Allowed Work Stages",
        help="The stages this order may move to from its current stage.",
    )

    document_title = fields.Char(
        compute="_compute_document_title",
        help="Title of the document in the order's work stage.",
    )

    work_stage_date = fields.Datetime(
        string="In Stage Since",
        copy=False,
        readonly=True,
        default=fields.Datetime.now,
        help="When the order entered its current work stage.",
    )

    warn_existing_order_ids = fields.Many2many(
        "sale.order",
        compute="_compute_warn_existing_order_ids",
        string="Customer's Other Estimates",
        help="Other orders of this customer in stages that warn about "
        "existing estimates.",
    )

    @api.depends("company_id")
    def _compute_work_stage_id(self):
        first_stage_by_company = {}
        for order in self:
            stage = order.work_stage_id or order._origin.work_stage_id
            if stage and stage.company_id and stage.company_id != order.company_id:
                stage = self.env["sale.work.stage"]
            if not stage:
                company = order.company_id
                if company not in first_stage_by_company:
                    first_stage_by_company[company] = self.env[
                        "sale.work.stage"
                    ].search(
                        [("company_id", "in", [False, company.id])],
                        limit=1,
                    )
                stage = first_stage_by_company[company]
            order.work_stage_id = stage

    @api.depends("work_stage_id", "company_id", "state")
    def _compute_allowed_work_stage_ids(self):
        # Cards of a kanban column share their stage: work it out, and
        # assign it, once per stage and company.
        groups = defaultdict(list)
        for order in self:
            confirmed = order.state == "sale"
            groups[order.work_stage_id, order.company_id, confirmed].append(order)
        for (stage, company, confirmed), orders in groups.items():
            allowed = (
                stage._allowed_next_stages(company) | stage
                if stage
                else self.env["sale.work.stage"].search(
                    [("company_id", "in", [False, company.id])]
                )
            )
            # Offered are the stages the order may enter (_check_work_stage_approved).
            if confirmed:
                allowed -= company.work_stage_proposed_id - stage
            else:
                allowed -= allowed.filtered("approved_orders_only") - stage
            self.browse().concat(*orders).allowed_work_stage_ids = allowed

    @api.depends("work_stage_id.document_title", "state")
    def _compute_document_title(self):
        for order in self:
            if order.work_stage_id.document_title:
                order.document_title = order.work_stage_id.document_title
            elif order.state == "sale":
                order.document_title = self.env._("Work Order")
            else:
                order.document_title = self.env._("Estimate")

    @api.depends("partner_id", "work_stage_id", "work_asset_id")
    def _compute_warn_existing_order_ids(self):
        """Other orders of the same asset or, without one, of the same
        customer (contacts of a company count) in warning stages."""
        with_asset = self.filtered("work_asset_id")
        with_asset._assign_warn_existing(
            [("work_asset_id", "in", with_asset.work_asset_id.ids)],
            lambda order: order.work_asset_id,
        )
        by_customer = self - with_asset
        by_customer._assign_warn_existing(
            [
                (
                    "partner_id",
                    "child_of",
                    by_customer.partner_id.commercial_partner_id.ids,
                )
            ],
            lambda order: order.partner_id.commercial_partner_id,
        )

    def _assign_warn_existing(self, domain, key):
        candidates = self.browse()
        if self and key(self):
            candidates = self.search(
                expression.AND(
                    [
                        domain,
                        [
                            ("work_stage_id.warn_existing", "=", True),
                            ("state", "!=", "cancel"),
                            # A replaced revision is reference only.
                            ("quote_state", "!=", "amended"),
                            # A supplement is part of its order, not an estimate.
                            ("supplement_of_id", "=", False),
                        ],
                    ]
                )
            )
        for order in self:
            order.warn_existing_order_ids = candidates.filtered(
                lambda other, order=order: (
                    key(other) == key(order)
                    and other.id != order._origin.id
                    # The work this order put off is its own offshoot.
                    and not (order._origin and other.proposed_from_id == order._origin)
                    and other != order.proposed_from_id
                )
            )

    @api.onchange("partner_id", "work_asset_id")
    def _onchange_partner_id_warn_existing_orders(self):
        if not self.warn_existing_order_ids:
            return None
        lines = "\n".join(
            f"- {order.name} ({order.work_stage_id.name})"
            for order in self.warn_existing_order_ids
        )
        return {
            "warning": {
                "title": self.env._("This customer has existing estimates"),
                "message": self.env._(
                    "%(customer)s already has these orders in progress:\n%(orders)s",
                    customer=self.partner_id.commercial_partner_id.display_name,
                    orders=lines,
                ),
            }
        }

    @api.model_create_multi
    def create(self, vals_list):
        # Lines created with their order are not logged as changes to it.
        orders = super(SaleOrder, self.with_context(**{NEW_ORDER: TRUSTED})).create(
            vals_list
        )
        return orders.with_env(self.env)

    def write(self, vals):
        """Check the stage move and stamp when the order entered its stage;
        the capability files hold what entering a stage sets off."""
        if "work_stage_id" in vals:
            self._check_work_stage_transition(
                self.env["sale.work.stage"].browse(vals["work_stage_id"])
            )
        if self._work_stage_entering(vals):
            vals = {**vals, "work_stage_date": fields.Datetime.now()}
        return super().write(vals)

    def _write_as_automation(self, vals):
        """Write ``vals`` as the addon's automations do: a stage move outside
        the stages' transitions is allowed (demo data, parts arrived). Private,
        so no RPC client can call it."""
        return self.with_context(**{AUTOMATION: TRUSTED}).write(vals)

    def _write_internal(self, vals):
        """Write ``vals`` as the addon's own code does: fields of a locked
        quote included (demo data, imports by the shop's administrator).
        Private, so no RPC client can call it."""
        return self.with_context(**{INTERNAL_WRITE: TRUSTED}).write(vals)

    def _work_stage_entering(self, vals):
        """The orders that ``vals`` moves into another work stage."""
        if not vals.get("work_stage_id"):
            return self.browse()
        return self.filtered(lambda o: o.work_stage_id.id != vals["work_stage_id"])

    def _log_line_changes(self, changes):
        """Log line additions, changes and removals of a quotation."""
        self.ensure_one()
        if trusted(self, NEW_ORDER) or self.state not in (
            "draft",
            "sent",
        ):
            return
        self._post_note_list(None, changes)

    def _get_list_records_action(self, name):
        """Open these orders: the form of one, the list of several."""
        action = self._get_records_action(name=name)
        if len(self) > 1:
            action.update(
                {"view_mode": "list,form", "views": [(False, "list"), (False, "form")]}
            )
        return action

    def _post_note_list(self, title, items):
        """Post an internal note: a title and a bulleted list of ``items``."""
        self.ensure_one()
        return self.message_post(
            body=note_list(title, items), subtype_xmlid="mail.mt_note"
        )

    def _check_work_stage_transition(self, new_stage):
        """Refuse a move outside the current stages' transitions, and an
        unconfirmed order's move into a stage for approved orders only.

        The addon's own automations (back order, parts arrived, work order
        printed, deposit paid) may move an order to any stage: they mark
        their writes with a value no client can send (``tools.trusted``).
        """
        self._check_work_stage_approved(new_stage)
        if trusted(self, AUTOMATION):
            return
        for order in self:
            current = order.work_stage_id
            if not new_stage and current:
                raise UserError(
                    self.env._(
                        "Order %(order)s must stay in a work stage: choose the "
                        "stage to move it to instead of clearing it.",
                        order=order.name,
                    )
                )
            if not current or current == new_stage or not current.next_stage_ids:
                continue
            if new_stage in current.next_stage_ids:
                continue
            raise UserError(
                self.env._(
                    "Order %(order)s is in stage “%(stage)s” and cannot move to "
                    "“%(new_stage)s”. Allowed next stages: %(allowed)s.",
                    order=order.name,
                    stage=current.name,
                    new_stage=new_stage.name,
                    allowed=", ".join(
                        order.allowed_work_stage_ids.filtered(
                            lambda s, current=current: s != current
                        ).mapped("name")
                    ),
                )
            )

    def _check_work_stage_approved(self, new_stage):
        """A stage for approved orders only takes confirmed orders alone; the
        company's Proposed & Re-scheduled stage holds estimates alone."""
        confirmed = self.filtered(
            lambda o: (
                o.state == "sale"
                and new_stage
                and new_stage == o.company_id.work_stage_proposed_id
                and o.work_stage_id != new_stage
            )
        )
        if confirmed:
            raise UserError(
                self.env._(
                    "%(orders)s cannot move to “%(stage)s”: that stage holds "
                    "estimates of work the customer has not approved, and "
                    "these orders are confirmed. To put off part of the work, "
                    "use Reschedule Declined Work in the order's action menu.",
                    orders=", ".join(confirmed.mapped("name")),
                    stage=new_stage.name,
                )
            )
        refused = new_stage and new_stage._refused_orders(
            self.filtered(lambda o: o.work_stage_id != new_stage)
        )
        if refused:
            raise UserError(
                self.env._(
                    "%(orders)s cannot move to “%(stage)s”: that stage is for "
                    "approved orders only. Confirm the order first (the "
                    "customer's authorization, or Confirm).",
                    orders=", ".join(refused.mapped("name")),
                    stage=new_stage.name,
                )
            )

    def action_open_work_stage_transfer(self):
        """Open the Transfer to next step wizard on these orders."""
        # Refuse here, not in the wizard: RPC may call this on any ids.
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Transfer to Next Step"),
            "res_model": "sale.work.stage.transfer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def action_view_warn_existing_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_work_stage.sale_order_action_work_pipeline"
        )
        action.update(
            {
                "name": self.env._("Existing Estimates"),
                "domain": [("id", "in", self.warn_existing_order_ids.ids)],
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
        )
        return action

    def action_print_work_order(self):
        """Print the work order; orders of 'move on print' stages move on."""
        self._work_order_printed()
        return self.env.ref("sale_work_stage.action_report_work_order").report_action(
            self
        )

    def _work_order_printed(self):
        """The work order of these orders was printed (button or Print menu):
        orders in a 'move on print' stage go to the company's print target."""
        to_move = self.filtered(
            lambda o: (
                o.work_stage_id.move_on_print
                and o.company_id.work_stage_print_target_id
                and o.work_stage_id != o.company_id.work_stage_print_target_id
            )
        )
        for company, orders in to_move.grouped("company_id").items():
            target = company.work_stage_print_target_id
            # An estimate's work order is printed too: it stays where it is.
            orders -= target._refused_orders(orders)
            orders._write_as_automation({"work_stage_id": target.id})
