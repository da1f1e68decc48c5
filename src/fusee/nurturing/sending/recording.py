"""What a server's answer does to a message, written in one transaction right after it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from fusee.contacts.models import Event, EventType, Suppression, email_hash
from fusee.contacts.services import apply_side_effects
from fusee.nurturing.models import Message, MessageStatus
from fusee.nurturing.preferences import UNSUBSCRIBE_LINK, contact_unsubscribe_all
from fusee.nurturing.transport.smtp import Outcome, SendResult, SmtpUrl, smtp_url_from_env

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8  # 4xx answers over about four hours of back-off, then a soft bounce
SENDING_LEASE = timedelta(minutes=15)
MAILSINK_URL = "smtp://127.0.0.1:1025"


# The common case on PostgreSQL in one statement, hence one round trip and one commit: the
# message sent, its EMAIL_SENT event, the next message stamped as handed to the server.
SENT_SQL = f"""
WITH sent AS (
    UPDATE {Message._meta.db_table} SET status = 'sent', smtp_code = %(code)s, smtp_reply = %(reply)s,
        claimed_by = '', handed_at = NULL, sent_at = %(now)s
    WHERE id = %(message)s
), handed AS (
    UPDATE {Message._meta.db_table} SET handed_at = %(handed)s WHERE id = %(next)s
)
INSERT INTO {Event._meta.db_table} (contact_id, type, occurred_at, campaign, properties)
VALUES (%(contact)s, '{EventType.EMAIL_SENT.value}', %(now)s, %(campaign)s, %(properties)s::jsonb)
"""  # noqa: S608 (table names from the models; every value a parameter)


def answer_record(message: Message, result: SendResult, *, now: datetime, next_pk: int | None) -> str:
    """Record the answer and stamp the next message `handed_at`, in one commit."""
    if result.outcome == Outcome.ACCEPTED and connection.vendor == "postgresql":
        return sent_record(message, result, now=now, next_pk=next_pk)
    with transaction.atomic():
        status = message_answer(message, result, now)
        if next_pk is not None:
            handed_mark(next_pk)
    return status


def sent_record(message: Message, result: SendResult, *, now: datetime, next_pk: int | None) -> str:
    values = {
        "message": message.pk,
        "code": result.code,
        "reply": result.text[:500],
        "now": now,
        "next": next_pk,
        "handed": timezone.now(),
        "contact": message.contact_id,
        "campaign": message.email.utm_campaign,
        "properties": json.dumps({"message": message.message_id}),
    }
    with connection.cursor() as cursor:
        cursor.execute(SENT_SQL, values)
    return str(MessageStatus.SENT)


@contextmanager
def commits_without_waiting_for_disk() -> Iterator[None]:
    """On PostgreSQL, commits return before their WAL is flushed, for the time of a batch.

    A worker killed at any point loses nothing (the server has the commit); only a crash of the
    database server itself within a fraction of a second could forget the last answers, and
    then resend those messages. Waiting for the flush after each message would cost more than
    building it.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def handed_mark(message_pk: int) -> None:
    Message.objects.filter(pk=message_pk).update(handed_at=timezone.now())


def message_answer(message: Message, result: SendResult, now: datetime) -> str:
    reply = result.text[:500]
    if result.outcome == Outcome.ACCEPTED:
        Event.objects.create(
            contact=message.contact,
            type=EventType.EMAIL_SENT,
            occurred_at=now,
            campaign=message.email.utm_campaign,
            properties={"message": message.message_id},
        )
        return message_record(message, MessageStatus.SENT, code=result.code, reply=reply, now=now)
    if result.outcome == Outcome.BOUNCE and result.stage == "mail":
        # The server refused our sender address (or cannot take this one): not the contact's fault.
        return message_record(message, MessageStatus.REFUSED, code=result.code, reply=reply, now=now)
    if result.outcome == Outcome.BOUNCE:
        bounce_record(message, now)
        return message_record(message, MessageStatus.BOUNCED, code=result.code, reply=reply, now=now)
    if result.outcome == Outcome.UNKNOWN:
        logger.warning(
            "connection lost after the data: sending again, possibly a duplicate",
            extra={"message_id": message.message_id},
        )
    if message.attempts >= MAX_ATTEMPTS:
        return message_record(
            message, MessageStatus.BOUNCED, code=result.code, reply=f"gave up: {reply}", now=now
        )
    message.next_attempt_at = now + message.retry_delay()
    return message_record(message, MessageStatus.RETRY, code=result.code, reply=reply, now=now)


def bounce_record(message: Message, now: datetime) -> None:
    """A hard bounce: the address is never mailed again (flag, event, suppression list)."""
    event = Event.objects.create(
        contact=message.contact,
        type=EventType.EMAIL_BOUNCED,
        occurred_at=now,
        campaign=message.email.utm_campaign,
        properties={"message": message.message_id, "hard": True},
    )
    apply_side_effects([event])
    Suppression.objects.get_or_create(
        email_hash=email_hash(message.contact.email), defaults={"reason": "hard_bounce"}
    )


def message_record(
    message: Message, status: MessageStatus, *, now: datetime, code: int | None = None, reply: str = ""
) -> str:
    message.status, message.smtp_code, message.smtp_reply = status, code, reply
    message.claimed_by, message.handed_at = "", None
    if status == MessageStatus.SENT:
        message.sent_at = now
    fields = ["status", "smtp_code", "smtp_reply", "claimed_by", "handed_at", "sent_at", "next_attempt_at"]
    message.save(update_fields=fields)
    return str(status)


def message_defer(message: Message, *, until: datetime, reason: str) -> str:
    """Back in the queue until `until`, without counting the claim as a failed attempt."""
    message.status, message.next_attempt_at, message.smtp_reply = MessageStatus.RETRY, until, reason[:500]
    message.attempts = max(message.attempts - 1, 0)
    message.claimed_by, message.handed_at = "", None
    fields = ["status", "next_attempt_at", "smtp_reply", "attempts", "claimed_by", "handed_at"]
    message.save(update_fields=fields)
    return "deferred"


def messages_recover(*, now: datetime | None = None) -> list[str]:
    """Queue again what a dead worker left `sending`; the Message-IDs of those it had already
    handed to the server (possible duplicates, each logged)."""
    now = now or timezone.now()
    stuck = Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=now - SENDING_LEASE)
    in_flight = list(stuck.filter(handed_at__isnull=False).values_list("message_id", flat=True))
    stuck.update(status=MessageStatus.RETRY, next_attempt_at=now, claimed_by="", handed_at=None)
    for message_id in in_flight:
        logger.warning(
            "worker died while sending: sending again, possibly a duplicate", extra={"message_id": message_id}
        )
    return in_flight


def smtp_url() -> SmtpUrl:
    """FUSEE_SMTP_URL, else the built-in mail sink (`fusee mailsink`) on its default port."""
    return smtp_url_from_env() or SmtpUrl.parse(MAILSINK_URL)


def retries_due(*, now: datetime) -> list[int]:
    due = Message.objects.filter(status=MessageStatus.RETRY, next_attempt_at__lte=now)
    return list(due.values_list("pk", flat=True)[:5000])


def contact_unsubscribe(*, message: Message) -> None:
    """From the link in an email or a mail client's one-click POST (RFC 8058): stop all mail to
    this contact, as the preference centre does (event and consent withdrawal), naming the email."""
    contact_unsubscribe_all(
        contact=message.contact,
        via=UNSUBSCRIBE_LINK,
        campaign=message.email.utm_campaign,
        properties={"message": message.message_id},
    )
