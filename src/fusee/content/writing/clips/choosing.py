"""Choosing the clips of a transcript: the strongest passages, and their titles.

Each sentence scores by what it holds (quotes, figures, contrast, key sentences); every run of
sentences inside a section that lasts 30–90 s, opens on a topic and never stops right before a
punchline is a candidate. The best go first, at most two per section and never overlapping.
A clip is named after its best quote that fits, else its section's title.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from fusee.content.understanding.highlights import BACK_REFERENCE, CONTRAST
from fusee.content.understanding.model import Section, Sentence, Understanding

from ..text import is_filler_only
from .captions import ClipPlan
from .clip import MAX_CLIPS, MAX_SECONDS, MIN_CLIPS, MIN_SECONDS, TITLE_CHARS, Clip, seconds

PER_SECTION = 2
STRONG = 1.0  # a sentence scoring this much (a quote or a figure) is a punchline: never cut before it
KEEP_RATIO = 0.35  # past the fifth clip, keep only clips at least this fraction as strong as the best


def clips_find(understanding: Understanding) -> ClipPlan:
    """The 5–8 strongest passages of 30–90 s; none, with a note, when the input has no times."""
    sentences = understanding.sentences
    if not understanding.script.timestamped or any(s.start is None or s.end is None for s in sentences):
        return ClipPlan([], ["No video clips: the script has no timestamps (use a .vtt or .srt transcript)."])
    scores = sentence_scores(understanding)
    candidates = [
        window
        for section in understanding.sections
        for window in section_windows(section, sentences, scores, understanding.language)
    ]
    chosen = windows_choose(candidates)
    clips = [
        clip_make(
            number,
            understanding.sections[window.section],
            sentences[window.first : window.last + 1],
            understanding.sections,
            window.score,
        )
        for number, window in enumerate(sorted(chosen, key=lambda w: w.first), start=1)
    ]
    clips = titles_make_unique(clips)
    notes = []
    if len(clips) < MIN_CLIPS:
        notes.append(
            f"Only {len(clips)} clip(s) of {MIN_SECONDS:.0f}–{MAX_SECONDS:.0f} s could be cut "
            f"on sentence boundaries (aim: {MIN_CLIPS}–{MAX_CLIPS})."
        )
    return ClipPlan(clips, notes)


# Scoring: what each sentence brings, then each run of sentences.


def sentence_scores(understanding: Understanding) -> list[float]:
    language = understanding.language
    contrast = _words_pattern(CONTRAST, language)
    scores = [0.0] * len(understanding.sentences)
    for section in understanding.sections:
        for rank, index in enumerate(section.quotes):
            scores[index] += 2.0 + (0.5 if rank == 0 else 0.0)
        for index in section.key_sentences:
            scores[index] += 0.8
        for index in {figure.sentence for figure in section.figures}:
            scores[index] += 1.0
    for sentence in understanding.sentences:
        if contrast.search(sentence.text.lower()):
            scores[sentence.index] += 0.5
    return scores


@dataclass(frozen=True)
class Window:
    section: int
    first: int
    last: int
    score: float


def section_windows(
    section: Section, sentences: list[Sentence], scores: list[float], language: str
) -> list[Window]:
    """Every run of sentences inside the section that makes an acceptable clip, with its score."""
    back_reference = _words_pattern(BACK_REFERENCE, language, anchored=True)
    windows = []
    for first in section.sentence_indices:
        if first > 0 and sentences[first - 1].text.rstrip().endswith(":"):
            continue  # the sentence before announces this one: it would start mid-thought
        opening = sentences[first].text
        if _bare_filler(sentences[first], language):
            continue  # a clip does not open on "Yeah."
        # A clip stands alone: it should open on a topic, a question or a key line, not on "And so it…".
        opening_penalty = 0.7 if back_reference.match(opening.lower()) else 0.0
        if first == section.first or first in section.key_sentences or opening.rstrip().endswith("?"):
            opening_penalty -= 0.5
        for last in range(first, section.last + 1):
            duration = seconds(sentences[last].end) - seconds(sentences[first].start)
            if duration > MAX_SECONDS:
                break
            if duration < MIN_SECONDS or not ends_well(sentences, scores, last, section.last):
                continue
            if _bare_filler(sentences[last], language):
                continue  # nor close on it
            total = sum(scores[first : last + 1]) - opening_penalty
            windows.append(Window(section.index, first, last, total / math.sqrt(duration / 45)))
    return [window for window in windows if window.score > 0]


def ends_well(sentences: list[Sentence], scores: list[float], last: int, section_last: int) -> bool:
    """Not on a question or a colon (the answer comes next), not right before a punchline."""
    if sentences[last].text.rstrip().endswith(("?", ":", "…", "...")):
        return False
    return last == section_last or scores[last + 1] < STRONG


def _bare_filler(sentence: Sentence, language: str) -> bool:
    """ "Yeah.", "Oui.", "Voilà.", "Okay, right.": one or two words that only acknowledge."""
    return sentence.words <= 2 and is_filler_only(sentence.text, language)


def windows_choose(candidates: list[Window]) -> list[Window]:
    """The best non-overlapping windows: one per section first, then a second where it is strong."""
    ranked = sorted(candidates, key=lambda w: (-w.score, w.first))
    chosen: list[Window] = []
    for per_section in range(1, PER_SECTION + 1):
        for window in ranked:
            if len(chosen) >= MAX_CLIPS:
                return chosen
            if len(chosen) >= MIN_CLIPS and window.score < KEEP_RATIO * ranked[0].score:
                break
            taken = sum(1 for c in chosen if c.section == window.section)
            overlaps = any(window.first <= c.last and c.first <= window.last for c in chosen)
            if taken < per_section and not overlaps:
                chosen.append(window)
    return chosen


# Titles.


def clip_make(
    number: int, section: Section, sentences: Sequence[Sentence], sections: Sequence[Section], score: float
) -> Clip:
    quotes = [i for s in sections for i in s.quotes]
    title = clip_title([s for s in sentences], quotes, section.title)
    return Clip(number, section.index, section.title, tuple(sentences), title, score)


def clip_title(sentences: Sequence[Sentence], quotes: Sequence[int], section_title: str) -> str:
    """The clip's best quote that fits whole (the understanding ranks them), else its best one shortened
    cleanly; else the section's title."""
    inside = {s.index: s for s in sentences}
    ranked = [_standalone(inside[i].text) for i in quotes if i in inside]
    whole = [text for text in ranked if len(text.rstrip(" .")) <= TITLE_CHARS]
    return shorten((whole or ranked or [section_title])[0], TITLE_CHARS)


