"""The buffer behind the tracking views: every open and click written, in batches."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fusee.contacts.models import Event, EventType
from fusee.contacts.tests.factories import ContactFactory
from fusee.nurturing import engagement
from fusee.nurturing.engagement import Engagement, EngagementBuffer
from fusee.nurturing.models import Message, MessageStatus
from fusee.nurturing.tests.factories import EmailFactory


def sent_message(*, sent_ago: timedelta = timedelta(hours=1), number: int = 1) -> Message:
    return Message.objects.create(
        email=EmailFactory.create(utm_campaign="spring"),
        contact=ContactFactory.create(),
        message_id=f"<m{number}@fusee.test>",
        status=MessageStatus.SENT,
        sent_at=timezone.now() - sent_ago,
    )


def click(message: Message, *, after: timedelta | None = None, agent_is_machine: bool = False) -> Engagement:
    assert message.sent_at is not None
    occurred_at = timezone.now() if after is None else message.sent_at + after
    return Engagement(
        message_pk=message.pk,
        kind=EventType.EMAIL_CLICKED,
        occurred_at=occurred_at,
        machine_agent=agent_is_machine,
        url="https://x.example/",
    )


def test_it_writes_a_burst_of_clicks_in_batches_with_a_few_queries(db):
    messages = [sent_message(number=n) for n in range(3)]
    buffer = EngagementBuffer(batch_size=500, background=False)
    for n in range(1_200):
        buffer.add(click(messages[n % 3]))
    with CaptureQueriesContext(connection) as queries:
        written = buffer.flush()
    assert written == 1_200 and Event.objects.filter(type=EventType.EMAIL_CLICKED).count() == 1_200
    assert buffer.pending() == 0
    # Per batch of 500: one read of its messages, one INSERT (three on SQLite, whose statements
    # take fewer parameters): a handful of statements, not one per click.
    assert len(queries) <= 3 * 4
    per_contact = Event.objects.values_list("contact_id").annotate(n=Count("id"))
    assert dict(per_contact) == {message.contact_id: 400 for message in messages}


def test_it_carries_the_messages_contact_campaign_and_message_id(db):
    message = sent_message()
    engagement.engagements_write(engagements=[click(message)])
    event = Event.objects.get(type=EventType.EMAIL_CLICKED)
    assert (event.contact_id, event.campaign) == (message.contact_id, "spring")
    assert event.properties == {"message": "<m1@fusee.test>", "machine": False, "url": "https://x.example/"}


def test_it_flags_by_the_time_between_delivery_and_the_click_whenever_it_is_written(db):
    message = sent_message(sent_ago=timedelta(days=2))  # the batch is written two days on
    engagement.engagements_write(
        engagements=[
            click(message, after=timedelta(seconds=3)),
            click(message, after=timedelta(hours=1)),
            click(message, after=timedelta(hours=1), agent_is_machine=True),
        ]
    )
    flags = list(Event.objects.order_by("pk").values_list("properties__machine", flat=True))
    assert flags == [True, False, True]


def test_it_drops_the_clicks_of_messages_deleted_since_and_keeps_the_others(db):
    kept, gone = sent_message(number=1), sent_message(number=2)
    buffer = EngagementBuffer(background=False)
    buffer.add(click(gone))
    buffer.add(click(kept))
    gone.delete()
    assert buffer.flush() == 1
    assert list(Event.objects.values_list("contact_id", flat=True)) == [kept.contact_id]


def test_it_keeps_a_batch_the_database_refused_and_writes_it_on_the_next_flush(db, monkeypatch):
    message = sent_message()
    buffer = EngagementBuffer(background=False)
    buffer.add(click(message))
    buffer.add(click(message))
    real_write = engagement.engagements_write

    def refused(**_kwargs: object) -> int:
        raise ConnectionError("database gone")

    monkeypatch.setattr(engagement, "engagements_write", refused)
    with pytest.raises(ConnectionError):
        buffer.flush()
    assert buffer.pending() == 2
    monkeypatch.setattr(engagement, "engagements_write", real_write)
    assert buffer.flush() == 2 and Event.objects.count() == 2


def test_it_writes_what_is_pending_when_it_stops(db):
    message = sent_message()
    buffer = EngagementBuffer(batch_size=500, flush_seconds=3600, background=False)
    for _ in range(3):
        buffer.add(click(message))
    assert Event.objects.count() == 0
    assert buffer.stop() == 3
    assert Event.objects.count() == 3


def test_it_flushes_the_process_buffer_at_exit(db, monkeypatch):
    message = sent_message()
    process_buffer = EngagementBuffer(background=False)
    monkeypatch.setattr(engagement, "buffer", process_buffer)
    engagement.record(click(message))
    engagement.flush_at_exit()  # what atexit calls
    assert Event.objects.count() == 1 and process_buffer.pending() == 0


def test_it_forgets_the_parents_pending_clicks_in_a_forked_child(db):
    message = sent_message()
    buffer = EngagementBuffer(background=False)
    buffer.add(click(message))
    buffer.forget()  # what runs in the child after os.fork: the parent writes these
    assert buffer.pending() == 0 and buffer.flush() == 0


@pytest.mark.django_db(transaction=True)
def test_it_writes_in_the_background_without_being_asked():
    """The thread has its own connection: the message must be committed for it to see."""
    message = sent_message()
    buffer = EngagementBuffer(batch_size=500, flush_seconds=0.05)
    try:
        for _ in range(3):
            buffer.add(click(message))
        deadline = time.monotonic() + 30  # a generous bound: this is not a timing assertion
        while Event.objects.count() < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert Event.objects.count() == 3 and buffer.pending() == 0
    finally:
        buffer.stop()
    assert Event.objects.count() == 3
