"""Scoring rules turned into SQL expressions, shared by the recompute and the explanation.

Fit rules become CASE WHEN over the contact's own columns, plus one correlated subquery on
its company (an UPDATE cannot join). Behaviour rules become one correlated subquery over the
contact's events (index contact, type, occurred_at) that sums every rule, each capped.
"""

from __future__ import annotations

import functools
import operator
from datetime import datetime
from typing import Any

from django.db.models import (
    Case,
    DateTimeField,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Floor, Greatest, Least, Power

from fusee.contacts.models import Company, Event
from fusee.scoring.models import NUMERIC_FIELDS, BehaviourRule, FitRule, Operator

COMPANY_PREFIX = "company."


class DaysSince(Func):
    """Fractional days from a datetime column to `now`, on SQLite and PostgreSQL alike."""

    output_field = FloatField()

    def __init__(self, column: str, now: datetime) -> None:
        super().__init__(Value(now, output_field=DateTimeField()), F(column))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "(julianday(%(expressions)s))"
        return self.as_sql(compiler, connection, template=template, arg_joiner=") - julianday(", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # date_part gives double precision; EXTRACT gives numeric, much slower inside POWER.
        template = "(date_part('epoch', %(expressions)s) / 86400.0)"
        return self.as_sql(compiler, connection, template=template, arg_joiner=" - ", **extra)


def round_half_up(expression: Expression) -> Cast:
    """floor(x + 0.5): the same on both databases (PostgreSQL's round(double) rounds to even)."""
    return Cast(Floor(expression + Value(0.5)), IntegerField())


# ---- fit -------------------------------------------------------------------------------------

def rule_q(rule: FitRule, *, on_company: bool = False) -> Q:
    """The condition of one fit rule, on a Contact query (joins the company) or a Company one."""
    field = rule.field.removeprefix(COMPANY_PREFIX) if on_company else rule.field.replace(".", "__")
    values: list[Any] = [int(v) for v in rule.values] if rule.field in NUMERIC_FIELDS else rule.values
    if rule.operator == Operator.CONTAINS:
        return functools.reduce(operator.or_, (Q(**{f"{field}__icontains": v}) for v in values))
    lookup = {"eq": "exact", "in": "in", "gte": "gte", "lte": "lte"}
    value = values if rule.operator == Operator.IN else values[0]
    return Q(**{f"{field}__{lookup[rule.operator]}": value})


def points_sum(rules: list[FitRule], *, on_company: bool = False) -> Expression:
    terms = [
        Case(When(rule_q(rule, on_company=on_company), then=Value(rule.points)), default=Value(0))
        for rule in rules
    ]
    return functools.reduce(operator.add, terms, Value(0)) if terms else Value(0)


def fit_expression(rules: list[FitRule]) -> Expression:
    """Fit points of the contact being updated (no join: usable in UPDATE … SET)."""
    own = [rule for rule in rules if not rule.field.startswith(COMPANY_PREFIX)]
    company = [rule for rule in rules if rule.field.startswith(COMPANY_PREFIX)]
    total = points_sum(own)
    if company:
        points = points_sum(company, on_company=True)
        # order_by(): without it the companies' default ordering adds a sort per contact.
        company_row = Company.objects.filter(pk=OuterRef("company_id")).order_by()
        of_company = company_row.annotate(p=points).values("p")
        total = total + Coalesce(Subquery(of_company[:1]), Value(0))
    return total


# ---- behaviour -------------------------------------------------------------------------------

def event_q(rule: BehaviourRule, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}type": rule.event_type})
    if rule.campaign:
        q &= Q(**{f"{prefix}campaign": rule.campaign})
    if rule.property_key:
        q &= Q(**{f"{prefix}properties__{rule.property_key}": rule.property_value})
    return q


def event_points(rule: BehaviourRule, now: datetime, prefix: str = "") -> Expression:
    """What one matching event is worth now: points × 0.5^(age / half-life)."""
    points = Value(float(rule.points))
    if not rule.half_life_days:
        return points
    age = Greatest(DaysSince(f"{prefix}occurred_at", now), Value(0.0))
    return points * Power(Value(0.5), age / Value(float(rule.half_life_days)))


def capped(rule: BehaviourRule, total: Expression) -> Expression:
    if rule.max_points is None:
        return total
    if rule.points >= 0:
        return Least(total, Value(float(rule.max_points)))
    return Greatest(total, Value(-float(rule.max_points)))


def rule_total(rule: BehaviourRule, now: datetime, prefix: str = "") -> Expression:
    """SUM over the events in the query of what this rule gives, capped; an aggregate."""
    worth = Case(When(event_q(rule, prefix), then=event_points(rule, now, prefix)),
                 default=Value(0.0), output_field=FloatField())
    return capped(rule, Sum(worth, output_field=FloatField()))


def behaviour_totals(rules: list[BehaviourRule], now: datetime) -> QuerySet[Any, Any]:
    """(contact_id, total) for every contact with events: one pass over the events table."""
    totals = [rule_total(rule, now) for rule in rules] or [Value(0.0)]
    total = functools.reduce(operator.add, totals)
    return Event.objects.order_by().values("contact_id").annotate(total=total).values("contact_id", "total")


def behaviour_expression(rules: list[BehaviourRule], now: datetime) -> Expression:
    """Behaviour points (a float) of the contact being updated: one correlated subquery."""
    if not rules:
        return Value(0.0)
    totals = [rule_total(rule, now) for rule in rules]
    # No filter on type: one range scan of the contact's events beats one probe per event type;
    # events no rule matches add 0.
    events = (
        Event.objects.filter(contact=OuterRef("pk"))
        .order_by().values("contact")
        .annotate(total=functools.reduce(operator.add, totals))
        .values("total")
    )
    return Coalesce(Subquery(events, output_field=FloatField()), Value(0.0))
