"""What the understanding layer reads and produces: plain dataclasses, no Django models."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from fusee.core.errors import DomainError

LANGUAGES = ("fr", "en", "es", "it", "de")


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CUE = "cue"


class SourceKind(StrEnum):
    WRITTEN = "written"  # a script as written: only repeated words are cleaned
    SPOKEN = "spoken"  # a transcript: oral tics, false starts and markers are cleaned


class ScriptError(DomainError):
    """A script that cannot be read; the message says what is wrong and where."""

    def __init__(self, source: str, problem: str, *, where: str = "") -> None:
        self.source, self.problem, self.where = source, problem, where
        located = f"{source}, {where}" if where else source
        super().__init__(f"{located}: {problem}")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    level: int = 0  # heading level (1 = top), 0 for other blocks
    start: float | None = None  # seconds, cues only
    end: float | None = None
    speaker: str = ""
    line: int = 0  # 1-based line (or paragraph number in a .docx) where the block starts


@dataclass
class Script:
    title: str
    blocks: list[Block]
    source_kind: SourceKind
    language: str = ""
    source: str = ""  # file name, for messages

    @property
    def timestamped(self) -> bool:
        return any(b.kind is BlockKind.CUE for b in self.blocks)

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind is BlockKind.HEADING]

    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks if b.kind is not BlockKind.HEADING)


@dataclass
class Sentence:
    index: int
    text: str  # cleaned
    raw: str  # as in the source, before cleaning
    block: int  # index of the block where the sentence starts
    last_block: int  # index of the block where it ends (a sentence may span cues)
    start: float | None = None
    end: float | None = None

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class CleaningReport:
    removed: Counter[str] = field(default_factory=Counter)  # "filler:euh", "repeat", "false_start", "marker"

    @property
    def total(self) -> int:
        return sum(self.removed.values())

    def by_category(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for key, n in self.removed.items():
            counts[key.split(":", 1)[0]] += n
        return counts


@dataclass(frozen=True)
class Figure:
    value: str  # as written: "40 %", "2 M€", "3x"
    kind: str  # percent | currency | multiplier | quantity
    sentence: int


@dataclass
class Section:
    index: int
    title: str
    title_source: str  # "heading" or "keywords"
    first: int  # first sentence index
    last: int  # last sentence index, inclusive
    keywords: list[str] = field(default_factory=list)
    key_sentences: list[int] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    questions: list[int] = field(default_factory=list)
    start: float | None = None
    end: float | None = None

    @property
    def sentence_indices(self) -> range:
        return range(self.first, self.last + 1)


@dataclass
class Understanding:
    script: Script
    language: str
    sentences: list[Sentence]
    sections: list[Section]
    cleaning: CleaningReport
    notes: list[str] = field(default_factory=list)  # what was left out or adjusted, for the user

    def section_text(self, section: Section) -> str:
        return " ".join(self.sentences[i].text for i in section.sentence_indices)
