from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from fusee.contacts import selectors
from fusee.contacts.models import Contact, Industry, Lifecycle
from fusee.contacts.selectors import Cursor
from fusee.contacts.tests.factories import CompanyFactory, ContactFactory
from fusee.testing.factories import UserFactory

URL = reverse("contacts:list")


def listed(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [contact.email for contact in response.context["contacts"]]


def test_it_lists_contacts_newest_first_with_company_stage_score_and_owner(marketer_client, marketer):
    now = timezone.now()
    ContactFactory.create(email="old@example.com", created_at=now - timedelta(days=2))
    ContactFactory.create(
        email="new@example.com", first_name="Nina", last_name="Neu", created_at=now, owner=marketer,
        company=CompanyFactory.create(name="Maison Neu"), lifecycle=Lifecycle.MQL, score=77,
    )
    response = marketer_client.get(URL)
    assert [c.email for c in response.context["contacts"]] == ["new@example.com", "old@example.com"]
    html = response.content.decode()
    for text in ("Nina Neu", "Maison Neu", "MQL", "77", "Max Marketer", reverse("contacts:imports")):
        assert text in html
    assert reverse("contacts:detail", args=[response.context["contacts"][0].pk]) in html
    assert "2 contacts" in html


def test_it_finds_contacts_by_email_prefix(marketer_client):
    ContactFactory.create(email="marie.dupont@acme.fr")
    ContactFactory.create(email="marc.durand@acme.fr")
    ContactFactory.create(email="paul@marie.fr")
    assert listed(marketer_client, q="MARIE") == ["marie.dupont@acme.fr"]
    assert sorted(listed(marketer_client, q="mar")) == ["marc.durand@acme.fr", "marie.dupont@acme.fr"]
    assert listed(marketer_client, q="paul@marie") == ["paul@marie.fr"]


def test_it_finds_contacts_by_name_prefix_in_any_case_and_by_full_name(marketer_client):
    ContactFactory.create(email="a@x.fr", first_name="Marie", last_name="Dupont")
    ContactFactory.create(email="b@x.fr", first_name="Jean", last_name="Dupuis")
    ContactFactory.create(email="c@x.fr", first_name="Ana", last_name="de la Fuente")
    assert sorted(listed(marketer_client, q="dup")) == ["a@x.fr", "b@x.fr"]
    assert listed(marketer_client, q="Marie Dup") == ["a@x.fr"]
    assert listed(marketer_client, q="dupont marie") == ["a@x.fr"]
    assert listed(marketer_client, q="de la") == ["c@x.fr"]


def test_it_finds_contacts_by_company_name_prefix(marketer_client):
    ContactFactory.create(email="a@x.fr", company=CompanyFactory.create(name="Brasseries Martin"))
    ContactFactory.create(email="b@x.fr", company=CompanyFactory.create(name="Hôtels Martin"))
    assert listed(marketer_client, q="brasseries") == ["a@x.fr"]


def test_it_filters_by_stage_country_industry_owner_and_minimum_score(marketer_client):
    rep = UserFactory.create(full_name="Rita Rep")
    hotel = CompanyFactory.create(industry=Industry.HOSPITALITY)
    ContactFactory.create(email="match@x.es", lifecycle=Lifecycle.SQL, country="ES", company=hotel, owner=rep,
                          score=60)
    ContactFactory.create(email="low@x.es", lifecycle=Lifecycle.SQL, country="ES", company=hotel, owner=rep,
                          score=10)
    ContactFactory.create(email="lead@x.es", lifecycle=Lifecycle.LEAD, country="ES", company=hotel, owner=rep,
                          score=90)
    ContactFactory.create(email="fr@x.fr", lifecycle=Lifecycle.SQL, country="FR", score=90)
    assert sorted(listed(marketer_client, lifecycle="sql")) == ["fr@x.fr", "low@x.es", "match@x.es"]
    assert sorted(listed(marketer_client, country="ES", industry="hospitality")) == [
        "lead@x.es", "low@x.es", "match@x.es"
    ]
    filters = {"lifecycle": "sql", "country": "ES", "industry": "hospitality", "owner": rep.pk}
    filters["min_score"] = 50
    assert listed(marketer_client, **filters) == ["match@x.es"]


def test_it_shows_the_exact_count_of_a_filtered_list(marketer_client):
    ContactFactory.create_batch(3, lifecycle=Lifecycle.CUSTOMER)
    ContactFactory.create_batch(2, lifecycle=Lifecycle.LEAD)
    response = marketer_client.get(URL, {"lifecycle": "customer"})
    assert response.context["count"] == 3 and not response.context["estimated"]
    assert "3 contacts" in response.content.decode()


def test_it_estimates_a_filtered_count_that_overruns_its_time_budget_on_postgresql(db, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_BUDGET_MS", 1)
    ContactFactory.create_batch(5, lifecycle=Lifecycle.CUSTOMER)
    contacts = selectors.contact_list(lifecycle="customer")
    assert selectors.contact_count(contacts, filtered=True) == (5, False)
    sleepy = RawSQL("pg_sleep(0.01) IS NOT NULL", [], output_field=BooleanField())  # 10 ms a row
    postgresql = connection.vendor == "postgresql"
    slow = contacts.alias(sleepy=sleepy).filter(sleepy=True) if postgresql else contacts
    count, estimated = selectors.contact_count(slow, filtered=True)
    if postgresql:
        assert estimated and count >= 1
    else:  # SQLite always counts exactly: an embedded base is small
        assert (count, estimated) == (5, False)
    assert Contact.objects.count() == 5  # a cancelled count leaves the transaction usable


def test_it_turns_an_estimate_into_the_exact_count_when_the_list_fits_on_one_page(
    marketer_client, monkeypatch
):
    monkeypatch.setattr(selectors, "contact_count", lambda contacts, filtered: (27_490, True))
    ContactFactory.create_batch(3, lifecycle=Lifecycle.MQL)
    context = marketer_client.get(URL, {"lifecycle": "mql"}).context
    assert (context["count"], context["estimated"]) == (3, False)


def test_it_pages_through_every_contact_exactly_once_even_when_they_arrived_together(marketer_client):
    same_moment = timezone.now().replace(microsecond=0) - timedelta(days=1)
    tied = ContactFactory.create_batch(70, created_at=same_moment)
    others = [ContactFactory.create(created_at=same_moment + timedelta(seconds=n)) for n in range(-20, 20)]
    seen: list[int] = []
    query, pages = "", 0
    while True:
        response = marketer_client.get(f"{URL}?{query}")
        seen += [contact.pk for contact in response.context["contacts"]]
        pages += 1
        if not response.context["next_query"]:
            break
        query = response.context["next_query"]
    assert pages == 3
    assert len(seen) == len(set(seen)) == 110
    assert set(seen) == {c.pk for c in tied + others}


def test_it_keeps_the_filters_in_the_next_page_link(marketer_client):
    ContactFactory.create_batch(55, lifecycle=Lifecycle.MQL)
    ContactFactory.create_batch(5, lifecycle=Lifecycle.LEAD)
    first = marketer_client.get(URL, {"lifecycle": "mql"})
    assert "lifecycle=mql" in first.context["next_query"] and "after=" in first.context["next_query"]
    second = marketer_client.get(f"{URL}?{first.context['next_query']}")
    assert len(second.context["contacts"]) == 5
    assert {c.lifecycle for c in second.context["contacts"]} == {Lifecycle.MQL}
    assert not second.context["next_query"]


@pytest.mark.parametrize("cursor", ["nonsense", "12_", "_5", "99999999999999999999999_1"])
def test_it_shows_the_first_page_for_a_tampered_cursor(marketer_client, cursor):
    ContactFactory.create(email="only@x.fr")
    assert listed(marketer_client, after=cursor) == ["only@x.fr"]


def test_it_round_trips_a_cursor_to_the_microsecond():
    moment = timezone.now()
    assert Cursor.decode(Cursor(created_at=moment, id=42).encode()) == Cursor(created_at=moment, id=42)


def test_it_returns_only_the_results_region_to_htmx(marketer_client):
    ContactFactory.create(email="htmx@x.fr")
    response = marketer_client.get(URL, {"q": "htmx"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="contact-results">')
    assert "htmx@x.fr" in html and "<html" not in html and "<form" not in html


def test_it_wires_the_filters_to_the_results_region(marketer_client):
    html = marketer_client.get(URL).content.decode()
    wiring = ('hx-get="/', 'hx-target="#contact-results"', 'hx-swap="outerHTML"', 'hx-push-url="true"')
    for attribute in wiring:
        assert attribute in html


def test_it_escapes_html_in_names_and_companies(marketer_client):
    ContactFactory.create(
        first_name="<script>alert(1)</script>", last_name="X",
        company=CompanyFactory.create(name="<b>Evil</b> Corp"),
    )
    html = marketer_client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Evil</b>" not in html and "&lt;b&gt;Evil&lt;/b&gt; Corp" in html


def test_it_lets_a_viewer_read_the_list(viewer_client):
    ContactFactory.create(email="seen@x.fr")
    assert listed(viewer_client) == ["seen@x.fr"]


def test_it_needs_a_login(client, db):
    assert client.get(URL).status_code == 302


def test_it_loads_a_page_in_the_same_number_of_queries_whatever_its_size(
    marketer_client, django_assert_max_num_queries
):
    ContactFactory.create_batch(3)
    with django_assert_max_num_queries(12) as few:
        marketer_client.get(URL)
    ContactFactory.create_batch(60, owner=UserFactory.create())
    with django_assert_max_num_queries(len(few.captured_queries)):
        marketer_client.get(URL)


def test_it_keeps_the_chosen_country_selected(marketer_client):
    html = marketer_client.get(URL, {"country": "ES"}).content.decode()
    assert '<option value="ES" selected>' in html and '<option value="FR" selected>' not in html


def test_it_says_about_how_many_when_the_count_is_an_estimate(marketer_client, monkeypatch):
    monkeypatch.setattr(selectors, "contact_count", lambda contacts, filtered: (1_234_567, True))
    ContactFactory.create_batch(selectors.PAGE_SIZE + 1)
    html = marketer_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "about 1,234,567 contacts" in html


def test_it_pages_a_rare_match_by_sorting_it_and_still_sees_every_row_once(marketer_client):
    ContactFactory.create_batch(60, lifecycle=Lifecycle.CUSTOMER, country="IN")
    ContactFactory.create_batch(5, lifecycle=Lifecycle.CUSTOMER, country="FR")
    contacts = selectors.contact_list(lifecycle="customer", country="IN")
    first, cursor = selectors.contact_page(contacts, after=None, few=True)
    second, end = selectors.contact_page(contacts, after=cursor, few=True)
    assert end is None and len({c.pk for c in first + second}) == 60
    assert [c.pk for c in first + second] == list(contacts.values_list("pk", flat=True))
