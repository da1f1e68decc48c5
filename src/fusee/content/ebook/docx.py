"""The ebook as a Word document (python-docx), for teams that finish the layout in Word.

Chapters use the real "Heading 1"/"Heading 2" styles and the document opens with a TOC field, so
Word's table of contents, navigation pane and outline work; Word refreshes the field (page numbers)
when the file is opened. The brand's colours live in the styles, so a marketer restyles the whole
ebook by editing one style.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from .draft import Block, EbookDraft, KeyFigure, Paragraph, PullQuote, SubHeading, Takeaways
from .pdf import render_logo_png
from .theme import Labels, labels_for, rgb, text_colour_on, tint, word_font, xml_safe

# Word wants a region with the language for spelling and hyphenation.
WORD_LANGUAGES = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "it": "it-IT", "de": "de-DE"}
KICKER, PULL_QUOTE, ATTRIBUTION, KEY_FIGURE = (
    "Chapter Kicker",
    "Pull Quote",
    "Quote Attribution",
    "Key Figure",
)


def render_docx(draft: EbookDraft) -> bytes:
    document = Document()
    labels = labels_for(draft.language)
    _page_setup(document, draft)
    _styles(document, draft)
    _properties(document, draft)
    _cover(document, draft)
    _contents(document, draft, labels)

    _chapter_start(document, None, labels.introduction)
    for text in draft.introduction:
        document.add_paragraph(xml_safe(text))
    for number, chapter in enumerate(draft.chapters, start=1):
        _chapter_start(document, f"{labels.chapter} {number}", chapter.title)
        for block in chapter.blocks:
            _block(document, block, draft, labels)
    _chapter_start(document, None, labels.conclusion)
    for text in draft.conclusion:
        document.add_paragraph(xml_safe(text))
    _call_to_action(document, draft)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _colour(colour: str) -> RGBColor:
    return RGBColor(*rgb(colour))


def _page_setup(document: DocxDocument, draft: EbookDraft) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.4)
    section.top_margin, section.bottom_margin = Cm(2.7), Cm(2.5)
    section.different_first_page_header_footer = True  # no header or page number on the cover
    header = section.header.paragraphs[0]
    header.text = xml_safe(f"{draft.title} · {draft.brand.name}")
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")
    # Ask Word to refresh the TOC's page numbers when the document is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _styles(document: DocxDocument, draft: EbookDraft) -> None:
    brand, font = draft.brand, word_font(draft.brand.font)
    primary, secondary = _colour(brand.primary_colour), _colour(brand.secondary_colour)
    styles = document.styles

    normal = _paragraph_style(document, "Normal")
    normal.font.name, normal.font.size = font, Pt(11)
    normal.paragraph_format.space_after = Pt(7)
    normal.paragraph_format.line_spacing = 1.15
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), WORD_LANGUAGES.get(draft.language, draft.language))
    normal.element.get_or_add_rPr().append(language)

    sizes = (("Title", 34, 0), ("Heading 1", 24, 6), ("Heading 2", 14, 14), ("TOC Heading", 24, 60))
    for name, size, before in sizes:
        style = _paragraph_style(document, name)
        style.font.name, style.font.size, style.font.bold = font, Pt(size), True
        style.font.color.rgb = primary
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(10 if name == "Heading 1" else 6)
    subtitle = _paragraph_style(document, "Subtitle")
    subtitle.font.name, subtitle.font.size, subtitle.font.color.rgb = font, Pt(15), primary

    kicker = styles.add_style(KICKER, WD_STYLE_TYPE.PARAGRAPH)
    kicker.base_style = styles["Normal"]
    kicker.font.bold, kicker.font.size, kicker.font.color.rgb = True, Pt(10), secondary
    kicker.font.all_caps = True
    kicker.paragraph_format.space_before = Pt(60)
    kicker.paragraph_format.keep_with_next = True

    quote = styles.add_style(PULL_QUOTE, WD_STYLE_TYPE.PARAGRAPH)
    quote.base_style = styles["Normal"]
    quote.font.italic, quote.font.size, quote.font.color.rgb = True, Pt(15), primary
    quote.paragraph_format.left_indent = Cm(0.6)
    quote.paragraph_format.space_before = quote.paragraph_format.space_after = Pt(14)
    quote.paragraph_format.keep_together = True
    _left_border(quote, brand.secondary_colour)

    attribution = styles.add_style(ATTRIBUTION, WD_STYLE_TYPE.PARAGRAPH)
    attribution.base_style = styles["Normal"]
    attribution.font.size, attribution.font.color.rgb = Pt(9.5), RGBColor(0x55, 0x55, 0x55)
    attribution.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    figure = styles.add_style(KEY_FIGURE, WD_STYLE_TYPE.PARAGRAPH)
    figure.base_style = styles["Normal"]
    figure.font.bold, figure.font.size, figure.font.color.rgb = True, Pt(28), secondary
    figure.paragraph_format.space_before, figure.paragraph_format.space_after = Pt(12), Pt(0)
    figure.paragraph_format.keep_with_next = True


def _paragraph_style(document: DocxDocument, name: str) -> ParagraphStyle:
    style = document.styles[name]
    assert isinstance(style, ParagraphStyle)
    return style


def _left_border(style: ParagraphStyle, colour: str) -> None:
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "12"), ("w:color", colour[1:])):
        left.set(qn(key), value)
    borders.append(left)
    style.element.get_or_add_pPr().append(borders)


def _properties(document: DocxDocument, draft: EbookDraft) -> None:
    properties = document.core_properties
    properties.title = xml_safe(draft.title)
    properties.subject = xml_safe(draft.subtitle)
    properties.author = xml_safe(draft.signed_by)
    properties.language = WORD_LANGUAGES.get(draft.language, draft.language)


def _cover(document: DocxDocument, draft: EbookDraft) -> None:
    logo = render_logo_png(draft)
    if logo is not None:
        document.add_picture(io.BytesIO(logo), height=Cm(1.8))
    cell = _shaded_cell(document, draft.brand.primary_colour)
    on_primary = _colour(text_colour_on(draft.brand.primary_colour))
    brand = cell.paragraphs[0]
    brand.paragraph_format.space_before = Pt(24)
    run = brand.add_run(xml_safe(draft.brand.name))
    run.bold, run.font.all_caps, run.font.color.rgb = True, True, _colour(draft.brand.secondary_colour)
    title = cell.add_paragraph(xml_safe(draft.title), style="Title")
    for run in title.runs:
        run.font.color.rgb = on_primary
    if draft.subtitle:
        subtitle = cell.add_paragraph(xml_safe(draft.subtitle), style="Subtitle")
        subtitle.paragraph_format.space_after = Pt(24)
        for run in subtitle.runs:
            run.font.color.rgb = on_primary
    byline = document.add_paragraph()
    byline.paragraph_format.space_before = Pt(18)
    byline.add_run(xml_safe(f"{labels_for(draft.language).by} {draft.signed_by}"))


def _contents(document: DocxDocument, draft: EbookDraft, labels: Labels) -> None:
    heading = document.add_paragraph(labels.contents, style="TOC Heading")
    heading.paragraph_format.page_break_before = True
    # The field's result until Word refreshes it: the chapter titles, without page numbers.
    titles = [labels.introduction, *(c.title for c in draft.chapters), labels.conclusion]
    _field(document.add_paragraph(), 'TOC \\o "1-1" \\h \\z \\u', "\n".join(xml_safe(t) for t in titles))


def _field(paragraph: DocxParagraph, instruction: str, result: str) -> None:
    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    for index, line in enumerate(result.split("\n")):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line)
    char("end")


def _chapter_start(document: DocxDocument, kicker: str | None, title: str) -> None:
    first = document.add_paragraph(kicker, style=KICKER) if kicker else None
    heading = document.add_heading(xml_safe(title), level=1)
    (first or heading).paragraph_format.page_break_before = True
    if first is None:
        heading.paragraph_format.space_before = Pt(60)


def _block(document: DocxDocument, block: Block, draft: EbookDraft, labels: Labels) -> None:
    match block:
        case SubHeading(text=text):
            document.add_heading(xml_safe(text), level=2)
        case Paragraph(text=text):
            document.add_paragraph(xml_safe(text))
        case PullQuote(text=text, attribution=attribution):
            document.add_paragraph(xml_safe(text), style=PULL_QUOTE)
            if attribution:
                document.add_paragraph(xml_safe(f"— {attribution}"), style=ATTRIBUTION)
        case Takeaways(items=items, title=title):
            cell = _shaded_cell(document, tint(draft.brand.primary_colour, 0.9))
            heading = cell.paragraphs[0].add_run(xml_safe(title or labels.takeaways))
            heading.bold, heading.font.all_caps = True, True
            heading.font.color.rgb = _colour(draft.brand.primary_colour)
            for item in items:
                cell.add_paragraph(xml_safe(item), style="List Bullet")
            document.add_paragraph()
        case KeyFigure(value=value, caption=caption):
            document.add_paragraph(xml_safe(value), style=KEY_FIGURE)
            document.add_paragraph(xml_safe(caption)).runs[0].font.color.rgb = RGBColor(0x44, 0x44, 0x44)
        case _:
            raise TypeError(f"unknown block {block!r}")


def _shaded_cell(document: DocxDocument, colour: str) -> _Cell:
    """A one-cell, full-width table with a background: Word's way to draw a coloured box."""
    table = document.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cell = table.cell(0, 0)
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", colour[1:])):
        shading.set(qn(key), value)
    cell._tc.get_or_add_tcPr().append(shading)
    margins = OxmlElement("w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "240")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    cell._tc.get_or_add_tcPr().append(margins)
    return cell


def _call_to_action(document: DocxDocument, draft: EbookDraft) -> None:
    cta, brand = draft.call_to_action, draft.brand
    document.add_paragraph()
    cell = _shaded_cell(document, brand.primary_colour)
    text = cell.paragraphs[0].add_run(xml_safe(cta.text))
    text.bold, text.font.size = True, Pt(14)
    text.font.color.rgb = _colour(text_colour_on(brand.primary_colour))
    _hyperlink(cell.add_paragraph(), cta.url, xml_safe(cta.button or cta.url), brand.secondary_colour)
    url = cell.add_paragraph().add_run(xml_safe(cta.url))
    url.font.size, url.font.color.rgb = Pt(9), _colour(text_colour_on(brand.primary_colour))


def _hyperlink(paragraph: DocxParagraph, url: str, text: str, colour: str) -> None:
    # python-docx reads hyperlinks but cannot create one: build the w:hyperlink run by hand.
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = paragraph.add_run(text)
    run.bold, run.underline, run.font.size = True, True, Pt(12)
    run.font.color.rgb = _colour(colour)
    link.append(run._r)  # moves the run inside the link
    paragraph._p.append(link)
