"""The file checked against the format (docs/okrs-import.md), every problem kept, into a `Plan`.

Nothing is written here: owners, teams and alignments are looked up so that a wrong address or
reference is reported at its line before the first write.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext

from fusee.core.errors import DomainError
from fusee.core.located_yaml import Item, Problem, Spot, plain
from fusee.core.models import User
from fusee.okrs.metrics import metric_check
from fusee.okrs.models import Direction, IdeaSource, KeyResultKind, Level, Objective, OkrTeam
from fusee.okrs.services import quarter_span

TOP_FIELDS = ("cycle", "company_objectives", "teams", "objectives", "person_objectives", "ideas")
TEAM_FIELDS = ("name", "parent")
OBJECTIVE_FIELDS: dict[str, tuple[str, ...]] = {
    Level.COMPANY: ("title", "ref", "description", "owner", "key_results"),
    Level.TEAM: ("title", "ref", "team", "aligns_to", "description", "owner", "key_results"),
    Level.PERSON: ("title", "owner", "aligns_to", "description", "key_results"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    Level.COMPANY: ("title",),
    Level.TEAM: ("title", "team", "aligns_to"),
    Level.PERSON: ("title", "owner", "aligns_to"),
}
SECTIONS: dict[str, str] = {
    Level.COMPANY: "company_objectives", Level.TEAM: "objectives", Level.PERSON: "person_objectives",
}
ALIGNS_TO: dict[str, tuple[str, ...]] = {  # the levels an objective may align to
    Level.TEAM: (Level.COMPANY,), Level.PERSON: (Level.COMPANY, Level.TEAM),
}
KEY_RESULT_FIELDS = ("title", "type", "direction", "start", "target", "unit", "owner", "weight", "metric",
                     "params")
IDEA_FIELDS = ("title", "description", "source", "requester")


@dataclass
class KeyResultPlan:
    spot: Spot
    title: str
    values: dict[str, Any]  # key_result_create/update's keyword arguments the file names


@dataclass
class ObjectivePlan:
    spot: Spot
    level: str
    title: str
    values: dict[str, Any]  # description, owner: as named in the file
    team: str | None = None
    aligns_to: str | None = None  # a `ref` of the file, or the title of an objective of the cycle
    ref: str | None = None
    key_results: list[KeyResultPlan] = field(default_factory=list)


@dataclass(frozen=True)
class TeamPlan:
    spot: Spot
    name: str
    parent: str | None


@dataclass(frozen=True)
class IdeaPlan:
    spot: Spot
    values: dict[str, Any]  # idea_submit's keyword arguments


@dataclass
class Plan:
    cycle: str
    cycle_spot: Spot
    teams: list[TeamPlan]
    objectives: list[ObjectivePlan]  # company, then team, then person: each aligns to one before it
    ideas: list[IdeaPlan]


def read_plan(root: Item) -> tuple[Plan | None, list[Problem]]:
    reader = Reader()
    plan = reader.plan(root)
    return plan, reader.problems


class Fields:
    """A mapping's fields that are set (a field left empty counts as absent)."""

    def __init__(self, item: Item, values: dict[str, Item]) -> None:
        self.item, self.values = item, values

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str) -> Item | None:
        return self.values.get(name)


class Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.cycle_key: str | None = None
        self.teams: set[str] = set()  # declared in the file, case-folded
        self.refs: dict[str, str] = {}  # case-folded ref -> level
        self.titles: set[tuple[str, str, str]] = set()  # (level, team or owner, title), case-folded

    def fail(self, spot: Spot, message: str) -> None:
        self.problems.append(Problem(spot, message))

    # --- the file ---

    def plan(self, root: Item) -> Plan | None:
        top = self.fields(root, TOP_FIELDS, required=("cycle",))
        if top is None:
            return None
        cycle_item = top.get("cycle")
        self.cycle_key = self.cycle(cycle_item) if cycle_item else None
        teams = [team for item in self.entries(top, "teams") if (team := self.team(item))]
        objectives = [
            objective
            for level in (Level.COMPANY, Level.TEAM, Level.PERSON)
            for item in self.entries(top, SECTIONS[level])
            if (objective := self.objective(item, level))
        ]
        ideas = [idea for item in self.entries(top, "ideas") if (idea := self.idea(item))]
        if self.cycle_key is None or cycle_item is None:
            return None
        return Plan(self.cycle_key, cycle_item.spot, teams, objectives, ideas)

    def cycle(self, item: Item) -> str | None:
        key = self.text(item, max_length=16)
        if key is None:
            return None
        try:
            quarter_span(key)
        except DomainError as error:
            self.fail(item.spot, str(error))
            return None
        return key.upper()

    # --- teams ---

    def team(self, item: Item) -> TeamPlan | None:
        fields = self.fields(item, TEAM_FIELDS, required=("name",))
        if fields is None:
            return None
        name = self.text_field(fields, "name", max_length=80)
        parent = self.text_field(fields, "parent", max_length=80)
        parent_item = fields.get("parent")
        if parent and parent_item and not self.team_known(parent):
            self.fail(parent_item.spot, gettext('no team is named "%(name)s": list it above this one')
                      % {"name": parent})
        if name and name.casefold() in self.teams:
            self.fail(item.spot, gettext('the team "%(name)s" is listed twice') % {"name": name})
        if not name:
            return None
        self.teams.add(name.casefold())
        return TeamPlan(item.spot, name, parent)

    def team_known(self, name: str) -> bool:
        return name.casefold() in self.teams or OkrTeam.objects.filter(name__iexact=name).exists()

    # --- objectives ---

    def objective(self, item: Item, level: str) -> ObjectivePlan | None:
        fields = self.fields(item, OBJECTIVE_FIELDS[level], required=REQUIRED[level])
        if fields is None:
            return None
        title = self.text_field(fields, "title", max_length=200)
        values = self.objective_values(fields)
        plan = ObjectivePlan(item.spot, level, title or "", values,
                             team=self.objective_team(fields),
                             aligns_to=self.aligns_to(fields, level),
                             ref=self.ref(fields, level),
                             key_results=[kr for entry in self.entries(fields, "key_results")
                                          if (kr := self.key_result(entry))])
        self.check_titles_unique(plan)
        return plan if title else None

    def objective_values(self, fields: Fields) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if "description" in fields:
            values["description"] = self.text_field(fields, "description") or ""
        if "owner" in fields:
            values["owner"] = self.owner(fields)
        return values

    def objective_team(self, fields: Fields) -> str | None:
        team, item = self.text_field(fields, "team", max_length=80), fields.get("team")
        if team and item and not self.team_known(team):
            self.fail(item.spot, gettext('no team is named "%(name)s": list it under teams') % {"name": team})
        return team

    def ref(self, fields: Fields, level: str) -> str | None:
        ref, item = self.text_field(fields, "ref", max_length=200), fields.get("ref")
        if ref and item:
            if ref.casefold() in self.refs:
                self.fail(item.spot, gettext('the ref "%(ref)s" is already used above') % {"ref": ref})
            self.refs[ref.casefold()] = level
        return ref

    def aligns_to(self, fields: Fields, level: str) -> str | None:
        name, item = self.text_field(fields, "aligns_to", max_length=200), fields.get("aligns_to")
        if not name or not item:
            return None
        found = self.refs.get(name.casefold()) or self.existing_level(name, ALIGNS_TO[level])
        if found is None:
            self.fail(item.spot, gettext('"%(name)s" is neither the ref of an objective above nor the title '
                                         'of an objective of %(cycle)s')
                      % {"name": name, "cycle": self.cycle_key or "the cycle"})
        elif found not in ALIGNS_TO[level]:
            self.fail(item.spot, gettext("a team objective aligns to a company objective"))
        return name

    def existing_level(self, title: str, levels: tuple[str, ...]) -> str | None:
        if self.cycle_key is None:
            return None
        found = Objective.objects.filter(cycle__key=self.cycle_key, level__in=levels, title__iexact=title)
        return found.values_list("level", flat=True).first()

    def check_titles_unique(self, plan: ObjectivePlan) -> None:
        owner = plan.values.get("owner")
        scope = plan.team or (owner.email if isinstance(owner, User) else "")
        key = (plan.level, scope.casefold(), plan.title.casefold())
        if plan.title and key in self.titles:
            self.fail(plan.spot, gettext('"%(title)s" is listed twice') % {"title": plan.title})
        self.titles.add(key)
        seen: set[str] = set()
        for kr in plan.key_results:
            if kr.title.casefold() in seen:
                self.fail(kr.spot, gettext('"%(title)s" is listed twice in this objective')
                          % {"title": kr.title})
            seen.add(kr.title.casefold())

    # --- key results ---

    def key_result(self, item: Item) -> KeyResultPlan | None:
        fields = self.fields(item, KEY_RESULT_FIELDS, required=("title",))
        if fields is None:
            return None
        title = self.text_field(fields, "title", max_length=200)
        values: dict[str, Any] = {}
        self.put(values, "kind", self.choice(fields, "type", KeyResultKind.values))
        self.put(values, "direction", self.choice(fields, "direction", Direction.values))
        for name in ("start", "target", "weight"):
            self.put(values, name, self.number(fields, name))
        self.put(values, "unit", self.text_field(fields, "unit", max_length=24))
        if "owner" in fields:
            values["owner"] = self.owner(fields)
        self.metric(fields, values, title or "")
        if values.get("kind", KeyResultKind.METRIC) != KeyResultKind.MILESTONE and "target" not in fields:
            self.fail(item.spot, gettext('"target" is missing: the value the key result aims at'))
        return KeyResultPlan(item.spot, title, values) if title else None

    def metric(self, fields: Fields, values: dict[str, Any], title: str) -> None:
        key, params_item = self.text_field(fields, "metric", max_length=64), fields.get("params")
        params = params_item.value if params_item else {}
        if params_item and not isinstance(params, dict):
            self.fail(params_item.spot, gettext("expected fields, such as segment: Hot leads"))
            return
        params = plain(params_item) if params_item else {}
        if params and not key and params_item:
            self.fail(params_item.spot, gettext('params go with a "metric"'))
        if key is None:
            return
        try:
            metric_check(key=key, params=params, title=title)
        except DomainError as error:
            self.fail(self.spot_of(fields, "metric"), str(error))
        values.update(metric=key, metric_params=params)

    # --- ideas ---

    def idea(self, item: Item) -> IdeaPlan | None:
        fields = self.fields(item, IDEA_FIELDS, required=("title",))
        if fields is None:
            return None
        values: dict[str, Any] = {"title": self.text_field(fields, "title", max_length=200)}
        self.put(values, "description", self.text_field(fields, "description"))
        self.put(values, "source", self.choice(fields, "source", IdeaSource.values))
        self.put(values, "requester", self.text_field(fields, "requester", max_length=120))
        return IdeaPlan(item.spot, values) if values["title"] else None

    # --- values ---

    def fields(self, item: Item, allowed: tuple[str, ...], *,
               required: tuple[str, ...] = ()) -> Fields | None:
        if not isinstance(item.value, dict):
            self.fail(item.spot, gettext("expected fields (%(fields)s)") % {"fields": ", ".join(allowed)})
            return None
        for name, key_spot in item.key_spots.items():
            if name not in allowed:
                self.fail(key_spot, gettext('unknown field "%(name)s": expected one of %(fields)s')
                          % {"name": name, "fields": ", ".join(allowed)})
        fields = Fields(item, {name: value for name, value in item.value.items()
                               if name in allowed and value.value is not None})
        for name in required:
            if name not in fields:
                self.fail(item.spot, gettext('"%(name)s" is missing') % {"name": name})
        return fields

    def entries(self, fields: Fields, name: str) -> list[Item]:
        item = fields.get(name)
        if item is None:
            return []
        if not isinstance(item.value, list):
            self.fail(item.spot, gettext("expected a list, each entry starting with a dash"))
            return []
        return item.value

    def spot_of(self, fields: Fields, name: str) -> Spot:
        item = fields.get(name)
        return item.spot if item else fields.item.spot

    def text_field(self, fields: Fields, name: str, *, max_length: int = 10_000) -> str | None:
        item = fields.get(name)
        return self.text(item, max_length=max_length) if item else None

    def text(self, item: Item, *, max_length: int = 10_000) -> str | None:
        value = item.value
        if isinstance(value, bool) or not isinstance(value, (str, int, float, date)):
            self.fail(item.spot, gettext("expected text (put it in quotes)"))
            return None
        text = str(value).strip()
        if not text:
            self.fail(item.spot, gettext("must not be empty"))
            return None
        if len(text) > max_length:
            self.fail(item.spot, gettext("too long: at most %(max)s characters") % {"max": max_length})
            return None
        return text

    def number(self, fields: Fields, name: str) -> float | None:
        item = fields.get(name)
        if item is None:
            return None
        value = item.value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.fail(item.spot, gettext("expected a number, such as 1200 or 2.5"))
            return None
        return float(value)

    def choice(self, fields: Fields, name: str, choices: list[str]) -> str | None:
        item = fields.get(name)
        text = self.text(item) if item else None
        if text is None or item is None:
            return None
        value = text.lower().replace(" ", "_").replace("-", "_")
        if value not in choices:
            self.fail(item.spot, gettext('"%(value)s" is not one of %(choices)s')
                      % {"value": text, "choices": ", ".join(choices)})
            return None
        return value

    def owner(self, fields: Fields) -> User | None:
        item = fields.get("owner")
        email = self.text(item, max_length=254) if item else None
        if email is None or item is None:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            self.fail(item.spot, gettext("no Fusée user has the address %(email)s") % {"email": email})
        return user

    @staticmethod
    def put(values: dict[str, Any], name: str, value: Any) -> None:
        if value is not None:
            values[name] = value

