# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Chatter notes that list things (lines changed, parts missing...)."""

from markupsafe import Markup


def note_list(title, items):
    """HTML of a note: an optional title paragraph, then one bullet per item.

    Titles and items are escaped unless they are already ``Markup``.
    """
    body = Markup("<p>%s</p>") % title if title else Markup()
    items = list(items)
    if items:
        body += Markup("<ul>%s</ul>") % Markup().join(
            Markup("<li>%s</li>") % item for item in items
        )
    return body
