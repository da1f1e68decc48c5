"""Building a pack on disk: files, manifest, index page, zip, and never a half-written folder."""

from __future__ import annotations

import itertools
import json
import re
import zipfile
from pathlib import Path

import pytest

from fusee.content.recycle import PackError, PackSettings, pack_build, steps
from fusee.content.recycle.steps import Step
from fusee.content.understanding import ScriptError

CONTENT = Path(__file__).resolve().parents[1]
SAMPLE = CONTENT / "samples" / "webinar-pipeline.en.md"
TRANSCRIPT = CONTENT / "demo" / "webinar_en.vtt"
SHORT = (
    "# Short talk\n\nWe grew pipeline by 40% in one year. Webinars work when they are scripted. "
    "But most teams never reuse them. That is the real waste.\n"
)
SITE = PackSettings(site_url="https://orbitale.example", brand_name="Orbitale", brand_colour="#d9480f")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture(scope="module")
def transcript_pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("transcript") / "pack"
    seen: list[tuple[int, int]] = []
    pack_build(source_path=TRANSCRIPT, out_dir=out, settings=SITE,
               progress=lambda done, total: seen.append((done, total)))
    return out, seen


@pytest.fixture
def short_script(tmp_path) -> Path:
    path = tmp_path / "short.md"
    path.write_text(SHORT, encoding="utf-8")
    return path


def test_it_writes_every_kind_of_asset_with_a_manifest_an_index_and_a_zip(transcript_pack):
    out, seen = transcript_pack
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    kinds = {a["kind"] for a in manifest["assets"]}
    assert kinds == {"ebook", "article", "linkedin_post", "clip", "cut_list", "email"}
    assert 5 <= sum(a["kind"] == "article" for a in manifest["assets"]) <= 6
    ebook = next(a for a in manifest["assets"] if a["kind"] == "ebook")
    assert {"ebook/ebook.pdf", "ebook/ebook.epub", "ebook/ebook.docx"} <= set(ebook["files"])
    assert (out / "ebook/ebook.pdf").read_bytes().startswith(b"%PDF")
    for asset in manifest["assets"]:
        assert asset["checks"] and all({"name", "ok", "detail"} <= set(c) for c in asset["checks"])
        assert all((out / name).is_file() for name in asset["files"])
    assert {c["name"] for c in manifest["checks"]} >= {"no_reuse", "sections_covered"}
    assert seen[0] == (0, len(steps.EXTRACTIVE_STEPS) + 1) and seen[-1][0] == seen[-1][1]
    with zipfile.ZipFile(out / "pack.zip") as archive:
        names = set(archive.namelist())
        assert {"index.html", "manifest.json", "clips/cut-list.csv"} <= names
        assert archive.read("ebook/ebook.pdf") == (out / "ebook/ebook.pdf").read_bytes()
    assert leftovers(out.parent) == []


def test_it_gives_each_section_its_sentence_span_and_times(transcript_pack):
    out, _seen = transcript_pack
    sections = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["sections"]
    assert sections[0]["sentences"]["first"] == 0 and sections[0]["time"]["start"] == pytest.approx(3.127)
    for before, after in itertools.pairwise(sections):
        assert after["sentences"]["first"] == before["sentences"]["last"] + 1
        assert after["time"]["start"] >= before["time"]["end"]


def test_it_links_every_file_and_check_from_the_index_page(transcript_pack):
    out, _seen = transcript_pack
    index = (out / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for asset in manifest["assets"]:
        for name in asset["files"]:
            assert f'href="{name}"' in index
    assert "sections_covered" in index
    assert not any("example.com" in note for note in manifest["notes"])  # the website was given


def test_it_escapes_what_the_script_says_in_the_index_page(tmp_path):
    script = tmp_path / "evil.md"
    script.write_text("# <script>alert(1)</script> Growth\n\n" + SHORT.split("\n", 2)[2], encoding="utf-8")
    pack_build(source_path=script, out_dir=tmp_path / "pack")
    index = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index


def test_it_refuses_a_bad_script_and_writes_nothing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(ScriptError, match=re.escape("empty.txt: the file is empty")):
        pack_build(source_path=empty, out_dir=tmp_path / "pack")
    assert list(tmp_path.iterdir()) == [empty]


def test_it_makes_a_smaller_pack_of_a_short_script_and_says_what_it_left_out(short_script, tmp_path):
    pack = pack_build(source_path=short_script, out_dir=tmp_path / "pack")
    notes = pack.manifest["notes"]
    assert len(pack.manifest["sections"]) == 1
    assert any("The script is short" in note for note in notes)
    assert any("Only 1 article(s)" in note for note in notes)
    assert any("no timestamps" in note for note in notes)
    assert any("https://example.com" in note for note in notes)  # no website given
    index = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    assert "The script is short" in index


def test_it_leaves_no_output_folder_when_a_step_fails_mid_way(short_script, tmp_path, monkeypatch):
    def broken(state: steps.PackState) -> None:
        raise RuntimeError("writer crashed")

    failing = [*steps.EXTRACTIVE_STEPS[:3], Step("broken", "Breaking", broken), *steps.EXTRACTIVE_STEPS[3:]]
    monkeypatch.setitem(steps.WRITERS, "extractive", failing)
    with pytest.raises(RuntimeError, match="writer crashed"):
        pack_build(source_path=short_script, out_dir=tmp_path / "out" / "pack")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_it_keeps_the_previous_pack_when_writing_the_new_one_fails(short_script, tmp_path, monkeypatch):
    out = tmp_path / "out" / "pack"
    pack_build(source_path=short_script, out_dir=out)
    before = (out / "manifest.json").read_bytes()

    def no_zip(root: Path, target: Path) -> None:
        (root / "half-written").write_text("…")
        raise OSError("disk full")

    monkeypatch.setattr("fusee.content.recycle.pack.zip_write", no_zip)
    with pytest.raises(OSError, match="disk full"):
        pack_build(source_path=short_script, language="fr", out_dir=out)
    assert (out / "manifest.json").read_bytes() == before and not (out / "half-written").exists()
    assert leftovers(out.parent) == []


def test_it_replaces_an_older_pack_in_the_same_folder(short_script, tmp_path, monkeypatch):
    out = tmp_path / "out" / "pack"
    pack_build(source_path=short_script, out_dir=out)
    (out / "stale.txt").write_text("from an older run")
    pack_build(source_path=short_script, out_dir=out)
    assert not (out / "stale.txt").exists() and (out / "manifest.json").is_file()
    assert leftovers(out.parent) == []


def test_it_refuses_the_llm_writer_until_an_endpoint_is_configured(tmp_path):
    with pytest.raises(PackError, match="llm writer is not available yet"):
        pack_build(source_path=SAMPLE, writer="llm", out_dir=tmp_path / "pack")
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_a_file_name_outside_the_pack(short_script, tmp_path, monkeypatch):
    from fusee.content.writing.assets import Asset

    def sneaky(state: steps.PackState) -> None:
        state.assets.append(Asset(kind="article", key="x", title="x", files={"../escape.md": "boo"}))

    monkeypatch.setitem(steps.WRITERS, "extractive", [steps.EXTRACTIVE_STEPS[0], Step("x", "x", sneaky)])
    with pytest.raises(PackError, match=re.escape("cannot be written as '../escape.md'")):
        pack_build(source_path=short_script, out_dir=tmp_path / "out" / "pack")
    assert list((tmp_path / "out").iterdir()) == []
