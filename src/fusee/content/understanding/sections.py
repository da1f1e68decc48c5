"""Split the sentences into 5–8 sections by topic.

A document with headings keeps them (at the level that gives closest to 5–8 sections, then
merging the smallest neighbours or splitting the longest). Without headings, the split into
`count` runs of sentences that holds together best, found exactly by dynamic programming: each
run scores the length of the sum of its sentences' TF-IDF vectors (the sum of their cosines to the
run's centroid: a run on one topic scores close to its length, a run across two topics less),
minus a penalty on runs far from the mean length, as a script's parts are of comparable size.
Measured on the demo webinars (.vtt against the .md's headings) and the sample scripts, WindowDiff
0.21, 0.13, 0.12, 0.22, where TextTiling (Hearst, 1997) scored 0.55, 0.23, 0.29, 0.36 and an even
split 0.19, 0.14, 0.38, 0.20. TextTiling stays for splitting one long heading section in two, and
for texts too long for the exact search. Deterministic: no randomness, ties broken by position.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .features import tfidf_matrix
from .model import BlockKind, Script, Sentence

MIN_SECTIONS, MAX_SECTIONS = 5, 8
MIN_SENTENCES = 4  # a section shorter than this is not a topic
# Sections by length: the sample scripts (~1,600 words) and the demo webinars (~4,000) have 6, and a
# script of 8–10 pages makes 5 or 6 articles; only a long talk (a 70-minute podcast) carries 7 or 8.
_SECTIONS_BY_WORDS = ((1_200, 5), (6_000, 6), (9_000, 7))


_EXACT_MAX_SENTENCES = 3_000  # the exact search holds an n × n matrix: 72 MB at this size
_LENGTH_PENALTY = 0.5  # WindowDiff on the four references is flat from 0.4 to 0.5, worse outside


@dataclass
class Span:
    first: int  # sentence indices, inclusive
    last: int
    heading: str = ""

    @property
    def size(self) -> int:
        return self.last - self.first + 1


def section_count(sentences: list[Sentence]) -> int:
    """How many sections the text can carry: 5–8 by length, fewer when it is too short."""
    words = sum(s.words for s in sentences)
    wanted = next((n for most, n in _SECTIONS_BY_WORDS if words <= most), MAX_SECTIONS)
    return max(1, min(wanted, len(sentences) // MIN_SENTENCES))


def find_spans(script: Script, sentences: list[Sentence], *, count: int | None = None) -> list[Span]:
    if not sentences:
        return []
    count = count or section_count(sentences)
    vectors = tfidf_matrix([s.text for s in sentences], script.language)
    spans = _heading_spans(script, sentences, count)
    if spans is None:
        if len(sentences) <= _EXACT_MAX_SENTENCES:
            boundaries = _coherent_split(vectors, count)
        else:
            boundaries = _texttiling(vectors, _paragraph_starts(sentences), count)
        return _spans_from(boundaries, len(sentences))
    return _fit(spans, vectors, count)


# --- headings ---


def _heading_spans(script: Script, sentences: list[Sentence], count: int) -> list[Span] | None:
    headings = [(i, b) for i, b in enumerate(script.blocks) if b.kind is BlockKind.HEADING]
    if len(headings) < 2:
        return None
    best: list[Span] | None = None
    for level in sorted({b.level for _, b in headings}):
        spans = _split_at_headings(sentences, [(i, b.text) for i, b in headings if b.level <= level])
        if best is None or _distance(len(spans), count) < _distance(len(best), count):
            best = spans
    return best if best and len(best) >= 2 else None


def _distance(found: int, count: int) -> int:
    low, high = min(count, MIN_SECTIONS), max(count, MIN_SECTIONS)
    return 0 if low <= found <= high else min(abs(found - low), abs(found - high))


def _split_at_headings(sentences: list[Sentence], headings: list[tuple[int, str]]) -> list[Span]:
    spans: list[Span] = []
    for position, (block, title) in enumerate(headings):
        following = headings[position + 1][0] if position + 1 < len(headings) else None
        inside = [
            s.index for s in sentences if s.block > block and (following is None or s.block < following)
        ]
        if inside:
            spans.append(Span(inside[0], inside[-1], title))
    before = [s.index for s in sentences if s.block < headings[0][0]]
    if before and spans:
        if len(before) < MIN_SENTENCES:  # a line of greeting before the first heading joins it
            spans[0] = Span(before[0], spans[0].last, spans[0].heading)
        else:
            spans.insert(0, Span(before[0], before[-1]))
    return spans


def _fit(spans: list[Span], vectors: np.ndarray, count: int) -> list[Span]:
    """The author's headings win in 5–8; past 8 the smallest neighbours merge, under 5 the longest split."""
    while len(spans) > MAX_SECTIONS:
        pair = min(range(len(spans) - 1), key=lambda i: (spans[i].size + spans[i + 1].size, i))
        merged = Span(spans[pair].first, spans[pair + 1].last, spans[pair].heading or spans[pair + 1].heading)
        spans[pair : pair + 2] = [merged]
    while len(spans) < min(count, MIN_SECTIONS):
        largest = max(range(len(spans)), key=lambda i: (spans[i].size, -i))
        span = spans[largest]
        if span.size < 2 * MIN_SENTENCES:
            break
        cut = _texttiling(vectors[span.first : span.last + 1], [], 2)
        if not cut:
            break
        at = span.first + cut[0]
        spans[largest : largest + 1] = [Span(span.first, at - 1, span.heading), Span(at, span.last)]
    return spans


