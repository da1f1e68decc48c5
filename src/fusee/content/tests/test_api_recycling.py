"""Content recycling over the API, with real tokens through the whole Django stack."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fusee.content.tests.recycle_fixtures import content_data_dir  # noqa: F401
from fusee.content.tests.test_views_recycling import SCRIPT
from fusee.core.jobs.runner import run_pending
from fusee.core.models import TokenScope
from fusee.core.tokens import token_create

pytestmark = [pytest.mark.usefixtures("content_data_dir")]


def bearer(user, scope=TokenScope.WRITE) -> Client:
    _token, secret = token_create(actor=user, name="test", scope=scope)
    return Client(headers={"authorization": f"Bearer {secret}"})


def post_script(client: Client, text: str = SCRIPT, name: str = "webinar.md", **fields: str):
    return client.post("/api/v1/recyclings",
                       {"script": SimpleUploadedFile(name, text.encode()), **fields})


def test_it_takes_a_script_and_serves_its_status_manifest_and_zip(
    marketer, django_capture_on_commit_callbacks
):
    api = bearer(marketer)
    with django_capture_on_commit_callbacks(execute=True):
        created = post_script(api, language="en")
    assert created.status_code == 201, created.content
    recycling_id = created.json()["id"]
    assert created.json()["status"] == "queued"
    assert api.get(f"/api/v1/recyclings/{recycling_id}/manifest").status_code == 409  # not ready yet

    assert run_pending() == 1
    status = api.get(f"/api/v1/recyclings/{recycling_id}").json()
    assert status["status"] == "done" and status["progress"] == 100 and status["detected_language"] == "en"
    manifest = api.get(f"/api/v1/recyclings/{recycling_id}/manifest").json()
    assert manifest["sections"][0]["title"] == "Why script a webinar"
    assert {a["kind"] for a in manifest["assets"]} >= {"ebook", "article", "linkedin_post", "email"}
    packed = api.get(f"/api/v1/recyclings/{recycling_id}/pack.zip")
    assert packed["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(packed.content)) as archive:
        assert "manifest.json" in archive.namelist() and "ebook/ebook.epub" in archive.namelist()


def test_it_explains_a_script_it_cannot_read(marketer):
    refused = post_script(bearer(marketer), text="not a zip", name="script.docx")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "script"]
    assert refused.json()["detail"][0]["msg"].startswith("script.docx: not a readable Word document")


def test_it_refuses_the_llm_writer_with_the_field_named(marketer):
    refused = post_script(bearer(marketer), writer="llm")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "writer"]
    assert "not available yet" in refused.json()["detail"][0]["msg"]


def test_it_lets_a_read_token_read_but_not_submit(marketer, viewer, viewer_client):
    assert post_script(bearer(marketer, TokenScope.READ)).status_code == 403
    assert post_script(viewer_client).status_code == 403
    assert bearer(viewer, TokenScope.READ).get("/api/v1/recyclings/999").status_code == 404
    assert Client().get("/api/v1/recyclings/1").status_code == 401
