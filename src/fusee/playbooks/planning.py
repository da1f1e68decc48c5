"""Retro-planning: every step of a playbook dated back from the run's milestone, in business days.

The rules (those of monday.com and Asana templates: relative dates, dependencies, skip weekends):

Business days
    Monday to Friday, less the public holidays of the run's country (the `holidays` package,
    offline, looked up in blocks of four years and cached per country and block). An unknown
    country code or time zone raises ValueError, which the services turn into a DomainError.

Time zone
    Everything is computed on the wall clock of the run's time zone; the results are aware
    datetimes in that zone (a wall time that a daylight-saving change skips moves one hour on).

A step's due date
    The milestone's day moved by `offset` business days (negative: before). Counting from a
    milestone that falls on a weekend or a holiday still works (-1 from a Saturday is the Friday,
    +1 is the Monday), so a counted due date never lands on a non-business day. Offset 0 keeps the
    milestone's own day even then: the user chose it (a trade show on a Saturday), and the steps at
    offset 0 are the milestone itself (the live session, the reminder an hour before).

A step's due time
    The milestone's time of day plus `offset_hours` (offset 0, offset_hours -1: an hour before the
    milestone; offset -5 and no hours: the milestone's time, five business days earlier). Hours
    never move the due date: what would pass midnight is clamped to 00:00 or 23:59 of that day.

A step's start
    `duration` business days of work ending at the due: duration 0 is a moment (starts = due);
    otherwise the duration is rounded up to whole days and the work starts at 09:00 on the first
    of them. The due day counts as a day of work when the step is due after 09:00: a 1-day step
    due at 17:00 starts at 09:00 the same day; due at 09:00 or earlier, it starts the business
    day before at 09:00.

Dependencies
    A step must be due no later than the start of every step that depends on it. The steps are
    planned from the last to the first (reverse topological order): a step due later than one of
    its dependents starts is pulled earlier, its due becoming that start, and keeps its duration.
    Steps are only ever pulled earlier, never pushed later, so a step planned before the
    milestone (negative offset) can never end up due after it; the opposite can happen, and is
    warned about: a step meant for after the milestone pulled before it by a dependent.

Fixed steps
    `fixed` gives steps already done or skipped, with their real start and due: they keep them, are
    never pulled, and constrain nothing (neither the steps they depend on nor the plan's start).

Critical path
    The chain of steps, linked by dependencies, that reaches the milestone with the least slack:
    a delay on any of them longer than that slack moves the milestone. Slack is the time between
    a step's due and the start of a step that depends on it; the milestone steps (offset 0) have
    none. Each step's float is the least total slack of its paths to a milestone step; the chain
    starts at the step with no dependency (still to do) whose float is smallest (the earliest
    start breaks ties) and follows the dependents whose link adds up to that float. Steps with no
    path to a milestone step (follow-ups after it, side tasks) are never critical.

Lead time
    When the plan starts before `now`, a warning names the first step and how many business days
    are missing, and `earliest_milestone` is the milestone moved later by that many business days,
    so that the first step starts on the next business day after today (checked by planning again;
    further days are added in the rare cases where a holiday or a weekend milestone shifts it).
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

WORK_STARTS = time(9)
LAST_DUE_TIME = time(23, 59)
HOLIDAY_BLOCK_YEARS = 4
MAX_REPLANS = 20  # finding the earliest milestone; each try moves it at least one business day
NOTHING_FIXED: Mapping[str, tuple[datetime, datetime]] = MappingProxyType({})


@dataclass(frozen=True)
class StepSpec:
    key: str
    offset: int
    offset_hours: float = 0
    duration: float = 1
    depends_on: tuple[str, ...] = ()
    title: str = ""  # what warnings call the step (its key when empty)


@dataclass(frozen=True)
class PlannedStep:
    key: str
    starts_at: datetime
    due_at: datetime
    critical: bool


@dataclass
class Plan:
    steps: dict[str, PlannedStep]
    starts_at: datetime
    warnings: list[str]
    earliest_milestone: datetime | None  # set when the plan would start in the past


# --- the calendar ---


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        message = gettext('"%(zone)s" is not a time zone, e.g. Europe/Paris')
        raise ValueError(message % {"zone": name}) from None


def check_country(country: str) -> None:
    """ValueError unless the holidays package knows the country (a code such as FR, or an alias)."""
    public_holidays(country, 0, -1)  # no year: cached per country, computes nothing


@lru_cache(maxsize=256)
def public_holidays(country: str, first_year: int, last_year: int) -> frozenset[date]:
    """The country's public holidays from first_year to last_year included."""
    try:
        found = holidays.country_holidays(country, years=range(first_year, last_year + 1))  # may be empty
    except NotImplementedError:
        raise ValueError(
            gettext('"%(country)s" is not a country whose public holidays Fusée knows; use a two-letter '
                    "code such as FR, DE or US") % {"country": country}
        ) from None
    return frozenset(found)


