# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Quiet hours and retry delays of text messages, without the database."""


def in_quiet_hours(hour, start, end):
    """Whether ``hour`` (0-24, fractions allowed) falls in quiet hours.

    Quiet hours may run over midnight (20:00 to 08:00) or not (12:00 to
    14:00); equal bounds mean no quiet hours.
    """
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def retry_delay_minutes(attempt):
    """Backoff before retry ``attempt`` (1, 2, ...): 1, 2, 4, 8... minutes."""
    return 2 ** max(attempt - 1, 0)
