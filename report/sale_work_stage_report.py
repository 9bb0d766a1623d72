# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models, tools
from odoo.tools import SQL


class SaleWorkStageReport(models.Model):
    """Each stay of an order in a work stage, read from the chatter tracking.

    The stage moves are Odoo's own tracking values of ``work_stage_id``; this
    view turns them into stays so that pivot and graph views give the average
    time per stage and show where orders pile up.
    """

    _name = "sale.work.stage.report"
    _description = "Work Stage Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date_in desc"

    order_id = fields.Many2one("sale.order", readonly=True)
    stage_id = fields.Many2one("sale.work.stage", readonly=True)
    next_stage_id = fields.Many2one("sale.work.stage", string="Moved To", readonly=True)
    moved_by_id = fields.Many2one("res.partner", readonly=True)
    date_in = fields.Datetime(string="Entered", readonly=True)
    date_out = fields.Datetime(string="Left", readonly=True)
    duration_days = fields.Float(
        string="Days in Stage", aggregator="avg", readonly=True
    )
    is_current = fields.Boolean(string="Current Stage", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    amount_total = fields.Monetary(readonly=True, aggregator="sum")
    currency_id = fields.Many2one("res.currency", readonly=True)

    def _query(self):
        return SQL(
            """
            WITH moves AS (
                -- An empty many2one is tracked as 0, not NULL: no stage.
                SELECT m.res_id AS order_id,
                       NULLIF(v.old_value_integer, 0) AS stage_id,
                       NULLIF(v.new_value_integer, 0) AS next_stage_id,
                       m.author_id AS moved_by_id,
                       v.create_date AS date_out,
                       LAG(v.create_date) OVER (
                           PARTITION BY m.res_id ORDER BY v.create_date, v.id
                       ) AS previous_move,
                       ROW_NUMBER() OVER (
                           PARTITION BY m.res_id ORDER BY v.create_date DESC, v.id DESC
                       ) AS rank_from_last
                  FROM mail_tracking_value v
                  JOIN mail_message m ON m.id = v.mail_message_id
                 WHERE m.model = 'sale.order'
                   AND v.field_id = (
                       SELECT id FROM ir_model_fields
                        WHERE model = 'sale.order' AND name = 'work_stage_id'
                   )
            ), stays AS (
                SELECT mv.order_id, mv.stage_id, mv.next_stage_id, mv.moved_by_id,
                       COALESCE(mv.previous_move, so.create_date) AS date_in,
                       mv.date_out, FALSE AS is_current
                  FROM moves mv
                  JOIN sale_order so ON so.id = mv.order_id
                 WHERE mv.stage_id IS NOT NULL
                UNION ALL
                -- The current stay: since the last move, else since the
                -- order entered its stage (existing orders at the install).
                SELECT so.id, so.work_stage_id, NULL, NULL,
                       COALESCE(mv.date_out, so.work_stage_date, so.create_date),
                       NULL, TRUE
                  FROM sale_order so
             LEFT JOIN moves mv ON mv.order_id = so.id AND mv.rank_from_last = 1
                 WHERE so.work_stage_id IS NOT NULL
            )
            SELECT ROW_NUMBER() OVER (ORDER BY s.order_id, s.date_in) AS id,
                   s.order_id, s.stage_id, s.next_stage_id, s.moved_by_id,
                   s.date_in, s.date_out, s.is_current,
                   EXTRACT(EPOCH FROM (
                       COALESCE(s.date_out, NOW() AT TIME ZONE 'UTC') - s.date_in
                   )) / 86400.0 AS duration_days,
                   so.company_id, so.user_id, so.partner_id,
                   so.amount_total, so.currency_id
              FROM stays s
              JOIN sale_order so ON so.id = s.order_id
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
