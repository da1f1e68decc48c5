"""The arithmetic of OKRs, free of the database: progress, weighted means, score bands, ideal paths.

Progress is a fraction from 0.0 to 1.0. A metric moving from `start` to `target` is at
(current − start) / (target − start), clamped; this covers both "increase to" and "decrease to"
(the denominator's sign does the work). "Stay above / below" holds or it does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

GREEN_FROM, AMBER_FROM = 0.7, 0.4


def clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def metric_progress(*, start: float, target: float, current: float) -> float:
    if target == start:  # refused at creation; a legacy row counts as reached once at the target
        return 1.0 if current == target else 0.0
    return clamp((current - start) / (target - start))


def threshold_progress(*, target: float, current: float, above: bool) -> float:
    holds = current >= target if above else current <= target
    return 1.0 if holds else 0.0


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float:
    """The mean of (progress, weight) pairs; 0.0 when nothing weighs anything."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


def band(score: float) -> str:
    """green (0.7 and above), amber (0.4 to 0.69), red (below 0.4): the usual OKR grading."""
    if round(score, 2) >= GREEN_FROM:
        return "green"
    return "amber" if round(score, 2) >= AMBER_FROM else "red"


@dataclass(frozen=True)
class Span:
    starts_on: date
    ends_on: date

    def elapsed(self, on: date) -> float:
        """How much of the span has passed on `on`, 0.0 before it, 1.0 from its last day."""
        days = (self.ends_on - self.starts_on).days
        if days <= 0:
            return 1.0
        return clamp((on - self.starts_on).days / days)

    def ideal(self, *, start: float, target: float, on: date) -> float:
        """Where a metric on a straight line from start to target should be on `on`."""
        return start + (target - start) * self.elapsed(on)
