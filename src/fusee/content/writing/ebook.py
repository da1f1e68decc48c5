"""The extractive ebook draft: the whole script, arranged as a book, every sentence from the source.

The script is not summarised: an 8–10 page script is meant to become a ~15 page ebook, the extra
pages coming from the cover, the contents, the chapter openings, pull quotes, key figures and
takeaway boxes. Sub-headings are the script's own (### in Markdown, Heading 3 in Word) where it has
them, else one per group of paragraphs, named after the group's key line.
"""

from __future__ import annotations

import re

from fusee.content.ebook.draft import (
    Block,
    Brand,
    CallToAction,
    Chapter,
    EbookDraft,
    KeyFigure,
    Paragraph,
    PullQuote,
    SubHeading,
    Takeaways,
)
from fusee.content.understanding.model import BlockKind, Section, Sentence, Understanding

PARAGRAPH_WORDS = 110  # a transcript has no paragraphs: cut one about every 110 words (or speaker turn)
GROUP_WORDS = 320  # a sub-heading about every page and a half when the script has none
SUBHEADING_CHARS = 70
TAKEAWAY_WORDS = 25
PULL_QUOTES, KEY_FIGURES = 2, 1  # per chapter
TAKEAWAYS_MIN, TAKEAWAYS_MAX = 3, 5
# A takeaway or heading cannot lean on what came before: "And good enough beats…" reads "Good enough beats…".
_LEADING_CONJUNCTION = re.compile(
    r"^(?:and|so|but|then|or|well|et|donc|alors|mais|puis|ou|bref|y|entonces|pero|pues|e|quindi|allora|ma|poi|"
    r"und|also|dann|aber|oder),?\s+(?=\w)",
    re.I,
)
_CLAUSE_END = re.compile(r"[,;:–—]\s")
_TAKEAWAY_CUT = re.compile(r"(?:[,;]|\s[–—])\s")  # not at a colon: what follows it is the point
# Politeness is not content: a greeting or a thank-you never opens the book or fills a takeaway box.
_COURTESY = re.compile(
    r"^(?:hello|hi|welcome|thank|thanks|good (?:morning|afternoon|evening)|bonjour|bonsoir|bienvenue|merci|"
    r"hola|bienvenid|gracias|buongiorno|ciao|benvenut|grazie|hallo|guten|willkommen|danke)\b",
    re.I,
)
SUBSTANTIAL_WORDS = 8


def ebook_draft(
    understanding: Understanding, *, brand: Brand, call_to_action: CallToAction, title: str = ""
) -> EbookDraft:
    """`title` overrides the script's (a transcript's title is often only its file name)."""
    introduction = introduction_sentences(understanding)
    return EbookDraft(
        title=title.strip() or ebook_title(understanding),
        subtitle=ebook_subtitle(understanding),
        language=understanding.language or "en",
        brand=brand,
        introduction=tuple(_text(understanding, i) for i in introduction),
        chapters=tuple(chapter_make(understanding, section) for section in understanding.sections),
        conclusion=tuple(conclusion_sentences(understanding, used=introduction)),
        call_to_action=call_to_action,
    )


def ebook_title(understanding: Understanding) -> str:
    return understanding.script.title.strip() or understanding.sections[0].title


def introduction_sentences(understanding: Understanding) -> list[int]:
    """The opening's key sentences: those in the first half of the first section, at least two."""
    first = understanding.sections[0]
    middle = (first.first + first.last) // 2
    keys = substantial(understanding, first.key_sentences) or first.key_sentences
    opening = [i for i in keys if i <= middle]
    return opening if len(opening) >= 2 else keys[:2]


def substantial(understanding: Understanding, indices: list[int]) -> list[int]:
    """The sentences that say something on their own: no greeting, no question, not a transition."""
    kept = []
    for index in indices:
        sentence = understanding.sentences[index]
        text = standalone(sentence.text)
        if sentence.words >= SUBSTANTIAL_WORDS and not text.endswith("?") and not _COURTESY.match(text):
            kept.append(index)
    return kept


