"""Writes of the OKR app: cycles, objectives and key results under the focus rule, check-ins, ideas.

Every refusal is a `DomainError` whose message names the objective, key result or cycle and says
what to do; nothing is saved when one is raised.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from fusee.core.errors import DomainError, NotAllowed
from fusee.core.models import Role, User
from fusee.core.services import apply_changes, audit_record
from fusee.okrs.models import (
    CheckIn,
    Confidence,
    Cycle,
    CycleStatus,
    Direction,
    Idea,
    IdeaSource,
    IdeaStatus,
    KeyResult,
    KeyResultKind,
    Level,
    Objective,
    OkrPolicy,
    OkrTeam,
)

_CYCLE_KEY = re.compile(r"^(\d{4})-Q([1-4])$")
KEY_RESULT_FIELDS = ("title", "kind", "direction", "start", "target", "unit", "owner", "weight",
                     "metric", "metric_params")
OBJECTIVE_FIELDS = ("title", "description", "owner", "parent", "team")


# --- who may ---


def require_marketer(actor: User | None) -> None:
    if actor is not None and actor.role == Role.VIEWER:
        raise NotAllowed(gettext("only marketers and admins can change OKRs"))


def require_admin(actor: User | None) -> None:
    if actor is not None and not actor.is_admin:
        raise NotAllowed(gettext("only an admin can set company objectives and close cycles"))


# --- cycles ---


def quarter_span(key: str) -> tuple[date, date]:
    match = _CYCLE_KEY.match(key.strip().upper())
    if not match:
        raise DomainError(gettext('"%(key)s" is not a quarter: write it like 2027-Q1') % {"key": key})
    year, quarter = int(match[1]), int(match[2])
    first = date(year, 3 * quarter - 2, 1)
    after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(after.toordinal() - 1)


def quarter_key(on: date) -> str:
    return f"{on.year}-Q{(on.month - 1) // 3 + 1}"


def cycle_get_or_create(*, actor: User | None, key: str) -> Cycle:
    key = key.strip().upper()
    starts_on, ends_on = quarter_span(key)
    cycle, created = Cycle.objects.get_or_create(key=key, defaults={"starts_on": starts_on,
                                                                    "ends_on": ends_on})
    if created:
        audit_record(actor=actor, action="okrs.cycle.create", target=cycle)
    return cycle


def cycle_start(*, actor: User | None, cycle: Cycle) -> Cycle:
    require_admin(actor)
    if cycle.status != CycleStatus.PLANNING:
        raise DomainError(gettext("%(cycle)s has already started") % {"cycle": cycle})
    cycle.status = CycleStatus.ACTIVE
    cycle.save(update_fields=["status"])
    audit_record(actor=actor, action="okrs.cycle.start", target=cycle)
    return cycle


def require_open(cycle: Cycle) -> None:
    if cycle.is_closed:
        raise DomainError(
            gettext("%(cycle)s is closed: its OKRs can no longer change (plan them in the next cycle)")
            % {"cycle": cycle}
        )


# --- teams ---


def team_get_or_create(*, actor: User | None, name: str, parent: OkrTeam | None = None) -> OkrTeam:
    name = " ".join(name.split())
    if not name:
        raise DomainError(gettext("a team needs a name"))
    team, created = OkrTeam.objects.get_or_create(name__iexact=name, defaults={"name": name,
                                                                               "parent": parent})
    if created:
        audit_record(actor=actor, action="okrs.team.create", target=team)
    return team


# --- objectives, under the focus rule ---


def siblings(*, cycle: Cycle, level: str, team: OkrTeam | None, owner: User | None) -> Any:
    """The objectives that share the focus limit: the company's, one team's, or one person's."""
    objectives = Objective.objects.filter(cycle=cycle, level=level)
    if level == Level.TEAM:
        return objectives.filter(team=team)
    if level == Level.PERSON:
        return objectives.filter(owner=owner)
    return objectives


def whose(level: str, team: OkrTeam | None, owner: User | None) -> str:
    if level == Level.TEAM and team:
        return team.name
    if level == Level.PERSON and owner:
        return str(owner)
    return gettext("The company")


def check_objective_room(*, cycle: Cycle, level: str, team: OkrTeam | None, owner: User | None,
                         title: str) -> None:
    limit = OkrPolicy.current().max_objectives
    if siblings(cycle=cycle, level=level, team=team, owner=owner).count() >= limit:
        raise DomainError(
            gettext(
                '%(whose)s already has %(limit)s objectives in %(cycle)s, the limit: "%(title)s" is '
                "refused. Merge it into an existing objective, drop one, or park it as an idea."
            )
            % {"whose": whose(level, team, owner), "limit": limit, "cycle": cycle, "title": title}
        )


