"""Writes of content recycling: submit a script, run it into a pack, store and edit the assets.

A regeneration never loses a human edit: it stores a new generated version, and when the
current version is an edit, the edit stays current and the asset is flagged instead.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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
    AssetFile,
    AssetVersion,
    ClipStatus,
    Recycling,
    RecyclingStatus,
    VersionOrigin,
    content_root,
)
from fusee.content.recycle import PackSettings, pack_build, writers_available
from fusee.content.recycle.steps import DEFAULT_SITE
from fusee.content.understanding import read_script
from fusee.content.understanding.model import LANGUAGES, Sentence
from fusee.content.writing.assets import Asset as WrittenAsset
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
from fusee.content.writing.emails import sequence_draft_create
from fusee.core.errors import DomainError, IllegalTransition
from fusee.core.models import Job, User, Workspace
from fusee.core.services import audit_record

TRANSITIONS = {
    RecyclingStatus.QUEUED: {RecyclingStatus.RUNNING, RecyclingStatus.FAILED},
    RecyclingStatus.RUNNING: {RecyclingStatus.DONE, RecyclingStatus.FAILED},
    RecyclingStatus.DONE: {RecyclingStatus.QUEUED},
    RecyclingStatus.FAILED: {RecyclingStatus.QUEUED},
}
MAX_SCRIPT_BYTES = 20 * 1024 * 1024
Progress = Callable[[int, int], None]


def recycling_transition(*, recycling: Recycling, status: RecyclingStatus, **fields: object) -> Recycling:
    """Move the recycling on, with a conditional UPDATE so two workers cannot both run it."""
    current = RecyclingStatus(recycling.status)
    if status not in TRANSITIONS.get(current, set()):
        raise IllegalTransition(recycling, str(current.label), str(status.label))
    moved = Recycling.objects.filter(pk=recycling.pk, status=current).update(status=status, **fields)
    if not moved:
        recycling.refresh_from_db(fields=["status"])
        raise IllegalTransition(recycling, str(RecyclingStatus(recycling.status).label), str(status.label))
    recycling.status = status
    for name, value in fields.items():
        setattr(recycling, name, value)
    return recycling


def options_check(*, language: str, writer: str) -> None:
    if language and language not in LANGUAGES:
        # The "field: " prefix stays in English: the API reports the message at that field.
        raise DomainError("language: " + _("%(value)r is not one of %(choices)s")
                          % {"value": language, "choices": ", ".join(LANGUAGES)})
    if writer not in writers_available():
        if writer == "llm":
            raise DomainError(
                "writer: " + _("the llm writer is not available yet; use the extractive writer")
            )
        raise DomainError("writer: " + _("%(value)r is not one of %(choices)s")
                          % {"value": writer, "choices": ", ".join(writers_available())})


@transaction.atomic
def recycling_create(
    *,
    actor: User | None,
    script: File,
    script_name: str,
    video: File | None = None,
    video_name: str = "",
    language: str = "",
    writer: str = "extractive",
    demo_key: str = "",
    enqueue_job: bool = True,
) -> Recycling:
    """Store the script (refused at once if it cannot be read) and queue its recycling."""
    options_check(language=language, writer=writer)
    if script.size is not None and script.size > MAX_SCRIPT_BYTES:
        raise DomainError(_("%(name)s: the script is larger than %(size)d MB")
                          % {"name": script_name, "size": MAX_SCRIPT_BYTES // 1024 // 1024})
    name = PurePosixPath(script_name.replace("\\", "/")).name or "script.txt"
    recycling = Recycling(
        script_name=name[:255], language=language, writer=writer, created_by=actor, demo_key=demo_key
    )
    recycling.script.save(name, script, save=False)
    stored = recycling.script.path
    try:
        script_read = read_script(Path(stored), language=language or None)
    except DomainError:
        recycling.script.delete(save=False)
        raise
    recycling.title = script_read.title[:300]
    if video is not None:
        recycling.video.save(PurePosixPath(video_name or "video.mp4").name, video, save=False)
    recycling.save()
    audit_record(actor=actor, action="content.recycling_create", target=recycling,
                 changes={"script": name, "language": language, "writer": writer})
    if enqueue_job:
        job_start(actor=actor, recycling=recycling)
    return recycling


def job_start(*, actor: User | None, recycling: Recycling) -> Recycling:
    from fusee.content.tasks import recycle_task
    from fusee.core.jobs import enqueue

    recycling.job = enqueue(recycle_task, created_by=actor, recycling_id=recycling.pk)
    recycling.save(update_fields=["job"])
    return recycling


@transaction.atomic
def recycling_regenerate(*, actor: User | None, recycling: Recycling) -> Recycling:
    """Run the script through the pipeline again; human edits stay current (see assets_store)."""
    recycling_transition(recycling=recycling, status=RecyclingStatus.QUEUED, progress=0, error="")
    audit_record(actor=actor, action="content.recycling_regenerate", target=recycling)
    return job_start(actor=actor, recycling=recycling)


def recycling_run(*, recycling: Recycling, job: Job | None = None) -> Recycling:
    """Build the pack into the recycling's folder and store its assets (the task's body).

    A script the pipeline refuses marks the recycling failed with the reason and keeps the
    previous pack, if any; anything unexpected does the same, then propagates to the job.
    """
    recycling_transition(recycling=recycling, status=RecyclingStatus.RUNNING, progress=0, error="")
    try:
        pack = pack_build(
            source_path=recycling.script.path,
            language=recycling.language or None,
            writer=recycling.writer,
            video=recycling.video.path if recycling.video else None,
            out_dir=recycling.pack_dir,
            progress=progress_reporter(recycling, job),
            settings=workspace_settings(),
        )
    except DomainError as error:
        return run_failed(recycling, str(error))
    except Exception:
        # Stored in English; the page translates it in the reader's language (see recycling.html).
        run_failed(recycling, gettext_noop("the pack could not be built (the job's page has the details)"))
        raise
    with transaction.atomic():
        assets_store(recycling=recycling, assets=pack.assets)
        if recycling.assets.exclude(clip_status=ClipStatus.PROPOSED).exists():
            cut_list_refresh(actor=None, recycling=recycling)  # rejected clips stay out of it
        if recycling.sequence_id is None:
            sequence_draft_add(recycling=recycling, assets=pack.assets, manifest=pack.manifest)
        return recycling_transition(
            recycling=recycling, status=RecyclingStatus.DONE, progress=100, manifest=pack.manifest,
            detected_language=pack.manifest["language"], title=pack.manifest["title"][:300],
            finished_at=timezone.now(),
        )


def sequence_draft_add(*, recycling: Recycling, assets: list[WrittenAsset], manifest: dict) -> None:
    """The pack's emails as a DRAFT nurturing sequence, once: a regeneration leaves it to the marketer."""
    if not any(asset.kind == "email" for asset in assets):
        return
    name = f"{manifest['title'] or recycling.script_name} (webinar #{recycling.pk})"[:200]
    try:
        with transaction.atomic():
            recycling.sequence = sequence_draft_create(
                actor=recycling.created_by, assets=assets, name=name, language=manifest["language"]
            )
    except DomainError as error:
        note = f"The nurturing emails are in the pack but no draft sequence was created: {error}"
        manifest["notes"].append(note)
        return
    recycling.save(update_fields=["sequence"])


