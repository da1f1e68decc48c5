"""The daily digest of due and late tasks, and the weekly reminder to review playbooks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from fusee.core.models import AuditEntry, Role, User
from fusee.playbooks.digest import DIGEST, REVIEW, digests_send, review_reminders_send
from fusee.playbooks.models import RunStatus, Task, TaskStatus
from fusee.playbooks.tests.factories import PlaybookFactory, RunFactory, TaskFactory
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2027, 3, 10, 7, 30, tzinfo=PARIS)  # a Wednesday morning


def at(day: int, hour: int) -> datetime:
    return datetime(2027, 3, day, hour, tzinfo=PARIS)


@pytest.fixture
def ana() -> User:
    return UserFactory.create(email="ana@example.com", full_name="Ana Lopez", language="fr")


@pytest.fixture
def bob() -> User:
    return UserFactory.create(email="bob@example.com", full_name="Bob Martin", language="en")


@pytest.fixture
def tasks(ana, bob) -> dict[str, Task]:
    run = RunFactory.create(name="Spring webinar", milestone_at=at(25, 11))
    cancelled = RunFactory.create(name="Dropped fair", milestone_at=at(25, 11), status=RunStatus.CANCELLED)
    gone = UserFactory.create(email="gone@example.com", is_active=False)
    return {
        "late": TaskFactory.create(run=run, assignee=ana, title="Write the script", due_at=at(8, 17)),
        "today": TaskFactory.create(run=run, assignee=ana, title="Brief the speaker", due_at=at(10, 15)),
        "tomorrow": TaskFactory.create(run=run, assignee=ana, title="Book the studio", due_at=at(11, 9)),
        "done": TaskFactory.create(run=run, assignee=ana, title="Choose the topic", due_at=at(5, 11),
                                   status=TaskStatus.DONE),
        "bob": TaskFactory.create(run=run, assignee=bob, title="Build the landing page", due_at=at(10, 18)),
        "nobody": TaskFactory.create(run=run, assignee=None, title="Unassigned", due_at=at(9, 11)),
        "gone": TaskFactory.create(run=run, assignee=gone, title="Left the company", due_at=at(9, 11)),
        "cancelled": TaskFactory.create(run=cancelled, assignee=bob, title="Order the booth",
                                        due_at=at(9, 11)),
    }


def sent_to(address: str) -> mail.EmailMultiAlternatives:
    (message,) = [m for m in mail.outbox if m.to == [address]]
    assert isinstance(message, mail.EmailMultiAlternatives)
    return message


def test_it_emails_each_person_once_with_their_due_and_late_tasks(tasks):
    assert digests_send(now=NOW) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.com", "bob@example.com"]
    bob_mail = sent_to("bob@example.com")
    assert bob_mail.subject == "Your tasks: 1 due today"
    assert "Build the landing page" in bob_mail.body and "Order the booth" not in bob_mail.body
    assert f"/playbooks/tasks/{tasks['bob'].pk}/" in bob_mail.body


def test_it_lists_late_tasks_apart_from_todays(tasks):
    digests_send(now=NOW)
    body = sent_to("ana@example.com").body
    assert "Write the script" in body and "Brief the speaker" in body
    assert "Book the studio" not in body and "Choose the topic" not in body
    assert body.index("Write the script") < body.index("Brief the speaker")  # late first
    html, mimetype = sent_to("ana@example.com").alternatives[0]
    assert mimetype == "text/html" and '<html lang="fr">' in str(html)
    assert '<html lang="en">' in str(sent_to("bob@example.com").alternatives[0][0])


def test_it_sends_nothing_twice_the_same_day_and_again_the_next(tasks):
    assert digests_send(now=NOW) == 2
    assert digests_send(now=NOW + timedelta(hours=6)) == 0
    assert len(mail.outbox) == 2
    assert AuditEntry.objects.filter(action=DIGEST).count() == 2
    assert digests_send(now=NOW + timedelta(days=1)) == 2  # Ana's tomorrow task is now due, Bob's is late


def test_it_escapes_titles_in_the_html_part(ana):
    TaskFactory.create(run=RunFactory.create(), assignee=ana, title="<script>alert(1)</script>",
                       due_at=at(10, 12))
    digests_send(now=NOW)
    html = str(sent_to("ana@example.com").alternatives[0][0])
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- the review reminder ---


@pytest.fixture
def admins() -> list[User]:
    return [UserFactory.create(email="admin1@example.com", role=Role.ADMIN),
            UserFactory.create(email="admin2@example.com", role=Role.ADMIN),
            UserFactory.create(email="old-admin@example.com", role=Role.ADMIN, is_active=False),
            UserFactory.create(email="marketer@example.com", role=Role.MARKETER)]


def test_it_reminds_admins_of_playbooks_due_for_review_once_a_week(admins):
    today = date(2027, 3, 10)
    PlaybookFactory.create(name="Webinar", review_on=date(2027, 3, 1))
    PlaybookFactory.create(name="Trade show", review_on=today)
    PlaybookFactory.create(name="Blog article", review_on=date(2027, 6, 1))
    PlaybookFactory.create(name="Old fair", review_on=date(2026, 1, 1), archived=True)
    assert review_reminders_send(today=today) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["admin1@example.com", "admin2@example.com"]
    message = sent_to("admin1@example.com")
    assert message.subject == "2 playbooks to review"
    assert "Webinar" in message.body and "Trade show" in message.body
    assert "Blog article" not in message.body and "Old fair" not in message.body
    assert review_reminders_send(today=today + timedelta(days=2)) == 0  # the same ISO week
    assert AuditEntry.objects.filter(action=REVIEW).count() == 2
    assert review_reminders_send(today=today + timedelta(days=7)) == 2


def test_it_reminds_nobody_when_no_playbook_is_due(admins):
    PlaybookFactory.create(review_on=date(2027, 6, 1))
    assert review_reminders_send(today=date(2027, 3, 10)) == 0
    assert not mail.outbox
