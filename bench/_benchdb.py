# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Helpers of the benchmarks: a throw-away copy of the bench database and
rows copied by SQL to reach a million records quickly.

Not a benchmark itself: ``scripts/devenv.py bench`` skips files starting
with an underscore.
"""

import argparse
import time
from contextlib import closing, contextmanager

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service import db as db_service
from odoo.tools import SQL, config


def parse_args(doc, **extra):
    """-c/-d as devenv passes them, plus ``extra`` options; loads the config."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    for name, (kind, default, help_text) in extra.items():
        parser.add_argument(
            f"--{name}", type=kind, nargs="*", default=default, help=help_text
        )
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database])
    return args


def drop_database(name):
    odoo.modules.registry.Registry.delete(name)
    odoo.sql_db.close_db(name)
    with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(name)))


@contextmanager
def database_copy(source, suffix):
    """An environment on a copy of ``source``, dropped afterwards."""
    name = f"{source}_{suffix}"
    drop_database(name)
    db_service.exp_duplicate_database(source, name)
    try:
        registry = odoo.modules.registry.Registry(name)
        with registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})
    finally:
        drop_database(name)


def vacuum(cr, table):
    """VACUUM ANALYZE ``table`` as autovacuum would after a bulk load."""
    cr.commit()
    with closing(odoo.sql_db.db_connect(cr.dbname).cursor()) as other:
        other._cnx.autocommit = True
        other.execute(SQL("VACUUM ANALYZE %s", SQL.identifier(table)))


def columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in cr.fetchall()]


def copy_rows(cr, table, source_ids, overrides, mapping=None, copy_round=1, times=1):
    """Copy the rows ``source_ids`` of ``table`` ``times`` times, in id order.

    ``overrides`` maps a column to an SQL expression over the source row ``s``
    and the copy number ``g`` (``{round}`` is replaced by ``copy_round``).
    With ``mapping`` (a table (old, new)), records old -> new ids.
    """
    names = columns(cr, table)
    select = ", ".join(
        overrides[name].format(round=copy_round) if name in overrides else f"s.{name}"
        for name in names
    )
    insert = f"""INSERT INTO {table} ({", ".join(names)})
                 SELECT {select} FROM {table} s, generate_series(1, %s) g
                  WHERE s.id = ANY(%s) ORDER BY g, s.id RETURNING id"""
    if not mapping:
        cr.execute(
            f"WITH ins AS ({insert}) SELECT count(*) FROM ins", (times, source_ids)
        )
        return cr.fetchone()[0]
    cr.execute(f"TRUNCATE {mapping}")
    cr.execute(
        f"""WITH src AS (SELECT id, row_number() OVER (ORDER BY id) AS rn
                           FROM {table} WHERE id = ANY(%s)),
                 ins AS ({insert}),
                 new AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM ins)
            INSERT INTO {mapping} (old, new)
            SELECT src.id, new.id FROM src JOIN new USING (rn)""",
        (source_ids, times, source_ids),
    )
    return len(source_ids)


def measure(env, operation, tracking=False):
    """Queries and seconds of ``operation`` from a cold cache, up to its
    flush (and, with ``tracking``, the chatter tracking done at commit)."""

    def settle():
        env.flush_all()
        if tracking:
            env.cr.precommit.run()

    settle()
    env.invalidate_all()
    before = env.cr.sql_log_count
    started = time.perf_counter()
    operation()
    settle()
    return env.cr.sql_log_count - before, time.perf_counter() - started


def timed(env, operation, repeat=3):
    """Median seconds and the queries of ``operation`` (caches cleared)."""
    times, queries = [], 0
    for _i in range(repeat):
        env.invalidate_all()
        before = env.cr.sql_log_count
        started = time.perf_counter()
        operation()
        times.append(time.perf_counter() - started)
        queries = env.cr.sql_log_count - before
    times.sort()
    return times[len(times) // 2], queries
