from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fusee.contacts.models import Contact, EventType, Lifecycle
from fusee.contacts.tests.factories import CompanyFactory, ContactFactory, EventFactory
from fusee.segments.language import segment_queryset
from fusee.segments.models import ContactList, ListMembership

pytestmark = pytest.mark.django_db


def emails(expression: str) -> set[str]:
    return set(segment_queryset(expression).values_list("email", flat=True))


@pytest.fixture
def people() -> dict[str, Contact]:
    retail = CompanyFactory.create(
        name="Shop & Co", industry="retail", employees=500, sites=40, tier="enterprise"
    )
    hotel = CompanyFactory.create(
        name="Hotel Azur", industry="hospitality", employees=80, sites=None, tier="smb"
    )
    return {
        "ana": ContactFactory.create(
            email="ana@shop.example",
            first_name="Ana",
            company=retail,
            score=70,
            lifecycle=Lifecycle.MQL,
            country="FR",
            seniority="director",
            custom={"plan": "Gold", "seats": "25"},
        ),
        "bob": ContactFactory.create(
            email="bob@hotel.example",
            first_name="Bob",
            company=hotel,
            score=30,
            lifecycle=Lifecycle.LEAD,
            country="ES",
            unsubscribed=True,
            custom={"plan": "silver", "seats": 3},
        ),
        "cy": ContactFactory.create(
            email="cy@nowhere.example",
            first_name="Cy",
            company=None,
            score=50,
            lifecycle=Lifecycle.SQL,
            country="FR",
            legal_basis="none",
            job_title="",
        ),
    }


def test_it_matches_the_example_expression(people):
    EventFactory.create(contact=people["ana"], type=EventType.EMAIL_OPENED)
    expression = (
        'industry in ("retail","hospitality") and employees >= 200 and score >= 40 '
        "and opened(email, within=30d) and not unsubscribed"
    )
    assert emails(expression) == {"ana@shop.example"}


def test_it_keeps_contacts_without_a_company_under_not(people):
    assert emails('industry = "retail"') == {"ana@shop.example"}
    assert emails('not industry = "retail"') == {"bob@hotel.example", "cy@nowhere.example"}
    assert emails('industry != "retail"') == {"bob@hotel.example", "cy@nowhere.example"}
    assert emails("not employees >= 100") == {"bob@hotel.example", "cy@nowhere.example"}
    assert emails('not company.name contains "shop"') == {"bob@hotel.example", "cy@nowhere.example"}


def test_it_splits_every_contact_between_a_condition_and_its_negation(people):
    for condition in [
        'industry in ("retail")',
        "company.sites > 10",
        "tier >= mid_market",
        'custom.plan = "gold"',
        "custom.seats >= 10",
        "company.name is empty",
        'custom.plan starts with "s"',
        "did(email_opened, times>=2)",
    ]:
        inside, outside = emails(condition), emails(f"not ({condition})")
        assert inside | outside == {c.email for c in people.values()}, condition
        assert not inside & outside, condition


def test_it_applies_precedence_not_over_and_over_or(people):
    assert emails('country = "ES" or country = "FR" and score > 60') == {
        "bob@hotel.example",
        "ana@shop.example",
    }
    assert emails('(country = "ES" or country = "FR") and score > 60') == {"ana@shop.example"}
    assert emails('not country = "FR" and score < 40') == {"bob@hotel.example"}


def test_it_compares_text_case_insensitively_and_codes_normalised(people):
    assert emails('first_name = "ANA"') == {"ana@shop.example"}
    assert emails("country = fr") == {"ana@shop.example", "cy@nowhere.example"}
    assert emails('company.name starts with "hotel"') == {"bob@hotel.example"}
    assert emails("job_title is empty") == {"cy@nowhere.example"}
    assert emails("company.name is not empty") == {"ana@shop.example", "bob@hotel.example"}


def test_it_orders_lifecycle_and_seniority_stages(people):
    assert emails("lifecycle >= mql") == {"ana@shop.example", "cy@nowhere.example"}
    assert emails("lifecycle < mql") == {"bob@hotel.example"}
    assert emails("seniority >= manager") == {"ana@shop.example"}


