"""Writes of a recycling: submit a script, queue it, run it into a pack, regenerate it.

A recycling moves queued → running → done or failed by conditional UPDATEs, so two workers cannot
both run it. A run builds the pack aside, stores its assets, refreshes the cut list once clips were
reviewed, and turns the pack's emails into a draft nurturing sequence the first time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fusee.content.models import (
    ClipStatus,
    Recycling,
    RecyclingStatus,
)
from fusee.content.recycle import PackSettings, pack_build, writers_available
from fusee.content.recycle.steps import DEFAULT_SITE
from fusee.content.understanding import read_script
from fusee.content.understanding.model import LANGUAGES
from fusee.content.writing.assets import Asset as WrittenAsset
from fusee.content.writing.emails import sequence_draft_create
from fusee.core.errors import DomainError, IllegalTransition
from fusee.core.models import Job, User, Workspace
from fusee.core.services import audit_record

from .clip_review import cut_list_refresh
from .versions import assets_store

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