def check_alignment(*, level: str, parent: Objective | None, cycle: Cycle, title: str) -> None:
    if level == Level.COMPANY and parent is not None:
        raise DomainError(gettext('"%(title)s": a company objective aligns to nothing') % {"title": title})
    if level != Level.COMPANY and parent is None:
        raise DomainError(
            gettext('"%(title)s" must align to an objective above it (a company or team objective)')
            % {"title": title}
        )
    if parent is not None and parent.cycle_id != cycle.pk:
        raise DomainError(
            gettext('"%(title)s" can only align to an objective of %(cycle)s')
            % {"title": title, "cycle": cycle}
        )
    if parent is not None and level == Level.TEAM and parent.level != Level.COMPANY:
        raise DomainError(
            gettext('"%(title)s": a team objective aligns to a company objective') % {"title": title}
        )


@transaction.atomic
def objective_create(
    *,
    actor: User | None,
    cycle: Cycle,
    title: str,
    level: str = Level.TEAM,
    team: OkrTeam | None = None,
    owner: User | None = None,
    parent: Objective | None = None,
    description: str = "",
) -> Objective:
    (require_admin if level == Level.COMPANY else require_marketer)(actor)
    title = " ".join(title.split())
    if not title:
        raise DomainError(gettext("an objective needs a title"))
    if level == Level.TEAM and team is None:
        raise DomainError(gettext('"%(title)s": a team objective needs a team') % {"title": title})
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()  # one focus count at a time
    require_open(cycle)
    check_alignment(level=level, parent=parent, cycle=cycle, title=title)
    check_objective_room(cycle=cycle, level=level, team=team, owner=owner, title=title)
    position = siblings(cycle=cycle, level=level, team=team, owner=owner).count()
    objective = Objective.objects.create(cycle=cycle, level=level, team=team, owner=owner, parent=parent,
                                         title=title, description=description, position=position)
    audit_record(actor=actor, action="okrs.objective.create", target=objective)
    return objective


@transaction.atomic
def objective_update(*, actor: User | None, objective: Objective, **values: Any) -> Objective:
    """The same rules as a creation: a new parent fits the level, a new team (or person) has room."""
    (require_admin if objective.level == Level.COMPANY else require_marketer)(actor)
    cycle = objective.cycle
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()  # one focus count at a time
    require_open(cycle)
    title = values.get("title", objective.title)
    if "parent" in values and values["parent"] != objective.parent:
        check_alignment(level=objective.level, parent=values["parent"], cycle=cycle, title=title)
    moves_to = {Level.TEAM: "team", Level.PERSON: "owner"}.get(Level(objective.level))
    if moves_to and moves_to in values and values[moves_to] != getattr(objective, moves_to):
        team, owner = values.get("team", objective.team), values.get("owner", objective.owner)
        check_objective_room(cycle=cycle, level=objective.level, title=title, team=team, owner=owner)
    changes = apply_changes(objective, values, OBJECTIVE_FIELDS)
    if changes:
        objective.save()
        audit_record(actor=actor, action="okrs.objective.update", target=objective, changes=changes)
    return objective


@transaction.atomic
def objective_delete(*, actor: User | None, objective: Objective) -> None:
    (require_admin if objective.level == Level.COMPANY else require_marketer)(actor)
    require_open(objective.cycle)
    if objective.children.exists():
        raise DomainError(
            gettext('"%(title)s" has objectives aligned to it: move or delete them first')
            % {"title": objective}
        )
    for key_result in objective.key_results.all():  # each audited, its accepted ideas back to triage
        key_result_delete(actor=actor, key_result=key_result)
    audit_record(actor=actor, action="okrs.objective.delete", target=objective)
    objective.delete()


# --- key results ---