class BusinessCalendar:
    """Business days (Monday to Friday, less public holidays) of a country, days read in a time zone.

    Methods take dates, or aware datetimes which count as their day in the calendar's time zone.
    """

    def __init__(self, country: str, time_zone: str) -> None:
        self.country = country.strip().upper()
        self.zone = zone_named(time_zone)
        self.closed_by_year: dict[int, frozenset[date]] = {}
        check_country(self.country)

    def day_of(self, value: date) -> date:
        if isinstance(value, datetime):
            return (value.astimezone(self.zone) if value.tzinfo else value).date()
        return value

    def holidays_of(self, year: int) -> frozenset[date]:
        if year not in self.closed_by_year:
            first = year - year % HOLIDAY_BLOCK_YEARS
            block = public_holidays(self.country, first, first + HOLIDAY_BLOCK_YEARS - 1)
            self.closed_by_year.update(dict.fromkeys(range(first, first + HOLIDAY_BLOCK_YEARS), block))
        return self.closed_by_year[year]

    def is_business_day(self, day: date) -> bool:
        day = self.day_of(day)
        return day.weekday() < 5 and day not in self.holidays_of(day.year)

    @overload
    def add_business_days(self, day: datetime, count: int) -> datetime: ...

    @overload
    def add_business_days(self, day: date, count: int) -> date: ...

    def add_business_days(self, day: date, count: int) -> date:
        """`count` business days later (earlier when negative); 0 gives the day back as it is.

        A datetime keeps its wall time, in the calendar's time zone."""
        if isinstance(day, datetime):
            local = day.astimezone(self.zone) if day.tzinfo else day.replace(tzinfo=self.zone)
            return wall_clock(self.add_business_days(local.date(), count), local.time(), self.zone)
        step, left = timedelta(days=1 if count > 0 else -1), abs(count)
        while left:
            day += step
            left -= self.is_business_day(day)
        return day

    def business_days_between(self, start: date, end: date) -> int:
        """How many business days from start to end: those after start up to end included, negative
        when end comes first. The inverse of add_business_days from a business day: done the day it
        was due is 0, the next business day 1, the business day before -1."""
        start, end = self.day_of(start), self.day_of(end)
        sign = 1 if end >= start else -1
        first, last = (start + timedelta(days=1), end) if sign > 0 else (end, start - timedelta(days=1))
        days = (first + timedelta(days=n) for n in range((last - first).days + 1))
        return sign * sum(1 for day in days if self.is_business_day(day))


