from pathlib import Path

import pytest

from fusee.content.ebook.draft import (
    Brand,
    CallToAction,
    EbookDraft,
    KeyFigure,
    Paragraph,
    PullQuote,
    SubHeading,
    Takeaways,
)
from fusee.content.understanding.pipeline import understand_file
from fusee.content.writing.ebook import ebook_draft, takeaway

CONTENT = Path(__file__).resolve().parents[1]
BRAND = Brand(name="Orbitale")
CTA = CallToAction(
    text="See how Orbitale runs your store visits.", url="https://orbitale.example/demo", button="Book a demo"
)


@pytest.fixture(scope="module")
def written():
    return understand_file(CONTENT / "demo" / "webinar_en.md")


@pytest.fixture(scope="module")
def transcript():
    return understand_file(CONTENT / "demo" / "webinar_fr.vtt")


def paragraphs(draft: EbookDraft) -> list[str]:
    return [b.text for c in draft.chapters for b in c.blocks if isinstance(b, Paragraph)]


@pytest.mark.parametrize("name", ["written", "transcript"])
def test_it_keeps_the_whole_script_in_order_one_chapter_per_section(name, request):
    understanding = request.getfixturevalue(name)
    draft = ebook_draft(understanding, brand=BRAND, call_to_action=CTA)
    assert [c.title for c in draft.chapters] == [s.title for s in understanding.sections]
    assert " ".join(paragraphs(draft)) == " ".join(s.text for s in understanding.sentences)
    script_words = sum(s.words for s in understanding.sentences)
    assert draft.word_count() > script_words * 1.15  # the boxes and quotes add to the whole text
    assert draft.language == understanding.language and draft.call_to_action == CTA


def test_it_uses_the_scripts_own_subheadings(written):
    draft = ebook_draft(written, brand=BRAND, call_to_action=CTA)
    headings = [b.text for c in draft.chapters for b in c.blocks if isinstance(b, SubHeading)]
    assert {"Three industries, three rhythms", "Stage before persona", "The fatigue curve"} <= set(headings)
    assert draft.title.startswith("Nurturing long B2B sales cycles")


def test_it_gives_a_transcript_subheadings_taken_from_its_lines(transcript):
    draft = ebook_draft(transcript, brand=BRAND, call_to_action=CTA, title="Du webinar à l'ebook")
    assert draft.title == "Du webinar à l'ebook"
    source = " ".join(s.text for s in transcript.sentences)
    for chapter in draft.chapters:
        headings = [b.text for b in chapter.blocks if isinstance(b, SubHeading)]
        assert all(len(h) <= 70 for h in headings)
        assert all(h.rstrip("…").lower()[1:] in source.lower() for h in headings)  # extractive
    words = sum(s.words for s in transcript.sentences)
    assert sum(isinstance(b, SubHeading) for c in draft.chapters for b in c.blocks) >= words // 800


def test_it_frames_each_chapter_with_its_quotes_figures_and_takeaways(written):
    draft = ebook_draft(written, brand=BRAND, call_to_action=CTA)
    source = {s.text for s in written.sentences}
    for chapter, section in zip(draft.chapters, written.sections, strict=True):
        quotes = [b for b in chapter.blocks if isinstance(b, PullQuote)]
        assert len(quotes) == min(2, len(section.quotes))
        assert isinstance(chapter.blocks[-1], Takeaways)
        items = chapter.blocks[-1].items
        assert 3 <= len(items) <= 5
        assert all(len(item.split()) <= 25 or item in source for item in items)
        figures = [b for b in chapter.blocks if isinstance(b, KeyFigure)]
        assert [f.value for f in figures] == [f.value for f in section.figures[:1]]
    assert 2 <= len(draft.introduction) <= 5 and not draft.introduction[0].startswith(("Hello", "Welcome"))
    assert len(draft.conclusion) == len(draft.chapters)
    assert EbookDraft.from_dict(draft.to_dict()) == draft


def test_it_shortens_a_takeaway_at_a_clause_and_never_breaks_a_quotation():
    long = (
        "Since we added that loop, sales has accepted 71% of the leads we pass them, against 43% two "
        "years ago, and the reps now ask for more of them every single quarter"
    )
    assert (
        takeaway(long)
        == "Since we added that loop, sales has accepted 71% of the leads we pass them, against 43% two "
        "years ago."
    )
    quoted = (
        'If sales talks to someone who is not ready the rep can return the contact with a reason, "budget '
        'next year, or later" or "wrong person", and we take it from there without any fuss at all.'
    )
    assert takeaway(quoted).count('"') % 2 == 0
    assert takeaway("And good enough beats perfect.") == "Good enough beats perfect."
