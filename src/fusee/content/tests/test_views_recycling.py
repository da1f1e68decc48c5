"""The content pages: login, roles, upload → job → pack page, edits, downloads, escaping."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fusee.content import services
from fusee.content.models import Asset, Recycling, RecyclingStatus, VersionOrigin
from fusee.content.tests.recycle_fixtures import content_data_dir  # noqa: F401
from fusee.core.jobs.runner import run_pending

pytestmark = [pytest.mark.usefixtures("content_data_dir")]

SCRIPT = (
    "# Webinars that sell <script>alert('x')</script>\n\n## Why script a webinar\n\nWe grew pipeline by 40% "
    "in one year. A scripted webinar is easy to recycle. But most teams never reuse theirs. That is the "
    "real waste.\n\n## What to make of it\n\nAn ebook comes first. Then articles, posts and emails follow. "
    "Every asset points back to the ebook. The sales team gets warmer leads.\n"
)


def upload(client: Client, text: str = SCRIPT, name: str = "webinar.md", **extra: str):
    data = {"script": SimpleUploadedFile(name, text.encode(), "text/markdown"),
            "language": "", "writer": "extractive", **extra}
    return client.post(reverse("content:recycling_new"), data)


@pytest.fixture
def done(marketer) -> Recycling:
    recycling = services.recycling_create(
        actor=marketer, script=SimpleUploadedFile("webinar.md", SCRIPT.encode()), script_name="webinar.md",
        enqueue_job=False,
    )
    return services.recycling_run(recycling=recycling)


def test_it_needs_a_login(client):
    response = client.get(reverse("content:recyclings"))
    assert response.status_code == 302 and "login" in response.url


def test_it_uploads_a_script_follows_the_job_and_shows_the_pack(
    marketer_client, django_capture_on_commit_callbacks
):
    assert "Content" in marketer_client.get(reverse("dashboard")).content.decode()  # the menu item
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(marketer_client)
    recycling = Recycling.objects.get()
    assert response.url == reverse("content:recycling_detail", args=[recycling.pk])
    waiting = marketer_client.get(response.url).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "Queued" in waiting

    assert run_pending() == 1
    polled = marketer_client.get(response.url, headers={"HX-Request": "true"})
    assert polled.status_code == 204 and polled["HX-Refresh"] == "true"
    page = marketer_client.get(response.url).content.decode()
    assert "Why script a webinar" in page and "Blog articles" in page and "LinkedIn posts" in page
    assert "text-success" in page  # checks shown
    assert reverse("content:recycling_zip", args=[recycling.pk]) in page
    for fmt in ("pdf", "epub", "docx"):
        assert reverse("content:recycling_file", args=[recycling.pk, f"ebook/ebook.{fmt}"]) in page


def test_it_escapes_a_script_that_holds_html(viewer_client, done):
    page = viewer_client.get(reverse("content:recycling_detail", args=[done.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    asset = Asset.objects.filter(recycling=done, kind="article").first()
    asset_page = viewer_client.get(reverse("content:asset_detail", args=[asset.pk])).content.decode()
    assert "<script>alert" not in asset_page


def test_it_shows_an_unreadable_script_on_the_form(marketer_client):
    response = upload(marketer_client, text="not a zip", name="script.docx")
    page = response.content.decode()
    assert response.status_code == 200 and "script.docx" in page and "invalid-feedback" in page
    assert not Recycling.objects.exists()


def test_it_lets_a_viewer_read_but_not_upload_or_edit(viewer_client, done):
    assert viewer_client.get(reverse("content:recycling_new")).status_code == 403
    assert upload(viewer_client).status_code == 403
    asset = Asset.objects.filter(recycling=done, kind="email").first()
    url = reverse("content:asset_detail", args=[asset.pk])
    page = viewer_client.get(url).content.decode()
    assert "<textarea" not in page and asset.title.split()[0] in page
    assert "Nurturing email ·" in page and ">email ·" not in page  # the kind, named for people
    assert viewer_client.post(url, {"file_0": "mine"}).status_code == 403
    assert viewer_client.post(reverse("content:recycling_regenerate", args=[done.pk])).status_code == 403
    assert asset.versions.count() == 1


def test_it_saves_an_edit_as_a_new_version_that_the_downloads_carry(marketer_client, done, marketer):
    asset = Asset.objects.filter(recycling=done, kind="linkedin_post").first()
    name = asset.current.files.get().name
    url = reverse("content:asset_detail", args=[asset.pk])
    assert "<textarea" in marketer_client.get(url).content.decode()
    response = marketer_client.post(url, {"file_0": "My own <b>post</b>\r\nsecond line"})
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.current.origin == VersionOrigin.EDITED and asset.current.created_by == marketer
    assert asset.current.files.get().text == "My own <b>post</b>\nsecond line"

    one = marketer_client.get(reverse("content:recycling_file", args=[done.pk, name]))
    assert one["Content-Disposition"].startswith("attachment")
    assert one.content == b"My own <b>post</b>\nsecond line"
    packed = marketer_client.get(reverse("content:recycling_zip", args=[done.pk]))
    with zipfile.ZipFile(io.BytesIO(packed.content)) as archive:
        assert archive.read(name) == b"My own <b>post</b>\nsecond line"
        assert "manifest.json" in archive.namelist() and "ebook/ebook.pdf" in archive.namelist()
    pdf = marketer_client.get(reverse("content:recycling_file", args=[done.pk, "ebook/ebook.pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_it_regenerates_from_the_pack_page(marketer_client, done, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = marketer_client.post(reverse("content:recycling_regenerate", args=[done.pk]))
    assert response.status_code == 302
    done.refresh_from_db()
    assert done.status == RecyclingStatus.QUEUED and run_pending() == 1
    done.refresh_from_db()
    assert done.status == RecyclingStatus.DONE


def test_it_answers_404_for_a_file_outside_the_pack(marketer_client, done):
    url = reverse("content:recycling_file", args=[done.pk, "../../fusee.sqlite3"])
    assert marketer_client.get(url).status_code == 404
