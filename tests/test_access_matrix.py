# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging

from odoo import api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import WorkStageCommon

_logger = logging.getLogger(__name__)

USERS = ("own", "all", "manager", "stage_manager", "portal", "other_company")
# Who may do what to an order of another salesperson of the company:
# Odoo's own rules (own documents / all documents / administrator), the
# addon's (stages are configured by work-stage managers) and companies.
READERS = {"all", "manager"}
EXPECTED = {
    "read": READERS,
    "write": READERS,
    "stage move": READERS,
    "create order": {"own", "all", "manager", "stage_manager"},
    "unlink": {"manager"},
    "create stage": {"manager", "stage_manager"},
    "write stage": {"manager", "stage_manager"},
    "unlink stage": {"manager", "stage_manager"},
    # Each manager archives the old orders of the companies he works in.
    "archive old data": {"manager", "other_company"},
}
# Every public method of the addon on sale.order, as RPC calls them.
PUBLIC_METHODS = (
    "action_confirm_customer_receipt",
    "action_new_revision",
    "action_open_reschedule",
    "action_open_work_stage_transfer",
    "action_print_work_order",
    "action_quotation_sent",
    "action_send_sms",
    "action_view_proposals",
    "action_view_revisions",
    "action_view_warn_existing_orders",
    "action_view_stock_holds",
)


# Public methods of the addon's other models, on records of company A, and
# who may read those records.
COMPANY_A_USERS = {"own", "all", "manager", "stage_manager"}
OTHER_PUBLIC_METHODS = (
    ("sale.work.stage", "action_view_orders"),
    ("sale.work.asset", "action_view_orders"),
    ("sale.work.asset", "action_view_proposals"),
)


class Rollback(Exception):
    """Undo what an attempt did, whatever it did."""


@tagged("post_install", "-at_install", "sale_work_stage_reliability")
class TestAccessMatrix(WorkStageCommon):
    """Salesman (own, all), sales manager, work-stage manager, portal user and
    a user of another company against an order of another salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_b = cls.env["res.company"].create({"name": "Other Garage"})
        cls.users = {
            "own": cls.salesman,
            "all": new_test_user(
                cls.env,
                login="ws_all",
                groups="sales_team.group_sale_salesman_all_leads",
            ),
            "manager": cls.sales_manager,
            "stage_manager": new_test_user(
                cls.env,
                login="ws_stage_manager",
                groups="sales_team.group_sale_salesman,"
                "sale_work_stage.group_work_stage_manager",
            ),
            "portal": new_test_user(
                cls.env, login="ws_portal", groups="base.group_portal"
            ),
            "other_company": new_test_user(
                cls.env,
                login="ws_other_company",
                groups="sales_team.group_sale_manager",
                company_id=company_b.id,
                company_ids=[Command.set(company_b.ids)],
            ),
        }
        cls.theirs = cls._create_order(user_id=cls.sales_manager.id)
        cls.stage_of_a = cls.env["sale.work.stage"].create(
            {"name": "Garage A only", "company_id": cls.env.company.id}
        )
        cls.records_of_a = {
            "sale.work.stage": cls.stage_of_a,
            "sale.work.asset": cls.env["sale.work.asset"].create(
                {
                    "name": "Van",
                    "reference": "AB-123-CD",
                    "partner_id": cls.customer.id,
                    "company_id": cls.env.company.id,
                }
            ),
        }
        cls.mine = cls._create_order()

    def _attempt(self, user, operation):
        """Whether ``user`` may do ``operation(env)``; undone either way."""
        env = self.env(user=self.users[user])
        try:
            with self.env.cr.savepoint():
                operation(env)
                env.flush_all()
                raise Rollback
        except Rollback:
            return True
        except AccessError:
            return False
        except (UserError, ValidationError):
            # Refused for a business reason: the user got that far (and
            # may have read the message about the record).
            return True
        finally:
            self.env.invalidate_all()

    def _fresh(self, env, model, theirs=False):
        """A new record of company A, made by the administrator, in ``env``."""
        if theirs:
            record = self._create_order(user_id=self.sales_manager.id)
        else:
            record = self.env[model].create(
                {"name": "Unused", "company_id": self.env.company.id}
            )
        return record.with_env(env)

    def _operations(self):
        order = self.theirs.id
        stage = self.stage_of_a.id
        return {
            "read": lambda env: env["sale.order"].browse(order).read(["name"]),
            "write": lambda env: (
                env["sale.order"].browse(order).write({"client_order_ref": "changed"})
            ),
            "stage move": lambda env: (
                env["sale.order"]
                .browse(order)
                .write({"work_stage_id": self.stage_repair.id})
            ),
            "create order": lambda env: env["sale.order"].create(
                {"partner_id": self.customer.id, "company_id": self.env.company.id}
            ),
            # Unlinked records are made afresh: an unlink undone by a
            # savepoint leaves the ORM believing they are gone.
            "unlink": lambda env: self._fresh(env, "sale.order", theirs=True).unlink(),
            "create stage": lambda env: env["sale.work.stage"].create(
                {"name": "New stage", "company_id": self.env.company.id}
            ),
            "write stage": lambda env: (
                env["sale.work.stage"].browse(stage).write({"name": "Renamed"})
            ),
            "unlink stage": lambda env: self._fresh(env, "sale.work.stage").unlink(),
            "archive old data": lambda env: (
                env["sale.pipeline.archive"].create({}).action_archive()
            ),
        }

    def test_access_matrix(self):
        unexpected_allows, unexpected_denials, tried = [], [], 0
        for name, operation in self._operations().items():
            for user in USERS:
                allowed = self._attempt(user, operation)
                tried += 1
                expected = user in EXPECTED[name]
                if allowed and not expected:
                    unexpected_allows.append((user, name))
                elif expected and not allowed:
                    unexpected_denials.append((user, name))
        for method in PUBLIC_METHODS:
            for user in USERS:
                allowed = self._attempt(
                    user,
                    lambda env, method=method: api.call_kw(
                        env["sale.order"], method, [self.theirs.ids], {}
                    ),
                )
                tried += 1
                if allowed and user not in READERS:
                    unexpected_allows.append((user, method))
        for model, method in OTHER_PUBLIC_METHODS:
            record = self.records_of_a[model]
            for user in USERS:
                allowed = self._attempt(
                    user,
                    lambda env, model=model, method=method, record=record: api.call_kw(
                        env[model], method, [record.ids], {}
                    ),
                )
                tried += 1
                if allowed and user not in COMPANY_A_USERS:
                    unexpected_allows.append((user, f"{model}.{method}"))
                elif not allowed and user in COMPANY_A_USERS:
                    unexpected_denials.append((user, f"{model}.{method}"))
        _logger.info(
            "access matrix: %s attempts, %s unexpected allows, %s unexpected denials",
            tried,
            len(unexpected_allows),
            len(unexpected_denials),
        )
        self.assertEqual(unexpected_allows, [], "\n".join(map(str, unexpected_allows)))
        self.assertEqual(unexpected_denials, [])

    def test_kanban_totals_only_count_readable_orders(self):
        """A salesman's pipeline totals add up only the orders he may read."""
        Order = self.env["sale.order"].with_user(self.salesman)
        groups = Order.web_read_group(
            [], ["amount_total:sum"], ["work_stage_id"], lazy=True
        )["groups"]
        readable = Order.search([])
        self.assertNotIn(self.theirs, readable)
        self.assertEqual(
            sum(group["work_stage_id_count"] for group in groups), len(readable)
        )
        self.assertAlmostEqual(
            sum(group["amount_total"] for group in groups),
            sum(readable.mapped("amount_total")),
        )
