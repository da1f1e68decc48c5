from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import RGBColor

from fusee.content.ebook.docx import PULL_QUOTE, render_docx
from fusee.content.ebook.draft import Brand, Chapter, Paragraph, PullQuote, SubHeading
from fusee.content.ebook.sample import sample_draft


@pytest.fixture(scope="module")
def sample_docx() -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(sample_draft())))


def styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_it_makes_each_chapter_a_heading_1(sample_docx):
    chapters = [c.title for c in sample_draft().chapters]

    assert styled(sample_docx, "Heading 1") == ["Introduction", *chapters, "Conclusion"]
    assert "Three stages, three kinds of content" in styled(sample_docx, "Heading 2")


def test_it_starts_with_a_table_of_contents_field_word_can_update(sample_docx):
    body = sample_docx.element.body
    codes = [node.text for node in body.iter(qn("w:instrText"))]

    assert any(code.strip().startswith("TOC ") for code in codes)
    assert "PAGE" in [n.text.strip() for n in sample_docx.sections[0].footer._element.iter(qn("w:instrText"))]
    assert sample_docx.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    assert styled(sample_docx, "TOC Heading") == ["Contents"]


def test_it_puts_the_brand_on_the_cover_and_in_the_styles(sample_docx):
    primary = RGBColor(0x1F, 0x3A, 0x5F)

    assert sample_docx.styles["Heading 1"].font.color.rgb == primary
    assert sample_docx.styles["Normal"].font.name == "Libertinus Serif"
    assert len(sample_docx.inline_shapes) == 1  # the logo
    cover = sample_docx.tables[0].cell(0, 0).text
    assert "Fusée" in cover and "Nurturing that sales trusts" in cover
    assert sample_docx.core_properties.title == "Nurturing that sales trusts"
    assert sample_docx.core_properties.language == "en-GB"


def test_it_styles_pull_quotes_takeaways_and_a_linked_call_to_action(sample_docx):
    assert "A message that is right for everybody is right for nobody, so it works for nobody." in styled(
        sample_docx, PULL_QUOTE
    )
    boxes = [t.cell(0, 0) for t in sample_docx.tables]
    takeaways = [b for b in boxes if b.paragraphs[0].text == "Key takeaways"]
    assert len(takeaways) == 6
    assert all(p.style.name == "List Bullet" for p in takeaways[0].paragraphs[1:])
    links = [r.target_ref for r in sample_docx.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links == ["https://example.com/pipeline-review"]


def test_it_converts_an_svg_logo_for_word():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle r="18"/></svg>'
    draft = replace(sample_draft(), brand=Brand(name="Acme", logo=svg, logo_mime="image/svg+xml"))

    document = docx.Document(io.BytesIO(render_docx(draft)))

    assert len(document.inline_shapes) == 1


def test_it_keeps_text_literal_and_drops_characters_xml_cannot_hold():
    hostile = '<w:t>x</w:t> & ]]> {{ "quoted" }}'
    draft = replace(
        sample_draft(with_logo=False),
        chapters=(
            Chapter(hostile, (SubHeading(hostile), Paragraph("line\x0bbreak\x00"), PullQuote(hostile))),
        ),
    )

    document = docx.Document(io.BytesIO(render_docx(draft)))

    assert styled(document, "Heading 1")[1] == hostile
    assert styled(document, "Heading 2") == [hostile]
    assert "line break " in [p.text for p in document.paragraphs]
    assert len(document.inline_shapes) == 0
