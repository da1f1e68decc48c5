"""`fusee recycle SCRIPT --out DIR` through call_command."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db  # the command reads the workspace's website and brand

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "nurturing-b2b.fr.md"


def test_it_writes_a_pack_and_prints_its_assets_and_checks(tmp_path):
    out = io.StringIO()
    call_command("recycle", str(SAMPLE), "--lang", "fr", "--out", str(tmp_path / "pack"), stdout=out)
    report = out.getvalue()
    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["language"] == "fr" and (tmp_path / "pack" / "pack.zip").is_file()
    assert f"Pack written to {tmp_path / 'pack'}" in report
    assert "article" in report and "note: No video clips" in report
    assert manifest["assets"][0]["title"] in report
    assert any("https://example.com" in note for note in manifest["notes"])  # no website set anywhere


def test_it_points_the_links_at_the_site_given(tmp_path):
    call_command("recycle", str(SAMPLE), "--site", "https://orbitale.example", "--out", str(tmp_path / "p"),
                 stdout=io.StringIO())
    article = next((tmp_path / "p" / "articles").glob("*/index.md")).read_text(encoding="utf-8")
    assert "https://orbitale.example/resources/" in article


def test_it_refuses_the_llm_writer_until_an_endpoint_is_configured(tmp_path):
    with pytest.raises(CommandError, match="llm writer is not available yet"):
        call_command("recycle", str(SAMPLE), "--writer", "llm", "--out", str(tmp_path / "pack"))
    assert not (tmp_path / "pack").exists()


def test_it_says_what_is_wrong_with_a_bad_script_and_writes_nothing(tmp_path):
    broken = tmp_path / "broken.vtt"
    broken.write_text("WEBVTT\n\n00:00:xx.000 --> 00:00:02.000\nHello.\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.vtt"):
        call_command("recycle", str(broken), "--out", str(tmp_path / "pack"))
    with pytest.raises(CommandError, match="no such file"):
        call_command("recycle", str(tmp_path / "missing.md"), "--out", str(tmp_path / "pack"))
    assert not (tmp_path / "pack").exists()
