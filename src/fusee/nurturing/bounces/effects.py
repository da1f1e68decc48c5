"""What a bounce, a complaint, an unsubscribe or a delivery reported after sending does.

Used by the bounce mailbox (DSN and ARF reports) and by the email provider's webhooks. Each
report is applied once: its key (the report's Message-ID, the provider's event id) is kept in
the event's properties as `notice`, so a mailbox read twice or a webhook delivered twice
changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from fusee.contacts.models import (
    ConsentAction,
    Contact,
    Event,
    EventType,
    LegalBasis,
    Suppression,
    email_hash,
)
from fusee.contacts.services import apply_side_effects, consent_record
from fusee.nurturing.models import Message, MessageStatus


@dataclass(frozen=True)
class Target:
    """Who the report is about: our message when it could be found, else only the contact."""

    contact: Contact
    message: Message | None = None

    @property
    def message_id(self) -> str:
        return self.message.message_id if self.message else ""

    @property
    def campaign(self) -> str:
        return self.message.email.utm_campaign if self.message else ""


@dataclass(frozen=True)
class Origin:
    source: str  # "dsn", "arf", or "provider" for the provider's webhooks
    key: str  # identifies the report itself: applied once
    status: str = ""  # the enhanced status code, e.g. 5.1.1
    detail: str = ""  # the receiving server's words


def target_find(*, message_id: str, recipient: str) -> Target | None:
    """Our Message by its Message-ID, else the contact with that address."""
    if message_id:
        message = Message.objects.select_related("contact", "email").filter(message_id=message_id).first()
        if message is not None:
            return Target(contact=message.contact, message=message)
    if recipient:
        contact = Contact.objects.filter(email=recipient.strip().lower()).first()
        if contact is not None:
            return Target(contact=contact)
    return None


@transaction.atomic
def bounce_hard_record(*, target: Target, origin: Origin, now: datetime) -> bool:
    """Never mail this address again, as when the server refuses it while sending.
    False when this report was applied before."""
    if recorded(target, EventType.EMAIL_BOUNCED, origin):
        return False
    if target.message is not None:
        Message.objects.filter(pk=target.message.pk, status=MessageStatus.SENT).update(
            status=MessageStatus.BOUNCED
        )
    apply_side_effects([event_create(target, EventType.EMAIL_BOUNCED, origin, now, hard=True)])
    suppress(target.contact, "hard_bounce")
    return True


@transaction.atomic
def bounce_soft_record(*, target: Target, origin: Origin, now: datetime) -> bool:
    """Recorded only: a full mailbox or a delay is no reason to stop mailing."""
    if recorded(target, EventType.EMAIL_BOUNCED, origin):
        return False
    event_create(target, EventType.EMAIL_BOUNCED, origin, now, hard=False)
    return True


@transaction.atomic
def complaint_record(*, target: Target, origin: Origin, now: datetime) -> bool:
    """Marked as spam: unsubscribed (as from the link in the email) and suppressed."""
    applied = unsubscribe_record(target=target, origin=origin, now=now, complaint=True)
    _, created = suppress(target.contact, "complaint")
    return applied or created


@transaction.atomic
def unsubscribe_record(*, target: Target, origin: Origin, now: datetime, complaint: bool = False) -> bool:
    """The semantics of the unsubscribe link: one event, then no more mail."""
    if target.contact.unsubscribed or recorded(target, EventType.EMAIL_UNSUBSCRIBED, origin):
        return False
    extra = {"complaint": True} if complaint else {}
    apply_side_effects([event_create(target, EventType.EMAIL_UNSUBSCRIBED, origin, now, **extra)])
    consent_withdraw(target.contact, method=f"{origin.source} {'complaint' if complaint else 'unsubscribe'}")
    return True


def consent_withdraw(contact: Contact, *, method: str) -> None:
    """The consent log says why mail stopped, as it does for the unsubscribe link."""
    contact.refresh_from_db()  # consent_record saves the whole row: start from the stored one
    basis, withdrawn = LegalBasis(contact.legal_basis), ConsentAction.WITHDRAWN
    consent_record(actor=None, contact=contact, action=withdrawn, legal_basis=basis, method=method)


@transaction.atomic
def delivery_record(*, target: Target, origin: Origin, now: datetime) -> bool:
    if recorded(target, EventType.EMAIL_DELIVERED, origin):
        return False
    event_create(target, EventType.EMAIL_DELIVERED, origin, now)
    return True


def recorded(target: Target, event_type: EventType, origin: Origin) -> bool:
    events = target.contact.events.filter(type=event_type)
    return events.filter(properties__notice=origin.key).exists()


def event_create(target: Target, event_type: EventType, origin: Origin, now: datetime, **extra: Any) -> Event:
    properties: dict[str, Any] = {"message": target.message_id, **extra, "source": origin.source}
    properties["notice"] = origin.key
    if origin.status:
        properties["status"] = origin.status
    if origin.detail:
        properties["detail"] = origin.detail[:300]
    return Event.objects.create(
        contact=target.contact,
        type=event_type,
        occurred_at=now,
        campaign=target.campaign,
        properties=properties,
    )


def suppress(contact: Contact, reason: str) -> tuple[Suppression, bool]:
    hashed = email_hash(contact.email)
    return Suppression.objects.get_or_create(email_hash=hashed, defaults={"reason": reason})