def ebook_subtitle(understanding: Understanding) -> str:
    """The script's most quotable line, when it reads well on a cover (short enough, standing alone)."""
    for section in sorted(understanding.sections, key=lambda s: -len(s.figures) - 2 * len(s.quotes[:1])):
        for index in section.quotes[:1]:
            line = standalone(_text(understanding, index)).rstrip(".")
            if len(line) <= 110:
                return line
    return ""


def chapter_make(understanding: Understanding, section: Section) -> Chapter:
    blocks: list[Block] = []
    quotes = section.quotes[:PULL_QUOTES]
    figures = section.figures[:KEY_FIGURES]
    for heading, paragraphs in section_groups(understanding, section):
        if heading:
            blocks.append(SubHeading(heading))
        for paragraph in paragraphs:
            blocks.append(Paragraph(" ".join(_text(understanding, i) for i in paragraph)))
            # Pull quotes and key figures follow the paragraph they come from, as in a magazine.
            for index in quotes:
                if index in paragraph:
                    blocks.append(
                        PullQuote(standalone(_text(understanding, index)), speaker(understanding, index))
                    )
            for figure in figures:
                if figure.sentence in paragraph:
                    blocks.append(KeyFigure(figure.value, takeaway(_text(understanding, figure.sentence))))
    chosen = takeaway_sentences(understanding, section)
    blocks.append(Takeaways(tuple(takeaway(_text(understanding, i)) for i in chosen)))
    return Chapter(section.title, tuple(blocks))


def section_groups(understanding: Understanding, section: Section) -> list[tuple[str, list[list[int]]]]:
    """The section's paragraphs (lists of sentence indices) under their sub-headings."""
    paragraphs = paragraphs_of(understanding, section)
    own = own_subheadings(understanding, section)
    if own:
        groups: list[tuple[str, list[list[int]]]] = [("", [])]
        for paragraph in paragraphs:
            block = understanding.sentences[paragraph[0]].block
            heading = next((text for at, text in own if at < block), None)
            if heading is not None:
                own = [(at, text) for at, text in own if at > block]
                groups.append((heading, []))
            groups[-1][1].append(paragraph)
        return [group for group in groups if group[1]]
    return made_subheadings(understanding, section, paragraphs)


def own_subheadings(understanding: Understanding, section: Section) -> list[tuple[int, str]]:
    """The script's headings below the section's level, inside the section: (block index, text)."""
    blocks = understanding.script.blocks
    first = understanding.sentences[section.first].block
    last = understanding.sentences[section.last].last_block
    levels = [b.level for b in blocks[: first + 1] if b.kind is BlockKind.HEADING and b.level > 1]
    section_level = levels[-1] if levels else 1
    return [
        (index, block.text.strip())
        for index in range(first, last + 1)
        if (block := blocks[index]).kind is BlockKind.HEADING and block.level > section_level
    ]


def made_subheadings(
    understanding: Understanding, section: Section, paragraphs: list[list[int]]
) -> list[tuple[str, list[list[int]]]]:
    """Paragraphs gathered in groups of about GROUP_WORDS, each titled by its strongest line."""
    words = sum(understanding.sentences[i].words for i in section.sentence_indices)
    count = max(1, round(words / GROUP_WORDS))
    if count == 1 or len(paragraphs) < 2:
        return [("", paragraphs)]
    target = words / count
    groups: list[list[list[int]]] = [[]]
    size = 0
    for paragraph in paragraphs:
        if groups[-1] and size >= target * 0.8 and len(groups) < count:
            groups.append([])
            size = 0
        groups[-1].append(paragraph)
        size += sum(understanding.sentences[i].words for i in paragraph)
    ranked = [*section.quotes, *section.key_sentences]
    titled = []
    for position, group in enumerate(groups):
        inside = {i for paragraph in group for i in paragraph}
        best = next((i for i in ranked if i in inside), group[0][0])
        # The first group follows the chapter title directly: a sub-heading there would repeat it.
        titled.append(("" if position == 0 else heading_from(_text(understanding, best)), group))
    return titled


