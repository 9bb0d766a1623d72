# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Quote numbers ``Q-YYQSSSV``: pure functions, no database.

``YY`` is the two-digit year and ``Q`` the quarter (1-4) of the quote date,
``SSS`` the sequence within the company and quarter (three digits at least,
wider past 999) and ``V`` a Damm check digit over ``YYQSSS``. Damm catches
every single wrong digit and every swap of two neighbouring digits.
"""

import re
from collections import namedtuple

from stdnum import damm

PREFIX = "Q-"
Q_FORMAT_RE = re.compile(r"Q-[0-9]+")
SEARCH_RE = re.compile(r"Q-?([0-9]+)(-R[0-9]+)?", re.IGNORECASE)

QuoteNumber = namedtuple("QuoteNumber", "year quarter sequence")


class InvalidQuoteNumber(ValueError):
    """A number in the Q format that cannot be right: probably mistyped."""


def quarter_of(day):
    """Quarter (1-4) of a date."""
    return (day.month - 1) // 3 + 1


def format_quote_number(year, quarter, sequence):
    """The quote number of the ``sequence``-th quote of ``quarter`` of ``year``."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1 to 4, not {quarter}")
    if sequence < 1:
        raise ValueError(f"sequence must be 1 or more, not {sequence}")
    digits = f"{year % 100:02d}{quarter}{sequence:03d}"
    return f"{PREFIX}{digits}{damm.calc_check_digit(digits)}"


def is_q_format(text):
    """True when ``text`` is meant as a Q number: ``Q-`` then only digits."""
    return bool(Q_FORMAT_RE.fullmatch(text or ""))


def parse_quote_number(text):
    """Read a Q number, raising :class:`InvalidQuoteNumber` with the reason."""
    if not is_q_format(text):
        raise InvalidQuoteNumber(f"{text!r} is not of the form Q-YYQSSSV")
    digits = text[len(PREFIX) :]
    if len(digits) < 7:
        raise InvalidQuoteNumber(
            f"{text!r} is too short: Q- then year (2 digits), quarter, "
            "at least 3 sequence digits and a check digit"
        )
    quarter = int(digits[2])
    if quarter not in (1, 2, 3, 4):
        raise InvalidQuoteNumber(f"{text!r} has quarter {quarter}: it must be 1 to 4")
    if not damm.is_valid(digits):
        raise InvalidQuoteNumber(f"{text!r} has a wrong check digit")
    sequence = int(digits[3:-1])
    if sequence < 1:
        raise InvalidQuoteNumber(f"{text!r} has sequence 0")
    if len(digits) > 7 and digits[3] == "0":
        # Appending a 0 to a valid number keeps it valid for Damm: only the
        # shortest spelling of a sequence is a quote number.
        raise InvalidQuoteNumber(
            f"{text!r} has a sequence of more than 3 digits starting with 0"
        )
    return QuoteNumber(int(digits[:2]), quarter, sequence)


def search_variants(text):
    """The spellings to look for when a user types a quote number.

    ``q264007 1``, ``Q2640071`` and ``Q-2640071`` all find ``Q-2640071``.
    """
    compact = re.sub(r"\s+", "", text or "")
    variants = {text}
    match = SEARCH_RE.fullmatch(compact)
    if match:
        revision = (match.group(2) or "").upper()
        variants.add(f"{PREFIX}{match.group(1)}{revision}")
        variants.add(f"Q{match.group(1)}{revision}")
    return sorted(v for v in variants if v)


def _is_valid(digits):
    try:
        parse_quote_number(PREFIX + digits)
    except InvalidQuoteNumber:
        return False
    return True


def mistyped_candidates(text):
    """The valid quote numbers a mistyped one could have meant.

    For a Q number whose check digit says it is wrong: each number one wrong
    digit away, and each with two neighbouring digits swapped back. Damm
    catches exactly these errors, and for each position only one digit makes
    the number valid again, so the number meant is among a handful.
    """
    match = SEARCH_RE.fullmatch(re.sub(r"\s+", "", text or ""))
    if not match or match.group(2) or len(match.group(1)) < 7:
        return []
    digits = match.group(1)
    if _is_valid(digits):
        return []
    found = set()
    for index, typed in enumerate(digits):
        for digit in "0123456789":
            candidate = digits[:index] + digit + digits[index + 1 :]
            if digit != typed and _is_valid(candidate):
                found.add(candidate)
    for index in range(len(digits) - 1):
        swapped = (
            digits[:index] + digits[index + 1] + digits[index] + digits[index + 2 :]
        )
        if swapped != digits and _is_valid(swapped):
            found.add(swapped)
    return sorted(PREFIX + candidate for candidate in found)
