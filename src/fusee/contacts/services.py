"""Writes on single contacts and their events (the importer has its own bulk path)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from fusee.contacts.models import (
    ConsentAction,
    ConsentRecord,
    Contact,
    Event,
    EventType,
    LegalBasis,
    Suppression,
)
from fusee.core.errors import DomainError
from fusee.core.models import User
from fusee.core.services import apply_changes, audit_record
from fusee.webhooks.contact_events import contact_events_emit

CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "job_title",
    "job_function",
    "seniority",
    "phone",
    "language",
    "country",
    "time_zone",
    "company",
    "owner",
    "lifecycle",
    "maturity",
    "source",
    "custom",
)


def email_normalise(raw: str) -> str:
    email = (raw or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(f'email: "{raw}" is not a valid address') from None
    return email


def refuse_suppressed(email: str) -> None:
    if Suppression.covers(email):
        raise DomainError(f"email: {email} is on the suppression list and cannot be added again")


@transaction.atomic
def contact_create(*, actor: User | None, email: str, **values: Any) -> Contact:
    email = email_normalise(email)
    refuse_suppressed(email)
    if Contact.objects.filter(email=email).exists():
        raise DomainError(f"email: a contact with {email} already exists")
    contact = Contact(email=email)
    apply_changes(contact, values, CONTACT_FIELDS)
    contact.full_clean(exclude=["company", "owner"])
    contact.save()
    audit_record(actor=actor, action="contact.created", target=contact)
    return contact


@transaction.atomic
def contact_update(*, actor: User | None, contact: Contact, **values: Any) -> Contact:
    changes = apply_changes(contact, values, CONTACT_FIELDS)
    if changes:
        contact.full_clean(exclude=["company", "owner"])
        contact.updated_at = timezone.now()
        contact.save()
        audit_record(actor=actor, action="contact.updated", target=contact, changes=changes)
    return contact


def contact_upsert(*, actor: User | None, email: str, **values: Any) -> tuple[Contact, bool]:
    """Create the contact, or update the one with this email; returns (contact, created)."""
    existing = Contact.objects.filter(email=email_normalise(email)).first()
    if existing is None:
        return contact_create(actor=actor, email=email, **values), True
    return contact_update(actor=actor, contact=existing, **values), False


@dataclass(frozen=True)
class EventInput:
    email: str
    type: str
    occurred_at: datetime | None = None
    campaign: str = ""
    properties: dict[str, Any] | None = None


@transaction.atomic
def events_ingest(*, events: Iterable[EventInput]) -> list[Event]:
    """Record a batch of events for known contacts, then rescore just those contacts."""
    batch = list(events)
    by_email = contacts_by_email({e.email.strip().lower() for e in batch})
    rows = [event_row(item, by_email, index) for index, item in enumerate(batch)]
    created = Event.objects.bulk_create(rows, batch_size=2000)
    apply_side_effects(created)
    rescore({row.contact_id for row in created})
    return created


def contacts_by_email(emails: set[str]) -> dict[str, int]:
    return dict(Contact.objects.filter(email__in=emails).values_list("email", "pk"))


def event_row(item: EventInput, by_email: dict[str, int], index: int) -> Event:
    contact_id = by_email.get(item.email.strip().lower())
    if contact_id is None:
        raise DomainError(f"events[{index}].email: no contact with {item.email}")
    if item.type not in EventType.values:
        raise DomainError(f'events[{index}].type: "{item.type}" is not an event type')
    return Event(
        contact_id=contact_id,
        type=item.type,
        occurred_at=item.occurred_at or timezone.now(),
        campaign=item.campaign,
        properties=item.properties or {},
    )


def apply_side_effects(events: list[Event]) -> None:
    """Unsubscribes and hard bounces stop all mail at once."""
    now = timezone.now()
    unsubscribed = [e.contact_id for e in events if e.type == EventType.EMAIL_UNSUBSCRIBED]
    bounced = [
        e.contact_id
        for e in events
        if e.type == EventType.EMAIL_BOUNCED and (e.properties or {}).get("hard", True)
    ]
    newly_unsubscribed = set(
        Contact.objects.filter(pk__in=unsubscribed, unsubscribed=False).values_list("pk", flat=True)
    )
    newly_bounced = set(Contact.objects.filter(pk__in=bounced, bounced=False).values_list("pk", flat=True))
    Contact.objects.filter(pk__in=newly_unsubscribed, unsubscribed=False).update(
        unsubscribed=True, unsubscribed_at=now
    )
    Contact.objects.filter(pk__in=bounced).update(bounced=True)
    contact_events_emit(events=events, unsubscribed=newly_unsubscribed, bounced=newly_bounced)


def rescore(contact_ids: set[int]) -> None:
    if not contact_ids:
        return
    from fusee.scoring.services import contacts_rescore

    contacts_rescore(contact_ids=sorted(contact_ids))


@transaction.atomic
def consent_record(
    *,
    actor: User | None,
    contact: Contact,
    action: ConsentAction,
    legal_basis: LegalBasis,
    method: str = "",
    proof: str = "",
) -> ConsentRecord:
    """Log a grant, withdrawal or refusal, and keep the contact's current basis in step."""
    record = ConsentRecord.objects.create(
        contact=contact,
        action=action,
        legal_basis=legal_basis,
        method=method,
        proof=proof,
        actor_label=actor.email if actor else "system",
    )
    if action == ConsentAction.GRANTED:
        contact.legal_basis, contact.consent_at = legal_basis, record.at
        contact.consent_method, contact.consent_proof = method, proof
    elif action == ConsentAction.WITHDRAWN:
        contact.legal_basis, contact.unsubscribed, contact.unsubscribed_at = LegalBasis.NONE, True, record.at
    contact.save()
    return record