def workspace_settings() -> PackSettings:
    """The workspace's website for the links and its name and colour for the ebook's brand."""
    workspace = Workspace.current()
    return PackSettings(site_url=workspace.website or DEFAULT_SITE, brand_name=workspace.name,
                        brand_colour=workspace.brand_color)


def run_failed(recycling: Recycling, message: str) -> Recycling:
    return recycling_transition(
        recycling=recycling, status=RecyclingStatus.FAILED, error=message, finished_at=timezone.now()
    )


def progress_reporter(recycling: Recycling, job: Job | None) -> Progress:
    def report(done: int, total: int) -> None:
        percent = round(100 * done / max(total, 1))
        Recycling.objects.filter(pk=recycling.pk).update(progress=percent)
        if job is not None:
            job.set_progress(done, total)

    return report


@transaction.atomic
def assets_store(*, recycling: Recycling, assets: list[WrittenAsset], actor: User | None = None) -> None:
    """A new generated version of each asset whose files changed; an edit stays current.

    An asset the new generation no longer produces goes, unless a person edited it.
    """
    kept = []
    trimmed = Asset.objects.filter(recycling=recycling, meta__has_key="trim")
    trims = {(kind, key): meta["trim"] for kind, key, meta in trimmed.values_list("kind", "key", "meta")}
    for position, written in enumerate(assets):
        # A person's trim of a clip outlives the regeneration, as its edited captions do.
        trim = trims.get((written.kind, written.key))
        meta = {**written.meta, "trim": trim} if trim is not None else written.meta
        asset, _created = Asset.objects.update_or_create(
            recycling=recycling, kind=written.kind, key=written.key,
            defaults={"title": written.title[:300], "position": position, "meta": meta,
                      "checks": [check.as_dict() for check in written.checks]},
        )
        kept.append(asset.pk)
        generated_version_add(asset=asset, files=written.files, actor=actor)
    gone = Asset.objects.filter(recycling=recycling).exclude(pk__in=kept)
    gone.exclude(versions__origin=VersionOrigin.EDITED).delete()