# --- the most coherent split ---


def _coherent_split(vectors: np.ndarray, count: int) -> list[int]:
    """Sentence indices where sections 2..count start, maximising the runs' coherence."""
    n = len(vectors)
    count = min(count, n // MIN_SENTENCES)
    if count < 2:
        return []
    strength = _run_strengths(vectors)
    mean = n / count
    penalty = _LENGTH_PENALTY * np.sqrt(mean)
    best = np.full((count + 1, n + 1), -np.inf)
    best[0, 0] = 0.0
    back = np.zeros((count + 1, n + 1), dtype=int)
    for runs in range(1, count + 1):
        for end in range(runs * MIN_SENTENCES, n + 1):
            starts = np.arange(0, end - MIN_SENTENCES + 1)  # the run is sentences start..end-1
            lengths = end - starts
            value = best[runs - 1, starts] + strength[starts, end] - penalty * ((lengths - mean) / mean) ** 2
            chosen = int(np.argmax(value))  # the first of equals: ties go to the earliest boundary
            best[runs, end], back[runs, end] = value[chosen], starts[chosen]
    boundaries, end = [], n
    for runs in range(count, 0, -1):
        end = int(back[runs, end])
        boundaries.append(end)
    return sorted(boundaries)[1:]


def _run_strengths(vectors: np.ndarray) -> np.ndarray:
    """strength[i, j]: the length of the sum of vectors i..j-1, from running sums of their dot products."""
    matrix = sparse.csr_matrix(vectors)
    dots = (matrix @ matrix.T).toarray()
    sums = np.zeros((len(vectors) + 1, len(vectors) + 1))
    sums[1:, 1:] = dots.cumsum(axis=0).cumsum(axis=1)
    diagonal = np.diag(sums)
    squared = diagonal[None, :] + diagonal[:, None] - sums - sums.T  # |S_j - S_i|^2
    return np.sqrt(np.maximum(squared, 0.0))


# --- TextTiling ---


def _paragraph_starts(sentences: list[Sentence]) -> list[int]:
    return [s.index for s in sentences[1:] if s.block != sentences[s.index - 1].last_block]


def _texttiling(vectors: np.ndarray, preferred: list[int], count: int) -> list[int]:
    """Sentence indices where sections 2..count start."""
    n = len(vectors)
    if count < 2 or n < 2 * MIN_SENTENCES:
        return []
    window = int(min(max(n / (count * 2), 3), 40))  # half a section on each side of the gap
    depths = _depth_scores(_gap_similarities(vectors, window))
    candidates = preferred if len(preferred) >= 3 * count else list(range(1, n))
    min_size = max(MIN_SENTENCES, int(n / (count * 2)))  # no section under half the mean length
    chosen: list[int] = []
    for gap in sorted(candidates, key=lambda g: (-depths[g], g)):
        if len(chosen) == count - 1:
            break
        if gap < min_size or n - gap < min_size or any(abs(gap - c) < min_size for c in chosen):
            continue
        chosen.append(gap)
    return sorted(chosen)


def _gap_similarities(vectors: np.ndarray, window: int) -> np.ndarray:
    """similarities[g]: cosine between the `window` sentences before gap g and those after it."""
    n = len(vectors)
    sums = np.vstack([np.zeros((1, vectors.shape[1])), np.cumsum(vectors, axis=0)])
    similarities = np.zeros(n)
    for gap in range(1, n):
        left = sums[gap] - sums[max(0, gap - window)]
        right = sums[min(n, gap + window)] - sums[gap]
        norm = float(np.linalg.norm(left) * np.linalg.norm(right))
        similarities[gap] = float(left @ right) / norm if norm else 0.0
    smoothed = similarities.copy()
    for gap in range(1, n):  # moving average over three gaps, as in Hearst's paper
        neighbours = similarities[max(1, gap - 1) : min(n, gap + 2)]
        smoothed[gap] = float(neighbours.mean())
    return smoothed


def _depth_scores(similarities: np.ndarray) -> np.ndarray:
    n = len(similarities)
    depths = np.zeros(n)
    for gap in range(1, n):
        left = gap
        while left > 1 and similarities[left - 1] >= similarities[left]:
            left -= 1
        right = gap
        while right < n - 1 and similarities[right + 1] >= similarities[right]:
            right += 1
        depths[gap] = (similarities[left] - similarities[gap]) + (similarities[right] - similarities[gap])
    return depths


def _spans_from(boundaries: list[int], n: int) -> list[Span]:
    starts = [0, *boundaries]
    ends = [*(b - 1 for b in boundaries), n - 1]
    return [Span(first, last) for first, last in zip(starts, ends, strict=True)]
