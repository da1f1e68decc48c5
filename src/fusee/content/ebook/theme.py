"""What the three renderers share: the words the ebook prints around the draft, colours, font stacks.

The labels are in the ebook's language, not the reader's UI language, and Fusée's gettext catalogues
only cover the UI's (en, fr): hence a table for the languages the understanding layer detects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .draft import Font

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "contents": "Contents",
        "introduction": "Introduction",
        "chapter": "Chapter",
        "conclusion": "Conclusion",
        "takeaways": "Key takeaways",
        "cover": "Cover",
        "by": "By",
    },
    "fr": {
        "contents": "Sommaire",
        "introduction": "Introduction",
        "chapter": "Chapitre",
        "conclusion": "Conclusion",
        "takeaways": "À retenir",
        "cover": "Couverture",
        "by": "Par",
    },
    "es": {
        "contents": "Índice",
        "introduction": "Introducción",
        "chapter": "Capítulo",
        "conclusion": "Conclusión",
        "takeaways": "Puntos clave",
        "cover": "Portada",
        "by": "Por",
    },
    "it": {
        "contents": "Indice",
        "introduction": "Introduzione",
        "chapter": "Capitolo",
        "conclusion": "Conclusione",
        "takeaways": "Punti chiave",
        "cover": "Copertina",
        "by": "Di",
    },
    "de": {
        "contents": "Inhalt",
        "introduction": "Einleitung",
        "chapter": "Kapitel",
        "conclusion": "Fazit",
        "takeaways": "Das Wichtigste",
        "cover": "Titelseite",
        "by": "Von",
    },
}

# Characters XML 1.0 forbids (lxml refuses them); a Word script's manual line break arrives as \x0b.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# What EPUB readers and Word fall back to when the reader's machine lacks the embedded family.
FONT_STACKS: dict[Font, tuple[str, ...]] = {
    Font.LIBERTINUS_SERIF: ("Libertinus Serif", "Linux Libertine", "Georgia", "serif"),
    Font.NEW_COMPUTER_MODERN: ("New Computer Modern", "Latin Modern Roman", "Cambria", "serif"),
}


@dataclass(frozen=True)
class Labels:
    contents: str
    introduction: str
    chapter: str
    conclusion: str
    takeaways: str
    cover: str
    by: str


def labels_for(language: str) -> Labels:
    return Labels(**LABELS.get(language, LABELS["en"]))


def word_font(font: Font) -> str:
    """The family Word is asked for: the embedded family when installed, else Word substitutes."""
    return FONT_STACKS[font][0]


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def text_colour_on(background: str) -> str:
    """White or near-black, whichever reads better on the background (WCAG relative luminance)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(background))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # Contrast with white is (1.05)/(L+0.05), with #1a1a1a about (L+0.05)/0.0605: pick the larger.
    return "#ffffff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0605 else "#1a1a1a"


def tint(colour: str, amount: float) -> str:
    """The colour mixed with white; amount 0.9 gives a pale background for boxes."""
    r, g, b = (round(c + (255 - c) * amount) for c in rgb(colour))
    return f"#{r:02x}{g:02x}{b:02x}"


def xml_safe(text: str) -> str:
    """The text without the control characters XML cannot hold (EPUB and DOCX are XML)."""
    return _NOT_XML.sub(" ", text)
