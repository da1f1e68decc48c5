"""A sending worker killed with SIGKILL mid-batch, with a real SMTP server and a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from fusee.contacts.tests.factories import ContactFactory
from fusee.nurturing.models import Message, MessageStatus
from fusee.nurturing.sending import SENDING_LEASE, messages_recover, messages_send
from fusee.nurturing.tests.test_sending import queued
from fusee.nurturing.transport.sink import SinkServer
from fusee.nurturing.transport.sink_reader import sink_messages
from fusee.nurturing.transport.smtp import SmtpUrl
from fusee.testing.databases import database_url

WORKER = """
import sys, django
django.setup()
from fusee.nurturing.sending import messages_send
from fusee.nurturing.transport.smtp import SmtpUrl
messages_send(message_ids=[int(i) for i in sys.argv[2].split(",")], url=SmtpUrl.parse(sys.argv[1]))
"""


def start_worker(url: str, ids: list[int]) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fusee.config.settings.production",
        "DATABASE_URL": database_url(),
        "FUSEE_DATA_DIR": str(settings.DATA_DIR),
        "FUSEE_LOG_LEVEL": "warning",
    }
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, url, ",".join(map(str, ids))],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def kill_after(worker: subprocess.Popen, sink: SinkServer, received: int) -> None:
    deadline = time.monotonic() + 60
    while sink.received < received:
        if worker.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"the worker ended or stalled: {worker.stdout.read().decode()[-2000:]}")
        time.sleep(0.005)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)


def test_it_delivers_everything_after_a_kill_and_duplicates_only_the_message_in_flight(
    transactional_db, tmp_path, caplog
):
    ids = queued(ContactFactory.create_batch(200))
    with SinkServer(directory=tmp_path / "sink") as sink:
        url = SmtpUrl.parse(sink.url)
        kill_after(start_worker(sink.url, ids), sink, received=40)
        assert sink.received < len(ids), "killed mid-batch"
        later = timezone.now() + SENDING_LEASE + timedelta(seconds=1)
        in_flight = messages_recover(now=later)
        messages_send(message_ids=ids, url=url, now=later)
        arrived = Counter(m.message_id for m in sink_messages(directory=sink.directory, limit=1000))
    expected = set(Message.objects.values_list("message_id", flat=True))
    assert set(arrived) == expected, "every (enrolment, step) reached the server"
    duplicates = [message_id for message_id, times in arrived.items() if times > 1]
    assert len(duplicates) <= 1, "at most the one message per connection that was in flight"
    assert set(duplicates) <= set(in_flight), "a duplicate is always one recovery flagged"
    assert all("possibly a duplicate" in caplog.text for _ in in_flight)
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}


def test_it_retries_while_the_server_is_down_and_loses_nothing(db, tmp_path):
    ids = queued(ContactFactory.create_batch(5))
    with SinkServer(directory=tmp_path / "first") as sink:
        port = sink.port
    url, now = SmtpUrl.parse(f"smtp://127.0.0.1:{port}"), timezone.now()
    down = messages_send(message_ids=ids, url=url, now=now)  # nobody listens on the port now
    assert (down.retry, down.sent) == (5, 0)
    with SinkServer(directory=tmp_path / "second", port=port) as sink:
        back = messages_send(message_ids=ids, url=url, now=now + timedelta(minutes=2))
        assert (back.sent, sink.received) == (5, 5)
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert set(Message.objects.values_list("attempts", flat=True)) == {2}