# A title cannot lean on what came before: "And good enough beats…" reads "Good enough beats…".
LEADING_CONJUNCTION = {
    "fr": r"et|donc|alors|mais|puis|ou|bref",
    "en": r"and|so|but|then|or|well",
    "es": r"y|entonces|pero|pues|o",
    "it": r"e|quindi|allora|ma|poi|o",
    "de": r"und|also|dann|aber|oder",
}
_LEADING_CONJUNCTION = re.compile(
    rf"^(?:{'|'.join(sorted(set('|'.join(LEADING_CONJUNCTION.values()).split('|'))))}),?\s+(?=\w)", re.I
)


def _standalone(text: str) -> str:
    stripped = _LEADING_CONJUNCTION.sub("", text.strip(), count=1)
    return stripped[:1].upper() + stripped[1:]


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a clause, else a word, never inside one."""
    text = " ".join(text.split()).rstrip(" .")
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    clause = max(head.rfind(mark) for mark in (", ", "; ", ": ", " – ", " — "))
    if clause >= limit // 2:
        return head[:clause].rstrip(" ,;:–—") + "…"
    return head[: head.rfind(" ")].rstrip(" ,;:–—") + "…" if " " in head else head + "…"


def titles_make_unique(clips: list[Clip]) -> list[Clip]:
    seen: dict[str, int] = {}
    unique = []
    for clip in clips:
        seen[clip.title] = seen.get(clip.title, 0) + 1
        title = (
            clip.title
            if seen[clip.title] == 1
            else f"{shorten(clip.title, TITLE_CHARS - 4)} ({seen[clip.title]})"
        )
        unique.append(replace(clip, title=title))
    return unique


def _words_pattern(patterns: dict[str, str], language: str, *, anchored: bool = False) -> re.Pattern[str]:
    pattern = patterns.get(language, patterns["en"])
    prefix = "^" if anchored else r"(?<![\w'’])"
    return re.compile(rf"{prefix}(?:{pattern})(?![\w'’])")
