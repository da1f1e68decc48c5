"""Send queued messages over one SMTP connection per batch, recording each answer at once.

Order of writes, so that nothing is lost and nothing is sent twice: a batch is claimed
(queued/retry → sending, one UPDATE), then each message is built, stamped `handed_at`, handed
to the server, and its row updated right after the server's answer. A worker that dies
leaves rows in `sending`: recovery queues them again. Those without `handed_at` never left;
the one with it (at most one per SMTP connection) may have been delivered, so it is logged as
a possible duplicate: SMTP cannot tell us whether the server kept it. A connection lost after
the data is the same case.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from fusee.contacts.models import Contact, Event, EventType, Suppression, email_hash
from fusee.contacts.services import apply_side_effects
from fusee.core.jobs.runner import WORKER_NAME
from fusee.core.models import Workspace
from fusee.nurturing.links import unsubscribe_url
from fusee.nurturing.mail.building import BrandLayout, OutgoingEmail, build_message, markdown_to_html
from fusee.nurturing.mail.dkim import DkimSigner
from fusee.nurturing.mail.templating import CompiledTemplate, compile_template
from fusee.nurturing.models import BodyFormat, EmailContent, Message, MessageStatus
from fusee.nurturing.tracking import click_url, open_url
from fusee.nurturing.transport.smtp import Outcome, SendResult, SmtpSender, SmtpUrl, smtp_url_from_env

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8  # 4xx answers over about four hours of back-off, then a soft bounce
SENDING_LEASE = timedelta(minutes=15)
MAILSINK_URL = "smtp://127.0.0.1:1025"


@dataclass
class SendReport:
    sent: int = 0
    retry: int = 0
    bounced: int = 0
    refused: int = 0
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
    )
    batch = Batch(suppressed=Suppression.among([message.contact.email for message in messages]))
    with SmtpSender(url=url) as sender:
        for message in messages:
            report.count(message_send(message, sender, batch, now))
    return report


def dkim_signer() -> DkimSigner | None:
    """The workspace's DKIM key when FUSEE_DKIM_* are set (read once per batch)."""
    config = settings.FUSEE_DKIM
    if config is None:
        return None
    key = config.key_file.read_bytes()
    return DkimSigner(domain=config.domain, selector=config.selector, private_key_pem=key)


@dataclass
class Batch:
    """What a batch builds once: compiled templates per content, the brand layout."""

    suppressed: set[str] = field(default_factory=set)
    signer: DkimSigner | None = field(default_factory=lambda: dkim_signer())
    templates: dict[tuple[int, str], CompiledTemplate] = field(default_factory=dict)
    layout: BrandLayout | None = None

    def subject(self, content: EmailContent) -> CompiledTemplate:
        key = (content.pk, "subject")
        if key not in self.templates:
            self.templates[key] = compile_template(content.subject, html=False)
        return self.templates[key]

    def body(self, content: EmailContent) -> CompiledTemplate:
        """Markdown becomes HTML once per content, not once per message."""
        key = (content.pk, "body")
        if key not in self.templates:
            self.templates[key] = compile_template(body_source(content), html=True)
        return self.templates[key]

    def brand(self) -> BrandLayout:
        if self.layout is None:
            workspace = Workspace.current()
            footer = workspace.postal_address.strip() or workspace.name
            self.layout = BrandLayout(
                name=workspace.name, primary_colour=workspace.brand_color, footer_text=footer
            )
        return self.layout


def message_send(message: Message, sender: SmtpSender, batch: Batch, now: datetime) -> str:
    if reason := refusal(message.contact, batch.suppressed):
        return message_record(message, MessageStatus.REFUSED, reply=reason, now=now)
    try:
        raw = message_build(message, batch)
    except Exception as error:  # a broken template must not stop the batch
        logger.exception("message could not be built", extra={"message_id": message.message_id})
        return message_record(message, MessageStatus.REFUSED, reply=f"cannot build: {error}"[:500], now=now)
    message.handed_at = timezone.now()
    Message.objects.filter(pk=message.pk).update(handed_at=message.handed_at)
    result = sender.send(message=raw, sender=message.email.from_email, recipients=[message.contact.email])
    return message_answer(message, result, now)


def refusal(contact: Contact, suppressed: set[str]) -> str:
    """Why this contact must not get marketing email now, or ""."""
    if contact.unsubscribed:
        return "unsubscribed"
    if contact.bounced:
        return "address bounced"
    if not contact.can_be_emailed:
        return "no consent or legitimate interest recorded"
    if contact.email in suppressed:
        return "address on the suppression list"
    return ""


def message_build(message: Message, batch: Batch) -> bytes:
    content = message.email.content_for(message.contact.language)
    if content is None:
        raise ValueError(
            f"{message.email}: no content in {message.contact.language} nor the default language"
        )
    context = personalisation(message.contact)
    with translation.override(content.language):
        subject = batch.subject(content).render(context)
        body = batch.body(content).render(context)
    raw = build_message(
        email=outgoing(message, content, subject.strip(), body),
        layout=batch.brand(),
        link_rewriter=lambda link: click_url(message.pk, link),
    )
    return batch.signer.sign(raw) if batch.signer else raw


def body_source(content: EmailContent) -> str:
    return markdown_to_html(content.body) if content.body_format == BodyFormat.MARKDOWN else content.body


def personalisation(contact: Contact) -> dict[str, Any]:
    company = contact.company
    fields = ("first_name", "last_name", "email", "job_title", "country", "language", "lifecycle")
    return {
        "contact": {
            **{name: getattr(contact, name) for name in fields},
            "custom": dict(contact.custom or {}),
        },
        "company": {"name": company.name, "domain": company.domain, "industry": company.industry}
        if company
        else {},
    }


def outgoing(message: Message, content: EmailContent, subject: str, body: str) -> OutgoingEmail:
    email, contact = message.email, message.contact
    return OutgoingEmail(
        message_id=message.message_id,
        from_name=email.from_name,
        from_address=email.from_email,
        to_address=contact.email,
        to_name=contact.full_name,
        reply_to=email.reply_to,
        subject=subject,
        html_body=body,
        preheader=content.preheader,
        language=content.language,
        unsubscribe_url=unsubscribe_url(message.pk),
        unsubscribe_mailto=email.from_email,
        utm_campaign=email.utm_campaign or email.name,
        open_pixel_url=open_url(message.pk),
    )


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
    """From the link in an email: stop all mail to this contact, recorded as an event."""
    if message.contact.unsubscribed:
        return
    event = Event.objects.create(
        contact=message.contact,
        type=EventType.EMAIL_UNSUBSCRIBED,
        occurred_at=timezone.now(),
        campaign=message.email.utm_campaign,
        properties={"message": message.message_id},
    )
    apply_side_effects([event])
