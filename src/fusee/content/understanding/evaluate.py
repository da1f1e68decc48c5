"""How close a segmentation is to a known one: Pk (Beeferman et al., 1999) and WindowDiff
(Pevzner & Hearst, 2002), both 0 for a perfect match, lower is better.

A segmentation is given as one label per unit (sentence), equal labels forming a segment:
[0, 0, 1, 1, 1, 2] is three segments of 2, 3 and 1 sentences. The window k defaults to half the
mean length of the reference's segments, as both papers recommend.

The sample scripts in `fusee/content/samples/` come as `NAME.md` (with headings), `NAME.txt` (the
same text without them) and `NAME.sections.json` (the paragraph where each section starts in the
.txt): the segmenter is scored on the .txt against those starts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path

from .pipeline import understand_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def default_k(reference: Sequence[int]) -> int:
    segments = 1 + sum(1 for a, b in pairwise(reference) if a != b)
    return max(1, round(len(reference) / segments / 2))


def pk(reference: Sequence[int], hypothesis: Sequence[int], k: int | None = None) -> float:
    """Share of unit pairs k apart that one segmentation puts together and the other apart."""
    k = _check(reference, hypothesis, k)
    windows = len(reference) - k
    errors = sum(
        (reference[i] == reference[i + k]) != (hypothesis[i] == hypothesis[i + k]) for i in range(windows)
    )
    return errors / windows


def window_diff(reference: Sequence[int], hypothesis: Sequence[int], k: int | None = None) -> float:
    """Share of windows of k units in which the two segmentations count a different number of boundaries."""
    k = _check(reference, hypothesis, k)
    reference_bounds, hypothesis_bounds = _boundaries(reference), _boundaries(hypothesis)
    windows = len(reference) - k
    errors = sum(
        sum(reference_bounds[i : i + k]) != sum(hypothesis_bounds[i : i + k]) for i in range(windows)
    )
    return errors / windows


def _boundaries(labels: Sequence[int]) -> list[int]:
    """bounds[i] = 1 when a segment ends between unit i and unit i + 1."""
    return [int(a != b) for a, b in pairwise(labels)]


def _check(reference: Sequence[int], hypothesis: Sequence[int], k: int | None) -> int:
    if len(reference) != len(hypothesis):
        raise ValueError(f"segmentations of different lengths: {len(reference)} and {len(hypothesis)} units")
    k = default_k(reference) if k is None else k
    if not 1 <= k < len(reference):
        raise ValueError(f"window k={k} must be between 1 and {len(reference) - 1}")
    return k


def labels_from_starts(starts: Sequence[int], units: int) -> list[int]:
    """[0, 3] over 5 units -> [0, 0, 0, 1, 1]."""
    labels, current = [], -1
    begins = set(starts) | {0}
    for unit in range(units):
        current += unit in begins
        labels.append(current)
    return labels


# --- the sample scripts ---


def sample_names() -> list[str]:
    return sorted(p.name.removesuffix(".sections.json") for p in SAMPLES.glob("*.sections.json"))


@cache  # the pipeline is deterministic: one run per sample and process is enough
def sample_reference(name: str) -> tuple[list[int], list[int]]:
    """(reference labels, segmenter's labels) per sentence of the sample's text without headings."""
    sidecar = json.loads((SAMPLES / f"{name}.sections.json").read_text(encoding="utf-8"))
    result = understand_file(SAMPLES / f"{name}.txt", language=sidecar["language"])
    starts = [section["first_paragraph"] for section in sidecar["sections"]]
    reference = [sum(1 for start in starts if start <= s.block) - 1 for s in result.sentences]
    hypothesis = labels_from_starts([section.first for section in result.sections], len(result.sentences))
    return reference, hypothesis


def score_sample(name: str) -> dict[str, float]:
    reference, hypothesis = sample_reference(name)
    return {
        "window_diff": window_diff(reference, hypothesis),
        "pk": pk(reference, hypothesis),
        "sections": len(set(hypothesis)),
        "reference_sections": len(set(reference)),
    }


def sample_scores() -> dict[str, dict[str, float]]:
    return {name: score_sample(name) for name in sample_names()}


def even_split_score(name: str) -> dict[str, float]:
    """A baseline: the same number of sections as the reference, of equal length."""
    reference, _ = sample_reference(name)
    n, count = len(reference), len(set(reference))
    even = labels_from_starts([round(i * n / count) for i in range(count)], n)
    return {"window_diff": window_diff(reference, even), "pk": pk(reference, even)}
