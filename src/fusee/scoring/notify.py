"""Tell sales about new MQLs: one email per owner, one `contact.mql` webhook event per contact."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fusee.contacts.models import Contact
from fusee.core.models import User
from fusee.webhooks.models import EventKind
from fusee.webhooks.services import webhooks_emit_many

logger = logging.getLogger(__name__)
LISTED_PER_EMAIL = 50
CHUNK = 5000


def mql_notify(*, contact_ids: list[int]) -> None:
    contacts = new_mqls(contact_ids)
    by_owner: dict[User, list[Contact]] = defaultdict(list)
    for contact in contacts:
        if contact.owner is not None and contact.owner.is_active:
            by_owner[contact.owner].append(contact)
    for owner, theirs in by_owner.items():
        owner_email(owner, theirs)
    # Signed, retried deliveries to every endpoint subscribed to contact.mql (including the
    # scoring settings' MQL webhook URL, kept as such an endpoint).
    webhooks_emit_many(kind=EventKind.CONTACT_MQL, payloads=[webhook_row(contact) for contact in contacts])


def new_mqls(contact_ids: list[int]) -> list[Contact]:
    contacts: list[Contact] = []
    for start in range(0, len(contact_ids), CHUNK):
        chunk = contact_ids[start : start + CHUNK]
        contacts += Contact.objects.filter(pk__in=chunk).select_related("owner", "company").order_by("-score")
    return contacts


def owner_email(owner: User, contacts: list[Contact]) -> None:
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        subject = ngettext(
            "%(n)d new MQL for you", "%(n)d new MQLs for you", len(contacts)
        ) % {"n": len(contacts)}
        lines = [contact_line(c) for c in contacts[:LISTED_PER_EMAIL]]
        if len(contacts) > LISTED_PER_EMAIL:
            lines.append(_("…and %(n)d more.") % {"n": len(contacts) - LISTED_PER_EMAIL})
        body = "\n".join([_("These contacts just reached the MQL score:"), "", *lines])
    send_mail(subject, body, None, [owner.email])


def contact_line(contact: Contact) -> str:
    company = f", {contact.company}" if contact.company else ""
    return f"- {contact.full_name or contact.email} <{contact.email}>{company} — score {contact.score}"


def webhook_row(contact: Contact) -> dict[str, Any]:
    return {
        "contact_id": contact.pk, "email": contact.email, "name": contact.full_name, "score": contact.score,
        "fit_score": contact.fit_score, "behaviour_score": contact.behaviour_score,
        "company": str(contact.company or ""), "owner_email": contact.owner.email if contact.owner else None,
    }
