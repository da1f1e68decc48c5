from __future__ import annotations

import math
from datetime import timedelta

from django.utils import timezone

from fusee.contacts.models import EventType
from fusee.contacts.tests.factories import CompanyFactory, ContactFactory, EventFactory
from fusee.scoring.models import FitField, Operator
from fusee.scoring.selectors import score_breakdown, score_distribution
from fusee.scoring.services import contacts_rescore
from fusee.scoring.tests.factories import BehaviourRuleFactory, FitRuleFactory

NOW = timezone.now()


def test_it_explains_a_score_rule_by_rule_and_adds_up(db):
    company = CompanyFactory.create(industry="hospitality", employees=800)
    contact = ContactFactory.create(company=company, seniority="c_level", country="IT")
    FitRuleFactory.create(
        name="ICP industry",
        field=FitField.COMPANY_INDUSTRY,
        operator=Operator.IN,
        value="retail,hospitality",
        points=20,
    )
    FitRuleFactory.create(
        name="Senior", field=FitField.SENIORITY, operator=Operator.IN, value="vp,c_level", points=15
    )
    FitRuleFactory.create(name="Not matching", field=FitField.COUNTRY, value="FR", points=5)
    BehaviourRuleFactory.create(
        name="Clicks", event_type=EventType.EMAIL_CLICKED, points=3, half_life_days=30, max_points=15
    )
    BehaviourRuleFactory.create(
        name="Webinars", event_type=EventType.WEBINAR_ATTENDED, points=15, half_life_days=60
    )
    BehaviourRuleFactory.create(name="Unused", event_type=EventType.MEETING_BOOKED, points=30)
    for days in (1, 9, 17, 40, 41):
        EventFactory.create(
            contact=contact, type=EventType.EMAIL_CLICKED, occurred_at=NOW - timedelta(days=days)
        )
    EventFactory.create(
        contact=contact, type=EventType.WEBINAR_ATTENDED, occurred_at=NOW - timedelta(days=23.3)
    )
    contacts_rescore(at=NOW)
    contact.refresh_from_db()
    entries = score_breakdown(contact, at=NOW)
    assert [(e["rule"], e["kind"]) for e in entries] == [
        ("ICP industry", "fit"),
        ("Senior", "fit"),
        ("Webinars", "behaviour"),
        ("Clicks", "behaviour"),
    ]
    fit = sum(e["points"] for e in entries if e["kind"] == "fit")
    behaviour = sum(e["points"] for e in entries if e["kind"] == "behaviour")
    assert fit == contact.fit_score == 35
    assert math.floor(behaviour + 0.5) == contact.behaviour_score
    assert fit + math.floor(behaviour + 0.5) == contact.score
    clicks = next(e for e in entries if e["rule"] == "Clicks")
    latest = timezone.localtime(NOW - timedelta(days=1)).date().isoformat()
    assert clicks["detail"] == f"5 events, latest {latest}"


def test_it_counts_contacts_per_band_of_ten_points(db):
    for score in (-5, 0, 9, 10, 55, 140):
        ContactFactory.create(score=score)
    distribution = dict(score_distribution())
    assert distribution["<0"] == 1 and distribution["0–9"] == 2 and distribution["10–19"] == 1
    assert distribution["50–59"] == 1 and distribution["100+"] == 1 and distribution["90–99"] == 0
