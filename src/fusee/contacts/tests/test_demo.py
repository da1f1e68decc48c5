from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db.models import Count, Min
from django.utils import timezone

from fusee.contacts import demo
from fusee.contacts.models import Company, Contact, Event, EventType, Maturity
from fusee.core import demo as core_demo
from fusee.core.models import Team

SIX_COUNTRIES = {"FR", "ES", "IT", "DE", "GB", "IN"}


@pytest.fixture
def demo_base(db) -> None:
    core_demo.load(seed=42, options={})
    demo.load(seed=42, options={"contacts": 300})


def snapshot() -> list[tuple[str, int]]:
    rows = Contact.objects.annotate(n=Count("events")).order_by("email").values_list("email", "n")
    return list(rows)


def test_it_makes_as_many_contacts_as_asked_in_about_a_fifth_as_many_companies(demo_base):
    assert Contact.objects.count() == 300
    assert Company.objects.count() == 60
    domains = Company.objects.values_list("domain", flat=True)
    assert all(domain.endswith(demo.DEMO_SUFFIXES) for domain in domains)
    emails = list(Contact.objects.values_list("email", flat=True))
    assert len({email.lower() for email in emails}) == 300 and all(email == email.lower() for email in emails)


def test_it_is_deterministic_for_a_seed(demo_base):
    first = snapshot()
    Contact.objects.all().delete()
    Company.objects.all().delete()
    demo.load(seed=42, options={"contacts": 300})
    assert snapshot() == first


def test_it_adds_nothing_when_loaded_twice(demo_base):
    first, events = snapshot(), Event.objects.count()
    demo.load(seed=42, options={"contacts": 300})
    assert snapshot() == first and Event.objects.count() == events


def test_it_spreads_contacts_over_the_six_countries_in_their_language(demo_base):
    assert set(Contact.objects.values_list("country", flat=True)) == SIX_COUNTRIES
    languages = {"FR": "fr", "ES": "es", "IT": "it", "DE": "de", "GB": "en", "IN": "en"}
    for contact in Contact.objects.select_related("company"):
        assert contact.language == languages[contact.country]
        assert contact.company is not None and contact.company.country == contact.country


def test_it_gives_each_contact_the_account_executive_of_its_country(demo_base):
    for contact in Contact.objects.select_related("owner"):
        assert contact.owner is not None
        assert contact.owner.team == Team.SALES and contact.owner.country == contact.country


def test_it_keeps_every_event_within_the_last_18_months_and_after_the_contact_arrived(demo_base):
    now = timezone.now()
    assert not Event.objects.filter(occurred_at__lt=now - timedelta(days=548)).exists()
    assert not Event.objects.filter(occurred_at__gt=now).exists()
    for contact in Contact.objects.annotate(first=Min("events__occurred_at")):
        assert contact.first is None or contact.first >= contact.created_at - timedelta(seconds=1)


def test_it_produces_a_realistic_volume_and_mix_of_engagement(demo_base):
    per_contact = Event.objects.count() / Contact.objects.count()
    assert 10 <= per_contact <= 35
    kinds = set(Event.objects.values_list("type", flat=True).distinct())
    expected = {EventType.EMAIL_SENT, EventType.EMAIL_OPENED, EventType.EMAIL_CLICKED, EventType.PAGE_VISITED}
    assert expected <= kinds
    assert Event.objects.filter(type=EventType.PAGE_VISITED, properties__path="/pricing").exists()
    assert Event.objects.filter(campaign__contains="Webinar: ").exists()
    assert Event.objects.filter(campaign__startswith="Nurture ").exists()


def test_it_engages_decision_contacts_more_than_awareness_ones(demo_base):
    def mean_engagement(maturity: str) -> float:
        contacts = Contact.objects.filter(maturity=maturity)
        active = Event.objects.filter(
            contact__in=contacts, type__in=[EventType.EMAIL_OPENED, EventType.PAGE_VISITED]
        )
        return active.count() / contacts.count()

    assert mean_engagement(Maturity.DECISION) > 1.3 * mean_engagement(Maturity.AWARENESS)


def test_it_marks_a_few_contacts_unsubscribed_or_bounced_with_the_matching_event(demo_base):
    unsubscribed = Contact.objects.filter(unsubscribed=True)
    assert 0 < unsubscribed.count() < 30
    assert not unsubscribed.filter(unsubscribed_at__isnull=True).exists()
    assert not Event.objects.filter(type=EventType.EMAIL_UNSUBSCRIBED, contact__unsubscribed=False).exists()
    assert not Event.objects.filter(type=EventType.EMAIL_BOUNCED, contact__bounced=False).exists()


def test_it_makes_the_same_people_whatever_day_it_is_loaded(demo_base):
    emails = sorted(Contact.objects.values_list("email", flat=True))
    Contact.objects.all().delete()
    Company.objects.all().delete()
    later = timezone.now() + timedelta(days=45)
    with mock.patch("fusee.contacts.demo.timezone.now", return_value=later):
        demo.load(seed=42, options={"contacts": 300})
    assert sorted(Contact.objects.values_list("email", flat=True)) == emails


def test_it_reports_its_progress(db):
    core_demo.load(seed=42, options={})
    reports: list[tuple[int, int]] = []
    demo.load(seed=42, options={"contacts": 120}, progress=lambda done, total: reports.append((done, total)))
    assert reports and reports[-1] == (120, 120)
