from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import ebooklib
import pytest
from ebooklib import epub
from lxml import etree

from fusee.content.ebook.draft import Chapter, Paragraph, PullQuote, SubHeading, Takeaways
from fusee.content.ebook.epub import render_epub
from fusee.content.ebook.sample import sample_draft

XHTML = {"x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def sample_epub() -> bytes:
    return render_epub(sample_draft())


def reopen(data: bytes, tmp_path) -> epub.EpubBook:
    path = tmp_path / "ebook.epub"
    path.write_bytes(data)
    return epub.read_epub(str(path), {"ignore_ncx": True})


def page(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(f"EPUB/{name}"))  # well-formed XHTML


def test_it_writes_the_epub_container_readers_expect(sample_epub):
    archive = zipfile.ZipFile(io.BytesIO(sample_epub))
    first = archive.infolist()[0]

    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/epub+zip"
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    assert container.find(".//{*}rootfile").get("full-path") == "EPUB/content.opf"
    assert archive.testzip() is None


def test_it_reopens_with_one_document_per_chapter_in_reading_order(sample_epub, tmp_path):
    draft = sample_draft()
    book = reopen(sample_epub, tmp_path)

    spine = [book.get_item_with_id(idref).file_name for idref, _ in book.spine]
    chapters = [f"chapter-{n:02d}.xhtml" for n in range(1, 7)]
    assert spine == ["cover.xhtml", "nav.xhtml", "introduction.xhtml", *chapters, "conclusion.xhtml"]
    titles = [page(sample_epub, name).findtext(".//x:h1", namespaces=XHTML) for name in chapters]
    assert titles == [c.title for c in draft.chapters]
    assert book.get_metadata("DC", "title")[0][0] == draft.title
    assert book.get_metadata("DC", "language")[0][0] == "en"


def test_it_lists_every_chapter_in_the_navigation(sample_epub):
    nav = page(sample_epub, "nav.xhtml")

    links = [a.text for a in nav.iterfind(".//x:nav//x:a", XHTML)]
    assert links == ["Introduction", *(c.title for c in sample_draft().chapters), "Conclusion"]


def test_it_carries_a_cover_image_and_the_brand_colours(sample_epub, tmp_path):
    book = reopen(sample_epub, tmp_path)

    cover = next(book.get_items_of_type(ebooklib.ITEM_COVER))
    assert cover.get_content().startswith(b"\x89PNG")
    css = book.get_item_with_id("style").get_content().decode()
    assert "#1f3a5f" in css and "#e07a2f" in css and '"Libertinus Serif"' in css


def test_it_renders_pull_quotes_takeaways_and_the_call_to_action(sample_epub):
    chapter = page(sample_epub, "chapter-01.xhtml")
    conclusion = page(sample_epub, "conclusion.xhtml")

    assert chapter.find(".//x:blockquote[@class='pullquote']", XHTML) is not None
    items = chapter.findall(".//x:aside[@class='takeaways']//x:li", XHTML)
    assert len(items) == 4
    link = conclusion.find(".//x:div[@class='cta']/x:a", XHTML)
    assert link.get("href") == "https://example.com/pipeline-review"
    assert link.text == "Book my pipeline review"


def test_it_escapes_what_the_draft_says(tmp_path):
    hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    draft = replace(
        sample_draft(),
        chapters=(
            Chapter(
                "</h1><h1>Injected",
                (
                    SubHeading(hostile),
                    Paragraph(hostile + "\x0b\x00"),  # control characters XML cannot hold
                    PullQuote(hostile, attribution="]]>"),
                    Takeaways((hostile,)),
                ),
            ),
        ),
    )

    data = render_epub(draft)

    chapter = page(data, "chapter-01.xhtml")
    assert chapter.findtext(".//x:h1", namespaces=XHTML) == "</h1><h1>Injected"
    assert len(chapter.findall(".//x:h1", XHTML)) == 1
    assert chapter.findall(".//x:script", XHTML) == [] and chapter.findall(".//x:img", XHTML) == []
    assert chapter.findtext(".//x:h2", namespaces=XHTML) == hostile
    assert reopen(data, tmp_path).get_item_with_id("chapter-01") is not None


def test_it_keeps_the_identifier_across_renders(sample_epub):
    opf = zipfile.ZipFile(io.BytesIO(render_epub(sample_draft(with_logo=False)))).read("EPUB/content.opf")
    again = zipfile.ZipFile(io.BytesIO(sample_epub)).read("EPUB/content.opf")

    identifier = etree.fromstring(opf).findtext(".//{*}identifier")
    assert identifier.startswith("urn:uuid:")
    assert identifier == etree.fromstring(again).findtext(".//{*}identifier")
