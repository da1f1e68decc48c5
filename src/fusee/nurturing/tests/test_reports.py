from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from fusee.contacts.models import Contact, Event, EventType, Industry
from fusee.contacts.tests.factories import CompanyFactory, ContactFactory
from fusee.nurturing.models import Enrolment, Message, MessageStatus, Sequence, SequenceVersion, SplitDecision
from fusee.nurturing.reports.lessons import EVERYONE, lesson_text, sequence_lessons
from fusee.nurturing.reports.stats import (
    sequence_messages,
    stats_by,
    stats_by_segment,
    stats_by_variant,
    stats_total,
    weekly_series,
)
from fusee.nurturing.tests.factories import email_with_content, live_sequence
from fusee.segments.models import Segment

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)  # a Wednesday

SPLIT = {"variants": [{"name": "A", "weight": 50, "next": "a"}, {"name": "B", "weight": 50, "next": "b"}]}


def ab_sequence(**fields: Any) -> Sequence:
    return live_sequence([
        {"key": "welcome", "kind": "send", "email": email_with_content(), "next": "ab"},
        {"key": "ab", "kind": "split", "config": fields.pop("split", SPLIT)},
        {"key": "a", "kind": "send", "email": email_with_content()},
        {"key": "b", "kind": "send", "email": email_with_content()},
    ], **fields)


def enrol(sequence: Sequence, contact: Contact | None = None, variant: str = "") -> Enrolment:
    return Enrolment.objects.create(
        sequence=sequence, version=live(sequence), contact=contact or ContactFactory.create(),
        step_key="", variant=variant, status="completed",
    )


def live(sequence: Sequence) -> SequenceVersion:
    version = sequence.live_version()
    assert version is not None
    return version


def send(
    enrolment: Enrolment, step_key: str, at: datetime = NOW, status: str = MessageStatus.SENT
) -> Message:
    email = enrolment.version.steps.get(key=step_key).email
    assert email is not None
    return Message.objects.create(
        enrolment=enrolment, step_key=step_key, email=email, contact=enrolment.contact,
        message_id=f"<e{enrolment.pk}.{step_key}@test>", status=status,
        sent_at=at if status == MessageStatus.SENT else None, created_at=at,
    )


def track(message: Message, kind: EventType, at: datetime | None = None, **properties: Any) -> Event:
    return Event.objects.create(
        contact=message.contact, type=kind, occurred_at=at or message.created_at + timedelta(hours=1),
        properties={"message": message.message_id, **properties},
    )


def milestone(contact: Contact, kind: EventType, at: datetime) -> Event:
    return Event.objects.create(contact=contact, type=kind, occurred_at=at)


@pytest.fixture
def story(db) -> Sequence:
    """Five contacts through the welcome email, with every kind of outcome."""
    sequence = ab_sequence()
    human_opener, machine_opener, clicker, bouncer, leaver = (enrol(sequence) for _ in range(5))
    track(send(human_opener, "welcome"), EventType.EMAIL_OPENED, machine=False)
    track(send(machine_opener, "welcome"), EventType.EMAIL_OPENED, machine=True)
    clicked = send(clicker, "welcome")
    for _ in range(3):  # one contact, three clicks: one clicker
        track(clicked, EventType.EMAIL_CLICKED, machine=False)
    track(clicked, EventType.EMAIL_OPENED, machine=False)
    send(bouncer, "welcome", status=MessageStatus.BOUNCED)
    track(send(leaver, "welcome"), EventType.EMAIL_UNSUBSCRIBED)
    milestone(human_opener.contact, EventType.BECAME_MQL, NOW + timedelta(days=29))
    milestone(clicker.contact, EventType.BECAME_MQL, NOW + timedelta(days=31))  # too late
    milestone(leaver.contact, EventType.MEETING_BOOKED, NOW - timedelta(days=1))  # before the email
    milestone(machine_opener.contact, EventType.MEETING_BOOKED, NOW + timedelta(days=2))
    enrol(sequence)  # no message at all
    return sequence


