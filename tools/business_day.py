# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Working days, without the database."""

from datetime import timedelta


def next_working_day(day, is_working, horizon=31):
    """``day`` if it is a working day, else the next one within ``horizon`` days.

    A calendar without any working day leaves ``day`` unchanged.
    """
    for offset in range(horizon + 1):
        candidate = day + timedelta(days=offset)
        if is_working(candidate):
            return candidate
    return day
