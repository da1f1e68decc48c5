"""What an ebook says, independent of who wrote it (extractive or LLM writer) and of its format.

Pure, frozen data. `to_dict`/`from_dict` round-trip through JSON for the pack's manifest; the logo
travels as base64. `from_dict` names the field that is wrong (``chapters[2].blocks[1].text``).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlsplit

from fusee.core.errors import DomainError

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
LOGO_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg"}
URL_SCHEMES = ("http", "https", "mailto")
DEFAULT_PRIMARY, DEFAULT_SECONDARY = "#1f3a5f", "#e07a2f"

E = TypeVar("E", bound=StrEnum)


class DraftError(DomainError):
    """A draft that cannot be rendered; the message says which field and why."""

    def __init__(self, where: str, problem: str) -> None:
        self.where, self.problem = where, problem
        super().__init__(f"{where}: {problem}" if where else problem)


class Font(StrEnum):
    """Families embedded in the Typst compiler, so the PDF never depends on the host's fonts."""

    LIBERTINUS_SERIF = "Libertinus Serif"
    NEW_COMPUTER_MODERN = "New Computer Modern"


@dataclass(frozen=True)
class Brand:
    name: str
    primary_colour: str = DEFAULT_PRIMARY
    secondary_colour: str = DEFAULT_SECONDARY
    font: Font = Font.LIBERTINUS_SERIF
    logo: bytes | None = field(default=None, repr=False)
    logo_mime: str = ""

    def __post_init__(self) -> None:
        for name in ("primary_colour", "secondary_colour"):
            if not COLOUR.match(getattr(self, name)):
                raise DraftError(f"brand.{name}", f"{getattr(self, name)!r} is not a colour like #1f3a5f")
        if self.logo is not None and self.logo_mime not in LOGO_TYPES:
            raise DraftError("brand.logo_mime", f"{self.logo_mime!r} is not one of {', '.join(LOGO_TYPES)}")

    @property
    def logo_extension(self) -> str:
        return LOGO_TYPES.get(self.logo_mime, "")


@dataclass(frozen=True)
class CallToAction:
    text: str
    url: str
    button: str = ""  # the link's label; the renderers fall back to the URL

    def __post_init__(self) -> None:
        # A javascript: or data: URL would run in an EPUB reader or a Word document.
        if urlsplit(self.url).scheme.lower() not in URL_SCHEMES:
            raise DraftError(
                "call_to_action.url", f"{self.url!r} must start with http://, https:// or mailto:"
            )


@dataclass(frozen=True)
class SubHeading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class PullQuote:
    text: str
    attribution: str = ""


@dataclass(frozen=True)
class Takeaways:
    items: tuple[str, ...]
    title: str = ""  # empty: the renderer's "Key takeaways" in the ebook's language


@dataclass(frozen=True)
class KeyFigure:
    """A number worth showing big: "3.2x", "40 %", with what it measures."""

    value: str
    caption: str


Block = SubHeading | Paragraph | PullQuote | Takeaways | KeyFigure

BLOCK_TYPES: dict[str, type[Block]] = {
    "subheading": SubHeading,
    "paragraph": Paragraph,
    "pullquote": PullQuote,
    "takeaways": Takeaways,
    "keyfigure": KeyFigure,
}
BLOCK_NAMES = {kind: name for name, kind in BLOCK_TYPES.items()}