def test_it_reads_booleans_and_consent(people):
    assert emails("unsubscribed") == {"bob@hotel.example"}
    assert emails("consented") == {"ana@shop.example"}
    assert emails("not consented") == {"bob@hotel.example", "cy@nowhere.example"}
    assert emails("bounced = false and not unsubscribed") == {"ana@shop.example", "cy@nowhere.example"}


def test_it_compares_custom_fields_as_text_or_numbers(people):
    assert emails('custom.plan = "gold"') == {"ana@shop.example"}
    assert emails("custom.seats >= 10") == {"ana@shop.example"}
    assert emails("custom.seats < 10") == {"bob@hotel.example"}
    assert emails('custom.plan in ("gold", "silver")') == {"ana@shop.example", "bob@hotel.example"}
    assert emails("custom.plan is empty") == {"cy@nowhere.example"}


def test_it_filters_events_by_time_campaign_and_count(people):
    now = timezone.now()
    EventFactory.create(
        contact=people["ana"],
        type=EventType.WEBINAR_ATTENDED,
        occurred_at=now - timedelta(days=60),
        campaign="spring",
    )
    for days in (1, 2, 3):
        EventFactory.create(
            contact=people["bob"], type=EventType.EMAIL_CLICKED, occurred_at=now - timedelta(days=days)
        )
    assert emails("attended(webinar)") == {"ana@shop.example"}
    assert emails("attended(webinar, within=30d)") == set()
    assert emails("attended(webinar, within=3m)") == {"ana@shop.example"}
    assert emails('did(webinar_attended, campaign="spring")') == {"ana@shop.example"}
    assert emails('did(webinar_attended, campaign="autumn")') == set()
    assert emails("clicked(email, times>=3)") == {"bob@hotel.example"}
    assert emails("clicked(email, times>=4)") == set()
    assert emails("clicked(email, within=2w, times<2)") == {"ana@shop.example", "cy@nowhere.example"}
    assert emails("not clicked(email)") == {"ana@shop.example", "cy@nowhere.example"}
    since = (now - timedelta(days=90)).date().isoformat()
    assert emails(f"attended(webinar, since={since})") == {"ana@shop.example"}


def test_it_compares_dates_by_whole_days(people):
    Contact.objects.filter(pk=people["ana"].pk).update(created_at=timezone.now() - timedelta(days=400))
    today = timezone.localdate().isoformat()
    assert emails(f"created_at = {today}") == {"bob@hotel.example", "cy@nowhere.example"}
    assert emails(f"created_at < {today}") == {"ana@shop.example"}
    assert emails("created_at >= 1y") == {"bob@hotel.example", "cy@nowhere.example"}


def test_it_finds_members_of_a_static_list(people):
    webinar = ContactList.objects.create(name="Webinar guests")
    ListMembership.objects.create(list=webinar, contact=people["cy"])
    assert emails('in_list("Webinar guests")') == {"cy@nowhere.example"}
    assert emails('not in_list("Webinar guests")') == {"ana@shop.example", "bob@hotel.example"}


def test_it_treats_injection_attempts_as_plain_values(people):
    quoted = ContactFactory.create(company__name='x" or 1=1 --', email="quoted@example.com")
    sneaky = ContactFactory.create(company__name="x' or '1'='1", email="sneaky@example.com")
    assert emails('company.name = "x\\" or 1=1 --"') == {quoted.email}
    assert emails("company.name = 'x\\' or \\'1\\'=\\'1'") == {sneaky.email}
    assert emails('first_name = "\'; DROP TABLE contacts_contact; --"') == set()
    assert Contact.objects.count() == 5


def test_it_counts_a_segment_in_one_query(people, django_assert_num_queries):
    queryset = segment_queryset(
        'industry = "retail" and clicked(email, times>=2) or in_list("x") and custom.seats > 3'
    )
    with django_assert_num_queries(1):
        queryset.count()
