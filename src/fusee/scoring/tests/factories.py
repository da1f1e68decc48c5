"""Factories for scoring rules; contacts, companies and events come from the contacts app."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from fusee.contacts.models import EventType
from fusee.scoring.models import BehaviourRule, FitField, FitRule, Operator


class FitRuleFactory(DjangoModelFactory[FitRule]):
    class Meta:
        model = FitRule

    name = factory.Sequence(lambda n: f"Fit rule {n}")
    field = FitField.SENIORITY
    operator = Operator.EQ
    value = "director"
    points = 10


class BehaviourRuleFactory(DjangoModelFactory[BehaviourRule]):
    class Meta:
        model = BehaviourRule

    name = factory.Sequence(lambda n: f"Behaviour rule {n}")
    event_type = EventType.WEBINAR_ATTENDED
    points = 10
    half_life_days = 0
