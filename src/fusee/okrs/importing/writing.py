"""The plan written through the services, inside the caller's transaction.

A service's refusal (the focus rule, target equal to start, a closed cycle…) becomes `Refused`,
naming the line of the item it was about; the caller rolls the whole import back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext

from fusee.core.errors import DomainError
from fusee.core.located_yaml import Problem, Spot
from fusee.core.models import User
from fusee.core.services import audit_record
from fusee.okrs.importing.reading import ALIGNS_TO, IdeaPlan, KeyResultPlan, ObjectivePlan, Plan, TeamPlan
from fusee.okrs.models import Cycle, Idea, KeyResult, Objective, OkrTeam
from fusee.okrs.services import (
    KEY_RESULT_FIELDS,
    OBJECTIVE_FIELDS,
    cycle_get_or_create,
    idea_submit,
    key_result_create,
    key_result_update,
    objective_create,
    objective_update,
    require_open,
    siblings,
    team_get_or_create,
)


class Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@contextmanager
def refusals_at(spot: Spot) -> Iterator[None]:
    try:
        yield
    except DomainError as error:
        raise Refused(Problem(spot, str(error))) from error


@dataclass
class ImportResult:
    """What the import did, counted per kind: "team", "objective", "key_result", "idea"."""

    cycle: Cycle
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def count(self, kind: str, before: dict[str, Any] | None, after: dict[str, Any]) -> None:
        if before is None:
            self.created[kind] += 1
        elif before != after:
            self.updated[kind] += 1
        else:
            self.unchanged[kind] += 1


def snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: obj.serializable_value(name) for name in fields}


class Writer:
    def __init__(self, actor: User | None) -> None:
        self.actor = actor
        self.teams: dict[str, OkrTeam] = {}
        self.by_ref: dict[str, Objective] = {}

    def write(self, plan: Plan) -> ImportResult:
        with refusals_at(plan.cycle_spot):
            cycle = cycle_get_or_create(actor=self.actor, key=plan.cycle)
            require_open(cycle)
        result = ImportResult(cycle)
        for team in plan.teams:
            with refusals_at(team.spot):
                self.team(team, result)
        for objective_plan in plan.objectives:
            with refusals_at(objective_plan.spot):
                objective = self.objective(cycle, objective_plan, result)
            for key_result_plan in objective_plan.key_results:
                with refusals_at(key_result_plan.spot):
                    self.key_result(objective, key_result_plan, result)
        for idea in plan.ideas:
            with refusals_at(idea.spot):
                self.idea(idea, result)
        return result

    # --- teams ---

    def team(self, plan: TeamPlan, result: ImportResult) -> None:
        parent = self.team_named(plan.parent) if plan.parent else None
        team = OkrTeam.objects.filter(name__iexact=plan.name).first()
        before = None if team is None else snapshot(team, ("parent",))
        if team is None:
            team = team_get_or_create(actor=self.actor, name=plan.name, parent=parent)
        elif parent is not None and team.parent_id != parent.pk:
            self.team_move(team, parent)
        self.teams[plan.name.casefold()] = team
        result.count("team", before, snapshot(team, ("parent",)))

    def team_move(self, team: OkrTeam, parent: OkrTeam) -> None:
        """Make `team` part of `parent`, the one team field an import changes (no service does it)."""
        above: OkrTeam | None = parent
        while above is not None:
            if above.pk == team.pk:
                raise DomainError(gettext('"%(team)s" cannot be part of "%(parent)s", which is part of it')
                                  % {"team": team, "parent": parent})
            above = above.parent
        old = str(team.parent or "")
        team.parent = parent
        team.save(update_fields=["parent"])
        audit_record(actor=self.actor, action="okrs.team.update", target=team,
                     changes={"parent": [old, str(parent)]})

    def team_named(self, name: str) -> OkrTeam:
        team = self.teams.get(name.casefold()) or OkrTeam.objects.filter(name__iexact=name).first()
        if team is None:
            raise DomainError(gettext('no team is named "%(name)s"') % {"name": name})
        return team

    # --- objectives and key results ---

    def objective(self, cycle: Cycle, plan: ObjectivePlan, result: ImportResult) -> Objective:
        team = self.team_named(plan.team) if plan.team else None
        parent = self.aligned_to(cycle, plan)
        owner = plan.values.get("owner")
        existing = (siblings(cycle=cycle, level=plan.level, team=team, owner=owner)
                    .filter(title__iexact=plan.title).first())
        if existing is None:
            objective = objective_create(actor=self.actor, cycle=cycle, title=plan.title, level=plan.level,
                                         team=team, owner=owner, parent=parent,
                                         description=plan.values.get("description", ""))
            result.count("objective", None, {})
        else:
            before = snapshot(existing, OBJECTIVE_FIELDS)
            values = {"title": plan.title, **plan.values} | ({"parent": parent} if parent else {})
            objective = objective_update(actor=self.actor, objective=existing, **values)
            result.count("objective", before, snapshot(objective, OBJECTIVE_FIELDS))
        if plan.ref:
            self.by_ref[plan.ref.casefold()] = objective
        return objective

    def aligned_to(self, cycle: Cycle, plan: ObjectivePlan) -> Objective | None:
        if plan.aligns_to is None:
            return None
        found = self.by_ref.get(plan.aligns_to.casefold()) or Objective.objects.filter(
            cycle=cycle, level__in=ALIGNS_TO[plan.level], title__iexact=plan.aligns_to
        ).first()
        if found is None:
            raise DomainError(
                gettext('"%(title)s" aligns to "%(name)s", which is not an objective of %(cycle)s')
                % {"title": plan.title, "name": plan.aligns_to, "cycle": cycle}
            )
        return found

    def key_result(self, objective: Objective, plan: KeyResultPlan, result: ImportResult) -> KeyResult:
        existing = objective.key_results.filter(title__iexact=plan.title).first()
        if existing is None:
            values = {"owner": objective.owner, **plan.values}
            key_result = key_result_create(actor=self.actor, objective=objective, title=plan.title, **values)
            result.count("key_result", None, {})
            return key_result
        before = snapshot(existing, KEY_RESULT_FIELDS)
        existing.objective = objective  # the service checks its cycle is open
        key_result = key_result_update(actor=self.actor, key_result=existing, title=plan.title, **plan.values)
        result.count("key_result", before, snapshot(key_result, KEY_RESULT_FIELDS))
        return key_result

    # --- ideas ---

    def idea(self, plan: IdeaPlan, result: ImportResult) -> None:
        """An idea already in the backlog under the same title is left as its triage made it."""
        if Idea.objects.filter(title__iexact=plan.values["title"]).exists():
            result.count("idea", {}, {})
            return
        idea_submit(actor=self.actor, **plan.values)
        result.count("idea", None, {})
