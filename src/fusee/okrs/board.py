"""What the OKR pages show, computed in a fixed number of queries whatever the number of cycles.

Rows wrap the models with what the templates need (progress, band, last confidence, overdue),
so no template calls back into the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from fusee.okrs import progress as maths
from fusee.okrs import selectors, similarity
from fusee.okrs.models import (
    CheckIn,
    Confidence,
    Cycle,
    CycleStatus,
    Idea,
    IdeaSource,
    IdeaStatus,
    KeyResult,
    Level,
    Objective,
)


class Graded:
    """A row with a progress (0.0 to 1.0), shown as a percentage and coloured by its band."""

    @property
    def progress(self) -> float:
        raise NotImplementedError

    @property
    def percent(self) -> int:
        return round(self.progress * 100)

    @property
    def band(self) -> str:
        return maths.band(self.progress)


@dataclass(frozen=True)
class KeyResultRow(Graded):
    key_result: KeyResult
    confidence: str
    overdue: bool

    @property
    def progress(self) -> float:
        return self.key_result.progress()

    @property
    def confidence_label(self) -> str:
        return str(Confidence(self.confidence).label) if self.confidence else ""


@dataclass
class ObjectiveRow(Graded):
    objective: Objective
    key_results: list[KeyResultRow]
    children: list[ObjectiveRow] = field(default_factory=list)

    @property
    def progress(self) -> float:
        return maths.weighted_mean((row.progress, row.key_result.weight) for row in self.key_results)


@dataclass(frozen=True)
class Group:
    """Objectives under one heading: a team, or a person for personal objectives."""

    name: str
    objectives: list[ObjectiveRow]


@dataclass(frozen=True)
class Board:
    cycle: Cycle
    company: list[ObjectiveRow]
    teams: list[Group]
    people: list[Group]

    @property
    def key_results(self) -> list[KeyResultRow]:
        return [kr for group in self.all_objectives() for kr in group.key_results]

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.key_results)

    def all_objectives(self) -> list[ObjectiveRow]:
        return [*self.company, *(o for g in (*self.teams, *self.people) for o in g.objectives)]


# --- last confidence, without one query per key result ---


def last_confidences(key_result_ids: Iterable[int]) -> dict[int, str]:
    """The confidence of each key result's latest check-in, in one query."""
    latest = CheckIn.objects.filter(key_result=OuterRef("pk")).order_by("-created_at", "-pk")
    rows = (KeyResult.objects.filter(pk__in=list(key_result_ids))
            .annotate(last_confidence=Subquery(latest.values("confidence")[:1]))
            .values_list("pk", "last_confidence"))
    return {pk: confidence for pk, confidence in rows if confidence}


def key_result_rows(key_results: Sequence[KeyResult], today: date,
                    confidences: dict[int, str]) -> list[KeyResultRow]:
    return [KeyResultRow(kr, confidences.get(kr.pk, ""), kr.check_in_due(today)) for kr in key_results]


def key_result_row(key_result: KeyResult, today: date) -> KeyResultRow:
    """One row, as the inline check-in swaps it in (its objective and cycle selected)."""
    return key_result_rows([key_result], today, last_confidences([key_result.pk]))[0]


def objective_row(objective: Objective, today: date) -> ObjectiveRow:
    key_results = list(objective.key_results.select_related("owner").order_by("position", "pk"))
    for kr in key_results:
        kr.objective = objective  # the rows read the cycle through it
    confidences = last_confidences(kr.pk for kr in key_results)
    return ObjectiveRow(objective, key_result_rows(key_results, today, confidences))


# --- the board of one cycle ---


def objective_rows(objectives: Iterable[Objective], today: date) -> list[ObjectiveRow]:
    objectives = list(objectives)
    key_results = [kr for objective in objectives for kr in objective.key_results.all()]
    confidences = last_confidences(kr.pk for kr in key_results)
    rows = []
    for objective in objectives:
        krs = list(objective.key_results.all())
        for kr in krs:
            kr.objective = objective  # check_in_due reads the cycle: no query per key result
        rows.append(ObjectiveRow(objective, key_result_rows(krs, today, confidences)))
    return rows


