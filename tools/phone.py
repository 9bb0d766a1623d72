# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Phone numbers and quiet hours for text messages, without the database."""

import phonenumbers


def to_e164(raw, country_code=None):
    """``raw`` as an E.164 number (``+32470123456``), or None when unusable.

    ``country_code`` (ISO, e.g. ``BE``) reads numbers written without their
    international prefix.
    """
    if not raw or not isinstance(raw, str):
        return None
    try:
        parsed = phonenumbers.parse(raw, (country_code or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


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
