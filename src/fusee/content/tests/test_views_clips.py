"""The clip review pages: the pack page's checks and clip region, HTMX status and trim, roles, downloads."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from fusee.content.clip_selectors import script_sentences
from fusee.content.models import Asset, ClipStatus, VersionOrigin
from fusee.content.tests.clip_fixtures import (  # noqa: F401
    clip_assets_fixture,
    clip_pack_fixture,
    understood_fixture,
)
from fusee.content.tests.recycle_fixtures import content_data_dir  # noqa: F401

HTMX = {"HX-Request": "true"}


def clip(recycling, number: int) -> Asset:
    return Asset.objects.get(recycling=recycling, key=f"clip-{number}")


def test_it_shows_the_pack_checks_with_badges_and_loads_the_clip_review(viewer_client, clip_pack):
    page = viewer_client.get(reverse("content:recycling_detail", args=[clip_pack.pk])).content.decode()
    assert 'data-testid="pack-checks"' in page
    assert "text-bg-success" in page and "text-bg-danger" in page and "sections_covered" in page
    assert "section 3 &lt;b&gt;is missing&lt;/b&gt;" in page  # details escaped
    assert f'hx-get="{reverse("content:clip_review", args=[clip_pack.pk])}"' in page


def test_it_lists_each_clip_with_its_times_words_and_buttons(marketer_client, clip_pack):
    url = reverse("content:clip_review", args=[clip_pack.pk])
    region = marketer_client.get(url, headers=HTMX).content.decode()
    assert "<html" not in region and region.count('data-testid="clip"') == 8
    first = clip(clip_pack, 1)
    sentences = script_sentences(clip_pack)
    opening = " ".join(sentences[first.meta["sentences"][0]].text.split()[:3])
    assert opening in region and "2:25–3:46" in region and "81.1 s" in region
    assert 'value="approved"' in region and 'value="rejected"' in region
    assert reverse("content:clip_trim", args=[first.pk]) in region
    assert "Cut approved clips" not in region  # no video uploaded
    full = marketer_client.get(url).content.decode()
    assert "<html" in full and "Clip review" in full


def test_it_approves_and_rejects_in_place_over_htmx(marketer_client, clip_pack):
    asset = clip(clip_pack, 2)
    url = reverse("content:clip_status", args=[asset.pk])
    response = marketer_client.post(url, {"status": "approved"}, headers=HTMX)
    region = response.content.decode()
    assert response.status_code == 200 and f'id="clip-{asset.pk}"' in region and "<html" not in region
    assert "Approved" in region and 'value="approved"' not in region
    asset.refresh_from_db()
    assert asset.clip_status == ClipStatus.APPROVED

    again = marketer_client.post(url, {"status": "approved"}, headers=HTMX).content.decode()
    assert "alert-danger" in again and "cannot go from" in again
    marketer_client.post(url, {"status": "rejected"}, headers=HTMX)
    asset.refresh_from_db()
    assert asset.clip_status == ClipStatus.REJECTED
    packed = marketer_client.get(reverse("content:recycling_zip", args=[clip_pack.pk]))
    with zipfile.ZipFile(io.BytesIO(packed.content)) as archive:
        rows = archive.read("clips/cut-list.csv").decode().splitlines()
    assert len(rows) == 1 + 7 and not any(row.startswith("2,") for row in rows)


def test_it_trims_a_clip_in_place_and_shows_errors_there(marketer_client, clip_pack):
    asset = clip(clip_pack, 1)
    url = reverse("content:clip_trim", args=[asset.pk])
    form = marketer_client.get(url, headers=HTMX).content.decode()
    first, last = asset.meta["sentences"]
    section = clip_pack.manifest["sections"][0]["sentences"]
    assert form.count("<option") == 2 * (section["last"] - section["first"] + 1)
    assert f'<option value="{first}" selected>' in form
    without_htmx = marketer_client.get(url).content.decode()  # the review page with this clip's form open
    assert "<html" in without_htmx and without_htmx.count('name="first"') == 1

    too_short = marketer_client.post(url, {"first": first, "last": first}, headers=HTMX).content.decode()
    assert "a clip lasts 30 to 90 s" in too_short and "<select" in too_short
    outside = marketer_client.post(url, {"first": first, "last": section["last"] + 1}, headers=HTMX)
    assert "is not a sentence of this clip&#x27;s section" in outside.content.decode()
    assert asset.versions.count() == 1

    done = marketer_client.post(url, {"first": first + 1, "last": last}, headers=HTMX).content.decode()
    assert "trimmed" in done and "<select" not in done
    asset.refresh_from_db()
    assert asset.current.origin == VersionOrigin.EDITED
    assert asset.meta["trim"]["sentences"] == [first + 1, last]


def test_it_lets_a_viewer_read_the_review_but_change_nothing(viewer_client, clip_pack):
    asset = clip(clip_pack, 1)
    review = viewer_client.get(reverse("content:clip_review", args=[clip_pack.pk]), headers=HTMX)
    region = review.content.decode()
    assert 'data-testid="clip"' in region and 'value="approved"' not in region
    status_url = reverse("content:clip_status", args=[asset.pk])
    assert viewer_client.post(status_url, {"status": "approved"}).status_code == 403
    assert viewer_client.get(reverse("content:clip_trim", args=[asset.pk])).status_code == 403
    assert viewer_client.post(reverse("content:clips_cut", args=[clip_pack.pk])).status_code == 403
    asset.refresh_from_db()
    assert asset.clip_status == ClipStatus.PROPOSED


def test_it_refuses_to_cut_without_a_video(marketer_client, clip_pack):
    response = marketer_client.post(reverse("content:clips_cut", args=[clip_pack.pk]), follow=True)
    assert "only from an uploaded video" in response.content.decode()


@pytest.mark.ffmpeg
def test_it_offers_to_cut_once_a_video_is_there(marketer_client, clip_pack):
    from django.core.files.uploadedfile import SimpleUploadedFile

    clip_pack.video.save("webinar.mp4", SimpleUploadedFile("webinar.mp4", b"video"))
    region = marketer_client.get(reverse("content:clip_review", args=[clip_pack.pk]), headers=HTMX)
    assert "Cut approved clips" in region.content.decode()


def test_it_escapes_clip_titles(marketer_client, clip_pack):
    Asset.objects.filter(pk=clip(clip_pack, 1).pk).update(title="<img src=x onerror=alert(1)>")
    region = marketer_client.get(reverse("content:clip_review", args=[clip_pack.pk]), headers=HTMX)
    assert "<img src=x" not in region.content.decode() and "&lt;img src=x" in region.content.decode()
