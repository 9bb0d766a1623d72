# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from markupsafe import Markup

from odoo.tests import BaseCase, tagged

from ..tools.chatter import note_list


@tagged("post_install", "-at_install")
class TestChatterTools(BaseCase):
    def test_title_and_items(self):
        """A title paragraph, then one bullet per item."""
        self.assertEqual(
            str(note_list("Missing:", ["Oil filter: 1 Units", "Brake pads: 2"])),
            "<p>Missing:</p><ul><li>Oil filter: 1 Units</li>"
            "<li>Brake pads: 2</li></ul>",
        )

    def test_items_only_and_empty(self):
        """No title paragraph without a title; no list without items."""
        self.assertEqual(str(note_list(None, ["a"])), "<ul><li>a</li></ul>")
        self.assertEqual(str(note_list("Nothing.", [])), "<p>Nothing.</p>")

    def test_text_is_escaped_markup_is_kept(self):
        """Product names cannot inject HTML; Markup given by the caller stays."""
        html = str(note_list("<b>t</b>", ["<script>x</script>", Markup("<i>y</i>")]))
        self.assertIn("&lt;b&gt;t&lt;/b&gt;", html)
        self.assertIn("&lt;script&gt;", html)
        self.assertIn("<li><i>y</i></li>", html)
