"""The llm writer's ebook: the extractive draft's structure, its prose written by a language model.

The extractive `EbookDraft` fixes what the ebook holds: its chapters and their titles, the pull
quotes (verbatim: they are quotes), the key figures, the takeaway boxes and the call to action. The
model rewrites each chapter's paragraphs as written prose under its own sub-headings, then writes
the introduction and the conclusion from the chapters' key lines. An answer that is not usable
(empty, far shorter than the source, or holding a figure the source does not give) is asked again
once, then the extractive text is kept, with a note. An endpoint that cannot be reached stops the
pack with `LlmUnavailable`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from fusee.content.ebook.draft import Block, Chapter, EbookDraft, Paragraph, SubHeading, Takeaways
from fusee.content.understanding import Understanding
from fusee.content.writing.ebook import SUBHEADING_CHARS
from fusee.content.writing.text import shorten_title

from .client import LlmClient
from .prompting import language_name, prompt_fill, source_data
from .writer import Invalid, ask, fallback_note, figures_check, text_list

PARTS_MAX, PARAGRAPHS_MAX = 8, 16  # per chapter, per part
FRAME_PARAGRAPHS_MAX = 4  # the introduction's, the conclusion's
# A rewrite, not a summary: about the source's length, and never under 40 % of it.
WORDS_LOW, WORDS_HIGH, WORDS_LEAST = 0.7, 1.3, 0.4
CHAPTER_TOKENS, FRAME_TOKENS = 6000, 2000
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_HEADING_MARK = re.compile(r"^\s*(?:#+|[-*•]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")


def llm_ebook(
    understanding: Understanding, draft: EbookDraft, *, client: LlmClient, notes: list[str]
) -> EbookDraft:
    """The draft with its chapters' prose, introduction and conclusion written by the model; any part
    the model fails twice keeps its extractive text."""
    chapters = tuple(
        chapter_written(understanding, draft, position, client=client, notes=notes)
        for position in range(len(draft.chapters))
    )
    written = replace(draft, chapters=chapters)
    try:
        frame = ask(
            client,
            frame_prompt(written),
            partial(frame_answer, source=frame_source(written)),
            max_tokens=FRAME_TOKENS,
        )
    except Invalid as error:
        notes.append(fallback_note("Ebook introduction and conclusion", draft.title, str(error)))
        return written
    return replace(written, introduction=tuple(frame.introduction), conclusion=tuple(frame.conclusion))


# --- chapters ---


@dataclass(frozen=True)
class Part:
    heading: str  # empty: the paragraphs follow what came before (the chapter title, for the first)
    paragraphs: tuple[str, ...]


def chapter_written(
    understanding: Understanding, draft: EbookDraft, position: int, *, client: LlmClient, notes: list[str]
) -> Chapter:
    chapter = draft.chapters[position]
    source = chapter_source(chapter)
    words = len(source.split())
    sections = understanding.sections
    keywords = sections[position].keywords if position < len(sections) else []
    prompt = prompt_fill("ebook_chapter", {
        "language": draft.language, "language_name": language_name(draft.language),
        "book_title": draft.title, "title": chapter.title, "keywords": ", ".join(keywords),
        "words_min": str(round(words * WORDS_LOW)), "words_max": str(round(words * WORDS_HIGH)),
        "heading_limit": str(SUBHEADING_CHARS), "source": source,
    })  # fmt: skip
    validate = partial(
        chapter_answer,
        chapter=chapter,
        language=draft.language,
        least_words=max(1, round(words * WORDS_LEAST)),
    )
    try:
        parts = ask(client, prompt, validate, max_tokens=CHAPTER_TOKENS)
    except Invalid as error:
        notes.append(fallback_note("Ebook chapter", chapter.title, str(error)))
        return chapter
    return chapter_rebuilt(chapter, parts)


def chapter_source(chapter: Chapter) -> str:
    """The chapter's prose as the model reads it: its sub-headings as ### lines, one paragraph each."""
    lines = [f"### {b.text}" if isinstance(b, SubHeading) else b.text
             for b in chapter.blocks if isinstance(b, SubHeading | Paragraph)]  # fmt: skip
    return source_data("\n\n".join(lines))


def chapter_answer(data: dict[str, Any], *, chapter: Chapter, language: str, least_words: int) -> list[Part]:
    found = data.get("parts")
    if not isinstance(found, list) or not 1 <= len(found) <= PARTS_MAX:
        raise Invalid(f'"parts" must be a list of 1 to {PARTS_MAX} objects with "heading" and "paragraphs"')
    parts = [part_of(item, f"parts[{i}]", chapter=chapter, language=language) for i, item in enumerate(found)]
    prose = [text for part in parts for text in (part.heading, *part.paragraphs)]
    written = sum(len(paragraph.split()) for part in parts for paragraph in part.paragraphs)
    if written < least_words:
        raise Invalid(
            f"the chapter holds {written} words, at least {least_words}: rewrite all of "
            "the source, do not summarise it"
        )
    figures = figures_check("\n".join(prose), "\n".join([chapter.title, chapter_source(chapter)]))
    if not figures.ok:
        raise Invalid(f"figures {figures.detail}; use only the figures the source gives")
    return parts


