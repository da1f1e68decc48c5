"""The ebook as EPUB 3 (ebooklib): a cover image, a navigation document, one XHTML file per chapter.

The cover is the PDF's cover rendered as an image, so both formats look alike in a library. Every
text of the draft is HTML-escaped; the call to action's URL was restricted to http(s)/mailto by the
draft itself.
"""

from __future__ import annotations

import html
import io
import uuid

from ebooklib import epub

from .draft import Block, EbookDraft, KeyFigure, Paragraph, PullQuote, SubHeading, Takeaways
from .pdf import render_cover_png
from .theme import FONT_STACKS, labels_for, text_colour_on, tint, xml_safe

CSS = """\
body {{ font-family: {fonts}; line-height: 1.5; color: #1a1a1a; }}
h1 {{ color: {primary}; font-size: 1.8em; line-height: 1.2; margin: 1.2em 0 0.2em; }}
h2 {{ color: {primary}; font-size: 1.25em; margin: 1.4em 0 0.5em; }}
p {{ margin: 0 0 0.8em; text-align: justify; hyphens: auto; -epub-hyphens: auto; }}
.kicker {{ color: {secondary}; font-size: 0.8em; font-weight: bold; letter-spacing: 0.14em;
  text-transform: uppercase; margin: 2em 0 0; }}
.rule {{ border: 0; border-top: 3px solid {secondary}; width: 4em; margin: 0.6em 0 1.4em; }}
blockquote.pullquote {{ margin: 1.4em 0; padding: 0.3em 0 0.3em 1em; border-left: 4px solid {secondary};
  color: {primary}; font-size: 1.25em; font-style: italic; }}
blockquote.pullquote p {{ text-align: left; }}
blockquote.pullquote footer {{ font-size: 0.7em; font-style: normal; color: #555; text-align: right; }}
aside.takeaways {{ background: {pale}; border-radius: 6px; padding: 0.8em 1.2em; margin: 1.4em 0; }}
aside.takeaways h2 {{ font-size: 0.9em; letter-spacing: 0.1em; text-transform: uppercase;
  margin: 0 0 0.4em; }}
aside.takeaways li {{ margin: 0.3em 0; }}
.keyfigure {{ margin: 1.2em 0; }}
.keyfigure .value {{ color: {secondary}; font-size: 2em; font-weight: bold; display: block; }}
.keyfigure .caption {{ color: #444; }}
.cta {{ background: {primary}; color: {on_primary}; padding: 1.2em; border-radius: 8px; margin: 1.6em 0; }}
.cta p {{ text-align: left; font-weight: bold; }}
.cta a {{ display: inline-block; background: {secondary}; color: {on_secondary}; padding: 0.5em 1em;
  border-radius: 4px; text-decoration: none; font-weight: bold; }}
"""


def render_epub(draft: EbookDraft) -> bytes:
    labels = labels_for(draft.language)
    book = epub.EpubBook()
    book.set_identifier(_identifier(draft))
    book.set_title(draft.title)
    book.set_language(draft.language)
    book.add_author(draft.signed_by)
    book.add_metadata("DC", "publisher", draft.brand.name)
    if draft.subtitle:
        book.add_metadata("DC", "description", draft.subtitle)
    book.set_cover("images/cover.png", render_cover_png(draft), create_page=False)
    book.add_item(epub.EpubCoverHtml(image_name="images/cover.png", title=labels.cover))

    style = epub.EpubItem(
        uid="style", file_name="style/ebook.css", media_type="text/css", content=_css(draft)
    )
    book.add_item(style)

    pages = [_page("introduction", labels.introduction, None, _paragraphs(draft.introduction), draft)]
    for number, chapter in enumerate(draft.chapters, start=1):
        body = "".join(_block(block, labels.takeaways) for block in chapter.blocks)
        kicker = f"{labels.chapter} {number}"
        pages.append(_page(f"chapter-{number:02d}", chapter.title, kicker, body, draft))
    closing = _paragraphs(draft.conclusion) + _call_to_action(draft)
    pages.append(_page("conclusion", labels.conclusion, None, closing, draft))
    for page in pages:
        page.add_item(style)
        book.add_item(page)

    book.toc = pages
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=labels.contents)
    nav.add_item(style)
    book.add_item(nav)
    book.spine = ["cover", "nav", *pages]

    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"raise_exceptions": True})
    return buffer.getvalue()


def escape(text: str) -> str:
    return html.escape(xml_safe(text), quote=True)


def _identifier(draft: EbookDraft) -> str:
    # Stable across renders of the same ebook, so a reader's library sees a new version, not a new book.
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'fusee:ebook:{draft.brand.name}:{draft.title}')}"


def _css(draft: EbookDraft) -> str:
    brand = draft.brand
    return CSS.format(
        fonts=", ".join(f'"{f}"' if " " in f else f for f in FONT_STACKS[brand.font]),
        primary=brand.primary_colour,
        secondary=brand.secondary_colour,
        pale=tint(brand.primary_colour, 0.9),
        on_primary=text_colour_on(brand.primary_colour),
        on_secondary=text_colour_on(brand.secondary_colour),
    )


def _page(name: str, title: str, kicker: str | None, body: str, draft: EbookDraft) -> epub.EpubHtml:
    page = epub.EpubHtml(title=title, file_name=f"{name}.xhtml", lang=draft.language, uid=name)
    heading = f'<p class="kicker">{escape(kicker)}</p>' if kicker else ""
    page.content = f'{heading}<h1>{escape(title)}</h1><hr class="rule"/>{body}'
    return page


def _paragraphs(texts: tuple[str, ...]) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def _block(block: Block, default_takeaways: str) -> str:
    match block:
        case SubHeading(text=text):
            return f"<h2>{escape(text)}</h2>"
        case Paragraph(text=text):
            return f"<p>{escape(text)}</p>"
        case PullQuote(text=text, attribution=attribution):
            source = f"<footer>— {escape(attribution)}</footer>" if attribution else ""
            return f'<blockquote class="pullquote"><p>{escape(text)}</p>{source}</blockquote>'
        case Takeaways(items=items, title=title):
            listed = "".join(f"<li>{escape(item)}</li>" for item in items)
            heading = f"<h2>{escape(title or default_takeaways)}</h2>"
            return f'<aside class="takeaways">{heading}<ul>{listed}</ul></aside>'
        case KeyFigure(value=value, caption=caption):
            return (
                f'<p class="keyfigure"><span class="value">{escape(value)}</span>'
                f'<span class="caption">{escape(caption)}</span></p>'
            )
    raise TypeError(f"unknown block {block!r}")


def _call_to_action(draft: EbookDraft) -> str:
    cta = draft.call_to_action
    return (
        f'<div class="cta"><p>{escape(cta.text)}</p>'
        f'<a href="{escape(cta.url)}">{escape(cta.button or cta.url)}</a></div>'
    )
