"""Closing a cycle: its score, the lessons learned, and the unfinished key results carried over.

The score is the plain mean of the company objectives' progress: a company objective with key
results counts by them; one without counts by the mean of the team objectives aligned to it (the
usual case: the company sets the direction, the teams measure it). Objectives with nothing to
measure are left out. When no company objective measures anything, the score is the mean of the
team objectives that have key results; a cycle with no key result at all has no score (None).

A carried-over key result starts the next cycle where it stopped (start = current = its value at
the close; a metric counted per cycle, such as MQLs created this cycle, restarts from its start) and
points back with `carried_from`. Its objective is copied once (same title, level,
team and owner), or reused when the target cycle already has it; the copy aligns to the copy of
its parent when the parent is carried too, else to an objective of the target cycle with the
parent's level, team and title. The copies go through `objective_create` and `key_result_create`,
so the focus rule applies; any refusal rolls back everything, the close included.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fusee.core.errors import DomainError
from fusee.core.models import User
from fusee.core.services import audit_record
from fusee.okrs import metrics, services
from fusee.okrs.models import Cycle, CycleStatus, KeyResult, Level, Objective
from fusee.okrs.selectors import board_objectives

LEVEL_ORDER = {Level.COMPANY: 0, Level.TEAM: 1, Level.PERSON: 2}


def cycle_close(
    *,
    actor: User | None,
    cycle: Cycle,
    lessons: str,
    carry_over: Sequence[KeyResult] = (),
    into: Cycle | None = None,
) -> Cycle:
    services.require_admin(actor)
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.is_closed:
            raise DomainError(gettext("%(cycle)s is already closed") % {"cycle": locked})
        chosen = _chosen_key_results(locked, carry_over)
        locked.score = cycle_score(locked)
        locked.lessons = lessons.strip()
        locked.status, locked.closed_at = CycleStatus.CLOSED, timezone.now()
        locked.save(update_fields=["score", "lessons", "status", "closed_at"])
        target = None
        if chosen:
            target = into or services.cycle_get_or_create(actor=actor, key=next_quarter_key(locked))
            _check_target(locked, target)
            _carry(actor=actor, key_results=chosen, into=target)
        audit_record(actor=actor, action="okrs.cycle.close", target=locked, changes={
            "score": locked.score,
            "carried_over": [kr.pk for kr in chosen],
            "into": target.key if target else None,
        })
    cycle.refresh_from_db()
    return cycle


# --- the score ---


def cycle_score(cycle: Cycle) -> float | None:
    """From 0.0 to 1.0, rounded to two decimals (see the module's docstring for what counts)."""
    objectives = list(board_objectives(cycle))
    measured = {o.pk: o.progress() for o in objectives if o.key_results.all()}
    company = [o for o in objectives if o.level == Level.COMPANY]
    scores = [s for o in company if (s := _company_progress(o, objectives, measured)) is not None]
    if not scores:
        scores = [measured[o.pk] for o in objectives if o.level == Level.TEAM and o.pk in measured]
    return round(sum(scores) / len(scores), 2) if scores else None


def _company_progress(objective: Objective, objectives: list[Objective],
                      measured: dict[int, float]) -> float | None:
    if objective.pk in measured:
        return measured[objective.pk]
    aligned = [measured[o.pk] for o in objectives if o.parent_id == objective.pk and o.pk in measured]
    return sum(aligned) / len(aligned) if aligned else None


# --- carrying over ---


def next_quarter_key(cycle: Cycle) -> str:
    return services.quarter_key(cycle.ends_on + timedelta(days=1))


def _chosen_key_results(cycle: Cycle, carry_over: Sequence[KeyResult]) -> list[KeyResult]:
    """The key results to carry, read afresh, each of this cycle and unfinished."""
    wanted = {kr.pk for kr in carry_over}
    chosen = list(KeyResult.objects.filter(pk__in=wanted).select_related("objective__parent"))
    for key_result in chosen:
        if key_result.objective.cycle_id != cycle.pk:
            raise DomainError(
                gettext('"%(kr)s" is not a key result of %(cycle)s: it cannot be carried over from it')
                % {"kr": key_result, "cycle": cycle}
            )
        if key_result.progress() >= 1:
            raise DomainError(
                gettext('"%(kr)s" is reached: there is nothing left to carry over') % {"kr": key_result}
            )
    if len(chosen) != len(wanted):
        raise DomainError(gettext("a key result chosen to carry over no longer exists"))
    return sorted(chosen, key=lambda kr: (LEVEL_ORDER[Level(kr.objective.level)], kr.objective_id,
                                          kr.position, kr.pk))


def _check_target(cycle: Cycle, into: Cycle) -> None:
    if into.starts_on <= cycle.starts_on:
        raise DomainError(
            gettext("key results of %(cycle)s can only be carried over into a later cycle, not %(into)s")
            % {"cycle": cycle, "into": into}
        )
    services.require_open(into)


def carried_start(key_result: KeyResult) -> float:
    """Where it stopped; a metric counted per cycle (MQLs created this cycle) restarts from its start."""
    found = metrics.registry().get(key_result.metric) if key_result.metric else None
    return key_result.start if found is not None and found.per_cycle else key_result.current


def _carry(*, actor: User | None, key_results: list[KeyResult], into: Cycle) -> None:
    copies: dict[int, Objective] = {}
    for key_result in key_results:
        objective = key_result.objective
        if objective.pk not in copies:
            copies[objective.pk] = _objective_in(actor=actor, objective=objective, into=into, copies=copies)
        start = carried_start(key_result)
        carried = services.key_result_create(
            actor=actor,
            objective=copies[objective.pk],
            title=key_result.title,
            kind=key_result.kind,
            direction=key_result.direction,
            start=start,
            target=key_result.target,
            current=start,
            unit=key_result.unit,
            owner=key_result.owner,
            weight=key_result.weight,
            metric=key_result.metric,
            metric_params=key_result.metric_params,
            carried_from=key_result,
        )
        key_result.ideas.update(key_result=carried)  # its accepted ideas follow it
        audit_record(actor=actor, action="okrs.key_result.carry_over", target=carried,
                     changes={"from": [key_result.pk, str(objective.cycle)], "into": into.key})


def _objective_in(*, actor: User | None, objective: Objective, into: Cycle,
                  copies: dict[int, Objective]) -> Objective:
    """The objective's counterpart in `into`: the one already there, else a new copy."""
    existing = _counterpart(objective, into)
    if existing is not None:
        return existing
    parent = None
    if objective.parent is not None:
        parent = copies.get(objective.parent.pk) or _counterpart(objective.parent, into)
        if parent is None:
            raise DomainError(
                gettext('"%(objective)s" is aligned to "%(parent)s", which %(into)s does not have: '
                        'create "%(parent)s" in %(into)s first, or carry one of its key results too')
                % {"objective": objective, "parent": objective.parent, "into": into}
            )
    return services.objective_create(
        actor=actor, cycle=into, title=objective.title, level=objective.level, team=objective.team,
        owner=objective.owner, parent=parent, description=objective.description,
    )


def _counterpart(objective: Objective, into: Cycle) -> Objective | None:
    """The objective of `into` with the same level, title and team (and owner for a person's)."""
    found = Objective.objects.filter(cycle=into, level=objective.level, title__iexact=objective.title,
                                     team=objective.team)
    if objective.level == Level.PERSON:
        found = found.filter(owner=objective.owner)
    return found.order_by("pk").first()