def part_of(item: object, where: str, *, chapter: Chapter, language: str) -> Part:
    if not isinstance(item, dict):
        raise Invalid(f'{where} must be an object with "heading" and "paragraphs"')
    heading = item.get("heading") or ""
    if not isinstance(heading, str):
        raise Invalid(f"{where}.heading must be a string")
    heading = shorten_title(plain_prose(heading).rstrip(" ."), SUBHEADING_CHARS, language)
    if heading.casefold() == chapter.title.casefold():
        heading = ""  # the chapter's title already stands above it
    try:
        paragraphs = text_list(item, "paragraphs", low=1, high=PARAGRAPHS_MAX)
    except Invalid as error:
        raise Invalid(f"{where}: {error}") from None
    kept = tuple(text for text in map(plain_prose, paragraphs) if text)
    if not kept:
        raise Invalid(f"{where}.paragraphs must hold text")
    return Part(heading, kept)


def plain_prose(text: str) -> str:
    """The model's text as the renderers want it: plain, no Markdown marks, links or URLs."""
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", _URL.sub("", _HEADING_MARK.sub("", text)))
    return " ".join(text.split())


def chapter_rebuilt(chapter: Chapter, parts: list[Part]) -> Chapter:
    """The model's sub-headings and paragraphs; the other blocks (pull quotes, key figures,
    takeaways) at the same relative place in the prose as in the extractive chapter."""
    total = sum(len(part.paragraphs) for part in parts)
    anchored = anchors(chapter, total)
    blocks: list[Block] = [block for at, block in anchored if at == 0]
    anchored = [(at, block) for at, block in anchored if at > 0]
    count = 0
    for part in parts:
        if part.heading:
            blocks.append(SubHeading(part.heading))
        for text in part.paragraphs:
            blocks.append(Paragraph(text))
            count += 1
            while anchored and anchored[0][0] <= count:
                blocks.append(anchored.pop(0)[1])
    blocks.extend(block for _, block in anchored)
    return Chapter(chapter.title, tuple(blocks))


def anchors(chapter: Chapter, total: int) -> list[tuple[int, Block]]:
    """Each non-prose block with the number of the new paragraph it follows (0: before any)."""
    paragraphs = sum(isinstance(block, Paragraph) for block in chapter.blocks) or 1
    before, found = 0, list[tuple[int, Block]]()
    for block in chapter.blocks:
        if isinstance(block, Paragraph):
            before += 1
        elif not isinstance(block, SubHeading):
            found.append((0 if before == 0 else max(1, round(before / paragraphs * total)), block))
    return found


# --- introduction and conclusion ---


@dataclass(frozen=True)
class FrameAnswer:
    introduction: list[str]
    conclusion: list[str]


def frame_prompt(draft: EbookDraft) -> str:
    titles = "\n".join(f"{i}. {chapter.title}" for i, chapter in enumerate(draft.chapters, 1))
    return prompt_fill("ebook_frame", {
        "language": draft.language, "language_name": language_name(draft.language),
        "title": draft.title, "chapters": titles, "paragraphs_max": str(FRAME_PARAGRAPHS_MAX),
        "source": frame_source(draft),
    })  # fmt: skip


def frame_source(draft: EbookDraft) -> str:
    """The extractive opening, then each chapter's title and takeaways: what the book says."""
    lines = [" ".join(draft.introduction)]
    for chapter in draft.chapters:
        items = [item for b in chapter.blocks if isinstance(b, Takeaways) for item in b.items]
        lines.append("\n".join([f"## {chapter.title}", *(f"- {item}" for item in items)]))
    return source_data("\n\n".join(line for line in lines if line.strip()))


def frame_answer(data: dict[str, Any], *, source: str) -> FrameAnswer:
    texts = {
        key: [text for text in map(plain_prose, text_list(data, key, low=1, high=FRAME_PARAGRAPHS_MAX))
              if text]
        for key in ("introduction", "conclusion")
    }  # fmt: skip
    for key, paragraphs in texts.items():
        if not paragraphs:
            raise Invalid(f'"{key}" must hold text')
    figures = figures_check("\n".join(texts["introduction"] + texts["conclusion"]), source)
    if not figures.ok:
        raise Invalid(f"figures {figures.detail}; use only the figures the source gives")
    return FrameAnswer(texts["introduction"], texts["conclusion"])
