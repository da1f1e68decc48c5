"""Orbitale's OKRs: the current quarter, the previous one closed, and the idea backlog triaged.

Called by `fusee demo` after the contacts, segments, nurturing and content demos. The current
quarter has the company's three objectives, marketing's 3 × 4 key results aligned to them (half
bound to automatic metrics), an objective for each marketing sub-team and one person's, with a
check-in every week so far; the previous quarter is closed with its score and lessons, and one
unfinished key result carried over. Objectives and key results go through the services, so the
focus rule, alignment and validation apply; check-ins, the close and the ideas are history, written
directly. Draws come from random.Random(f"{seed}:okrs:…"). Keyed by the company's first
objective: loading twice adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from fusee.core.demo import demo_people
from fusee.core.errors import DomainError
from fusee.core.models import Role, Workspace
from fusee.okrs import metrics, services
from fusee.okrs.closing import cycle_score
from fusee.okrs.demo.history import check_in_days, notes_for, path_values, rescaled
from fusee.okrs.demo.ideas import BEFORE, IDEAS, PlanIdea
from fusee.okrs.demo.plan import (
    COMPANY_BEFORE,
    COMPANY_NOW,
    LESSONS,
    MARKETING_BEFORE,
    MARKETING_NOW,
    SUBTEAMS_NOW,
    TEAMS,
    PlanKeyResult,
    PlanObjective,
)
from fusee.okrs.models import (
    CheckIn,
    Cycle,
    CycleStatus,
    Idea,
    IdeaStatus,
    KeyResult,
    Level,
    Objective,
    OkrTeam,
)

Progress = Callable[[int, int], None]
STEPS = 5


def load(*, seed: int, options: dict[str, Any], progress: Progress | None = None) -> None:
    if not Workspace.current().is_demo:
        raise DomainError("this database holds a real workspace; load the demo into an empty one")
    if not Objective.objects.filter(level=Level.COMPANY, title=COMPANY_NOW[0].title).exists():
        with transaction.atomic():
            OkrDemo(seed=seed, now=timezone.now(), progress=progress).load()
    if progress:
        progress(STEPS, STEPS)


class OkrDemo:
    def __init__(self, *, seed: int, now: datetime, progress: Progress | None) -> None:
        self.seed, self.now, self.today, self.progress = seed, now, timezone.localdate(now), progress
        self.people = demo_people()
        self.actor = self.people["cmo"]  # an admin: company objectives are set by one
        self.key_results: dict[str, tuple[PlanKeyResult, KeyResult]] = {}

    def load(self) -> None:
        teams = self.teams_create()
        self.report(1)
        current = self.cycle_open(services.quarter_key(self.today))
        previous = self.cycle_open(services.quarter_key(current.starts_on - timedelta(days=1)))
        self.objectives_create(previous, [*COMPANY_BEFORE, *MARKETING_BEFORE], teams)
        self.history_write(previous, until=previous.ends_on)
        self.close(previous)
        self.report(2)
        self.objectives_create(current, [*COMPANY_NOW, *MARKETING_NOW, *SUBTEAMS_NOW], teams)
        self.report(3)
        self.history_write(current, until=self.today)
        self.report(4)
        ideas = [self.idea(plan, index, previous, current) for index, plan in enumerate(IDEAS)]
        Idea.objects.bulk_create(ideas)

    def report(self, done: int) -> None:
        if self.progress:
            self.progress(done, STEPS)

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:okrs:{name}")  # noqa: S311 - reproducible demo data

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A moment of the site's calendar, never after now: a moment of today still to come
        becomes one of the last two hours (today's check-ins are already in)."""
        moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
        if moment <= self.now:
            return moment
        midnight = timezone.make_aware(datetime.combine(self.today, time.min))
        return max(midnight, self.now - timedelta(minutes=(hour * 60 + minute) % 120 + 1))

    # --- cycles, teams, objectives ---

    def teams_create(self) -> dict[str, OkrTeam]:
        teams: dict[str, OkrTeam] = {}
        for name, parent, lead in TEAMS:
            team = services.team_get_or_create(actor=self.actor, name=name, parent=teams.get(parent))
            if team.lead_id is None:
                team.lead = self.people[lead]
                team.save(update_fields=["lead"])
            teams[name] = team
        return teams

    def cycle_open(self, key: str) -> Cycle:
        cycle = services.cycle_get_or_create(actor=self.actor, key=key)
        if cycle.status == CycleStatus.PLANNING:
            services.cycle_start(actor=self.actor, cycle=cycle)
        return cycle

    def objectives_create(self, cycle: Cycle, plans: Sequence[PlanObjective],
                          teams: dict[str, OkrTeam]) -> None:
        """Parents before children; the focus rule and the alignment rules refuse a wrong plan."""
        created: dict[str, Objective] = {}
        for plan in plans:
            objective = services.objective_create(
                actor=self.actor, cycle=cycle, title=plan.title, level=plan.level,
                team=teams[plan.team] if plan.team else None, owner=self.people[plan.owner],
                parent=created[plan.parent] if plan.parent else None, description=plan.description,
            )
            created[plan.title] = objective
            for kr_plan in plan.key_results:
                self.key_results[kr_plan.ref] = (kr_plan, self.key_result_create(objective, kr_plan))
        kick_off = self.at(cycle.starts_on - timedelta(days=3), 10)
        Objective.objects.filter(cycle=cycle).update(created_at=kick_off)
        KeyResult.objects.filter(objective__cycle=cycle).update(created_at=kick_off)

    def key_result_create(self, objective: Objective, plan: PlanKeyResult) -> KeyResult:
        if plan.metric:  # a demo bound to a metric that no longer exists fails loudly
            metrics.metric_check(key=plan.metric, params=plan.params, title=plan.title)
        carried = self.key_results.get(plan.carried_from)
        return services.key_result_create(
            actor=self.actor, objective=objective, title=plan.title, kind=plan.kind,
            direction=plan.direction, start=plan.start, target=plan.target, unit=plan.unit,
            owner=self.people[plan.owner], metric=plan.metric, metric_params=plan.params,
            carried_from=carried[1] if carried else None,
        )

    def close(self, cycle: Cycle) -> None:
        """Written as `closing.cycle_close` leaves it, on the Monday after the quarter."""
        cycle.score, cycle.lessons = cycle_score(cycle), LESSONS
        cycle.status, cycle.closed_at = CycleStatus.CLOSED, self.at(cycle.ends_on + timedelta(days=3), 17)
        cycle.save(update_fields=["score", "lessons", "status", "closed_at"])

    # --- check-ins ---

    def history_write(self, cycle: Cycle, *, until: date) -> None:
        rows: list[CheckIn] = []
        for plan, key_result in self.key_results.values():
            if key_result.objective.cycle_id == cycle.pk:
                rows += self.check_ins(plan, key_result, until=until)
        CheckIn.objects.bulk_create(rows, batch_size=500)

    def check_ins(self, plan: PlanKeyResult, key_result: KeyResult, *, until: date) -> list[CheckIn]:
        cycle, rng = key_result.objective.cycle, self.rng(f"{key_result.objective.cycle}:{plan.ref}")
        days = check_in_days(starts_on=cycle.starts_on, until=until, offset=plan.offset)
        if plan.overdue and len(days) > 1:  # this week's check-in is missing: the board shows it
            days = days[:-1]
        if not days:
            return []
        values = path_values(plan, span=cycle.span, days=days, rng=rng)
        if plan.metric and days[-1] in (self.today, cycle.ends_on):
            values = self.measured(plan, key_result, values, refreshed=days[-1] == self.today)
        comments = [""] * len(days) if plan.metric else notes_for(plan, span=cycle.span, days=days, rng=rng)
        rows = [self.check_in(plan, key_result, day, value, comment, rng)
                for day, value, comment in zip(days, values, comments, strict=True)]
        key_result.current, key_result.last_check_in_at = rows[-1].value, rows[-1].created_at
        key_result.save(update_fields=["start", "target", "current", "last_check_in_at"])
        return rows

    def measured(self, plan: PlanKeyResult, key_result: KeyResult, values: list[float], *,
                 refreshed: bool) -> list[float]:
        """The path led to what the metric measures on its last day, goal scaled alike.

        The current cycle's automatic key results are refreshed every day: their path ends at
        today's measure whatever it is (at zero all along when nothing is counted), or the first
        refresh would jump. A closed cycle is never refreshed: its path keeps the plan when the
        measure cannot carry it.
        """
        try:
            value = metrics.metric_value(key_result)
        except DomainError:  # e.g. the segments demo was not loaded; the refresh will say so
            return values
        scaled = rescaled(plan, values, value)
        if scaled is not None:
            key_result.start, key_result.target = scaled.start, scaled.target
            return scaled.values
        if not refreshed:
            return values
        return [*values[:-1], value] if value > 0 else [0.0] * len(values)

    def check_in(self, plan: PlanKeyResult, key_result: KeyResult, day: date, value: float, comment: str,
                 rng: random.Random) -> CheckIn:
        if plan.metric:  # the daily refresh, early in the morning, judged against the ideal path
            confidence = metrics.confidence_on(key_result, value=value, today=day)
            return CheckIn(key_result=key_result, value=value, confidence=confidence, automatic=True,
                           author=None, created_at=self.at(day, 6, rng.randrange(20)))
        owner = self.people[plan.owner]
        # Viewers (the CEO, the VP Sales) own company key results but cannot check in: the
        # marketing operations manager enters the figures of the Monday management meeting.
        author = owner if owner.role != Role.VIEWER else self.people["ops"]
        return CheckIn(key_result=key_result, value=value, confidence=plan.tone, comment=comment,
                       author=author, created_at=self.at(day, rng.randrange(9, 18), rng.randrange(60)))

    # --- ideas ---

    def idea(self, plan: PlanIdea, index: int, previous: Cycle, current: Cycle) -> Idea:
        rng = self.rng(f"idea:{index}")
        if plan.status == IdeaStatus.PARKED and plan.parked == BEFORE:
            first, last = previous.starts_on + timedelta(days=5), previous.ends_on - timedelta(days=10)
            parked_in = previous
        elif plan.status == IdeaStatus.NEW:
            first, last, parked_in = self.today - timedelta(days=9), self.today, None
        else:
            first = current.starts_on - timedelta(days=14)
            last, parked_in = max(first, self.today - timedelta(days=2)), current
        created_on = first + timedelta(days=rng.randint(0, (last - first).days))
        submitter = self.people[plan.by]
        idea = Idea(title=plan.title, description=plan.description, source=plan.source, status=plan.status,
                    requester=plan.requester or submitter.full_name, submitted_by=submitter,
                    created_at=self.at(created_on, rng.randrange(9, 18), rng.randrange(60)))
        if plan.status == IdeaStatus.NEW:
            return idea
        idea.triaged_by = self.people[rng.choice(["cmo", "demand"])]
        idea.triaged_at = self.at(created_on + timedelta(days=rng.randint(1, 5)), rng.randrange(9, 18))
        if plan.status == IdeaStatus.ACCEPTED:
            idea.key_result = self.key_results[plan.serves][1]
        else:
            idea.park_reason, idea.parked_in = plan.reason, parked_in
        return idea