def paragraphs_of(understanding: Understanding, section: Section) -> list[list[int]]:
    """The source's paragraphs; a transcript's sentences in runs of ~110 words or one speaker turn."""
    sentences = understanding.sentences
    timed = understanding.script.timestamped
    paragraphs: list[list[int]] = []
    size = 0
    for index in section.sentence_indices:
        sentence = sentences[index]
        if not paragraphs or new_paragraph(understanding, paragraphs[-1], sentence, size, timed=timed):
            paragraphs.append([])
            size = 0
        paragraphs[-1].append(index)
        size += sentence.words
    return paragraphs


def new_paragraph(
    understanding: Understanding, current: list[int], sentence: Sentence, size: int, *, timed: bool
) -> bool:
    previous = understanding.sentences[current[-1]]
    blocks = understanding.script.blocks
    if blocks[previous.last_block].speaker != blocks[sentence.block].speaker:
        return True
    if timed:
        return size + sentence.words > PARAGRAPH_WORDS and size >= PARAGRAPH_WORDS // 2
    return sentence.block != previous.last_block


def takeaway_sentences(understanding: Understanding, section: Section) -> list[int]:
    """3–5 of the section's substantial key sentences, topped up with its quotes, then any key sentence."""
    chosen = substantial(understanding, section.key_sentences)[:TAKEAWAYS_MAX]
    for index in [*substantial(understanding, section.quotes), *section.key_sentences, *section.quotes]:
        if len(chosen) >= TAKEAWAYS_MIN:
            break
        if index not in chosen:
            chosen.append(index)
    return sorted(chosen)


def conclusion_sentences(understanding: Understanding, *, used: list[int]) -> list[str]:
    """A recap: each chapter's leading key sentence (one the introduction did not already say)."""
    recap = []
    for section in understanding.sections:
        keys = substantial(understanding, section.key_sentences) or section.key_sentences
        index = next((i for i in keys if i not in used), None)
        if index is not None:
            recap.append(takeaway(_text(understanding, index)))
    return recap


def takeaway(text: str) -> str:
    """A key sentence shortened cleanly: at most ~25 words, cut only at the end of a clause."""
    text = standalone(text)
    if len(text.split()) <= TAKEAWAY_WORDS:
        return text
    best = ""
    for match in _TAKEAWAY_CUT.finditer(text):
        head = text[: match.start()].rstrip()
        if 8 <= len(head.split()) <= TAKEAWAY_WORDS and balanced(head):
            best = head
    return f"{best}." if best else text


def balanced(text: str) -> bool:
    """No quotation or bracket left open: a cut there would read as broken."""
    pairs = (("(", ")"), ("«", "»"), ("“", "”"), ("[", "]"))
    return text.count('"') % 2 == 0 and all(text.count(a) == text.count(b) for a, b in pairs)


def heading_from(text: str) -> str:
    """A sentence as a sub-heading: standing alone, no final full stop, cut at a clause if long."""
    text = standalone(text).rstrip(" .")
    if len(text) <= SUBHEADING_CHARS:
        return text
    cut = [
        m.start()
        for m in _CLAUSE_END.finditer(text)
        if 20 <= m.start() <= SUBHEADING_CHARS and balanced(text[: m.start()])
    ]
    if cut:
        return text[: cut[-1]].rstrip()
    head = text[: SUBHEADING_CHARS - 1]
    return head[: head.rfind(" ")].rstrip(" ,;:") + "…"


def standalone(text: str) -> str:
    stripped = _LEADING_CONJUNCTION.sub("", text.strip(), count=1)
    return stripped[:1].upper() + stripped[1:]


def speaker(understanding: Understanding, index: int) -> str:
    return understanding.script.blocks[understanding.sentences[index].block].speaker


def _text(understanding: Understanding, index: int) -> str:
    return understanding.sentences[index].text
