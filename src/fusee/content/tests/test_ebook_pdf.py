from __future__ import annotations

import html
import json
import re
from dataclasses import replace

import pytest
import typst
from hypothesis import given, settings
from hypothesis import strategies as st

from fusee.content.ebook.draft import (
    Brand,
    CallToAction,
    Chapter,
    EbookDraft,
    Paragraph,
    PullQuote,
    Takeaways,
)
from fusee.content.ebook.pdf import EbookRenderError, escape, markup, render_pdf, string
from fusee.content.ebook.sample import sample_draft
from fusee.testing.pdf_reading import pdf_page_count, pdf_text

# Each line opens a different piece of Typst syntax; short enough to stay on one line of the PDF.
INJECTIONS = (
    "#set page(fill: red) #pagebreak()",
    "*strong* _emph_ $x^2$ `raw`",
    "@ref <label> \\ [content] ~",
    "// a comment /* a block */",
    "= Heading at line start",
    "- list item",
    "+ numbered item",
    "1. enumerated",
    "/ Term: description",
    "https://evil.example/x -- --- -? ...",
    '#"string" #{ 1 + 1 } \\u{41}',
)

SYNTAX = {"heading", "strong", "emph", "raw", "equation", "ref", "link", "list", "enum", "terms", "linebreak"}


def flat(text: str) -> str:
    return " ".join(text.split())


def rendered_html(source: str) -> str:
    """What Typst prints for some markup, as plain text (its HTML export, tags removed)."""
    page = typst.compile(source.encode(), format="html").decode()
    body = re.search(r"<body>(.*)</body>", page, re.S)[1]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def straight_quotes(text: str) -> str:
    # Typst's smart quotes (and a prime after a digit) are typography, not markup.
    return re.sub("[‘’′]", "'", re.sub("[“”″]", '"', text))


def syntax_elements(source: str) -> set[str]:
    """Names of the markup elements Typst built from the source, e.g. {"strong", "heading"}."""
    tree = json.loads(typst.query(f"#block[{source}] <probe>".encode(), "<probe>", field="body"))
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            found.add(node.get("func", ""))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return found & SYNTAX


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_pdf(sample_draft())


def interpreted(source: str) -> bool:
    try:
        return rendered_html(source) != source
    except typst.TypstError:
        return True


@pytest.mark.parametrize("text", INJECTIONS)
def test_it_escapes_every_piece_of_typst_syntax(text):
    assert interpreted(text)  # as written, Typst would act on it
    assert syntax_elements(escape(text)) == set()
    assert straight_quotes(rendered_html(escape(text))) == text


def test_it_keeps_user_line_breaks_from_opening_a_heading_or_a_list():
    text = "first line\n= Heading\n- item\n\n1. one"

    assert syntax_elements(escape(text)) == set()
    assert rendered_html(escape(text)) == flat(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x09, max_codepoint=0x24F)))
def test_it_prints_any_text_as_written(text):
    expected = flat(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text))

    assert straight_quotes(rendered_html(escape(text))) == straight_quotes(expected)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ('say "hi"', 'say "hi"'),
        ("back\\slash", "back\\slash"),
        ('both \\" end\\',) * 2,
        ("line\nbreak", "line break"),
    ],
)
def test_it_writes_string_literals_typst_reads_back(text, read):
    assert json.loads(typst.eval(b"", string(text), format="json")) == read


def test_it_renders_the_sample_to_about_fifteen_a4_pages(sample_pdf):
    assert sample_pdf.startswith(b"%PDF-")
    assert 12 <= pdf_page_count(sample_pdf) <= 20
    assert b"/MediaBox[0 0 595.2756 841.8898]" in sample_pdf  # A4 in points


def test_it_prints_the_cover_contents_and_every_chapter(sample_pdf):
    draft = sample_draft()
    text = flat(pdf_text(sample_pdf))

    assert text.startswith("FUSÉE Nurturing that sales trusts How a B2B scale-up")
    contents = text.index("Contents")
    for chapter in draft.chapters:
        assert chapter.title in text[contents : contents + 2_000]  # listed in the table of contents
        assert text.count(chapter.title) >= 2  # and printed as the chapter's heading
    for label in ("Introduction", "Conclusion", "KEY TAKEAWAYS", "CHAPTER 6", "Book my pipeline review"):
        assert label in text
    assert "A message that is right for everybody is right for nobody" in text  # a pull quote


def test_it_numbers_pages_after_the_cover_under_a_running_header(sample_pdf):
    text = flat(pdf_text(sample_pdf))

    assert re.search(r"Introduction[ .]+2 Start from the buying cycle", text)  # the cover has no number
    assert text.count("Nurturing that sales trusts Fusée") >= 5  # header: title, brand


def test_it_embeds_the_logo_fonts_and_outline(sample_pdf):
    assert b"/Subtype/Image" in sample_pdf
    assert b"LibertinusSerif" in sample_pdf
    assert b"/Title(Scoring that sales trusts)" in sample_pdf  # a PDF bookmark per chapter
    assert b"/Lang(en)" in sample_pdf


def test_it_prints_injected_markup_literally_in_the_pdf():
    draft = replace(
        sample_draft(with_logo=False),
        title="#strong[Owned]",
        chapters=(
            Chapter(
                "= *Not bold* $x$",
                (
                    *(Paragraph(text) for text in INJECTIONS),
                    PullQuote("<script>alert(1)</script>", attribution="@someone"),
                    Takeaways(('#eval("1")', "] ) } #x")),
                ),
            ),
        ),
    )

    text = flat(pdf_text(render_pdf(draft)))

    for injected in (*INJECTIONS, "#strong[Owned]", "= *Not bold* $x$", "<script>alert(1)</script>"):
        assert straight_quotes(injected) in straight_quotes(text)
    assert "— @someone" in text and "] ) } #x" in text


@pytest.mark.parametrize(("language", "label"), [("fr", "Sommaire"), ("de", "Inhalt"), ("es", "Índice")])
def test_it_typesets_in_the_ebooks_language(language, label):
    draft = replace(sample_draft(with_logo=False), language=language)

    pdf = render_pdf(draft)

    assert f"/Lang({language})".encode() in pdf
    assert label in pdf_text(pdf)
    assert f'lang: "{language}"' in markup(draft, logo=None)


def test_it_is_byte_identical_from_one_render_to_the_next():
    assert render_pdf(sample_draft(with_logo=False)) == render_pdf(sample_draft(with_logo=False))


def test_it_accepts_an_svg_logo():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle r="18"/></svg>'
    draft = replace(sample_draft(), brand=Brand(name="Acme", logo=svg, logo_mime="image/svg+xml"))

    assert pdf_page_count(render_pdf(draft)) >= 12


def test_it_says_when_the_logo_cannot_be_read():
    draft = replace(sample_draft(), brand=Brand(name="Acme", logo=b"not a png", logo_mime="image/png"))

    with pytest.raises(EbookRenderError, match="could not be typeset"):
        render_pdf(draft)


def test_it_renders_a_minimal_draft():
    draft = EbookDraft(
        title="T",
        language="it",
        brand=Brand(name="B"),
        introduction=(),
        chapters=(Chapter("Uno", ()),),
        conclusion=(),
        call_to_action=CallToAction("Vai", "mailto:info@example.com"),
    )

    text = flat(pdf_text(render_pdf(draft)))

    assert "CAPITOLO 1 Uno" in text and "Introduzione" in text and "mailto:info@example.com" in text