def wall_clock(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The aware moment showing `at` on `day` in `zone` (through UTC, so a skipped wall time is valid)."""
    return datetime.combine(day, at).replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


# --- dependencies ---


def dependency_cycle(steps: Sequence[StepSpec]) -> list[str] | None:
    """The first circle of dependencies met, step by step back to where it started (["a", "b", "a"]:
    a depends on b, which depends on a), or None. Unknown keys are left to the document's checks."""
    needs = {step.key: step.depends_on for step in steps}
    finished: set[str] = set()
    for root in needs:
        path, on_path, pending = [root], {root}, [iter(needs[root])]
        while pending and root not in finished:
            needed = next(pending[-1], None)
            if needed is None:
                finished.add(path[-1])
                on_path.discard(path.pop())
                pending.pop()
            elif needed in on_path:
                return [*path[path.index(needed):], needed]
            elif needed in needs and needed not in finished:
                path.append(needed)
                on_path.add(needed)
                pending.append(iter(needs[needed]))
    return None


def dependencies_first(steps: Sequence[StepSpec]) -> list[StepSpec]:
    """The steps in an order where each comes after those it depends on (input order otherwise)."""
    by_key = {step.key: step for step in steps}
    waiting = {step.key: sum(1 for needed in set(step.depends_on) if needed in by_key) for step in steps}
    dependents = dependents_of(steps)
    ready = deque(step.key for step in steps if waiting[step.key] == 0)
    ordered: list[StepSpec] = []
    while ready:
        key = ready.popleft()
        ordered.append(by_key[key])
        for dependent in dependents[key]:
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                ready.append(dependent)
    if len(ordered) < len(by_key):
        cycle = " → ".join(dependency_cycle(steps) or [])
        raise ValueError(gettext("the dependencies go round in a circle: %(cycle)s") % {"cycle": cycle})
    return ordered


def dependents_of(steps: Sequence[StepSpec]) -> dict[str, list[str]]:
    keys = {step.key for step in steps}
    dependents: dict[str, list[str]] = defaultdict(list)
    for step in steps:
        for needed in dict.fromkeys(step.depends_on):
            if needed in keys:
                dependents[needed].append(step.key)
    return dependents


# --- planning ---


def plan_steps(steps: Sequence[StepSpec], *, milestone_at: datetime, time_zone: str, country: str,
               now: datetime, fixed: Mapping[str, tuple[datetime, datetime]] = NOTHING_FIXED) -> Plan:
    """Every step dated back from the milestone (see the module's rules); a naive milestone is read
    in `time_zone`. ValueError for an unknown country or time zone, or a dependency cycle."""
    planner = Planner(steps, BusinessCalendar(country, time_zone), fixed)
    milestone = planner.localised(milestone_at)
    planned, pulled_by = planner.plan(milestone)
    plan = Plan(steps=planned, starts_at=planner.start_of(planned, milestone), warnings=[],
                earliest_milestone=None)
    if planner.open_keys and plan.starts_at < now:
        plan.warnings.append(planner.lead_time_warning(planned, plan.starts_at, now))
        plan.earliest_milestone = planner.earliest_milestone(milestone, plan.starts_at, now)
    plan.warnings += planner.crossing_warnings(planned, pulled_by, milestone)
    return plan


class Planner:
    """One playbook's steps on one calendar; plans them for any milestone."""

    def __init__(self, steps: Sequence[StepSpec], calendar: BusinessCalendar,
                 fixed: Mapping[str, tuple[datetime, datetime]]) -> None:
        self.keys = [step.key for step in steps]  # the plan lists the steps in the playbook's order
        self.ordered = dependencies_first(steps)
        self.calendar, self.zone = calendar, calendar.zone
        self.fixed = {key: (self.localised(start), self.localised(due))
                      for key, (start, due) in fixed.items()}
        self.open_keys = [key for key in self.keys if key not in self.fixed]
        self.dependents = {key: [d for d in found if d not in self.fixed]
                           for key, found in dependents_of(steps).items()}
        self.depends_on = {step.key: step.depends_on for step in steps}

    def localised(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            return wall_clock(moment.date(), moment.time(), self.zone)
        return moment.astimezone(self.zone)

    def plan(self, milestone: datetime) -> tuple[dict[str, PlannedStep], dict[str, str]]:
        """The planned steps, and for each step pulled earlier the dependent that pulled it."""
        dates: dict[str, tuple[datetime, datetime]] = {}
        pulled_by: dict[str, str] = {}
        for step in reversed(self.ordered):
            dates[step.key] = self.fixed.get(step.key) or self.dates_of(step, milestone, dates, pulled_by)
        critical = self.critical_path(dates)
        planned = {key: PlannedStep(key, *dates[key], critical=key in critical) for key in self.keys}
        return planned, pulled_by

    def dates_of(self, step: StepSpec, milestone: datetime, planned: Mapping[str, tuple[datetime, datetime]],
                 pulled_by: dict[str, str]) -> tuple[datetime, datetime]:
        """(start, due): due by its offset, or earlier when a dependent starts before that."""
        due = self.offset_due(step, milestone)
        for dependent in self.dependents.get(step.key, []):
            if planned[dependent][0] < due:
                due, pulled_by[step.key] = planned[dependent][0], dependent
        return self.work_start(due, step.duration), due

    def offset_due(self, step: StepSpec, milestone: datetime) -> datetime:
        day = self.calendar.add_business_days(milestone.date(), step.offset)
        wall = datetime.combine(day, milestone.time()) + timedelta(hours=step.offset_hours)
        wall = min(max(wall, datetime.combine(day, time())), datetime.combine(day, LAST_DUE_TIME))
        return wall_clock(day, wall.time(), self.zone)

    def work_start(self, due: datetime, duration: float) -> datetime:
        if duration <= 0:
            return due
        days_before = math.ceil(duration) - (1 if due.time() > WORK_STARTS else 0)
        return wall_clock(self.calendar.add_business_days(due.date(), -days_before), WORK_STARTS, self.zone)

    def critical_path(self, dates: Mapping[str, tuple[datetime, datetime]]) -> set[str]:
        floats = self.floats(dates)
        sources = [key for key in self.open_keys if key in floats
                   and not any(needed in floats for needed in self.depends_on[key])]
        if not sources:
            return set()
        key: str | None = min(sources, key=lambda k: (floats[k], dates[k][0]))
        critical: set[str] = set()
        while key is not None:
            critical.add(key)
            key = next((dependent for dependent in self.dependents.get(key, [])
                        if dependent in floats and dates[dependent][0] - dates[key][1] + floats[dependent]
                        == floats[key]), None)
        return critical

    def floats(self, dates: Mapping[str, tuple[datetime, datetime]]) -> dict[str, timedelta]:
        """Each open step's least total slack to a milestone step (steps with no path are left out)."""
        found: dict[str, timedelta] = {}
        for step in reversed(self.ordered):  # dependents first
            if step.key in self.fixed:
                continue
            paths = [dates[d][0] - dates[step.key][1] + found[d] for d in self.dependents.get(step.key, [])
                     if d in found]
            if step.offset == 0:
                paths.append(timedelta(0))
            if paths:
                found[step.key] = min(paths)
        return found

    def start_of(self, planned: Mapping[str, PlannedStep], milestone: datetime) -> datetime:
        """The earliest start of the steps planned here (of the fixed ones when every step is)."""
        starts = [planned[key].starts_at for key in self.open_keys] or [s.starts_at for s in planned.values()]
        return min(starts, default=milestone)

    # --- warnings ---

    def missing_days(self, starts_at: datetime, now: datetime) -> int:
        """Business days from the plan's start to the next business day after today."""
        tomorrow = self.calendar.add_business_days(now.astimezone(self.zone).date(), 1)
        return max(1, self.calendar.business_days_between(starts_at.date(), tomorrow))

    def lead_time_warning(self, planned: Mapping[str, PlannedStep], starts_at: datetime,
                          now: datetime) -> str:
        first = next(key for key in self.open_keys if planned[key].starts_at == starts_at)
        missing = self.missing_days(starts_at, now)
        message = ngettext(
            'The plan starts in the past: step "%(step)s" should have started on %(day)s; the lead time is '
            "%(count)s business day short.",
            'The plan starts in the past: step "%(step)s" should have started on %(day)s; the lead time is '
            "%(count)s business days short.",
            missing,
        )
        day = date_format(starts_at.date(), "DATE_FORMAT")
        return message % {"step": self.label(first), "day": day, "count": missing}

    def label(self, key: str) -> str:
        return next((step.title for step in self.ordered if step.key == key and step.title), key)

    def earliest_milestone(self, milestone: datetime, starts_at: datetime, now: datetime) -> datetime:
        """The milestone moved later by the missing business days, planned again until it starts in time."""
        candidate, moved = milestone, 0
        for _ in range(MAX_REPLANS):
            moved += self.missing_days(starts_at, now)
            candidate = self.calendar.add_business_days(milestone, moved)
            starts_at = self.start_of(self.plan(candidate)[0], candidate)
            if starts_at >= now:
                break
        return candidate

    def crossing_warnings(self, planned: Mapping[str, PlannedStep], pulled_by: Mapping[str, str],
                          milestone: datetime) -> list[str]:
        """Steps meant for after the milestone that a dependent due before it pulled before it."""
        specs = {step.key: step for step in self.ordered}
        return [
            gettext('Step "%(step)s" is meant for after the milestone, but "%(dependent)s" needs it first: '
                    "it was moved before the milestone.") % {"step": self.label(key),
                                                             "dependent": self.label(dependent)}
            for key, dependent in pulled_by.items()
            if planned[key].due_at <= milestone < self.offset_due(specs[key], milestone)
        ]