def cycle_board(cycle: Cycle, today: date) -> Board:
    objectives = list(selectors.board_objectives(cycle))
    for objective in objectives:
        objective.cycle = cycle
    rows = objective_rows(objectives, today)
    teams: dict[str, list[ObjectiveRow]] = defaultdict(list)
    people: dict[str, list[ObjectiveRow]] = defaultdict(list)
    for row in rows:
        if row.objective.level == Level.TEAM:
            teams[row.objective.team.name if row.objective.team else "—"].append(row)
        elif row.objective.level == Level.PERSON:
            people[str(row.objective.owner or "—")].append(row)
    return Board(
        cycle=cycle,
        company=[row for row in rows if row.objective.level == Level.COMPANY],
        teams=[Group(name, group) for name, group in sorted(teams.items())],
        people=[Group(name, group) for name, group in sorted(people.items())],
    )


def alignment_tree(board: Board) -> tuple[list[ObjectiveRow], list[ObjectiveRow]]:
    """Company objectives with their aligned team and person objectives nested under them,
    and the objectives aligned to nothing on this board (the roots of an incomplete plan)."""
    rows = board.all_objectives()
    by_pk = {row.objective.pk: row for row in rows}
    for row in rows:
        row.children = []
    roots, loose = [], []
    for row in rows:
        parent = by_pk.get(row.objective.parent_id or 0)
        if parent is not None:
            parent.children.append(row)
        elif row.objective.level == Level.COMPANY:
            roots.append(row)
        else:
            loose.append(row)
    return roots, loose


# --- the year view ---


@dataclass(frozen=True)
class Quarter:
    cycle: Cycle
    objectives: list[ObjectiveRow]

    @property
    def progress(self) -> float:
        return maths.weighted_mean((row.progress, 1) for row in self.objectives)

    @property
    def percent(self) -> int:
        return round(self.progress * 100)

    @property
    def band(self) -> str:
        return maths.band(self.progress)


def year_quarters(year: int, today: date) -> list[Quarter]:
    """The year's cycles, each with its company and team objectives' progress, in three queries
    (personal objectives stay on each quarter's board, as on the dashboard)."""
    cycles = list(Cycle.objects.filter(starts_on__year=year).order_by("starts_on"))
    key_results = KeyResult.objects.order_by("position", "pk")
    objectives = (Objective.objects.filter(cycle__in=cycles, level__in=[Level.COMPANY, Level.TEAM])
                  .select_related("team", "owner")
                  .prefetch_related(Prefetch("key_results", queryset=key_results))
                  .order_by("level", "team__name", "position", "pk"))
    by_cycle: dict[int, list[Objective]] = defaultdict(list)
    cycle_by_pk = {cycle.pk: cycle for cycle in cycles}
    for objective in objectives:
        objective.cycle = cycle_by_pk[objective.cycle_id]
        by_cycle[objective.cycle_id].append(objective)
    return [Quarter(cycle, [ObjectiveRow(o, key_result_rows(list(o.key_results.all()), today, {}))
                            for o in by_cycle[cycle.pk]])
            for cycle in cycles]


def cycle_years(cycles: Iterable[Cycle]) -> list[int]:
    return sorted({cycle.year for cycle in cycles}, reverse=True)


# --- a key result's history against its ideal path ---


def chart_dates(cycle: Cycle, today: date, history: Sequence[CheckIn]) -> list[date]:
    """The cycle's weeks, its last day, each check-in's day and today, within the cycle."""
    dates = {cycle.starts_on + timedelta(weeks=week) for week in range(cycle.weeks())}
    dates |= {timezone.localdate(check_in.created_at) for check_in in history}
    dates |= {cycle.ends_on, today}
    return sorted(on for on in dates if cycle.starts_on <= on <= cycle.ends_on)


