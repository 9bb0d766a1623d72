# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Which files of the clone are the addon's: what the wheel ships and what
Odoo's translation export reads. The rest is the clone's own tooling."""

from pathlib import PurePosixPath

NOT_SHIPPED_DIRS = {"bench", "scripts", ".ci"}
NOT_SHIPPED_FILES = {
    "package.json",
    "requirements.txt",
    "requirements-dev.txt",
    "requirements-lint.txt",
}


def is_shipped(path):
    """Whether a file of the clone (path relative to its root) is the addon's."""
    parts = PurePosixPath(path).parts
    if not parts or parts[0] in NOT_SHIPPED_DIRS:
        return False
    top_level_tooling = parts[0].startswith(".") or parts[0] in NOT_SHIPPED_FILES
    return not (len(parts) == 1 and top_level_tooling)
