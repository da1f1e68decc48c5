"""Writes of content recycling: submit a script, run it into a pack, store and edit the assets.

A regeneration never loses a human edit: it stores a new generated version, and when the
current version is an edit, the edit stays current and the asset is flagged instead.

`recyclings` runs a script into a pack, `versions` stores and edits the assets' versions,
`clip_review` approves, trims and cuts the video clips.
"""

from .clip_review import (
    CLIP_TRANSITIONS,
    clip_only,
    clip_status_set,
    clip_trim_save,
    clips_cut_approved,
    clips_cut_start,
    cut_list_refresh,
    trim_check,
)
from .recyclings import (
    MAX_SCRIPT_BYTES,
    TRANSITIONS,
    Progress,
    job_start,
    options_check,
    progress_reporter,
    recycling_create,
    recycling_regenerate,
    recycling_run,
    recycling_transition,
    run_failed,
    sequence_draft_add,
    workspace_settings,
)
from .versions import (
    asset_edit,
    asset_use_generated,
    assets_store,
    binary_write,
    digest,
    generated_version_add,
    version_create,
    version_edited_add,
)

__all__ = [
    "CLIP_TRANSITIONS",
    "MAX_SCRIPT_BYTES",
    "TRANSITIONS",
    "Progress",
    "asset_edit",
    "asset_use_generated",
    "assets_store",
    "binary_write",
    "clip_only",
    "clip_status_set",
    "clip_trim_save",
    "clips_cut_approved",
    "clips_cut_start",
    "cut_list_refresh",
    "digest",
    "generated_version_add",
    "job_start",
    "options_check",
    "progress_reporter",
    "recycling_create",
    "recycling_regenerate",
    "recycling_run",
    "recycling_transition",
    "run_failed",
    "sequence_draft_add",
    "trim_check",
    "version_create",
    "version_edited_add",
    "workspace_settings",
]
