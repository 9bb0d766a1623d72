# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""What changed between two revisions of a quote, line by line (no database)."""

from collections import namedtuple

QuoteLine = namedtuple("QuoteLine", "key label quantity price total")
LineChange = namedtuple("LineChange", "kind label old new total_delta")


def diff_quote_lines(old_lines, new_lines):
    """Changes from ``old_lines`` to ``new_lines`` (lists of :class:`QuoteLine`).

    Lines are matched by ``key`` (the product) in order; the result lists
    removed, added and changed lines, each with the change of its total.
    """
    remaining = list(old_lines)
    changes = []
    for new in new_lines:
        match = next((old for old in remaining if old.key == new.key), None)
        if match is None:
            changes.append(LineChange("added", new.label, None, new, new.total))
            continue
        remaining.remove(match)
        if (match.quantity, match.price, match.total) != (
            new.quantity,
            new.price,
            new.total,
        ):
            changes.append(
                LineChange("changed", new.label, match, new, new.total - match.total)
            )
    for old in remaining:
        changes.append(LineChange("removed", old.label, old, None, -old.total))
    return changes


def total_delta(changes):
    return sum(change.total_delta for change in changes)
