"""A batch on one connection: build the next message while the server takes the current one."""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from fusee.contacts.models import Suppression
from fusee.core.jobs.runner import WORKER_NAME
from fusee.nurturing.models import Message, MessageStatus
from fusee.nurturing.preferences import last_sent_for, preferences_for
from fusee.nurturing.sending import preparing
from fusee.nurturing.sending.preparing import Batch, refusal
from fusee.nurturing.sending.recording import (
    answer_record,
    commits_without_waiting_for_disk,
    handed_mark,
    message_defer,
    message_record,
)
from fusee.nurturing.transport.provider import ProviderSender
from fusee.nurturing.transport.ratelimit import RateLimiter
from fusee.nurturing.transport.smtp import SendResult, SmtpSender, SmtpUrl

logger = logging.getLogger(__name__)
MAX_PACE_WAIT = 5.0  # seconds a worker may sleep for the rate limits before putting a message back
PACE_DEFERRAL = timedelta(minutes=1)
# How long the building thread may keep the GIL while the SMTP thread waits for it: with Python's
# 5 ms default, the server's answers sit unread while a whole message is built (~1 ms), so the
# conversation with the server barely overlapped the building.
SMTP_THREAD_SWITCH_INTERVAL = 0.0002
Sender = SmtpSender | ProviderSender


@dataclass
class SendReport:
    sent: int = 0
    retry: int = 0
    bounced: int = 0
    refused: int = 0
    deferred: int = 0  # back in the queue for later: the contact's frequency cap, the rate limits
    skipped: int = 0  # claimed by someone else, or already final

    def count(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)


def messages_claim(*, message_ids: list[int], now: datetime) -> list[int]:
    """Move the sendable ones to `sending`; a message only one worker can ever claim."""
    claimable = Message.objects.filter(pk__in=message_ids).filter(
        Q(status=MessageStatus.QUEUED) | Q(status=MessageStatus.RETRY, next_attempt_at__lte=now)
    )
    with transaction.atomic():
        ids = list(claimable.select_for_update(skip_locked=True).values_list("pk", flat=True))
        Message.objects.filter(pk__in=ids).update(
            status=MessageStatus.SENDING, claimed_by=WORKER_NAME, claimed_at=now, attempts=F("attempts") + 1
        )
    return ids


def messages_send(*, message_ids: list[int], url: SmtpUrl, now: datetime | None = None) -> SendReport:
    now = now or timezone.now()
    report = SendReport()
    claimed = messages_claim(message_ids=message_ids, now=now)
    report.skipped = len(set(message_ids)) - len(claimed)
    messages = list(
        Message.objects.filter(pk__in=claimed)
        .select_related("contact__company", "email")
        .prefetch_related("email__contents")
        .order_by("pk")
    )
    contact_ids = [message.contact_id for message in messages]
    batch = Batch(
        suppressed=Suppression.among([message.contact.email for message in messages]),
        preferences=preferences_for(contact_ids),
        last_sent=last_sent_for(contact_ids),
    )
    with (
        commits_without_waiting_for_disk(),
        responsive_smtp_thread(),
        sender_open(url) as sender,
        ThreadPoolExecutor(1, thread_name_prefix="smtp") as smtp,
    ):
        Pipeline(sender=sender, smtp=smtp, batch=batch, now=now, report=report, pace=pace()).run(messages)
    return report


_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.0


@contextlib.contextmanager
def responsive_smtp_thread() -> Iterator[None]:
    """A short GIL switch interval while batches run, the previous one back after the last.

    The SMTP thread needs the GIL for a moment at each of the server's answers (four a message);
    the building thread holds it for the whole ~1 ms of a build and, by default, gives it up
    only every 5 ms.
    """
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_saved, SMTP_THREAD_SWITCH_INTERVAL))
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)


def sender_open(url: SmtpUrl) -> Sender:
    """The provider's API when FUSEE_EMAIL_PROVIDER is set, else the SMTP server."""
    return ProviderSender() if settings.FUSEE_EMAIL_PROVIDER else SmtpSender(url=url)


@functools.cache
def pace() -> RateLimiter | None:
    """This process's rate limits (FUSEE_SEND_RATE, FUSEE_SEND_RATE_PER_DOMAIN), shared by its batches."""
    overall, per_domain = settings.FUSEE_SEND_RATE, settings.FUSEE_SEND_RATE_PER_DOMAIN
    if overall is None and per_domain is None:
        return None
    return RateLimiter(per_second=overall, per_domain_per_second=per_domain)


@dataclass
class Pipeline:
    """At most one message in the server's hands without its answer recorded (see the package)."""

    sender: Sender
    smtp: ThreadPoolExecutor
    batch: Batch
    now: datetime
    report: SendReport
    pace: RateLimiter | None = None
    in_flight: tuple[Message, Future[SendResult]] | None = None

    def run(self, messages: list[Message]) -> None:
        for message in messages:
            raw = self.built(message)  # while the server takes the message before it
            if raw is not None and self.paced(message):
                self.settle(next_pk=message.pk)
                self.hand(message, raw)
        self.settle(next_pk=None)

    def built(self, message: Message) -> bytes | None:
        """The message's bytes, or None when it must not go now (what happened is recorded)."""
        if reason := refusal(message.contact, self.batch.suppressed) or self.batch.refusal_by_choice(message):
            self.report.count(message_record(message, MessageStatus.REFUSED, reply=reason, now=self.now))
            return None
        if held_until := self.batch.held_by_frequency(message, self.now):
            reason = self.batch.frequency_reason(message)
            self.report.count(message_defer(message, until=held_until, reason=reason))
            return None
        try:
            return preparing.message_build(message, self.batch)
        except Exception as error:  # a broken template must not stop the batch
            logger.exception("message could not be built", extra={"message_id": message.message_id})
            reply = f"cannot build: {error}"[:500]
            self.report.count(message_record(message, MessageStatus.REFUSED, reply=reply, now=self.now))
            return None

    def paced(self, message: Message) -> bool:
        """Wait for the rate limits' slot, or put the message back when it is too far away."""
        if self.pace is None:
            return True
        delay = self.pace.reserve(recipient=message.contact.email, max_wait=MAX_PACE_WAIT)
        if delay is None:
            until = timezone.now() + PACE_DEFERRAL
            self.report.count(message_defer(message, until=until, reason="rate limit: sent later"))
            return False
        if delay > 0:
            time.sleep(delay)
        return True

    def settle(self, *, next_pk: int | None) -> None:
        """Wait for the answer in flight and record it; stamp the next message as handed."""
        if self.in_flight is None:
            if next_pk is not None:
                handed_mark(next_pk)
            return
        message, answer = self.in_flight
        self.in_flight = None
        status = answer_record(message, answer.result(), now=self.now, next_pk=next_pk)
        if status == MessageStatus.SENT:
            self.batch.last_sent[message.contact_id] = self.now
        self.report.count(status)

    def hand(self, message: Message, raw: bytes) -> None:
        recipients, sender = [message.contact.email], message.email.from_email
        future = self.smtp.submit(self.sender.send, message=raw, sender=sender, recipients=recipients)
        self.in_flight = (message, future)
