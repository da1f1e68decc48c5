from __future__ import annotations

from fusee.contacts.models import Contact, EventType, Lifecycle
from fusee.contacts.tests.factories import CompanyFactory, ContactFactory, EventFactory
from fusee.scoring import demo
from fusee.scoring.models import BehaviourRule, FitRule, LifecycleThreshold


def test_it_loads_the_demo_rules_once_and_scores_the_base(db):
    company = CompanyFactory.create(industry="retail", employees=450, sites=40)
    contact = ContactFactory.create(company=company, seniority="vp", job_function="operations", country="FR")
    EventFactory.create(contact=contact, type=EventType.MEETING_BOOKED)
    demo.load(seed=42, options={})
    demo.load(seed=42, options={})
    assert FitRule.objects.count() == len(demo.FIT_RULES)
    assert BehaviourRule.objects.count() == len(demo.BEHAVIOUR_RULES)
    assert dict(LifecycleThreshold.objects.values_list("stage", "min_score")) == {"mql": 50, "sql": 80}
    contact = Contact.objects.get(pk=contact.pk)
    assert (contact.fit_score, contact.behaviour_score) == (20 + 10 + 15 + 15 + 10 + 5, 30)
    assert contact.lifecycle == Lifecycle.SQL
