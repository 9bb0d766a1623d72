# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import BaseCase, tagged

from ..tools.authorization_jobs import JobLine, decide, has_jobs, split_jobs


def line(line_id, label, amount=0.0, display_type=False):
    return JobLine(line_id, display_type, label, amount)


def section(line_id, label):
    return line(line_id, label, display_type="line_section")


@tagged("post_install", "-at_install")
class TestSplitJobs(BaseCase):
    def test_sections_cut_the_quote_into_jobs(self):
        """Each section is a job with its lines and their total."""
        jobs = split_jobs(
            [
                section(1, "Brakes"),
                line(2, "Pads", 100.0),
                line(3, "Labour", 50.0),
                section(4, "Tyres"),
                line(5, "Tyre", 80.0),
            ]
        )
        self.assertEqual(
            [(j.key, j.title, j.line_ids, j.amount) for j in jobs],
            [(1, "Brakes", (1, 2, 3), 150.0), (4, "Tyres", (4, 5), 80.0)],
        )

    def test_lines_before_the_first_section_are_one_job(self):
        """Lines above the first section form a job of key 0, untitled."""
        jobs = split_jobs(
            [line(1, "Diagnosis", 40.0), section(2, "Brakes"), line(3, "Pads", 100.0)]
        )
        self.assertEqual(
            [(j.key, j.title, j.amount) for j in jobs],
            [(0, "", 40.0), (2, "Brakes", 100.0)],
        )

    def test_notes_belong_to_their_job_and_empty_sections_drop(self):
        """A note stays in its job, adding nothing; a section with no product
        line is not a job."""
        jobs = split_jobs(
            [
                section(1, "Empty"),
                line(2, "Just a note", display_type="line_note"),
                section(3, "Brakes"),
                line(4, "Pads", 100.0),
                line(5, "Keep the old pads", display_type="line_note"),
            ]
        )
        self.assertEqual(
            [(j.key, j.line_ids, j.amount) for j in jobs], [(3, (3, 4, 5), 100.0)]
        )

    def test_quote_without_sections_has_no_jobs(self):
        """Without a section, the quote is signed whole, as in Odoo."""
        self.assertFalse(has_jobs([line(1, "Pads", 100.0), line(2, "Labour", 50.0)]))
        self.assertFalse(has_jobs([]))
        self.assertTrue(has_jobs([section(1, "Brakes"), line(2, "Pads", 1.0)]))


@tagged("post_install", "-at_install")
class TestDecideJobs(BaseCase):
    def test_decide_splits_approved_and_declined(self):
        """The approved keys pick the approved jobs; the others are declined."""
        jobs = split_jobs(
            [section(1, "A"), line(2, "a", 1.0), section(3, "B"), line(4, "b", 2.0)]
        )
        approved, declined = decide(jobs, {3})
        self.assertEqual([j.key for j in approved], [3])
        self.assertEqual([j.key for j in declined], [1])

    def test_unknown_job_is_refused(self):
        """A key of no job (a form of another version) raises ValueError."""
        jobs = split_jobs([section(1, "A"), line(2, "a", 1.0)])
        with self.assertRaises(ValueError):
            decide(jobs, {1, 99})
