from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count
from django.db.models.fields.json import KT
from django.utils import timezone

from fusee.contacts import demo as contacts_demo
from fusee.contacts.models import Contact, Event, EventType
from fusee.core import demo as core_demo
from fusee.nurturing import abtest, demo
from fusee.nurturing.demo.flows import SEQUENCES
from fusee.nurturing.models import (
    Email,
    Enrolment,
    EnrolmentStatus,
    Message,
    MessageStatus,
    Sequence,
    SequenceStatus,
    SplitDecision,
)
from fusee.scoring import demo as scoring_demo
from fusee.segments import demo as segments_demo

MESSAGE_EVENTS = [EventType.EMAIL_SENT, EventType.EMAIL_OPENED, EventType.EMAIL_CLICKED,
                  EventType.EMAIL_BOUNCED, EventType.EMAIL_UNSUBSCRIBED]


SIZE = {"contacts": 8000}  # the retail A/B test needs ~100 recipients per variant for its verdict
PROGRESS: list[tuple[int, int]] = []
LOADED: dict[str, Any] = {}


@pytest.fixture(scope="module")
def demo_company(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo company loaded once for the module (a few seconds), rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        for loader in (core_demo.load, contacts_demo.load, scoring_demo.load, segments_demo.load):
            loader(seed=42, options=SIZE)
        LOADED["at"] = timezone.now()
        demo.load(seed=42, options=SIZE, progress=lambda done, total: PROGRESS.append((done, total)))
        yield
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    return {"emails": Email.objects.count(), "sequences": Sequence.objects.count(),
            "enrolments": Enrolment.objects.count(), "messages": Message.objects.count(),
            "events": Event.objects.count(), "decisions": SplitDecision.objects.count()}


def test_it_publishes_three_live_sequences_with_a_segment_trigger(demo_company, db):
    sequences = Sequence.objects.filter(name__in=[plan.name for plan in SEQUENCES])
    assert sequences.count() == 3
    launches = []
    for sequence in sequences:
        version = sequence.live_version()
        assert sequence.status == SequenceStatus.LIVE and version is not None and version.published_at
        launches.append(version.published_at)
        kinds = set(version.steps.values_list("kind", flat=True))
        assert {"send", "wait", "branch", "update", "notify", "goal"} <= kinds
        assert sequence.trigger == "segment" and sequence.enrolments.exists()
    assert min(launches) < timezone.now() - timedelta(days=500)  # a year and a half of history


def test_it_writes_emails_in_several_languages_with_topics_and_campaigns(demo_company, db):
    emails = Email.objects.filter(name__in=[email.name for email in demo.EMAILS])
    assert emails.count() == len(demo.EMAILS)
    assert not emails.filter(utm_campaign="").exists() and not emails.filter(topic="").exists()
    languages = set(emails.values_list("contents__language", flat=True))
    assert {"en", "fr", "es", "de"} <= languages
    assert {"guides", "product-news", "events"} <= set(emails.values_list("topic", flat=True))


def test_it_decides_the_split_for_the_variant_that_really_clicks_more(demo_company, db):
    decision = SplitDecision.objects.get()
    assert (decision.step_key, decision.metric, decision.winner) == ("checklist-test", "clicked", "B")
    assert decision.p_value is not None and decision.p_value < 0.05
    step = decision.version.steps.get(key=decision.step_key)
    assert step.config["auto_winner"] == {"after_hours": 72, "metric": "clicked", "confidence": 0.95}
    results = {result.name: result for result in abtest.split_results(step)}
    assert results["B"].click_rate > results["A"].click_rate
    assert results["A"].recipients > 0
    after = Enrolment.objects.filter(version=decision.version, entered_at__gt=decision.decided_at)
    assert after.filter(variant="B").exists() and not after.filter(variant="A").exists()


def test_it_ties_every_message_event_to_a_message_of_that_contact(demo_company, db):
    events = Event.objects.filter(type__in=MESSAGE_EVENTS, properties__has_key="message")
    assert events.count() > 1000
    messages = dict(Message.objects.values_list("message_id", "contact_id"))
    keyed = events.annotate(key=KT("properties__message"))
    for message_id, contact_id in keyed.values_list("key", "contact_id"):
        assert messages[message_id] == contact_id
    sent = Message.objects.filter(status=MessageStatus.SENT)
    assert sent.count() == events.filter(type=EventType.EMAIL_SENT).count()
    assert Message.objects.filter(status=MessageStatus.BOUNCED).count() == events.filter(
        type=EventType.EMAIL_BOUNCED).count()
    assert not events.filter(occurred_at__gt=timezone.now()).exists()


def test_it_flags_the_contacts_its_bounces_and_unsubscribes_stopped(demo_company, db):
    bounced = Message.objects.filter(status=MessageStatus.BOUNCED).values("contact")
    assert bounced.exists() and not Contact.objects.filter(pk__in=bounced, bounced=False).exists()
    unsubscribed = Event.objects.filter(type=EventType.EMAIL_UNSUBSCRIBED).values("contact")
    assert not Contact.objects.filter(pk__in=unsubscribed, unsubscribed=False).exists()
    exited = Enrolment.objects.filter(status=EnrolmentStatus.EXITED)
    reasons = set(exited.values_list("exit_reason", flat=True))
    assert {"goal reached", "hard bounce"} <= reasons
    assert Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED).exists()


def test_it_leaves_a_few_enrolments_due_soon_and_no_newcomer_for_the_trigger(demo_company, db):
    from fusee.nurturing.triggers import newcomers

    now = LOADED["at"]  # the suite may reach this test minutes after the load
    active = Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE)
    assert not active.filter(due_at__lte=now).exists()
    assert 0 < active.filter(due_at__lte=now + timedelta(hours=2)).count() <= 40
    for sequence in Sequence.objects.all():
        version = sequence.live_version()
        assert version is not None and not newcomers(sequence, version, now).exists()


def test_it_adds_nothing_when_loaded_twice(demo_company, db):
    before = counts()
    demo.load(seed=42, options=SIZE)
    assert counts() == before
    assert not Message.objects.values("message_id").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_it_reports_its_progress_to_the_end(demo_company, db):
    assert len(PROGRESS) > 2 and PROGRESS[-1][0] == PROGRESS[-1][1]
    assert [done for done, _total in PROGRESS] == sorted(done for done, _total in PROGRESS)
