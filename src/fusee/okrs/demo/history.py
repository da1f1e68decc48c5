"""A key result's weekly check-ins through a cycle, as pure functions of its plan and the calendar."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fusee.okrs.demo.plan import PlanKeyResult
from fusee.okrs.models import Confidence, Direction, KeyResultKind
from fusee.okrs.progress import Span, clamp

EARLY = 0.3  # the share of the cycle a key result's first pace covers
GENERIC_NOTES = {
    Confidence.ON_TRACK: ("On the ideal line.", "Good week, on plan.", "No surprise this week.",
                          "Slightly ahead of the line."),
    Confidence.AT_RISK: ("A bit behind; recovery plan discussed on Monday.", "Behind the line, watching it."),
    Confidence.OFF_TRACK: ("Well behind: we need help to unblock it.", "No real progress this week."),
}


def check_in_days(*, starts_on: date, until: date, offset: int = 0) -> list[date]:
    """The owner's weekly check-in days inside the cycle, the latest `offset` days before `until`.

    Every week from the cycle's first one, never before it: the cycle's dates are the quarter's
    (the board, the ideal path and the year view read them), so the history is not stretched to
    "8 weeks" when the demo is loaded early in a quarter. Loaded in week 9 or later, a key result
    has 8 weekly check-ins or more; in week 2, one or two, as a real team would have.
    """
    days, day = [], until - timedelta(days=offset)
    while day >= starts_on:
        days.append(day)
        day -= timedelta(days=7)
    return days[::-1]


def path_values(plan: PlanKeyResult, *, span: Span, days: Sequence[date], rng: random.Random) -> list[float]:
    """Its value on each day: its pace against the ideal line, with a little week-to-week noise."""
    values: list[float] = []
    for day in days:
        value = value_on(plan, span.elapsed(day), rng)
        if plan.cumulative and plan.direction == Direction.INCREASE:  # a count never goes down
            value = max(value, values[-1] if values else plan.start)
        values.append(value)
    return values


def value_on(plan: PlanKeyResult, elapsed: float, rng: random.Random) -> float:
    if plan.kind == KeyResultKind.MILESTONE:
        return 1.0 if plan.done_at is not None and elapsed >= plan.done_at else 0.0
    if plan.direction in (Direction.STAY_ABOVE, Direction.STAY_BELOW):
        wobble = 0.003 * abs(plan.target) + 0.1 * abs(plan.drift)
        return round(plan.start + plan.drift * elapsed + rng.gauss(0, wobble), plan.digits)
    early, late = plan.pace
    share = early * min(elapsed, EARLY) + late * max(elapsed - EARLY, 0.0) + rng.gauss(0, 0.012)
    value = plan.start + (plan.target - plan.start) * share
    if plan.kind == KeyResultKind.PERCENTAGE:
        value = 100 * clamp(value / 100)
    return round(value, plan.digits)


@dataclass(frozen=True)
class Scaled:
    start: float
    target: float
    values: list[float]


def rescaled(plan: PlanKeyResult, values: Sequence[float], measured: float) -> Scaled | None:
    """The planned path scaled so that it ends at what the metric measures today.

    An automatic key result is refreshed every day from Fusée's own data: a demo path that ended
    anywhere else would jump at the first refresh. Its goal scales with it, so its progress is the
    plan's. None when the measure cannot carry the plan (nothing counted yet, a rate over 100 %).
    """
    planned = values[-1] if values else 0.0
    if measured <= 0 or planned <= 0:
        return None
    factor = measured / planned
    start, target = round(plan.start * factor, plan.digits), round(plan.target * factor, plan.digits)
    if start == target or (plan.unit == "%" and target > 100):
        return None
    return Scaled(start, target, [round(value * factor, plan.digits) for value in values[:-1]] + [measured])


def notes_for(plan: PlanKeyResult, *, span: Span, days: Sequence[date], rng: random.Random) -> list[str]:
    """A comment per check-in: the plan's notes follow the calendar, the other weeks sometimes a word."""
    notes, used, comments = plan.notes, set(), []
    for day in days:
        slot = min(int(span.elapsed(day) * len(notes)), len(notes) - 1) if notes else -1
        if slot >= 0 and slot not in used:
            used.add(slot)
            comments.append(notes[slot])
        elif rng.random() < 0.3:
            comments.append(rng.choice(GENERIC_NOTES[Confidence(plan.tone)]))
        else:
            comments.append("")
    return comments