@dataclass(frozen=True)
class Chapter:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class EbookDraft:
    title: str
    language: str
    brand: Brand
    introduction: tuple[str, ...]
    chapters: tuple[Chapter, ...]
    conclusion: tuple[str, ...]
    call_to_action: CallToAction
    subtitle: str = ""
    author: str = ""  # empty: the brand signs the ebook

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise DraftError("title", "an ebook needs a title")
        if not LANGUAGE.match(self.language):
            raise DraftError("language", f"{self.language!r} is not a language code like 'fr'")
        if not self.chapters:
            raise DraftError("chapters", "an ebook needs at least one chapter")

    @property
    def signed_by(self) -> str:
        return self.author or self.brand.name

    def word_count(self) -> int:
        texts = [self.title, self.subtitle, *self.introduction, *self.conclusion, self.call_to_action.text]
        for chapter in self.chapters:
            texts.append(chapter.title)
            texts.extend(block_texts(chapter.blocks))
        return sum(len(text.split()) for text in texts)

    def to_dict(self) -> dict[str, Any]:
        brand = self.brand
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "language": self.language,
            "author": self.author,
            "brand": {
                "name": brand.name,
                "primary_colour": brand.primary_colour,
                "secondary_colour": brand.secondary_colour,
                "font": brand.font.value,
                "logo": base64.b64encode(brand.logo).decode("ascii") if brand.logo is not None else None,
                "logo_mime": brand.logo_mime,
            },
            "introduction": list(self.introduction),
            "chapters": [
                {"title": c.title, "blocks": [block_to_dict(b) for b in c.blocks]} for c in self.chapters
            ],
            "conclusion": list(self.conclusion),
            "call_to_action": {
                "text": self.call_to_action.text,
                "url": self.call_to_action.url,
                "button": self.call_to_action.button,
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EbookDraft:
        reader = _Reader(data, "")
        brand = reader.child("brand")
        cta = reader.child("call_to_action")
        return cls(
            title=reader.text("title"),
            subtitle=reader.text("subtitle", default=""),
            language=reader.text("language"),
            author=reader.text("author", default=""),
            brand=Brand(
                name=brand.text("name"),
                primary_colour=brand.text("primary_colour", default=DEFAULT_PRIMARY),
                secondary_colour=brand.text("secondary_colour", default=DEFAULT_SECONDARY),
                font=brand.choice("font", Font, default=Font.LIBERTINUS_SERIF),
                logo=brand.base64("logo"),
                logo_mime=brand.text("logo_mime", default=""),
            ),
            introduction=reader.texts("introduction"),
            chapters=tuple(
                Chapter(title=c.text("title"), blocks=tuple(_block(b) for b in c.children("blocks")))
                for c in reader.children("chapters")
            ),
            conclusion=reader.texts("conclusion"),
            call_to_action=CallToAction(
                text=cta.text("text"), url=cta.text("url"), button=cta.text("button", default="")
            ),
        )


def block_texts(blocks: Sequence[Block]) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        match block:
            case Takeaways(items=items, title=title):
                texts.extend([title, *items])
            case KeyFigure(value=value, caption=caption):
                texts.extend([value, caption])
            case PullQuote(text=text, attribution=attribution):
                texts.extend([text, attribution])
            case SubHeading(text=text) | Paragraph(text=text):
                texts.append(text)
    return texts


def block_to_dict(block: Block) -> dict[str, Any]:
    values: dict[str, Any] = {"type": BLOCK_NAMES[type(block)], **vars(block)}
    if isinstance(block, Takeaways):
        values["items"] = list(block.items)
    return values


def _block(reader: _Reader) -> Block:
    kind = reader.text("type")
    match kind:
        case "subheading":
            return SubHeading(text=reader.text("text"))
        case "paragraph":
            return Paragraph(text=reader.text("text"))
        case "pullquote":
            return PullQuote(text=reader.text("text"), attribution=reader.text("attribution", default=""))
        case "takeaways":
            return Takeaways(items=reader.texts("items"), title=reader.text("title", default=""))
        case "keyfigure":
            return KeyFigure(value=reader.text("value"), caption=reader.text("caption"))
    raise DraftError(reader.where("type"), f"unknown block type {kind!r} (one of {', '.join(BLOCK_TYPES)})")


class _Reader:
    """Reads one JSON object, naming the path of any field that is missing or of the wrong type."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise DraftError(path, f"expected an object, got {type(data).__name__}")
        self.data, self.path = data, path

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _get(self, key: str, default: object) -> object:
        if key in self.data and self.data[key] is not None:
            return self.data[key]
        if default is _MISSING:
            raise DraftError(self.where(key), "is missing")
        return default

    def text(self, key: str, *, default: object = None) -> str:
        value = self._get(key, _MISSING if default is None else default)
        if not isinstance(value, str):
            raise DraftError(self.where(key), f"expected text, got {type(value).__name__}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values = self._get(key, ())
        if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
            raise DraftError(self.where(key), "expected a list of texts")
        return tuple(values)

    def choice(self, key: str, enum: type[E], *, default: E) -> E:
        value = self.text(key, default=default.value)
        try:
            return enum(value)
        except ValueError:
            raise DraftError(self.where(key), f"{value!r} is not one of {', '.join(enum)}") from None

    def base64(self, key: str) -> bytes | None:
        value = self._get(key, None)
        if value is None:
            return None
        if not isinstance(value, str):
            raise DraftError(self.where(key), "expected base64 text")
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error:
            raise DraftError(self.where(key), "is not valid base64") from None

    def child(self, key: str) -> _Reader:
        return _Reader(self._get(key, _MISSING), self.where(key))

    def children(self, key: str) -> list[_Reader]:
        values = self._get(key, ())
        if not isinstance(values, list | tuple):
            raise DraftError(self.where(key), "expected a list")
        return [_Reader(v, f"{self.where(key)}[{i}]") for i, v in enumerate(values)]


_MISSING = object()
