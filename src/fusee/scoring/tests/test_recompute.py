from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fusee.contacts.models import Contact, EventType
from fusee.contacts.tests.factories import CompanyFactory, ContactFactory, EventFactory
from fusee.scoring import selectors
from fusee.scoring.models import FitField, Operator
from fusee.scoring.services import contacts_rescore
from fusee.scoring.tests.factories import BehaviourRuleFactory, FitRuleFactory

NOW = timezone.now().replace(microsecond=0)


def scores(*contacts: Contact) -> list[tuple[int, int, int]]:
    for contact in contacts:
        contact.refresh_from_db()
    return [(c.fit_score, c.behaviour_score, c.score) for c in contacts]


@pytest.mark.parametrize(
    ("field", "operator", "value", "matches"),
    [
        (FitField.SENIORITY, Operator.EQ, "director", True),
        (FitField.SENIORITY, Operator.EQ, "vp", False),
        (FitField.SENIORITY, Operator.IN, "vp, director ,c_level", True),
        (FitField.SENIORITY, Operator.IN, "vp,c_level", False),
        (FitField.JOB_TITLE, Operator.CONTAINS, "student,OPERATIONS", True),
        (FitField.JOB_TITLE, Operator.CONTAINS, "intern", False),
        (FitField.COMPANY_INDUSTRY, Operator.EQ, "retail", True),
        (FitField.COMPANY_INDUSTRY, Operator.IN, "hospitality,fitness", False),
        (FitField.COMPANY_EMPLOYEES, Operator.GTE, "200", True),
        (FitField.COMPANY_EMPLOYEES, Operator.GTE, "201", False),
        (FitField.COMPANY_SITES, Operator.LTE, "12", True),
        (FitField.COMPANY_SITES, Operator.LTE, "11", False),
        (FitField.COMPANY_COUNTRY, Operator.EQ, "ES", True),
    ],
)
def test_it_scores_fit_rules_per_operator(db, field, operator, value, matches):
    company = CompanyFactory.create(industry="retail", employees=200, sites=12, country="ES")
    contact = ContactFactory.create(company=company, seniority="director", job_title="Head of Operations")
    FitRuleFactory.create(field=field, operator=operator, value=value, points=15)
    contacts_rescore(at=NOW)
    assert scores(contact) == ([(15, 0, 15)] if matches else [(0, 0, 0)])


def test_it_adds_fit_rules_and_subtracts_negative_ones(db):
    contact = ContactFactory.create(seniority="vp", email="jo@gmail.com", company=None)
    FitRuleFactory.create(field=FitField.SENIORITY, operator=Operator.IN, value="vp,c_level", points=15)
    FitRuleFactory.create(
        field=FitField.EMAIL, operator=Operator.CONTAINS, value="@gmail.,@yahoo.", points=-20
    )
    FitRuleFactory.create(field=FitField.COMPANY_INDUSTRY, operator=Operator.EQ, value="retail", points=20)
    contacts_rescore(at=NOW)
    assert scores(contact) == [(-5, 0, -5)]


def test_it_counts_an_event_one_half_life_old_for_half(db):
    contact = ContactFactory.create()
    BehaviourRuleFactory.create(event_type=EventType.WEBINAR_ATTENDED, points=20, half_life_days=30)
    EventFactory.create(
        contact=contact, type=EventType.WEBINAR_ATTENDED, occurred_at=NOW - timedelta(days=30)
    )
    EventFactory.create(
        contact=contact, type=EventType.WEBINAR_ATTENDED, occurred_at=NOW - timedelta(days=60)
    )
    EventFactory.create(contact=contact, type=EventType.WEBINAR_ATTENDED, occurred_at=NOW)
    contacts_rescore(at=NOW)
    assert scores(contact) == [(0, 35, 35)]  # 20 + 10 + 5


def test_it_caps_a_rule_and_never_decays_with_half_life_zero(db):
    contact = ContactFactory.create()
    BehaviourRuleFactory.create(event_type=EventType.EMAIL_CLICKED, points=3, max_points=15)
    BehaviourRuleFactory.create(event_type=EventType.EMAIL_OPENED, points=1)
    for days in range(8):
        EventFactory.create(
            contact=contact, type=EventType.EMAIL_CLICKED, occurred_at=NOW - timedelta(days=days * 400)
        )
        EventFactory.create(
            contact=contact, type=EventType.EMAIL_OPENED, occurred_at=NOW - timedelta(days=days * 400)
        )
    contacts_rescore(at=NOW)
    assert scores(contact) == [(0, 23, 23)]  # min(24, 15) + 8


