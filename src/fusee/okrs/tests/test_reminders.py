"""Weekly reminders: on check-in day, one email per owner with a working link per key result."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from fusee.core.models import AuditEntry, User
from fusee.okrs.models import CheckIn, KeyResult
from fusee.okrs.reminders import ACTION, reminders_send
from fusee.okrs.tests.factories import CycleFactory, KeyResultFactory, ObjectiveFactory
from fusee.testing.factories import UserFactory

MONDAY = date(2027, 1, 18)  # the third week of 2027-Q1


def owned(owner: User, title: str, *, last_check_in: datetime | None = None, **cycle: object) -> KeyResult:
    objective = ObjectiveFactory.create(owner=owner, cycle=CycleFactory.create(**cycle))
    return KeyResultFactory.create(objective=objective, owner=owner, title=title,
                                   last_check_in_at=last_check_in)


@pytest.fixture
def ana(db) -> User:
    return UserFactory.create(email="ana@example.com", full_name="Ana Lopez", language="fr")


@pytest.fixture
def team(ana) -> dict[str, KeyResult]:
    bob = UserFactory.create(email="bob@example.com", full_name="Bob Martin", language="en")
    cleo = UserFactory.create(email="cleo@example.com")
    gone = UserFactory.create(email="gone@example.com", is_active=False)
    recently = datetime(2027, 1, 16, 9, tzinfo=UTC)
    return {
        "ana-mqls": owned(ana, "Reach 300 MQLs"),
        "ana-webinars": owned(ana, "Run 6 webinars", last_check_in=datetime(2027, 1, 8, 9, tzinfo=UTC)),
        "bob-due": owned(bob, "Publish 12 articles"),
        "bob-fresh": owned(bob, "Grow the list", last_check_in=recently),
        "cleo-fresh": owned(cleo, "Lower the CPL", last_check_in=recently),
        "gone": owned(gone, "Left the company"),
        "closed": owned(ana, "Last quarter's", key="2026-Q4", starts_on=date(2026, 10, 1),
                        ends_on=date(2026, 12, 31), status="closed"),
    }


def sent_to(address: str) -> mail.EmailMultiAlternatives:
    (message,) = [m for m in mail.outbox if m.to == [address]]
    assert isinstance(message, mail.EmailMultiAlternatives)
    return message


def links(message: mail.EmailMessage) -> list[str]:
    return [urlsplit(url).path for url in re.findall(r"https?://\S+/okrs/check-in/\S+/", str(message.body))]


def test_it_emails_each_owner_once_listing_their_due_key_results(team):
    assert reminders_send(today=MONDAY) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.com", "bob@example.com"]
    ana_mail = sent_to("ana@example.com")
    assert "2 résultats clés" in ana_mail.subject  # Ana reads French
    assert "Reach 300 MQLs" in ana_mail.body and "Run 6 webinars" in ana_mail.body
    assert "Last quarter's" not in ana_mail.body
    assert len(links(ana_mail)) == 2
    bob_mail = sent_to("bob@example.com")
    assert "Publish 12 articles" in bob_mail.body and "Grow the list" not in bob_mail.body


def test_it_writes_in_the_owners_language_with_an_html_part(team):
    reminders_send(today=MONDAY)
    html, mimetype = sent_to("ana@example.com").alternatives[0]
    assert mimetype == "text/html" and '<html lang="fr">' in str(html)
    assert '<html lang="en">' in str(sent_to("bob@example.com").alternatives[0][0])


def test_it_escapes_titles_in_the_html_part(ana):
    owned(ana, "<b>Bold</b> & more")
    reminders_send(today=MONDAY)
    html = str(sent_to("ana@example.com").alternatives[0][0])
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; more" in html and "<b>Bold</b>" not in html


def test_its_links_open_the_check_in_form_without_a_login_and_record_as_the_owner(team, ana):
    reminders_send(today=MONDAY)
    link = links(sent_to("ana@example.com"))[0]
    client = Client()
    page = client.get(link)
    assert page.status_code == 200 and b"Reach 300 MQLs" in page.content
    response = client.post(link, {"value": "120", "confidence": "at_risk", "comment": "Slow January"})
    assert response.status_code == 302
    check_in = CheckIn.objects.get()
    assert (check_in.key_result, check_in.author, check_in.value, check_in.automatic) == (
        team["ana-mqls"], ana, 120, False)


def test_it_reminds_no_one_twice_the_same_week(team):
    assert reminders_send(today=MONDAY) == 2
    assert reminders_send(today=MONDAY) == 0  # a second run of the job, the same day
    assert len(mail.outbox) == 2
    entries = AuditEntry.objects.filter(action=ACTION)
    assert entries.count() == 2 and {e.changes["week"] for e in entries} == {"2027-W03"}
    next_week = reminders_send(today=MONDAY + timedelta(days=7))
    assert next_week == 3  # Ana and Bob still due, and Cleo's check-in is 9 days old now


def test_it_sends_nothing_on_other_days(team):
    assert reminders_send(today=MONDAY + timedelta(days=2)) == 0
    assert mail.outbox == []


def test_it_waits_for_the_cycles_first_week(team):
    assert reminders_send(today=date(2027, 1, 4)) == 0  # Monday of the first week: nothing due yet
