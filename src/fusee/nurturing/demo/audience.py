"""Who went through each demo sequence, and when they entered it.

Everyone the trigger selects today has been enrolled (so the scheduler's first tick finds no
newcomers to flood with emails): at their arrival, or at the launch for the older contacts.
Contacts who since became SQL by booking a meeting entered some days before it and left on
the goal. A few entered exactly one first wait ago, so they are due within the next two
hours and `make demo` sends real emails to the mail sink.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db.models import Min, Q

from fusee.contacts.demo.vocabulary import INDUSTRY_ENGAGEMENT, SENIORITY_ENGAGEMENT
from fusee.contacts.models import Contact, Event, EventType, LegalBasis
from fusee.nurturing.demo.flows import DemoSequence
from fusee.nurturing.demo.history import Person
from fusee.nurturing.engine import GOAL_STAGES
from fusee.nurturing.windows import next_opening
from fusee.segments.language import compile_expression

FIELDS = ("pk", "email", "language", "time_zone", "country", "lifecycle", "created_at", "seniority")
SUPPRESSED_SHARE = 0.004
GOAL_FACTOR = 1.8  # contacts on their way to a meeting engage more
DUE_SOON_PER = 50  # one contact due soon per this many in the sequence …
DUE_SOON_MAX = 12  # … and never more: the demo sends tens of emails, not thousands
Entry = tuple[Person, datetime]


def engagement(industry: str, seniority: str) -> float:
    return INDUSTRY_ENGAGEMENT.get(industry, 1.0) * SENIORITY_ENGAGEMENT.get(seniority, 1.0)


def person_of(row: tuple, industry: str, rng: random.Random, goal_at: datetime | None = None) -> Person:
    pk, email, language, time_zone, country, lifecycle, created_at, seniority = row
    factor = engagement(industry, seniority) * (GOAL_FACTOR if goal_at else 1.0)
    return Person(pk=pk, email=email, language=language, time_zone=time_zone, country=country,
                  lifecycle=lifecycle, created_at=created_at, factor=factor, goal_at=goal_at,
                  suppressed=rng.random() < SUPPRESSED_SHARE)


def members(plan: DemoSequence, rng: random.Random, now: datetime) -> list[Person]:
    rows = Contact.objects.filter(compile_expression(plan.expression, now=now)).order_by("email")
    return [person_of(row, plan.industry, rng) for row in rows.values_list(*FIELDS)]


def goal_reachers(plan: DemoSequence, rng: random.Random, launched: datetime) -> list[Person]:
    """SQL and beyond now, reachable, in the sequence's industry: with their first meeting."""
    contacts = Contact.objects.filter(
        ~Q(legal_basis=LegalBasis.NONE), company__industry=plan.industry, lifecycle__in=GOAL_STAGES,
        maturity__in=plan.goal_maturities, unsubscribed=False, bounced=False,
    )
    meetings = dict(
        Event.objects.filter(type=EventType.MEETING_BOOKED, contact__in=contacts).values("contact_id")
        .annotate(first=Min("occurred_at")).filter(first__gte=launched + timedelta(days=7))
        .values_list("contact_id", "first")
    )
    rows = contacts.filter(pk__in=list(meetings)).order_by("email").values_list(*FIELDS)
    return [person_of(row, plan.industry, rng, goal_at=meetings[row[0]]) for row in rows]


def entries(plan: DemoSequence, *, seed: int, launched: datetime, now: datetime) -> list[Entry]:
    rng = random.Random(f"{seed}:{plan.name}:audience")  # noqa: S311 - reproducible demo data
    people = members(plan, rng, now)
    soon = set(rng.sample(range(len(people)), min(DUE_SOON_MAX, -(-len(people) // DUE_SOON_PER))))
    found = [(person, entered(person, launched, rng)) for person in people]
    for index in soon:
        person = people[index]
        if start := due_soon_start(plan, person, rng, now):
            found[index] = (person, start)
    for person in goal_reachers(plan, rng, launched):
        if person.goal_at and (start := goal_start(person, launched, rng)):
            found.append((person, start))
    return found


def entered(person: Person, launched: datetime, rng: random.Random) -> datetime:
    """The tick after they started matching the trigger: their arrival, or the launch."""
    return max(person.created_at, launched) + timedelta(seconds=rng.uniform(5, 40))


def goal_start(person: Person, launched: datetime, rng: random.Random) -> datetime | None:
    assert person.goal_at is not None
    start = max(person.created_at, launched, person.goal_at - timedelta(days=rng.uniform(6, 20)))
    return start if start < person.goal_at - timedelta(hours=12) else None


def due_soon_start(plan: DemoSequence, person: Person, rng: random.Random, now: datetime) -> datetime | None:
    """An entry (inside the sending window) one first wait ago, give or take two hours."""
    for _attempt in range(30):
        start = now - plan.first_wait + timedelta(minutes=rng.uniform(2, 120))
        closed = plan.business_hours_only and next_opening(
            start, time_zone=person.time_zone, country=person.country
        )
        if start > person.created_at and not closed:
            return start
    return None
