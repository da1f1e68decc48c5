"""The clip review's writes: statuses, trims stored as edits, the cut list, cutting the approved clips."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fusee.content import services
from fusee.content.clip_selectors import clip_row, script_sentences
from fusee.content.models import Asset, ClipStatus, VersionOrigin
from fusee.content.tests.clip_fixtures import (  # noqa: F401
    clip_assets_fixture,
    clip_pack_fixture,
    understood_fixture,
)
from fusee.content.tests.recycle_fixtures import content_data_dir  # noqa: F401
from fusee.content.writing.clips import ClipError
from fusee.core.errors import DomainError, IllegalTransition
from fusee.core.models import AuditEntry


def clip(recycling, number: int) -> Asset:
    return Asset.objects.select_related("recycling", "current").get(recycling=recycling, key=f"clip-{number}")


def cut_list_rows(recycling) -> list[dict[str, str]]:
    asset = Asset.objects.get(recycling=recycling, kind="cut_list")
    return list(csv.DictReader(io.StringIO(asset.current.files.get().text)))


def srt_of(asset: Asset) -> str:
    return asset.current.files.get(name__endswith=".srt").text or ""


def test_it_moves_a_clip_through_its_review_and_refuses_illegal_moves(clip_pack, marketer):
    asset = clip(clip_pack, 1)
    assert asset.clip_status == ClipStatus.PROPOSED
    services.clip_status_set(actor=marketer, asset=asset, status=ClipStatus.APPROVED)
    with pytest.raises(IllegalTransition):
        services.clip_status_set(actor=marketer, asset=asset, status=ClipStatus.APPROVED)
    services.clip_status_set(actor=marketer, asset=asset, status=ClipStatus.REJECTED)
    with pytest.raises(IllegalTransition):  # a rejected clip is restored before it is approved
        services.clip_status_set(actor=marketer, asset=asset, status=ClipStatus.APPROVED)
    services.clip_status_set(actor=marketer, asset=asset, status=ClipStatus.PROPOSED)
    asset.refresh_from_db()
    assert asset.clip_status == ClipStatus.PROPOSED
    assert AuditEntry.objects.filter(action="content.clip_status_set").count() == 3


def test_it_refuses_to_review_an_asset_that_is_not_a_clip(clip_pack, marketer):
    cut_list = Asset.objects.get(recycling=clip_pack, kind="cut_list")
    with pytest.raises(DomainError, match="only a video clip"):
        services.clip_status_set(actor=marketer, asset=cut_list, status=ClipStatus.APPROVED)


def test_it_keeps_rejected_clips_out_of_the_cut_list_as_an_edit(clip_pack, marketer):
    generated = [row["clip"] for row in cut_list_rows(clip_pack)]
    assert generated == [str(n) for n in range(1, 9)]
    services.clip_status_set(actor=marketer, asset=clip(clip_pack, 1), status=ClipStatus.APPROVED)
    cut_list = Asset.objects.get(recycling=clip_pack, kind="cut_list")
    assert cut_list.versions.count() == 1  # approving changes nothing the cut list says

    services.clip_status_set(actor=marketer, asset=clip(clip_pack, 2), status=ClipStatus.REJECTED)
    cut_list.refresh_from_db()
    assert cut_list.current.origin == VersionOrigin.EDITED and cut_list.current.created_by == marketer
    assert [row["clip"] for row in cut_list_rows(clip_pack)] == ["1", *map(str, range(3, 9))]

    services.clip_status_set(actor=marketer, asset=clip(clip_pack, 2), status=ClipStatus.PROPOSED)
    assert [row["clip"] for row in cut_list_rows(clip_pack)] == generated


def trim_span(recycling, asset: Asset) -> tuple[int, int]:
    """The clip without its first sentence, if that still lasts 30 s."""
    sentences = script_sentences(recycling)
    first, last = asset.meta["sentences"]
    assert sentences[last].end - sentences[first + 1].start >= 30
    return first + 1, last


def test_it_stores_a_trim_as_an_edited_version_with_new_captions(clip_pack, marketer, clip_assets):
    asset = clip(clip_pack, 1)
    before = srt_of(asset)
    first, last = trim_span(clip_pack, asset)
    version = services.clip_trim_save(actor=marketer, asset=asset, first=first, last=last)
    asset.refresh_from_db()
    assert asset.current == version and version.origin == VersionOrigin.EDITED and version.number == 2
    sentences = script_sentences(clip_pack)
    after = srt_of(asset)
    assert after != before and sentences[first].text.split()[0] in after.split("\n")[2]
    assert "00:00:00,000 -->" in after  # captions start at the clip's new start
    assert asset.meta["trim"]["sentences"] == [first, last]
    assert asset.meta["trim"]["start"] == pytest.approx(sentences[first].start)
    row = clip_row(asset, after)
    assert row.trimmed and row.first == first
    assert row.first_words.split()[0] == sentences[first].text.split()[0]
    cut = next(r for r in cut_list_rows(clip_pack) if r["clip"] == "1")
    assert cut["first words"] == " ".join(sentences[first].text.split()[:6])

    services.assets_store(recycling=clip_pack, assets=clip_assets)  # a regeneration
    asset.refresh_from_db()
    assert asset.current == version and asset.regenerated_since_edit is False  # same generated content
    assert srt_of(asset) == after
    assert asset.meta["trim"]["sentences"] == [first, last]  # the trim's times survive it too


def test_it_refuses_a_trim_outside_30_to_90_seconds(clip_pack, marketer):
    asset = clip(clip_pack, 1)
    first = asset.meta["sentences"][0]
    with pytest.raises(ClipError, match="a clip lasts 30 to 90 s"):
        services.clip_trim_save(actor=marketer, asset=asset, first=first, last=first)
    assert asset.versions.count() == 1 and "trim" not in Asset.objects.get(pk=asset.pk).meta


def test_it_refuses_a_trim_that_leaves_the_clips_section(clip_pack, marketer):
    asset = clip(clip_pack, 2)  # section 1
    first_of_section = clip_pack.manifest["sections"][1]["sentences"]["first"]
    with pytest.raises(ClipError, match="is not a sentence of this clip's section"):
        services.clip_trim_save(actor=marketer, asset=asset, first=first_of_section - 1,
                                last=asset.meta["sentences"][1])
    with pytest.raises(ClipError, match="comes after the last"):
        services.clip_trim_save(actor=marketer, asset=asset, first=asset.meta["sentences"][1],
                                last=asset.meta["sentences"][0])


def test_it_refuses_to_trim_a_rejected_clip(clip_pack, marketer):
    asset = clip(clip_pack, 1)
    services.clip_status_set(actor=marketer, asset=asset, status=ClipStatus.REJECTED)
    with pytest.raises(DomainError, match="restore this clip"):
        services.clip_trim_save(actor=marketer, asset=asset, first=1, last=2)


def test_it_refuses_to_cut_without_a_video(clip_pack, marketer):
    services.clip_status_set(actor=marketer, asset=clip(clip_pack, 1), status=ClipStatus.APPROVED)
    with pytest.raises(DomainError, match="only from an uploaded video"):
        services.clips_cut_start(actor=marketer, recycling=clip_pack)


def make_video(path, seconds: int) -> None:
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None
    subprocess.run(
        [ffmpeg, "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=5",
         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000", "-t", str(seconds),
         "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(path)],
        check=True, timeout=120,
    )


@pytest.mark.ffmpeg
def test_it_cuts_the_approved_clips_in_a_job(
    clip_pack, marketer, tmp_path, django_capture_on_commit_callbacks
):
    from fusee.core.jobs.runner import run_pending
    from fusee.core.models import Job, JobStatus

    asset = clip(clip_pack, 3)
    end = asset.meta["end"]
    video = tmp_path / "webinar.mp4"
    make_video(video, int(end) + 5)
    clip_pack.video.save("webinar.mp4", SimpleUploadedFile("webinar.mp4", video.read_bytes()))
    with pytest.raises(DomainError, match="approve at least one clip"):
        services.clips_cut_start(actor=marketer, recycling=clip_pack)
    services.clip_status_set(actor=marketer, asset=asset, status=ClipStatus.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.clips_cut_start(actor=marketer, recycling=clip_pack)
    assert run_pending() == 1
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result == {"clips": ["clip-3"]}
    asset.refresh_from_db()
    names = set(asset.current.files.values_list("name", flat=True))
    assert names == {"clips/clip-3.srt", "clips/clip-3.mp4"}
    assert asset.current.origin == VersionOrigin.EDITED
    assert asset.current.files.get(name="clips/clip-3.mp4").read()[4:8] == b"ftyp"
    assert not clip(clip_pack, 1).current.files.filter(name__endswith=".mp4").exists()  # not approved
