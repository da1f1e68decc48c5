"""Writes of the clip review: approve, reject or trim each clip, then cut the approved ones.

Each change to a clip refreshes the cut list as an edited version, so a regeneration keeps it.
A trim stores the clip's new captions as an edit and its facts in `meta["trim"]`; cutting runs as
a job, one clip at a time, each stored in its own transaction.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from fusee.content.clip_selectors import (
    can_cut,
    clip_assets,
    clip_rebuild,
    clips_kept,
    script_sentences,
    section_sentences,
)
from fusee.content.models import (
    Asset,
    AssetVersion,
    ClipStatus,
    Recycling,
)
from fusee.content.understanding.model import Sentence
from fusee.content.writing.clips import (
    CUT_LIST,
    MAX_SECONDS,
    MIN_SECONDS,
    ClipError,
    clip_cues,
    clip_trim,
    clips_cut,
    cut_list_csv,
    srt_text,
)
from fusee.core.errors import DomainError, IllegalTransition
from fusee.core.models import Job, User
from fusee.core.services import audit_record

from .versions import version_edited_add

Progress = Callable[[int, int], None]

CLIP_TRANSITIONS = {
    ClipStatus.PROPOSED: {ClipStatus.APPROVED, ClipStatus.REJECTED},
    ClipStatus.APPROVED: {ClipStatus.PROPOSED, ClipStatus.REJECTED},
    ClipStatus.REJECTED: {ClipStatus.PROPOSED},  # restored first, then approved
}


def clip_only(asset: Asset) -> None:
    if asset.kind != "clip":
        raise DomainError(_("%(asset)s: only a video clip can be reviewed") % {"asset": asset})


@transaction.atomic
def clip_status_set(*, actor: User | None, asset: Asset, status: ClipStatus) -> Asset:
    """Approve, reject or restore a clip (a conditional UPDATE: two reviewers cannot cross)."""
    clip_only(asset)
    current = ClipStatus(asset.clip_status)
    moved = status in CLIP_TRANSITIONS[current] and Asset.objects.filter(
        pk=asset.pk, clip_status=current
    ).update(clip_status=status)
    if not moved:
        asset.refresh_from_db(fields=["clip_status"])
        raise IllegalTransition(asset, str(ClipStatus(asset.clip_status).label), str(status.label))
    asset.clip_status = status
    audit_record(actor=actor, action="content.clip_status_set", target=asset,
                 changes={"status": [current.value, status.value]})
    cut_list_refresh(actor=actor, recycling=asset.recycling)
    return asset


@transaction.atomic
def clip_trim_save(
    *, actor: User | None, asset: Asset, first: int, last: int, sentences: list[Sentence] | None = None
) -> AssetVersion:
    """The clip from sentence `first` to `last` of its section, stored as an edited version.

    Its captions are remade for the new span; a cut video of the old span is left out of the
    new version (cut again once approved). The trim's facts go to `meta["trim"]`.
    """
    clip_only(asset)
    if asset.clip_status == ClipStatus.REJECTED:
        raise DomainError(_("%(asset)s: restore this clip before trimming it") % {"asset": asset})
    recycling = asset.recycling
    sentences = sentences if sentences is not None else script_sentences(recycling)
    clip = clip_rebuild(recycling, asset, sentences)
    pool = section_sentences(recycling, clip.section, sentences)
    trim_check(asset, first, last, pool)
    trimmed = clip_trim(clip, first, last, sentences=pool)
    version = version_edited_add(
        actor=actor, asset=asset, files={trimmed.srt_name: srt_text(clip_cues(trimmed))},
        drop={f"clips/{trimmed.key}.mp4"},
    )
    if version is None:
        raise DomainError(_("%(asset)s: nothing was changed") % {"asset": asset})
    facts = trimmed.as_dict()
    trim = {name: facts[name] for name in ("title", "sentences", "start", "end", "duration")}
    asset.meta, asset.title = {**asset.meta, "trim": trim}, trimmed.title[:300]
    asset.save(update_fields=["meta", "title"])
    audit_record(actor=actor, action="content.clip_trim", target=asset,
                 changes={"sentences": [first, last], "version": version.number})
    cut_list_refresh(actor=actor, recycling=recycling, sentences=sentences)
    return version


def trim_check(asset: Asset, first: int, last: int, pool: list[Sentence]) -> None:
    """The two mistakes a reviewer makes, said in their language (clip_trim checks them again)."""
    where = {"asset": asset, "first": first, "last": last}
    if first > last:
        raise ClipError(_("%(asset)s: the first sentence (%(first)d) comes after the last (%(last)d)")
                        % where)
    inside = {s.index: s for s in pool}
    span = f"{pool[0].index}–{pool[-1].index}" if pool else "—"
    for index in (first, last):
        if index not in inside:
            raise ClipError(
                _("%(asset)s: sentence %(index)d is not a sentence of this clip's section (%(span)s)")
                % {"asset": asset, "index": index, "span": span}
            )
    start, end = inside[first].start, inside[last].end
    if start is not None and end is not None and not MIN_SECONDS <= end - start <= MAX_SECONDS:
        raise ClipError(
            _("%(asset)s: sentences %(first)d–%(last)d last %(seconds).1f s; "
              "a clip lasts %(min)d to %(max)d s")
            % {**where, "seconds": end - start, "min": MIN_SECONDS, "max": MAX_SECONDS}
        )



def cut_list_refresh(
    *, actor: User | None, recycling: Recycling, sentences: list[Sentence] | None = None
) -> AssetVersion | None:
    """The cut list with the clips not rejected (trims included), as an edited version if it changed."""
    cut_list = recycling.assets.filter(kind="cut_list").select_related("current").first()
    if cut_list is None:
        return None
    sentences = sentences if sentences is not None else script_sentences(recycling)
    text = cut_list_csv(clips_kept(recycling, sentences))
    return version_edited_add(actor=actor, asset=cut_list, files={CUT_LIST: text})


@transaction.atomic
def clips_cut_start(*, actor: User | None, recycling: Recycling) -> Job:
    """Queue the cutting of the approved clips from the uploaded video."""
    from fusee.content.tasks import clips_cut_task
    from fusee.core.jobs import enqueue

    if not can_cut(recycling):
        raise DomainError(_("%(recycling)s: the clips can be cut only from an uploaded video, with ffmpeg "
                            "installed") % {"recycling": recycling})
    if not clip_assets(recycling).filter(clip_status=ClipStatus.APPROVED).exists():
        raise DomainError(_("%(recycling)s: approve at least one clip before cutting")
                          % {"recycling": recycling})
    job = enqueue(clips_cut_task, created_by=actor, recycling_id=recycling.pk)
    audit_record(actor=actor, action="content.clips_cut_start", target=recycling, changes={"job": job.pk})
    return job


def clips_cut_approved(*, recycling: Recycling, actor: User | None = None,
                       progress: Progress | None = None) -> list[str]:
    """Cut each approved clip (as trimmed) into an MP4 stored in a new version; the keys cut.

    One clip at a time, each stored in its own transaction, so a failure keeps what was cut.
    """
    assets = list(clip_assets(recycling).filter(clip_status=ClipStatus.APPROVED))
    sentences = script_sentences(recycling)
    done = []
    with tempfile.TemporaryDirectory(prefix="fusee-cut-") as folder:
        for number, asset in enumerate(assets):
            if progress is not None:
                progress(number, len(assets))
            clip = clip_rebuild(recycling, asset, sentences)
            result = clips_cut(recycling.video.path, [clip], folder)
            if not result.files:
                raise ClipError("; ".join(result.notes) or f"{clip.key}: nothing was cut")
            with transaction.atomic():
                version_edited_add(actor=actor, asset=asset,
                                   files={f"clips/{clip.key}.mp4": result.files[0].read_bytes()})
            result.files[0].unlink()
            done.append(clip.key)
    if progress is not None:
        progress(len(assets), len(assets))
    return done
