"""GDPR: export everything held on one contact; erase a contact for good."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from fusee.contacts.models import Contact, Suppression, email_hash
from fusee.core.models import AuditEntry, User
from fusee.core.services import audit_record

# Other apps that keep their own copy of a contact's data (a form submission made before the
# contact existed) register here how to erase it; contacts does not know those apps.
ERASERS: list[Callable[[Contact], None]] = []

PERSONAL_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "job_title",
    "job_function",
    "seniority",
    "phone",
    "language",
    "country",
    "time_zone",
    "lifecycle",
    "maturity",
    "source",
    "legal_basis",
    "consent_at",
    "consent_method",
    "consent_proof",
    "unsubscribed",
    "unsubscribed_at",
    "bounced",
    "score",
    "fit_score",
    "behaviour_score",
    "custom",
    "created_at",
    "updated_at",
)


def contact_personal_data(*, contact: Contact) -> dict[str, Any]:
    """Everything we hold on the contact, as JSON-ready data (right of access)."""
    data: dict[str, Any] = {field: jsonable(getattr(contact, field)) for field in PERSONAL_FIELDS}
    data["company"] = company_data(contact)
    data["owner"] = contact.owner.email if contact.owner else None
    data["events"] = [
        {
            "type": e.type,
            "occurred_at": e.occurred_at.isoformat(),
            "campaign": e.campaign,
            "properties": e.properties,
        }
        for e in contact.events.order_by("occurred_at", "id")
    ]
    data["consent_log"] = [
        {
            "action": r.action,
            "legal_basis": r.legal_basis,
            "method": r.method,
            "proof": r.proof,
            "at": r.at.isoformat(),
            "by": r.actor_label,
        }
        for r in contact.consent_log.order_by("at", "id")
    ]
    data["exported_at"] = timezone.now().isoformat()
    return data


def company_data(contact: Contact) -> dict[str, Any] | None:
    company = contact.company
    if company is None:
        return None
    return {"name": company.name, "domain": company.domain, "country": company.country}


def jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def contact_erase(*, actor: User | None, contact: Contact) -> None:
    """Right to erasure: delete the contact and its history; keep only a hash of the address
    on the suppression list so that it is never imported or mailed again."""
    Suppression.objects.get_or_create(email_hash=email_hash(contact.email), defaults={"reason": "erased"})
    audit_record(actor=actor, action="contact.erased", target=contact)
    # The audit log keeps that it happened, not who it was: scrub names and old values.
    AuditEntry.objects.filter(target_type="contacts.contact", target_id=str(contact.pk)).update(
        target_label=f"contact #{contact.pk}", changes={}
    )
    for erase in ERASERS:
        erase(contact)
    contact.delete()