def generated_version_add(
    *, asset: Asset, files: dict[str, str | bytes], actor: User | None = None
) -> AssetVersion | None:
    latest = asset.versions.filter(origin=VersionOrigin.GENERATED).order_by("-number").first()
    digests = {name: digest(data) for name, data in files.items()}
    if latest is not None and dict(latest.files.values_list("name", "digest")) == digests:
        return None  # same content as last time: nothing new to keep
    version = version_create(asset=asset, origin=VersionOrigin.GENERATED, files=files, actor=actor)
    current = asset.current
    if current is not None and current.origin == VersionOrigin.EDITED:
        asset.regenerated_since_edit = True
    else:
        asset.current = version
    asset.save(update_fields=["current", "regenerated_since_edit"])
    return version


def version_create(
    *, asset: Asset, origin: VersionOrigin, files: dict[str, str | bytes], actor: User | None,
    reuse: dict[str, AssetFile] | None = None,
) -> AssetVersion:
    """A version with its files: text in the database, bytes under content/<id>/assets/."""
    number = (asset.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = AssetVersion.objects.create(asset=asset, number=number, origin=origin, created_by=actor)
    rows = []
    for name, data in files.items():
        if isinstance(data, str):
            rows.append(AssetFile(version=version, name=name, text=data, size=len(data.encode()),
                                  digest=digest(data)))
        else:
            rows.append(AssetFile(version=version, name=name, path=binary_write(version, name, data),
                                  size=len(data), digest=digest(data)))
    for name, previous in (reuse or {}).items():
        rows.append(AssetFile(version=version, name=name, text=previous.text, path=previous.path,
                              size=previous.size, digest=previous.digest))
    AssetFile.objects.bulk_create(rows)
    return version


def binary_write(version: AssetVersion, name: str, data: bytes) -> str:
    asset = version.asset
    relative = Path(str(asset.recycling_id)) / "assets" / str(asset.pk) / f"v{version.number}" / name
    target = content_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative.as_posix()


def digest(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


@transaction.atomic
def asset_edit(*, actor: User | None, asset: Asset, files: dict[str, str]) -> AssetVersion:
    """A new edited version, current from now on; the files not given are carried over."""
    current = asset.current
    if current is None:
        raise DomainError(_("%(asset)s: there is no version to edit yet") % {"asset": asset})
    existing = {f.name: f for f in current.files.all()}
    for name in files:
        if name not in existing:
            raise DomainError(_("%(name)s: this asset has no such file") % {"name": name})
        if not existing[name].is_text:
            raise DomainError(_("%(name)s: only text files can be edited here") % {"name": name})
    changed = {name: text for name, text in files.items() if existing[name].text != text}
    if not changed:
        raise DomainError(_("%(asset)s: nothing was changed") % {"asset": asset})
    reuse = {name: row for name, row in existing.items() if name not in changed}
    version = version_create(asset=asset, origin=VersionOrigin.EDITED, files=dict(changed), actor=actor,
                             reuse=reuse)
    # Saving an edit on the page that shows the flag acknowledges the regeneration.
    asset.current, asset.regenerated_since_edit = version, False
    asset.save(update_fields=["current", "regenerated_since_edit"])
    audit_record(actor=actor, action="content.asset_edit", target=asset,
                 changes={"files": sorted(changed), "version": version.number})
    return version


@transaction.atomic
def asset_use_generated(*, actor: User | None, asset: Asset) -> Asset:
    """Make the latest generated version current again, leaving the edits in the history."""
    latest = asset.versions.filter(origin=VersionOrigin.GENERATED).order_by("-number").first()
    if latest is None:
        raise DomainError(_("%(asset)s: there is no generated version") % {"asset": asset})
    asset.current, asset.regenerated_since_edit = latest, False
    asset.save(update_fields=["current", "regenerated_since_edit"])
    audit_record(actor=actor, action="content.asset_use_generated", target=asset,
                 changes={"version": latest.number})
    return asset


# The clip review: approve, reject or trim each clip before cutting; the cut list follows.

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


def version_edited_add(
    *, actor: User | None, asset: Asset, files: dict[str, str | bytes], drop: set[str] | None = None
) -> AssetVersion | None:
    """An edited version made of the current one, with `files` put in and `drop` left out.

    Stored like an edit, so a regeneration keeps it current. None when nothing would change.
    """
    existing = {f.name: f for f in asset.current.files.all()} if asset.current else {}
    changed = {name: data for name, data in files.items()
               if name not in existing or existing[name].digest != digest(data)}
    dropped = (drop or set()) & existing.keys()
    if not changed and not dropped:
        return None
    reuse = {name: row for name, row in existing.items() if name not in changed and name not in dropped}
    version = version_create(asset=asset, origin=VersionOrigin.EDITED, files=changed, actor=actor,
                             reuse=reuse)
    asset.current = version
    asset.save(update_fields=["current"])
    return version


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
