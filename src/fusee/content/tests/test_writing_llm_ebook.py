"""The llm writer's ebook, against the real HTTP server of llm_endpoint.py (fixtures in conftest.py).

The server rewrites a chapter as "Model: " + its source paragraphs joined two by two, each ###
sub-heading starting a part, so a chapter holding those paragraphs proves the source reached it.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from fusee.content.ebook.draft import (
    Brand,
    CallToAction,
    Chapter,
    EbookDraft,
    KeyFigure,
    Paragraph,
    PullQuote,
    SubHeading,
    Takeaways,
)
from fusee.content.recycle import pack_build
from fusee.content.tests.llm_endpoint import INVENTED
from fusee.content.tests.writing_fixtures import demo
from fusee.content.understanding import Understanding
from fusee.content.writing.ebook import ebook_draft
from fusee.content.writing.llm import LlmUnavailable, PromptError, llm_client, llm_ebook
from fusee.testing.pdf_reading import pdf_text

CTA = CallToAction(text="See how Orbitale runs your store visits.", url="https://orbitale.example/demo")
SCRIPT = (
    "# Webinars that sell\n\n## Why script a webinar\n\nWe grew pipeline by 40% in one year. A scripted "
    "webinar is easy to recycle. But most teams never reuse theirs. That is the real waste.\n\n"
    "## What to make of it\n\nAn ebook comes first. Then articles, posts and emails follow. Every asset "
    "points back to the ebook. The sales team gets warmer leads.\n"
)


def extractive(u: Understanding) -> EbookDraft:
    return ebook_draft(u, brand=Brand(name="Orbitale"), call_to_action=CTA)


def prose(chapter: Chapter) -> list[str]:
    return [b.text for b in chapter.blocks if isinstance(b, Paragraph)]


def kept_blocks(chapter: Chapter) -> list[object]:
    return [b for b in chapter.blocks if isinstance(b, PullQuote | KeyFigure | Takeaways)]


def prompts(server) -> list[str]:
    return [request["messages"][-1]["content"] for request in server.seen]


@pytest.mark.parametrize(("script", "language"), [("webinar_en.md", "English"), ("webinar_fr.vtt", "French")])
def test_it_rewrites_each_chapters_prose_and_keeps_the_ebooks_structure(configured, server, script, language):
    u = demo(script)
    draft = extractive(u)
    notes: list[str] = []
    written = llm_ebook(u, draft, client=llm_client(), notes=notes)
    assert not notes and len(server.seen) == len(draft.chapters) + 1  # one per chapter, one for the frame
    assert (written.title, written.subtitle, written.brand, written.call_to_action) == (
        draft.title, draft.subtitle, draft.brand, draft.call_to_action)  # fmt: skip
    assert [c.title for c in written.chapters] == [c.title for c in draft.chapters]
    for before, after, prompt in zip(draft.chapters, written.chapters, prompts(server), strict=False):
        assert f"Write in {language}" in prompt and prose(before)[0] in prompt  # the source reached the model
        assert all(text.startswith("Model: ") for text in prose(after))
        assert " ".join(prose(after)).replace("Model: ", "") == " ".join(prose(before))
        assert kept_blocks(after) == kept_blocks(before)  # quotes verbatim, figures and takeaways as drafted
        assert isinstance(after.blocks[-1], Takeaways) and isinstance(after.blocks[0], Paragraph)
        headings = [b.text for b in after.blocks if isinstance(b, SubHeading)]
        assert all(h.startswith("Model: ") for h in headings)
    assert written.introduction[0].startswith("Model: ") and written.conclusion[0].startswith("Model: ")
    assert EbookDraft.from_dict(json.loads(json.dumps(written.to_dict()))) == written


def test_it_places_pull_quotes_and_key_figures_after_the_paragraph_they_follow(configured, server):
    u = demo("webinar_en.md")
    draft = extractive(u)
    written = llm_ebook(u, draft, client=llm_client(), notes=[])
    for chapter in written.chapters:
        for position, block in enumerate(chapter.blocks):
            if isinstance(block, PullQuote | KeyFigure):
                assert any(isinstance(b, Paragraph) for b in chapter.blocks[:position])


def test_it_asks_again_when_a_figure_is_invented_then_keeps_the_extractive_chapter_with_a_note(
    configured, server
):
    u = demo("webinar_en.md")
    draft = extractive(u)
    server.plan[:] = ["invented", "invented"]
    notes: list[str] = []
    written = llm_ebook(u, draft, client=llm_client(), notes=notes)
    assert written.chapters[0] == draft.chapters[0]
    assert [note for note in notes if note.startswith("Ebook chapter")] == [
        f"Ebook chapter “{draft.chapters[0].title}”: the language model's answer was not usable twice "
        "(figures not in the source: 987654; use only the figures the source gives); the extractive one "
        "is used."
    ]
    retry = server.seen[1]["messages"]
    assert retry[-2]["role"] == "assistant" and "not in the source: 987654" in retry[-1]["content"]
    assert prose(written.chapters[1])[0].startswith("Model: ")  # the next chapter is the model's
    assert all(INVENTED not in text for c in written.chapters for text in prose(c))


def test_it_uses_the_second_answer_when_the_first_invents_a_figure(configured, server):
    u = demo("webinar_en.md")
    draft = extractive(u)
    server.plan[:] = ["invented"]
    notes: list[str] = []
    written = llm_ebook(u, draft, client=llm_client(), notes=notes)
    assert not notes and prose(written.chapters[0])[0].startswith("Model: ")
    assert len(server.seen) == len(draft.chapters) + 2


def test_it_keeps_the_extractive_introduction_and_conclusion_when_the_model_fails_them(configured, server):
    u = demo("webinar_en.md")
    draft = extractive(u)
    server.plan[:] = ["ok"] * len(draft.chapters) + ["invented", "garbage"]
    notes: list[str] = []
    written = llm_ebook(u, draft, client=llm_client(), notes=notes)
    assert (written.introduction, written.conclusion) == (draft.introduction, draft.conclusion)
    assert len(notes) == 1 and notes[0].startswith(f"Ebook introduction and conclusion “{draft.title}”")
    assert "the answer holds no JSON object" in notes[0]
    assert prose(written.chapters[0])[0].startswith("Model: ")


def test_it_refuses_an_empty_or_summarised_chapter(configured, server):
    u = demo("webinar_en.md")
    draft = extractive(u)
    from fusee.content.writing.llm.ebook import chapter_answer
    from fusee.content.writing.llm.writer import Invalid

    chapter = draft.chapters[0]
    with pytest.raises(Invalid, match=r'"parts" must be a list'):
        chapter_answer({"parts": []}, chapter=chapter, language="en", least_words=50)
    with pytest.raises(Invalid, match=r"parts\[0\]: \"paragraphs\" must hold 1 to 16 strings, not 0"):
        chapter_answer({"parts": [{"heading": "", "paragraphs": [" "]}]}, chapter=chapter, language="en",
                       least_words=50)  # fmt: skip
    with pytest.raises(Invalid, match=r"the chapter holds 3 words, at least 50"):
        chapter_answer({"parts": [{"heading": "", "paragraphs": ["Too short here."]}]}, chapter=chapter,
                       language="en", least_words=50)  # fmt: skip
    parts = chapter_answer(
        {"parts": [{"heading": chapter.title, "paragraphs": ["**Bold** [claims](https://x.example) stay"]}]},
        chapter=chapter, language="en", least_words=1,
    )  # fmt: skip
    assert parts[0].heading == "" and parts[0].paragraphs == ("Bold claims stay",)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_it_stops_with_the_same_error_when_the_endpoint_cannot_be_reached(configured):
    configured.FUSEE_LLM_BASE_URL = f"http://127.0.0.1:{free_port()}/v1"
    u = demo("webinar_en.md")
    with pytest.raises(LlmUnavailable, match=r"cannot be reached \(connection refused\) after 3 attempts"):
        llm_ebook(u, extractive(u), client=llm_client(), notes=[])


def test_it_uses_the_ebook_prompt_files_from_the_data_folder(configured, server):
    prompts_dir = Path(configured.DATA_DIR) / "prompts"
    prompts_dir.mkdir(parents=True)
    (prompts_dir / "ebook_chapter.txt").write_text(
        "HOUSE EBOOK in {language_name} for {book_title}, {unknown} kept.\n<source>\n{source}\n</source>\n"
        '{{"parts": [{{"heading": "", "paragraphs": []}}]}}\n',
        encoding="utf-8",
    )
    u = demo("webinar_en.md")
    draft = extractive(u)
    notes: list[str] = []
    written = llm_ebook(u, draft, client=llm_client(), notes=notes)
    sent = prompts(server)
    assert sent[0].startswith(f"HOUSE EBOOK in English for {draft.title}, {{unknown}} kept.") and not notes
    assert sent[-1].startswith("Write the introduction and the conclusion")  # the shipped frame prompt
    assert prose(written.chapters[0])[0].startswith("Model: ")
    (prompts_dir / "ebook_frame.txt").write_text("Broken {0} template", encoding="utf-8")
    with pytest.raises(PromptError, match=r"prompts/ebook_frame\.txt.*literal brace"):
        llm_ebook(u, draft, client=llm_client(), notes=notes)


def test_it_writes_and_renders_the_ebook_of_a_pack_with_the_llm_writer(configured, server, tmp_path):
    script = tmp_path / "webinar.md"
    script.write_text(SCRIPT, encoding="utf-8")
    pack_build(source_path=script, writer="extractive", out_dir=tmp_path / "extractive")
    pack_build(source_path=script, writer="llm", out_dir=tmp_path / "llm")
    ebooks = {}
    for writer in ("extractive", "llm"):
        manifest = json.loads((tmp_path / writer / "manifest.json").read_text(encoding="utf-8"))
        ebooks[writer] = next(a for a in manifest["assets"] if a["kind"] == "ebook")
    same = ("kind", "key", "title", "files", "ok", "checks")
    assert {k: ebooks["llm"][k] for k in same} == {k: ebooks["extractive"][k] for k in same}
    meta = ebooks["llm"]["meta"]
    assert meta.pop("writer") == "llm" and meta.pop("model") == "test-model"
    assert meta.keys() == ebooks["extractive"]["meta"].keys()
    draft = EbookDraft.from_dict(json.loads((tmp_path / "llm/ebook/draft.json").read_text(encoding="utf-8")))
    assert all(text.startswith("Model: ") for chapter in draft.chapters for text in prose(chapter))
    text = pdf_text((tmp_path / "llm/ebook/ebook.pdf").read_bytes())
    assert "Model: We grew pipeline by 40% in one year." in " ".join(text.split())
    assert any(p["messages"][-1]["content"].startswith("Rewrite one chapter") for p in server.seen)