def clean_key_result(values: dict[str, Any], *, objective: Objective) -> None:
    """Refuse what would make progress meaningless, naming the key result and its objective."""
    where = {"kr": values.get("title") or "?", "objective": objective}
    if not str(values.get("title", "")).strip():
        raise DomainError(gettext('A key result of "%(objective)s" needs a title') % where)
    kind = values.get("kind", KeyResultKind.METRIC)
    if kind == KeyResultKind.MILESTONE:
        values.update(start=0.0, target=1.0, direction=Direction.INCREASE, unit="")
        return
    if kind == KeyResultKind.PERCENTAGE:
        values["unit"] = "%"
    if kind == KeyResultKind.METRIC and not str(values.get("unit", "")).strip():
        raise DomainError(
            gettext('"%(kr)s" (%(objective)s): a metric key result needs a unit, e.g. "MQLs" or "€"') % where
        )
    moving = values.get("direction", Direction.INCREASE) in (Direction.INCREASE, Direction.DECREASE)
    start, target = float(values.get("start", 0)), float(values.get("target", 0))
    if moving and start == target:
        raise DomainError(
            gettext('"%(kr)s" (%(objective)s): the target equals the start, so there is nothing to '
                    'progress; use "stay above" or "stay below" to hold a level') % where
        )
    if moving and (target > start) != (values.get("direction", Direction.INCREASE) == Direction.INCREASE):
        raise DomainError(
            gettext('"%(kr)s" (%(objective)s): the target goes the other way from the direction') % where
        )
    if float(values.get("weight", 1)) <= 0:
        raise DomainError(gettext('"%(kr)s" (%(objective)s): the weight must be above 0') % where)


def check_key_result_room(objective: Objective, title: str) -> None:
    limit = OkrPolicy.current().max_key_results
    if objective.key_results.count() >= limit:
        raise DomainError(
            gettext(
                '"%(objective)s" already has %(limit)s key results, the limit: "%(title)s" is refused. '
                "Merge it with one of them, drop one, or park it as an idea."
            )
            % {"objective": objective, "limit": limit, "title": title}
        )


@transaction.atomic
def key_result_create(*, actor: User | None, objective: Objective, title: str, **values: Any) -> KeyResult:
    require_marketer(actor)
    Objective.objects.select_for_update().filter(pk=objective.pk).first()
    require_open(objective.cycle)
    values["title"] = " ".join(title.split())
    clean_key_result(values, objective=objective)
    check_key_result_room(objective, values["title"])
    values.setdefault("current", values.get("start", 0.0))
    key_result = KeyResult.objects.create(objective=objective, position=objective.key_results.count(),
                                          **values)
    audit_record(actor=actor, action="okrs.key_result.create", target=key_result)
    return key_result


def key_result_update(*, actor: User | None, key_result: KeyResult, **values: Any) -> KeyResult:
    require_marketer(actor)
    require_open(key_result.objective.cycle)
    merged = {field: getattr(key_result, field) for field in KEY_RESULT_FIELDS} | values
    clean_key_result(merged, objective=key_result.objective)
    changes = apply_changes(key_result, {k: merged[k] for k in KEY_RESULT_FIELDS}, KEY_RESULT_FIELDS)
    if changes:
        key_result.save()
        audit_record(actor=actor, action="okrs.key_result.update", target=key_result, changes=changes)
    return key_result


# --- check-ins ---


def check_in_record(
    *,
    actor: User | None,
    key_result: KeyResult,
    value: float,
    confidence: str = Confidence.ON_TRACK,
    comment: str = "",
    automatic: bool = False,
) -> CheckIn:
    require_marketer(actor)
    cycle = key_result.objective.cycle
    if cycle.is_closed:
        raise DomainError(
            gettext('"%(kr)s": %(cycle)s is closed, no more check-ins') % {"kr": key_result, "cycle": cycle}
        )
    if confidence not in Confidence.values:
        raise DomainError(gettext("confidence must be on track, at risk or off track"))
    if key_result.kind == KeyResultKind.MILESTONE and value not in (0, 1):
        raise DomainError(gettext('"%(kr)s" is a milestone: done (1) or not done (0)') % {"kr": key_result})
    now = timezone.now()
    with transaction.atomic():
        check_in = CheckIn.objects.create(key_result=key_result, value=value, confidence=confidence,
                                          comment=comment.strip(), author=actor, automatic=automatic,
                                          created_at=now)
        KeyResult.objects.filter(pk=key_result.pk).update(current=value, last_check_in_at=now)
    key_result.current, key_result.last_check_in_at = value, now
    return check_in


# --- ideas ---


def idea_submit(
    *,
    actor: User | None,
    title: str,
    description: str = "",
    source: str = IdeaSource.OTHER,
    requester: str = "",
) -> Idea:
    title = " ".join(title.split())
    if not title:
        raise DomainError(gettext("an idea needs a title"))
    if source not in IdeaSource.values:
        raise DomainError(
            gettext('"%(source)s" is not a source: use one of %(choices)s')
            % {"source": source, "choices": ", ".join(IdeaSource.values)}
        )
    idea = Idea.objects.create(title=title[:200], description=description.strip(), source=source,
                               requester=requester.strip(), submitted_by=actor)
    audit_record(actor=actor, action="okrs.idea.submit", target=idea)
    return idea