def value_on(on: date, history: Sequence[CheckIn], start: float) -> float:
    """The latest checked-in value by the end of `on`: the start before the first check-in."""
    value = start
    for check_in in history:
        if timezone.localdate(check_in.created_at) > on:
            break
        value = check_in.value
    return value


def key_result_chart(key_result: KeyResult, history: Sequence[CheckIn], today: date) -> dict[str, Any]:
    """A line of the checked-in values against the ideal path, for <canvas data-chart>."""
    cycle = key_result.objective.cycle
    dates = chart_dates(cycle, today, history)
    last_known = cycle.ends_on if cycle.is_closed else today
    if history:  # a check-in dated ahead of today (an import, the demo) still shows
        last_known = max(last_known, timezone.localdate(history[-1].created_at))
    actual = [value_on(on, history, key_result.start) if on <= last_known else None for on in dates]
    return {
        "type": "line",
        "labels": [on.isoformat() for on in dates],
        "datasets": [
            {"label": gettext("Check-ins"), "data": actual, "stepped": True},
            {"label": gettext("Ideal path"), "data": [round(key_result.ideal_on(on), 2) for on in dates],
             "borderDash": [6, 4], "pointRadius": 0},
        ],
    }


# --- the idea triage board ---


@dataclass(frozen=True)
class IdeaColumns:
    new: list[Idea]
    accepted: list[Idea]
    parked: list[Idea]
    back_for_planning: list[Idea]


def idea_columns(cycle: Cycle | None) -> IdeaColumns:
    """To triage, accepted for an open cycle, parked in this cycle, and parked earlier (they
    come back for planning)."""
    accepted = selectors.ideas_by_status(IdeaStatus.ACCEPTED).exclude(
        key_result__objective__cycle__status=CycleStatus.CLOSED)
    parked = selectors.ideas_by_status(IdeaStatus.PARKED)
    back: QuerySet[Idea] | list[Idea] = []
    if cycle is not None:
        back = selectors.ideas_back_for_planning(cycle)
        parked = parked.filter(parked_in__starts_on__gte=cycle.starts_on)
    return IdeaColumns(new=list(selectors.ideas_by_status(IdeaStatus.NEW)), accepted=list(accepted),
                       parked=list(parked), back_for_planning=list(back))


def triage_choices() -> list[KeyResult]:
    """The open cycles' key results an idea can serve, with what their labels show."""
    return list(selectors.open_key_results()
                .select_related("objective", "objective__cycle", "objective__team")
                .order_by("-objective__cycle__starts_on", "objective__level", "objective__position",
                          "objective_id", "position", "pk"))


@dataclass(frozen=True)
class TallyRow:
    source: str
    total: int
    accepted: int
    parked: int
    new: int

    @property
    def accepted_percent(self) -> int:
        decided = self.accepted + self.parked
        return round(100 * self.accepted / decided) if decided else 0


def tally_rows(tally: Iterable[dict[str, Any]]) -> list[TallyRow]:
    """The tally by source, labelled in the reader's language, every source listed."""
    by_source = {row["source"]: row for row in tally}
    empty = {"total": 0, "accepted": 0, "parked": 0, "new": 0}
    return [TallyRow(str(label), **{k: by_source.get(source, empty)[k] for k in empty})
            for source, label in IdeaSource.choices]


def triage_rows(ideas: Iterable[Idea],
                key_results: Sequence[KeyResult]) -> list[tuple[Idea, list[KeyResult]]]:
    """Each idea with the three key results it most likely serves, scored against one list of
    candidates (the similarity module's `idea_suggestions` would load them again for every idea)."""
    return [(idea, [kr for kr, _score in similarity.suggest_key_results(
        text=similarity.idea_text(idea), key_results=key_results, limit=3)]) for idea in ideas]
