# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A quote's jobs: its sections, as the customer approves or declines them.

Plain functions over plain values, so that the rule reads and tests without
a database: the lines of a quote, in their order, are cut at each section
(Odoo's ``line_section``); the lines before the first section form one job of
their own. A note belongs to the job it sits in.
"""

from collections import namedtuple

# One line of a quote: its id, Odoo's display_type (False, "line_section",
# "line_note"), its label and its amount (tax included, as the customer pays).
JobLine = namedtuple("JobLine", "line_id display_type label amount")

# One job: its key (the id of its section line, 0 for the lines before the
# first section), its title (the section's label, "" for that first job),
# the ids of its lines (the section line included) and its amount.
Job = namedtuple("Job", "key title line_ids amount")


def split_jobs(lines):
    """The jobs of a quote's ``lines`` (JobLine, in the order of the quote).

    A job without a product line (an empty section) is left out: there is
    nothing to approve in it.
    """
    jobs = []
    key, title, line_ids, amount, has_product = 0, "", [], 0.0, False
    for line in lines:
        if line.display_type == "line_section":
            if has_product:
                jobs.append(Job(key, title, tuple(line_ids), amount))
            key, title, line_ids, amount, has_product = (
                line.line_id,
                line.label,
                [line.line_id],
                0.0,
                False,
            )
            continue
        line_ids.append(line.line_id)
        if not line.display_type:
            amount += line.amount
            has_product = True
    if has_product:
        jobs.append(Job(key, title, tuple(line_ids), amount))
    return jobs


def has_jobs(lines):
    """Whether a quote is cut into jobs: it has a section with work in it."""
    return any(job.key for job in split_jobs(lines))


def decide(jobs, approved_keys):
    """(approved jobs, declined jobs) for the keys the customer approved.

    Raises ValueError for a key that is not one of the jobs (a form made for
    another version of the quote).
    """
    keys = {job.key for job in jobs}
    unknown = set(approved_keys) - keys
    if unknown:
        raise ValueError(f"unknown jobs: {sorted(unknown)}")
    approved = [job for job in jobs if job.key in approved_keys]
    declined = [job for job in jobs if job.key not in approved_keys]
    return approved, declined