def test_it_counts_a_sequence_from_its_messages_and_their_events(story, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        stats = stats_total(sequence_messages(story))
    assert (stats.sent, stats.bounced, stats.delivered) == (5, 1, 4)
    assert (stats.opened, stats.clicked, stats.unsubscribed) == (2, 1, 1)  # the machine open left out
    assert (stats.mqls, stats.meetings) == (1, 1)  # within 30 days after the email only
    assert stats.open_percent == 50.0


def test_it_counts_bounces_reported_after_the_send_and_delivery_receipts(db):
    sequence = ab_sequence()
    late_bounce = send(enrol(sequence), "welcome")
    track(late_bounce, EventType.EMAIL_BOUNCED, hard=True)
    receipt = send(enrol(sequence), "welcome")
    track(receipt, EventType.EMAIL_DELIVERED)
    stats = stats_total(sequence_messages(sequence))
    assert (stats.sent, stats.bounced, stats.delivered) == (2, 1, 1)


def test_it_keeps_other_sequences_and_unsent_messages_out(story):
    other = ab_sequence()
    message = send(enrol(other), "welcome")
    track(message, EventType.EMAIL_OPENED, machine=False)
    send(enrol(story), "welcome", status=MessageStatus.QUEUED)
    assert stats_total(sequence_messages(story)).sent == 5
    assert stats_total(sequence_messages(other)).opened == 1


def test_it_counts_per_step_and_per_variant(story, django_assert_max_num_queries):
    for variant, opens in (("A", 3), ("B", 1)):
        for index in range(4):
            message = send(enrol(story, variant=variant), variant.lower())
            if index < opens:
                track(message, EventType.EMAIL_OPENED, machine=False)
    messages = sequence_messages(story)
    with django_assert_max_num_queries(2):
        steps, variants = stats_by(messages, "step_key"), stats_by_variant(messages)
    assert {key: stats.sent for key, stats in steps.items()} == {"welcome": 5, "a": 4, "b": 4}
    assert {key: stats.opened for key, stats in variants.items()} == {"A": 3, "B": 1}


def test_it_counts_per_segment_with_the_segment_language(story):
    software = CompanyFactory.create(industry=Industry.MANUFACTURING)
    Contact.objects.filter(pk__in=sequence_messages(story).values("contact")[:2]).update(company=software)
    segment = Segment.objects.create(name="Makers", expression='company.industry = "manufacturing"')
    [(found, stats)] = stats_by_segment(sequence_messages(story), [segment])
    assert (found, stats.sent) == (segment, 2)


def test_it_counts_per_week(story):
    track(send(enrol(story), "welcome", at=NOW + timedelta(days=7)), EventType.EMAIL_CLICKED, machine=False)
    series = weekly_series(sequence_messages(story))
    assert [(week.date().isoformat(), stats.sent, stats.clicked) for week, stats in series] == [
        ("2027-03-08", 5, 1), ("2027-03-15", 1, 1),
    ]


# Lessons ----------------------------------------------------------------------------------


def sent_batch(sequence: Sequence, step_key: str, *, count: int, clickers: int, at: datetime,
               industry: str = Industry.RETAIL) -> None:
    company = CompanyFactory.create(industry=industry)
    for index in range(count):
        contact = ContactFactory.create(company=company, time_zone="Europe/Paris")
        message = send(enrol(sequence, contact), step_key, at=at)
        if index < clickers:
            track(message, EventType.EMAIL_CLICKED, machine=False)


def test_it_learns_the_best_local_hour_and_format_per_industry(db, django_assert_max_num_queries):
    sequence = ab_sequence()
    designed = live(sequence).steps.get(key="b").email
    assert designed is not None
    designed.contents.update(body_format="html")
    sent_batch(sequence, "a", count=40, clickers=4, at=NOW + timedelta(hours=5))  # 15:00 in Paris
    sent_batch(sequence, "b", count=40, clickers=20, at=NOW)  # 10:00 in Paris
    sent_batch(sequence, "a", count=5, clickers=5, at=NOW + timedelta(hours=8))  # too few to teach
    with django_assert_max_num_queries(3):
        lessons = sequence_lessons(sequence_messages(sequence), [])
    texts = [lesson.text for lesson in lessons]
    # 29 clicks in 85 emails on average; 20 in 40 at 10:00 and on the designed email: 1.5×
    assert "Contacts click 1.5× more at 10:00 than on average." in texts
    assert "Contacts in Industry = Retail click 1.5× more on designed (HTML) emails than on average." in texts


def test_it_writes_the_lift_in_the_readers_language():
    with translation.override("fr"):
        text = lesson_text(EVERYONE, "hour", "10:00", 1.75)
    assert "1,8×" in text and "1.8" not in text


def test_it_learns_nothing_from_small_samples(db):
    sequence = ab_sequence()
    sent_batch(sequence, "a", count=10, clickers=5, at=NOW)
    assert sequence_lessons(sequence_messages(sequence), []) == []


def test_it_learns_per_chosen_segment(db):
    sequence = ab_sequence()
    sent_batch(sequence, "a", count=40, clickers=2, at=NOW + timedelta(hours=5))
    sent_batch(sequence, "a", count=40, clickers=10, at=NOW)
    segment = Segment.objects.create(name="Retailers & co", expression='company.industry = "retail"')
    texts = [lesson.text for lesson in sequence_lessons(sequence_messages(sequence), [segment])]
    assert "Contacts in Retailers & co click 1.7× more at 10:00 than on average." in texts


# The page ---------------------------------------------------------------------------------


def report_url(sequence: Sequence) -> str:
    return reverse("nurturing:sequence_report", args=[sequence.pk])


def test_it_shows_the_report_to_any_role_with_every_table(
    story, viewer_client, django_assert_max_num_queries
):
    send(enrol(story, variant="A"), "a")
    segment = Segment.objects.create(name="<b>Everyone</b>", expression='email contains "@"')
    with django_assert_max_num_queries(20):  # whatever the number of messages and events
        response = viewer_client.get(report_url(story), {"segments": [segment.pk]})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="total-sent">6<' in page and 'id="total-mqls">1<' in page
    assert 'id="step-welcome"' in page and 'id="variant-A"' in page and 'id="split-ab"' in page
    assert "&lt;b&gt;Everyone&lt;/b&gt;" in page and "<b>Everyone</b>" not in page
    assert 'data-chart="weekly-chart"' in page and 'id="weekly-chart" type="application/json"' in page
    assert "within 30 days after receiving" in page
    assert "Pick this winner" not in page  # a viewer only reads


def test_it_escapes_names_and_answers_htmx_with_the_summary_only(db, viewer_client):
    sequence = ab_sequence(name="<script>alert(1)</script>")
    response = viewer_client.get(report_url(sequence), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="summary">')
    assert "<script>alert" not in page and 'id="steps"' not in page
    assert "Full report" in page
    full = viewer_client.get(report_url(sequence)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in full and "<script>alert" not in full


def test_it_refuses_too_many_segments(db, viewer_client):
    sequence = ab_sequence()
    everyone = 'email contains "@"'
    segments = [Segment.objects.create(name=f"S{index}", expression=everyone) for index in range(6)]
    response = viewer_client.get(report_url(sequence), {"segments": [segment.pk for segment in segments]})
    assert "Pick at most 5 segments." in response.content.decode()


def test_it_lets_a_marketer_pick_the_winner_from_the_report(db, marketer_client, viewer_client):
    sequence = ab_sequence()
    url = reverse("nurturing:split_winner", args=[sequence.pk, 1, "ab"])
    assert "Pick this winner" in marketer_client.get(report_url(sequence)).content.decode()
    assert viewer_client.post(url, {"ab-winner": "B", "ab-metric": "clicked"}).status_code == 403
    response = marketer_client.post(url, {"ab-winner": "Z", "ab-metric": "clicked"}, follow=True)
    assert "Choose one of the variants." in response.content.decode()
    response = marketer_client.post(url, {"ab-winner": "B", "ab-metric": "clicked"}, follow=True)
    assert SplitDecision.objects.get().winner == "B"
    assert "Winner: B" in response.content.decode()
    not_a_split = reverse("nurturing:split_winner", args=[sequence.pk, 1, "a"])
    assert marketer_client.post(not_a_split).status_code == 404


def test_it_says_the_automatic_winner_keeps_waiting(db, viewer_client):
    split = {**SPLIT, "auto_winner": {"after_hours": 1, "metric": "clicked"}}
    sequence = ab_sequence(split=split)
    sent = timezone.now() - timedelta(hours=2)
    send(enrol(sequence, variant="A"), "a", at=sent)
    send(enrol(sequence, variant="B"), "b", at=sent)
    page = viewer_client.get(report_url(sequence)).content.decode()
    assert "has run long enough but is not significant yet: it keeps waiting" in page
    assert not SplitDecision.objects.exists()
