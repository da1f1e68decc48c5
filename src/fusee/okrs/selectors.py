"""Reads of the OKR app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from fusee.okrs.models import CheckIn, Cycle, CycleStatus, Idea, IdeaStatus, KeyResult, Objective


def cycle_current(today: date) -> Cycle | None:
    """The cycle that contains today, else the next one being planned, else the latest."""
    cycles = Cycle.objects.all()
    return (cycles.filter(starts_on__lte=today, ends_on__gte=today).first()
            or cycles.filter(starts_on__gt=today).order_by("starts_on").first()
            or cycles.first())


def cycle_next(cycle: Cycle) -> Cycle | None:
    return Cycle.objects.filter(starts_on__gt=cycle.ends_on).order_by("starts_on").first()


def board_objectives(cycle: Cycle) -> QuerySet[Objective]:
    """The cycle's objectives with owners, teams and key results in three queries."""
    key_results = KeyResult.objects.select_related("owner").order_by("position", "pk")
    return (
        Objective.objects.filter(cycle=cycle)
        .select_related("team", "owner", "parent")
        .prefetch_related(Prefetch("key_results", queryset=key_results))
        .order_by("level", "team__name", "position", "pk")
    )


def key_result_history(key_result: KeyResult) -> QuerySet[CheckIn]:
    return key_result.check_ins.select_related("author").order_by("created_at", "pk")


def ideas_by_status(status: str | None = None) -> QuerySet[Idea]:
    ideas = Idea.objects.select_related("key_result", "key_result__objective", "parked_in", "submitted_by")
    return ideas.filter(status=status) if status else ideas


def ideas_back_for_planning(cycle: Cycle) -> QuerySet[Idea]:
    """Ideas parked in an earlier cycle: they come back when the next one is planned."""
    return ideas_by_status(IdeaStatus.PARKED).filter(
        Q(parked_in__isnull=True) | Q(parked_in__starts_on__lt=cycle.starts_on)
    )


def ideas_tally_by_source() -> list[dict[str, Any]]:
    """Per source: how many ideas came, were accepted, parked, still to triage."""
    rows = (
        Idea.objects.values("source")
        .annotate(
            total=Count("pk"),
            accepted=Count("pk", filter=Q(status=IdeaStatus.ACCEPTED)),
            parked=Count("pk", filter=Q(status=IdeaStatus.PARKED)),
            new=Count("pk", filter=Q(status=IdeaStatus.NEW)),
        )
        .order_by("source")
    )
    return [dict(row) for row in rows]


def open_key_results() -> QuerySet[KeyResult]:
    return KeyResult.objects.exclude(objective__cycle__status=CycleStatus.CLOSED)