def test_it_caps_negative_rules_from_below_and_filters_campaign_and_property(db):
    contact = ContactFactory.create()
    BehaviourRuleFactory.create(event_type=EventType.EMAIL_UNSUBSCRIBED, points=-20, max_points=25)
    BehaviourRuleFactory.create(
        event_type=EventType.PAGE_VISITED, points=5, property_key="path", property_value="/pricing"
    )
    BehaviourRuleFactory.create(event_type=EventType.WEBINAR_ATTENDED, points=15, campaign="Spring webinar")
    EventFactory.create_batch(2, contact=contact, type=EventType.EMAIL_UNSUBSCRIBED, occurred_at=NOW)
    EventFactory.create(
        contact=contact, type=EventType.PAGE_VISITED, properties={"path": "/pricing"}, occurred_at=NOW
    )
    EventFactory.create(
        contact=contact, type=EventType.PAGE_VISITED, properties={"path": "/blog"}, occurred_at=NOW
    )
    EventFactory.create(
        contact=contact, type=EventType.WEBINAR_ATTENDED, campaign="Spring webinar", occurred_at=NOW
    )
    EventFactory.create(contact=contact, type=EventType.WEBINAR_ATTENDED, campaign="Other", occurred_at=NOW)
    contacts_rescore(at=NOW)
    assert scores(contact) == [(0, -5, -5)]  # max(-40, -25) + 5 + 15


def test_it_gives_the_same_scores_incrementally_and_in_full(db):
    FitRuleFactory.create(
        field=FitField.COMPANY_INDUSTRY, operator=Operator.IN, value="retail,fitness", points=20
    )
    BehaviourRuleFactory.create(
        event_type=EventType.CONTENT_DOWNLOADED, points=10, half_life_days=45, max_points=25
    )
    contacts = ContactFactory.create_batch(6)
    for index, contact in enumerate(contacts):
        for n in range(index):
            EventFactory.create(
                contact=contact, type=EventType.CONTENT_DOWNLOADED, occurred_at=NOW - timedelta(days=n * 17)
            )
    assert contacts_rescore(contact_ids=[c.pk for c in contacts[:3]], at=NOW) == 3
    assert contacts_rescore(contact_ids=[c.pk for c in contacts[3:]], at=NOW) == 3
    incremental = scores(*contacts)
    Contact.objects.update(score=0, fit_score=0, behaviour_score=0)
    assert contacts_rescore(at=NOW) == 6
    assert scores(*contacts) == incremental
    assert incremental[5] == (20, 25, 45)


def test_it_leaves_other_contacts_alone_when_given_ids(db):
    BehaviourRuleFactory.create(event_type=EventType.MEETING_BOOKED, points=30)
    scored, other = ContactFactory.create_batch(2)
    for contact in (scored, other):
        EventFactory.create(contact=contact, type=EventType.MEETING_BOOKED)
    contacts_rescore(contact_ids=[scored.pk])
    assert scores(scored, other) == [(0, 30, 30), (0, 0, 0)]


def test_it_rescores_in_as_many_queries_for_30_contacts_as_for_3(db):
    FitRuleFactory.create(field=FitField.COMPANY_EMPLOYEES, operator=Operator.GTE, value="100", points=10)
    BehaviourRuleFactory.create(
        event_type=EventType.EMAIL_CLICKED, points=3, half_life_days=30, max_points=15
    )
    BehaviourRuleFactory.create(event_type=EventType.WEBINAR_ATTENDED, points=15, half_life_days=60)
    selectors.thresholds()  # the default threshold is created once, on first use
    counts = []
    for size in (3, 27):
        for contact in ContactFactory.create_batch(size):
            EventFactory.create_batch(2, contact=contact, type=EventType.EMAIL_CLICKED)
        with CaptureQueriesContext(connection) as queries:
            contacts_rescore()
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10
    assert {c.score for c in Contact.objects.all()} == {16}
