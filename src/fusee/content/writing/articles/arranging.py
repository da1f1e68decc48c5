"""How one article's sentences are arranged: intro, parts under headings, pull quote, closing.

The body keeps the source's paragraphs (of one block, or one speaker) and the author's own
sub-headings; an untitled run of paragraphs gets a keyword heading every ~220 words. The intro,
the pull quote and the closing sentence are chosen among the article's key sentences and quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

from fusee.content.understanding import BlockKind, Understanding
from fusee.content.understanding.titles import make_titles

from ..text import is_anaphoric
from .planning import Plan
from .sentences import article_sentence, ends_paragraph, words_in

_PARAGRAPH_WORDS, _PARAGRAPH_SENTENCES = 110, 5
_PART_WORDS = 220  # an untitled run of paragraphs gets a keyword heading every ~220 words
_H3_FROM_WORDS = 380  # an author's part longer than this is cut into H3 sub-parts
_INTRO_WORDS = 80
_LEDE_WORDS = 250  # a first untitled run shorter than this reads as the rest of the intro


@dataclass
class Part:
    heading: str  # "" for the paragraphs that follow the intro directly
    level: int
    paragraphs: list[list[int]]


def _paragraphs(u: Understanding, indices: list[int]) -> list[list[int]]:
    """Consecutive sentences of one source paragraph (or of one speaker), at most ~90 words."""
    paragraphs: list[list[int]] = []
    for i in indices:
        sentence = u.sentences[i]
        current = paragraphs[-1] if paragraphs else None
        if current is not None:
            previous = u.sentences[current[-1]]
            same_block = previous.last_block == sentence.block or previous.block == sentence.block
            spoken = u.script.blocks[sentence.block].kind is BlockKind.CUE
            same_voice = u.script.blocks[previous.block].speaker == u.script.blocks[sentence.block].speaker
            fits = (
                len(current) < _PARAGRAPH_SENTENCES
                and sum(u.sentences[k].words for k in current) + sentence.words <= _PARAGRAPH_WORDS
            )
            if fits and ((spoken and same_voice and previous.index + 1 == i) or same_block):
                current.append(i)
                continue
        paragraphs.append([i])
    return paragraphs


def _sub_heading(u: Understanding, index: int, section_titles: set[str]) -> tuple[str, int]:
    """The author's heading above a sentence, unless it is the section's own; with its level."""
    block = u.sentences[index].block
    for position in range(block, -1, -1):
        candidate = u.script.blocks[position]
        if candidate.kind is BlockKind.HEADING:
            if candidate.text in section_titles or candidate.level <= 1:
                return "", 0
            return candidate.text, candidate.level
    return "", 0


def arrange(u: Understanding, plan: Plan, body: list[int]) -> list[Part]:
    """Parts under the author's sub-headings, else runs of paragraphs titled by their keywords."""
    titles = {s.title for s in plan.sections}
    runs: list[tuple[str, int, list[int]]] = []
    for i in body:
        heading, level = _sub_heading(u, i, titles) if i not in plan.borrowed else ("", 0)
        if runs and runs[-1][0] == heading and runs[-1][2][-1] < i:
            runs[-1][2].append(i)
        else:
            runs.append((heading, level, [i]))
    levels = sorted({level for heading, level, _ in runs if heading})
    parts: list[Part] = []
    for heading, level, indices in runs:
        paragraphs = _paragraphs(u, indices)
        if not heading:
            parts.extend(_chunks(paragraphs, u, level=2))
            continue
        depth = 2 if level == levels[0] else 3
        subs = _chunks(paragraphs, u, level=3) if depth == 2 and words_in(u, indices) > _H3_FROM_WORDS else []
        if len(subs) > 1:  # a long part keeps its heading over its first run, then H3s
            parts.append(Part(heading, 2, subs[0].paragraphs))
            parts.extend(subs[1:])
        else:
            parts.append(Part(heading, depth, paragraphs))
    parts = [p for p in parts if p.paragraphs]
    _title_untitled(u, plan, parts)
    return parts


def _chunks(paragraphs: list[list[int]], u: Understanding, *, level: int) -> list[Part]:
    chunks: list[Part] = []
    for paragraph in paragraphs:
        if chunks and words_in(u, [i for p in chunks[-1].paragraphs for i in p]) < _PART_WORDS:
            chunks[-1].paragraphs.append(paragraph)
        else:
            chunks.append(Part("", level, [paragraph]))
    if len(chunks) > 1 and words_in(u, [i for p in chunks[-1].paragraphs for i in p]) < _PART_WORDS // 2:
        chunks[-2].paragraphs.extend(chunks.pop().paragraphs)  # no stub part at the end
    return chunks


def _title_untitled(u: Understanding, plan: Plan, parts: list[Part]) -> None:
    untitled = [p for p in parts if not p.heading]
    if not untitled:
        return
    texts = [" ".join(u.sentences[i].text for p in part.paragraphs for i in p) for part in untitled]
    # The article's own title is passed as fixed so that no part repeats it.
    titles = make_titles(
        [" ".join(texts), *texts], u.language, fixed=[plan.sections[0].title, *[""] * len(texts)]
    )
    for part, (title, _) in zip(untitled, titles[1:], strict=True):
        part.heading = title
    first = parts[0]
    if (
        first is untitled[0]
        and first.level == 2
        and words_in(u, [i for p in parts[0].paragraphs for i in p]) < _LEDE_WORDS
    ):
        first.heading = ""  # a short first run reads as the rest of the intro


# --- choosing the intro, the pull quote, the closing sentence ---


def intro_choose(u: Understanding, plan: Plan) -> list[int]:
    """Up to two key sentences, those that stand on their own first ("During all that time…" does not)."""
    candidates = [
        i
        for s in plan.sections
        for i in s.key_sentences
        if i in plan.sentences and i not in plan.borrowed and not u.sentences[i].text.endswith("?")
    ]
    independent = [i for i in candidates if not is_anaphoric(article_sentence(u, i, opens=True), u.language)]
    chosen: list[int] = []
    for i in sorted(independent or candidates):
        if words_in(u, [*chosen, i]) <= _INTRO_WORDS and len(chosen) < 2:
            chosen.append(i)
    if not chosen and plan.sentences:
        chosen = [plan.sentences[0]]
    return chosen


def pull_quote_choose(u: Understanding, plan: Plan, taken: set[int]) -> tuple[int | None, bool]:
    """The best quote, and whether it moves out of the body: only a paragraph's last line moves,
    so that no paragraph loses a sentence in its middle; any other is repeated as a pull quote."""
    quotes = [
        i
        for s in plan.sections
        for i in s.quotes
        if i in plan.sentences and i not in taken and u.sentences[i].words <= 40
    ]
    for i in quotes:
        if ends_paragraph(u, i):
            return i, True
    return (quotes[0], False) if quotes else (None, False)


def closing_choose(u: Understanding, plan: Plan, taken: set[int]) -> int | None:
    """A key sentence or a quote from the last third, the latest first; else the last statement."""
    body = [i for i in plan.sentences if i not in taken and i not in plan.borrowed]
    if len(body) < 4:
        return None
    late = set(body[len(body) * 2 // 3 :])
    strong = {i for s in plan.sections for i in (*s.key_sentences, *s.quotes)}

    def stands_alone(i: int) -> bool:  # "In our base, that's about 9%" needs what came before it
        text = article_sentence(u, i, opens=True)
        return not text.endswith("?") and not is_anaphoric(text, u.language)

    for i in reversed(body):
        if i in late and i in strong and stands_alone(i):
            return i
    last = body[-1]
    return last if stands_alone(last) else None
