# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Plates, serials and VINs compared the way people type them (no database)."""

import re

SEPARATORS_RE = re.compile(r"[\s.\-]+")


def normalize_reference(reference):
    """``1-ABC-123``, ``1abc 123`` and ``1.ABC.123`` all give ``1ABC123``."""
    if not reference:
        return False
    return SEPARATORS_RE.sub("", reference).upper() or False
