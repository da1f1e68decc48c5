"""Recycling a script in the background: the job, the statuses, the stored pack, regeneration."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fusee.content import services
from fusee.content.models import Asset, Recycling, RecyclingStatus, VersionOrigin
from fusee.content.tests.recycle_fixtures import content_data_dir  # noqa: F401
from fusee.core.errors import DomainError, IllegalTransition
from fusee.core.jobs.runner import run_pending
from fusee.core.models import Job, JobStatus, Workspace
from fusee.nurturing.models import Sequence, SequenceStatus

SCRIPT = (
    "# Webinars that sell\n\n## Why script a webinar\n\nWe grew pipeline by 40% in one year. A scripted "
    "webinar is easy to recycle. But most teams never reuse theirs. That is the real waste.\n\n"
    "## What to make of it\n\nAn ebook comes first. Then articles, posts and emails follow. Every asset "
    "points back to the ebook. The sales team gets warmer leads.\n"
)


def upload(text: str = SCRIPT, name: str = "webinar.md") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), "text/markdown")

pytestmark = pytest.mark.usefixtures("content_data_dir")


@pytest.fixture
def website(db) -> Workspace:
    workspace = Workspace.current()
    workspace.name, workspace.website = "Orbitale", "https://orbitale.example"
    workspace.save()
    return workspace


def test_it_recycles_a_script_in_a_job_and_stores_the_pack(
    marketer, website, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        recycling = services.recycling_create(actor=marketer, script=upload(), script_name="webinar.md")
    assert recycling.status == RecyclingStatus.QUEUED and recycling.title == "Webinars that sell"
    assert recycling.script.path.startswith(str(recycling.folder.parent))  # FUSEE_DATA_DIR/content/

    assert run_pending() == 1
    recycling.refresh_from_db()
    assert recycling.job_id is not None and recycling.sequence_id is not None
    job = Job.objects.get(pk=recycling.job_id)
    assert job.status == JobStatus.SUCCEEDED and job.progress_done == job.progress_total > 0
    assert recycling.status == RecyclingStatus.DONE and recycling.progress == 100
    assert recycling.detected_language == "en" and recycling.manifest["title"] == "Webinars that sell"
    assert (recycling.pack_dir / "pack.zip").is_file() and (recycling.pack_dir / "index.html").is_file()
    kinds = set(Asset.objects.filter(recycling=recycling).values_list("kind", flat=True))
    assert {"ebook", "article", "linkedin_post", "email"} <= kinds
    offer = Asset.objects.get(kind="email", key="email-1").current.files.get().text or ""
    assert "https://orbitale.example/" in offer
    sequence = Sequence.objects.get(pk=recycling.sequence_id)
    assert sequence.status == SequenceStatus.DRAFT and "Webinars that sell" in sequence.name


def test_it_refuses_a_script_it_cannot_read_and_keeps_nothing(marketer):
    with pytest.raises(DomainError, match=r"empty\.txt: the file is empty"):
        services.recycling_create(actor=marketer, script=upload("", "empty.txt"), script_name="empty.txt")
    assert not Recycling.objects.exists()


def test_it_refuses_the_llm_writer_and_an_unknown_language(marketer):
    with pytest.raises(DomainError, match="llm writer is not available yet"):
        services.recycling_create(actor=marketer, script=upload(), script_name="w.md", writer="llm")
    with pytest.raises(DomainError, match="'xx' is not one of"):
        services.recycling_create(actor=marketer, script=upload(), script_name="w.md", language="xx")


def test_it_marks_the_recycling_failed_with_the_reason_when_the_script_breaks(marketer):
    recycling = services.recycling_create(actor=marketer, script=upload(), script_name="webinar.md",
                                          enqueue_job=False)
    with open(recycling.script.path, "w") as broken:
        broken.write("")
    services.recycling_run(recycling=recycling)
    recycling.refresh_from_db()
    assert recycling.status == RecyclingStatus.FAILED
    assert recycling.error == "webinar.md: the file is empty" and not recycling.pack_dir.exists()


def test_it_regenerates_without_losing_an_edit(marketer, django_capture_on_commit_callbacks):
    recycling = services.recycling_create(actor=marketer, script=upload(), script_name="webinar.md",
                                          enqueue_job=False)
    services.recycling_run(recycling=recycling)
    ebook = Asset.objects.get(recycling=recycling, kind="ebook")
    services.asset_edit(actor=marketer, asset=ebook, files={"ebook/draft.json": "{}"})
    with open(recycling.script.path, "a") as script:
        script.write("\n## One more thing\n\nA third section changes the ebook. It gets its own chapter.\n")

    with django_capture_on_commit_callbacks(execute=True):
        services.recycling_regenerate(actor=marketer, recycling=recycling)
    assert run_pending() == 1
    ebook.refresh_from_db()
    assert ebook.current.origin == VersionOrigin.EDITED and ebook.regenerated_since_edit
    assert ebook.versions.first().origin == VersionOrigin.GENERATED
    recycling.refresh_from_db()
    assert recycling.status == RecyclingStatus.DONE
    assert Sequence.objects.count() == 1  # the draft sequence is made once


def test_it_refuses_an_illegal_status_change(marketer):
    recycling = services.recycling_create(actor=marketer, script=upload(), script_name="webinar.md",
                                          enqueue_job=False)
    with pytest.raises(IllegalTransition):
        services.recycling_transition(recycling=recycling, status=RecyclingStatus.DONE)
    with pytest.raises(IllegalTransition):
        services.recycling_regenerate(actor=marketer, recycling=recycling)  # still queued
