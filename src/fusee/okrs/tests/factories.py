"""Factories for OKR data; objectives and key results bypass the services' rules on purpose."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from fusee.okrs.models import (
    CheckIn,
    Cycle,
    Idea,
    KeyResult,
    KeyResultKind,
    Level,
    Objective,
    OkrTeam,
)
from fusee.testing.factories import UserFactory


class CycleFactory(DjangoModelFactory[Cycle]):
    class Meta:
        model = Cycle
        django_get_or_create = ("key",)

    key = "2027-Q1"
    starts_on = date(2027, 1, 1)
    ends_on = date(2027, 3, 31)
    status = "active"


class OkrTeamFactory(DjangoModelFactory[OkrTeam]):
    class Meta:
        model = OkrTeam
        django_get_or_create = ("name",)

    name = "Marketing"


class CompanyObjectiveFactory(DjangoModelFactory[Objective]):
    class Meta:
        model = Objective

    cycle = factory.SubFactory(CycleFactory)
    level = Level.COMPANY
    title = factory.Sequence(lambda n: f"Company objective {n}")


class ObjectiveFactory(DjangoModelFactory[Objective]):
    class Meta:
        model = Objective

    cycle = factory.SubFactory(CycleFactory)
    level = Level.TEAM
    team = factory.SubFactory(OkrTeamFactory)
    parent = factory.SubFactory(CompanyObjectiveFactory, cycle=factory.SelfAttribute("..cycle"))
    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Team objective {n}")


class KeyResultFactory(DjangoModelFactory[KeyResult]):
    class Meta:
        model = KeyResult

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Key result {n}")
    kind = KeyResultKind.METRIC
    start = 0.0
    target = 100.0
    current = 0.0
    unit = "MQLs"
    owner = factory.SelfAttribute("objective.owner")


class CheckInFactory(DjangoModelFactory[CheckIn]):
    class Meta:
        model = CheckIn

    key_result = factory.SubFactory(KeyResultFactory)
    value = 10.0


class IdeaFactory(DjangoModelFactory[Idea]):
    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Idea {n}")
    source = "sales"
