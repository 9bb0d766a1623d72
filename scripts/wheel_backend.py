# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The wheel's build backend: the OCA's ``whool``, minus the clone's tooling.

``whool`` packs every file git tracks in the addon's folder, and names the
addon after that folder. Here the repository's root is the addon: its
benchmarks, scripts, CI and linter settings would ship too, and a clone may
be checked out under any name. This backend hands ``whool`` the addon's
files only and its name, and leaves the rest to it (metadata from the
manifest, version, wheel).
"""

import tempfile
from pathlib import Path

from addon_files import is_shipped
from whool import buildapi
from whool.buildapi import (  # noqa: F401  (PEP 517 hooks, unchanged)
    build_editable,
    build_sdist,
    build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

ADDON = "sale_work_stage"

_scm_ls_files = buildapi._scm_ls_files


def _addon_files(addon_dir):
    return [path for path in _scm_ls_files(addon_dir) if is_shipped(path)]


_metadata_from_addon_dir = buildapi.metadata_from_addon_dir


def _metadata_of_named_addon(addon_dir, *args, **kwargs):
    """whool's metadata, read through a link named as the addon."""
    with tempfile.TemporaryDirectory() as tmp:
        named = Path(tmp) / ADDON
        named.symlink_to(Path(addon_dir).resolve(), target_is_directory=True)
        return _metadata_from_addon_dir(named, *args, **kwargs)


buildapi._scm_ls_files = _addon_files
buildapi.metadata_from_addon_dir = _metadata_of_named_addon
