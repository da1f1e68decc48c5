"""The ebook as an A4 PDF, typeset in-process by the Typst compiler from the `typst` wheel.

The wheel carries its own fonts (Libertinus Serif, New Computer Modern) and hyphenation patterns, and
we ask it to ignore the host's fonts and packages: the same draft gives the same PDF on any machine,
offline. Every text of the draft goes through `escape()` (markup) or `string()` (code), so a
script's `#`, `$` or `*` prints as itself instead of running as Typst.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typst

from fusee.core.errors import DomainError

from .draft import Block, EbookDraft, KeyFigure, Paragraph, PullQuote, SubHeading, Takeaways
from .theme import labels_for, text_colour_on, tint

# Every character that starts markup somewhere in Typst: code, math, strong/emph, raw, labels and
# references, content brackets, comments and URLs (/), headings (=), lists (- + and "1."), shorthands
# (~ -- -? ...), and the backslash itself. A backslash before any of them prints the character as is.
# Straight quotes stay: Typst turns them into the language's typographic quotes.
_SPECIAL = re.compile(r"([\\#*_$@<>`\[\]~=\-+/.])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

PAGE_SETUP = """\
#set page(
  paper: "a4",
  margin: (x: 2.4cm, top: 2.7cm, bottom: 2.5cm),
  header: context {
    let page-here = here().page()
    let opens = query(heading.where(level: 1)).any(h => h.location().page() == page-here)
    if not opens {
      set text(size: 8.5pt, fill: luma(110))
      grid(columns: (1fr, auto), running-title, running-brand)
      v(-0.55em)
      line(length: 100%, stroke: 0.5pt + secondary)
    }
  },
  footer: context {
    set text(size: 9pt, fill: luma(90))
    align(center, counter(page).display())
  },
)
#set par(justify: true, leading: 0.72em, spacing: 1.15em)
#show heading: set par(justify: false)
#show heading: set text(fill: primary, hyphenate: false)
#show heading.where(level: 1): it => block(below: 1.3em, text(size: 24pt, weight: "bold", it.body))
#show heading.where(level: 2): it => block(
  above: 1.7em, below: 0.8em, text(size: 14pt, weight: "bold", it.body),
)
#show outline.entry.where(level: 1): set block(above: 1.1em)

#let chapter(kicker, title) = {
  pagebreak(weak: true)
  v(2.2cm)
  if kicker != none {
    text(size: 10pt, weight: "bold", tracking: 0.14em, fill: secondary, upper(kicker))
    v(0.2em)
  }
  heading(level: 1, title)
  line(length: 2.5cm, stroke: 2.5pt + secondary)
  v(0.8em)
}

#let pullquote(body, attribution) = block(
  width: 100%, above: 1.6em, below: 1.6em, inset: (left: 1.3em, right: 1em, y: 0.5em),
  stroke: (left: 3.5pt + secondary), breakable: false,
)[
  #set par(justify: false, leading: 0.6em)
  #text(size: 15pt, style: "italic", fill: primary, body)
  #if attribution != none {
    v(0.2em)
    align(right, text(size: 9.5pt, fill: luma(80), [— #attribution]))
  }
]

#let takeaways(title, ..items) = block(
  width: 100%, above: 1.6em, below: 1.6em, fill: pale, radius: 5pt, inset: 1.2em, breakable: false,
)[
  #text(size: 10.5pt, weight: "bold", tracking: 0.1em, fill: primary, upper(title))
  #v(0.3em)
  #set par(justify: false)
  #list(marker: text(fill: secondary, [✓]), spacing: 0.75em, ..items.pos())
]

#let keyfigure(value, caption) = block(width: 100%, above: 1.4em, below: 1.4em, breakable: false, grid(
  columns: (auto, 1fr), column-gutter: 1.1em, align: horizon,
  text(size: 30pt, weight: "bold", fill: secondary, value),
  block(inset: (left: 0.9em), stroke: (left: 0.8pt + luma(170)), text(size: 11pt, fill: luma(50), caption)),
))
"""


class EbookRenderError(DomainError):
    """The PDF could not be typeset (a logo the compiler cannot read, most likely)."""


def escape(text: str) -> str:
    """User text as Typst markup that prints literally, on one line.

    Line breaks become spaces: a paragraph is one line of markup, so nothing the user wrote can
    land at a line start where `=`, `-` or `1.` would open a heading or a list.
    """
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return _SPECIAL.sub(r"\\\1", flat)


def string(text: str) -> str:
    """User text as a Typst string literal, for code arguments (document title, link target)."""
    flat = _CONTROL.sub(" ", text)
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def content(text: str) -> str:
    return f"[{escape(text)}]"


def render_pdf(draft: EbookDraft) -> bytes:
    pages = _compile(draft, lambda logo: markup(draft, logo=logo), format="pdf")
    return pages[0]


def render_cover_png(draft: EbookDraft, *, ppi: int = 110) -> bytes:
    """The PDF's cover as an image: the EPUB's cover, so both formats look the same on a shelf."""

    def cover(logo: str | None) -> str:
        return "\n".join([_settings(draft), _cover(draft, logo=logo)])

    return _compile(draft, cover, format="png", ppi=ppi)[0]


def render_logo_png(draft: EbookDraft, *, height_cm: float = 2.0) -> bytes | None:
    """The brand's logo as PNG whatever its format: Word cannot show an SVG picture."""
    if draft.brand.logo is None:
        return None

    def logo_only(logo: str | None) -> str:
        page = "#set page(width: auto, height: auto, margin: 0pt, fill: none)"
        return f"{page}\n#image({string(logo or '')}, height: {height_cm}cm)"

    return _compile(draft, logo_only, format="png", ppi=200)[0]


