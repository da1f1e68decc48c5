from __future__ import annotations

import json

import pytest

from fusee.content.ebook.draft import (
    Brand,
    CallToAction,
    Chapter,
    DraftError,
    EbookDraft,
    Font,
    KeyFigure,
    Paragraph,
    PullQuote,
    SubHeading,
    Takeaways,
)
from fusee.content.ebook.sample import logo_png, sample_draft


def test_it_round_trips_a_draft_through_json():
    draft = sample_draft()

    again = EbookDraft.from_dict(json.loads(json.dumps(draft.to_dict())))

    assert again == draft
    assert again.brand.logo == logo_png()
    kinds = {type(block) for chapter in again.chapters for block in chapter.blocks}
    assert kinds == {SubHeading, Paragraph, PullQuote, Takeaways, KeyFigure}


def test_it_stores_blocks_with_their_type_and_the_logo_as_base64():
    data = sample_draft().to_dict()

    first = data["chapters"][0]["blocks"]
    assert [b["type"] for b in first[:3]] == ["paragraph", "paragraph", "subheading"]
    takeaways = next(b for b in first if b["type"] == "takeaways")
    assert isinstance(takeaways["items"], list)
    assert data["brand"]["logo"].startswith("iVBORw0KGgo")  # PNG signature in base64
    assert data["brand"]["font"] == "Libertinus Serif"


def test_it_fills_optional_fields_with_defaults():
    draft = EbookDraft.from_dict(
        {
            "title": "Title",
            "language": "fr",
            "brand": {"name": "Acme"},
            "chapters": [{"title": "One", "blocks": [{"type": "paragraph", "text": "Texte."}]}],
            "call_to_action": {"text": "Go", "url": "https://example.com"},
        }
    )

    assert draft.introduction == () and draft.conclusion == ()
    assert draft.brand.font is Font.LIBERTINUS_SERIF and draft.brand.logo is None
    assert draft.signed_by == "Acme"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.pop("title"), "title"),
        (lambda d: d["chapters"][1]["blocks"][2].update(type="video"), "chapters[1].blocks[2].type"),
        (lambda d: d["chapters"][0]["blocks"][0].update(text=3), "chapters[0].blocks[0].text"),
        (lambda d: d["brand"].update(primary_colour="blue"), "brand.primary_colour"),
        (lambda d: d["brand"].update(font="Comic Sans"), "brand.font"),
        (lambda d: d["brand"].update(logo="not base64!"), "brand.logo"),
        (lambda d: d["brand"].update(logo_mime="image/bmp"), "brand.logo_mime"),
        (lambda d: d["call_to_action"].update(url="javascript:alert(1)"), "call_to_action.url"),
        (lambda d: d.update(language="French"), "language"),
        (lambda d: d.update(chapters=[]), "chapters"),
        (lambda d: d.update(introduction="one string"), "introduction"),
    ],
)
def test_it_names_the_field_that_is_wrong(change, where):
    data = sample_draft().to_dict()
    change(data)

    with pytest.raises(DraftError) as raised:
        EbookDraft.from_dict(data)

    assert raised.value.where == where
    assert str(raised.value).startswith(f"{where}: ")


def test_it_refuses_a_call_to_action_that_would_run_script():
    with pytest.raises(DraftError, match="must start with"):
        CallToAction(text="Click", url="data:text/html,<script>alert(1)</script>")


def test_it_counts_the_words_a_reader_reads():
    draft = EbookDraft(
        title="one two",
        language="en",
        brand=Brand(name="Acme"),
        introduction=("three four five",),
        chapters=(Chapter("six", (Takeaways(("eight nine",), title="seven"), KeyFigure("10", "eleven"))),),
        conclusion=(),
        call_to_action=CallToAction("twelve", "https://example.com"),
    )

    assert draft.word_count() == 12
    assert 4_300 <= sample_draft().word_count() <= 4_700