def idea_accept(*, actor: User | None, idea: Idea, key_result: KeyResult) -> Idea:
    require_marketer(actor)
    require_open(key_result.objective.cycle)
    idea.status, idea.key_result, idea.park_reason, idea.parked_in = IdeaStatus.ACCEPTED, key_result, "", None
    return idea_triaged(actor, idea, "okrs.idea.accept", {"serves": str(key_result)})


def idea_park(*, actor: User | None, idea: Idea, reason: str, cycle: Cycle | None = None) -> Idea:
    require_marketer(actor)
    if not reason.strip():
        raise DomainError(
            gettext('"%(idea)s": say why it is parked, so the "no" is visible') % {"idea": idea}
        )
    idea.status, idea.key_result, idea.park_reason = IdeaStatus.PARKED, None, reason.strip()
    idea.parked_in = cycle
    return idea_triaged(actor, idea, "okrs.idea.park", {"reason": idea.park_reason})


def idea_reopen(*, actor: User | None, idea: Idea) -> Idea:
    """Back to triage: how a parked idea returns at the next cycle's planning."""
    require_marketer(actor)
    idea.status, idea.key_result = IdeaStatus.NEW, None
    return idea_triaged(actor, idea, "okrs.idea.reopen", {})


def idea_triaged(actor: User | None, idea: Idea, action: str, changes: dict[str, Any]) -> Idea:
    idea.triaged_by, idea.triaged_at = actor, timezone.now()
    idea.save()
    audit_record(actor=actor, action=action, target=idea, changes=changes)
    return idea


def policy_update(*, actor: User | None, max_objectives: int, max_key_results: int) -> OkrPolicy:
    require_admin(actor)
    if not (1 <= max_objectives <= 10 and 1 <= max_key_results <= 10):
        raise DomainError(gettext("the limits must be between 1 and 10"))
    check_policy_fits(max_objectives, max_key_results)
    policy = OkrPolicy.current()
    changes = apply_changes(policy, {"max_objectives": max_objectives, "max_key_results": max_key_results},
                            ("max_objectives", "max_key_results"))
    if changes:
        policy.save()
        audit_record(actor=actor, action="okrs.policy.update", target=policy, changes=changes)
    return policy


def check_policy_fits(max_objectives: int, max_key_results: int) -> None:
    """A lower limit must not leave an open cycle over it: the rule is never silently broken."""
    open_objectives = Objective.objects.exclude(cycle__status=CycleStatus.CLOSED)
    crowded = (open_objectives.annotate(n=Count("key_results")).filter(n__gt=max_key_results)
               .order_by("pk").first())
    if crowded is not None:
        raise DomainError(
            gettext('"%(objective)s" has more than %(limit)s key results: trim it before lowering the limit')
            % {"objective": crowded, "limit": max_key_results}
        )
    for level, by in ((Level.COMPANY, None), (Level.TEAM, "team__name"), (Level.PERSON, "owner__full_name")):
        fields = ["cycle__key", by] if by else ["cycle__key"]
        group = (open_objectives.filter(level=level).values(*fields).annotate(n=Count("pk"))
                 .filter(n__gt=max_objectives).order_by("cycle__key").first())
        if group is not None:
            raise DomainError(
                gettext("%(whose)s has more than %(limit)s objectives in %(cycle)s: trim them before "
                        "lowering the limit")
                % {"whose": group.get(by or "", None) or gettext("The company"), "limit": max_objectives,
                   "cycle": group["cycle__key"]}
            )


@transaction.atomic
def key_result_delete(*, actor: User | None, key_result: KeyResult) -> None:
    """Its check-ins go with it; the ideas accepted for it go back to triage (an accepted idea
    must serve a key result)."""
    require_marketer(actor)
    require_open(key_result.objective.cycle)
    returned = key_result.ideas.filter(status=IdeaStatus.ACCEPTED).update(status=IdeaStatus.NEW,
                                                                           key_result=None)
    audit_record(actor=actor, action="okrs.key_result.delete", target=key_result,
                 changes={"objective": str(key_result.objective), "check_ins": key_result.check_ins.count(),
                          "ideas_back_to_triage": returned})
    key_result.delete()
