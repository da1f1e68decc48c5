"""Two Celery worker processes on Redis share a sequence's sends: none twice, none lost."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from fusee.contacts.tests.factories import ContactFactory
from fusee.core.models import Job
from fusee.nurturing.models import Message, MessageStatus
from fusee.nurturing.scheduler import tick
from fusee.nurturing.services import contact_enrol
from fusee.nurturing.tests.factories import email_with_content, live_sequence
from fusee.nurturing.transport.sink import SinkServer
from fusee.nurturing.transport.sink_reader import sink_messages
from fusee.testing.processes import jobs_wait, start_celery_worker

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def test_it_sends_each_message_exactly_once_with_two_workers(broker, tmp_path):
    sequence = live_sequence([{"key": "hello", "kind": "send", "email": email_with_content()}])
    due = timezone.now() - timedelta(minutes=1)
    for contact in ContactFactory.create_batch(120):
        contact_enrol(actor=None, sequence=sequence, contact=contact, now=due)
    with SinkServer(directory=tmp_path / "sink") as sink:
        workers = [start_celery_worker(broker, name, FUSEE_SMTP_URL=sink.url) for name in ("one", "two")]
        try:
            assert tick(batch=10) == 120
            jobs_wait(
                list(Job.objects.filter(name="nurturing.run_steps").values_list("pk", flat=True)),
                workers,
                seconds=60,
            )
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(10)
        arrived = Counter(m.message_id for m in sink_messages(directory=sink.directory, limit=1000))
    assert set(arrived) == set(Message.objects.values_list("message_id", flat=True))
    assert len(arrived) == 120 and max(arrived.values()) == 1
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert len(set(Job.objects.values_list("worker", flat=True))) == 2  # both took a share