def _compile(draft: EbookDraft, source: Callable[[str | None], str], **options: Any) -> list[bytes]:
    with tempfile.TemporaryDirectory(prefix="fusee-ebook-") as folder:
        root = Path(folder)
        logo = None
        if draft.brand.logo is not None:
            logo = f"logo.{draft.brand.logo_extension}"
            (root / logo).write_bytes(draft.brand.logo)
        main = root / "ebook.typ"
        main.write_text(source(logo), encoding="utf-8")
        try:
            output = typst.compile(str(main), root=str(root), ignore_system_fonts=True, **options)
        except typst.TypstError as error:
            raise EbookRenderError(f"the ebook could not be typeset: {error.message}") from error
    return output if isinstance(output, list) else [output]


def markup(draft: EbookDraft, *, logo: str | None) -> str:
    return "\n".join(
        [
            _settings(draft),
            PAGE_SETUP,
            _cover(draft, logo=logo),
            _contents(draft),
            *_body(draft),
        ]
    )


def _settings(draft: EbookDraft) -> str:
    brand = draft.brand
    return "\n".join(
        [
            f'#let primary = rgb("{brand.primary_colour}")',
            f'#let secondary = rgb("{brand.secondary_colour}")',
            f'#let on-primary = rgb("{text_colour_on(brand.primary_colour)}")',
            f'#let on-secondary = rgb("{text_colour_on(brand.secondary_colour)}")',
            f'#let pale = rgb("{tint(brand.primary_colour, 0.9)}")',
            f"#let running-title = {content(draft.title)}",
            f"#let running-brand = {content(brand.name)}",
            # date: none keeps the PDF byte-identical from one run to the next (assets are versioned).
            f"#set document(title: {string(draft.title)}, author: {string(draft.signed_by)}, date: none)",
            f"#set text(font: {string(brand.font.value)}, size: 11pt, hyphenate: true,"
            f' lang: "{draft.language}")',
        ]
    )


def _cover(draft: EbookDraft, *, logo: str | None) -> str:
    labels = labels_for(draft.language)
    logo_plate = (
        f"#box(fill: white, inset: 10pt, radius: 4pt, image({string(logo)}, height: 1.5cm))" if logo else ""
    )
    subtitle = (
        f"#v(1em)\n#text(size: 15pt, fill: on-primary){content(draft.subtitle)}" if draft.subtitle else ""
    )
    return f"""\
#page(margin: 0pt, header: none, footer: none, fill: primary)[
  #place(bottom, rect(width: 100%, height: 1.1cm, fill: secondary))
  #block(width: 100%, height: 100%, inset: (x: 2.4cm, top: 2.6cm, bottom: 3cm))[
    {logo_plate}
    #v(1fr)
    #text(size: 10.5pt, weight: "bold", tracking: 0.16em, fill: secondary, upper({content(draft.brand.name)}))
    #v(0.5em)
    #set par(justify: false, leading: 0.5em)
    #text(size: 38pt, weight: "bold", fill: on-primary, hyphenate: false){content(draft.title)}
    {subtitle}
    #v(2fr)
    #line(length: 3cm, stroke: 3pt + secondary)
    #text(size: 11pt, fill: on-primary)[{escape(labels.by)} {escape(draft.signed_by)}]
  ]
]
#counter(page).update(1)
"""


def _contents(draft: EbookDraft) -> str:
    title = content(labels_for(draft.language).contents)
    return f"#v(2.2cm)\n#outline(title: {title}, depth: 1)\n"


def _body(draft: EbookDraft) -> list[str]:
    labels = labels_for(draft.language)
    lines = [f"#chapter(none, {content(labels.introduction)})"]
    lines += [escape(p) + "\n" for p in draft.introduction]
    for number, chapter in enumerate(draft.chapters, start=1):
        lines.append(f"#chapter({content(f'{labels.chapter} {number}')}, {content(chapter.title)})")
        lines += [_block(block, labels.takeaways) for block in chapter.blocks]
    lines.append(f"#chapter(none, {content(labels.conclusion)})")
    lines += [escape(p) + "\n" for p in draft.conclusion]
    lines.append(_call_to_action(draft))
    return lines


def _block(block: Block, default_takeaways: str) -> str:
    match block:
        case SubHeading(text=text):
            return f"#heading(level: 2){content(text)}"
        case Paragraph(text=text):
            return escape(text) + "\n"
        case PullQuote(text=text, attribution=attribution):
            return f"#pullquote({content(text)}, {content(attribution) if attribution else 'none'})"
        case Takeaways(items=items, title=title):
            listed = "".join(f", {content(item)}" for item in items)
            return f"#takeaways({content(title or default_takeaways)}{listed})"
        case KeyFigure(value=value, caption=caption):
            return f"#keyfigure({content(value)}, {content(caption)})"
    raise TypeError(f"unknown block {block!r}")


def _call_to_action(draft: EbookDraft) -> str:
    cta = draft.call_to_action
    label = content(cta.button or cta.url)
    return f"""\
#v(1.8em)
#block(width: 100%, fill: primary, radius: 6pt, inset: 1.6em, breakable: false)[
  #set text(fill: on-primary)
  #set par(justify: false)
  #text(size: 14pt, weight: "bold"){content(cta.text)}
  #v(0.8em)
  #link({string(cta.url)}, box(fill: secondary, radius: 4pt, inset: (x: 1.1em, y: 0.65em),
    text(weight: "bold", fill: on-secondary, {label})))
  #v(0.4em)
  #text(size: 9pt){content(cta.url)}
]
"""
