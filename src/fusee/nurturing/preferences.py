"""The preference centre: what a contact chose to receive, and whether a message may go.

Topics are the `Email.topic` slugs in use, labelled from the slug ("product-news" → "Product
news"): a topic is born when someone types it on an email, so there is no second list to keep
in step. Frequency caps count from the contact's last email actually sent, whatever its topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fusee.contacts.models import ConsentAction, Contact, Event, EventType, LegalBasis
from fusee.contacts.services import apply_side_effects, consent_record
from fusee.core.services import audit_record
from fusee.nurturing.models import ContactPreference, Email, Frequency, Message

FREQUENCY_GAPS = {Frequency.WEEKLY: timedelta(days=7), Frequency.MONTHLY: timedelta(days=30)}
VIA = "preference centre"
UNSUBSCRIBE_LINK = "unsubscribe link"  # in an email, or its List-Unsubscribe header


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    label: str


def topic_label(slug: str) -> str:
    words = slug.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize()


def topics_in_use() -> list[Topic]:
    slugs = Email.objects.exclude(topic="").order_by("topic").values_list("topic", flat=True).distinct()
    return [Topic(slug=slug, label=topic_label(slug)) for slug in slugs]


def page_language(contact: Contact) -> str:
    """The contact's language when the interface speaks it ("fr" for "fr-CA"), else the default."""
    language = contact.language[:2].lower()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# --- reads, for one batch of messages ------------------------------------------------------

def preferences_for(contact_ids: list[int]) -> dict[int, ContactPreference]:
    rows = ContactPreference.objects.filter(contact_id__in=contact_ids)
    return {row.contact_id: row for row in rows}


def last_sent_for(contact_ids: list[int]) -> dict[int, datetime]:
    """When each contact was last sent an email (a later bounce does not undo the sending)."""
    rows = (
        Message.objects.filter(contact_id__in=contact_ids, sent_at__isnull=False)
        .values("contact_id")
        .annotate(last=Max("sent_at"))
        .values_list("contact_id", "last")
    )
    return dict(rows)


# --- the decision --------------------------------------------------------------------------

def frequency_allowed_at(
    *, preference: ContactPreference | None, last_sent_at: datetime | None
) -> datetime | None:
    """The earliest time the contact's frequency cap lets another email go, or None if uncapped."""
    gap = FREQUENCY_GAPS.get(Frequency(preference.frequency)) if preference else None
    if gap is None or last_sent_at is None:
        return None
    return last_sent_at + gap


def preference_refusal(
    *, preference: ContactPreference | None, email_topic: str, last_sent_at: datetime | None, now: datetime
) -> str:
    """Why the contact's own choices stop this message now, or "".

    A topic opt-out is final for this email; a frequency cap only delays it (see
    `frequency_allowed_at` to defer instead of refusing).
    """
    if preference is None:
        return ""
    if email_topic and email_topic in preference.topics_opted_out:
        return f"topic {email_topic} opted out"
    allowed_at = frequency_allowed_at(preference=preference, last_sent_at=last_sent_at)
    if allowed_at is not None and last_sent_at is not None and now < allowed_at:
        last = f"{last_sent_at:%Y-%m-%d %H:%M %Z}".rstrip()
        return f"frequency: at most {preference.frequency}, last email on {last}"
    return ""


# --- writes, from the preference centre ----------------------------------------------------

@transaction.atomic
def preference_save(
    *, contact: Contact, topics_shown: list[str], topics_wanted: list[str], frequency: Frequency
) -> ContactPreference:
    """Record the contact's choices among the topics they were shown; opt-outs from topics no
    longer in use are kept, so a topic coming back does not mail someone who left it."""
    preference, _ = ContactPreference.objects.select_for_update().get_or_create(contact=contact)
    kept = [slug for slug in preference.topics_opted_out if slug not in topics_shown]
    opted_out = sorted({*kept, *(slug for slug in topics_shown if slug not in topics_wanted)})
    changes = {
        name: [old, new]
        for name, old, new in (
            ("topics_opted_out", preference.topics_opted_out, opted_out),
            ("frequency", preference.frequency, frequency.value),
        )
        if old != new
    }
    if changes:
        preference.topics_opted_out, preference.frequency = opted_out, frequency
        preference.save()
        audit_record(actor=None, action="contact.email_preferences_changed", target=contact,
                     changes={**changes, "via": VIA})
    return preference


@transaction.atomic
def contact_unsubscribe_all(
    *, contact: Contact, via: str = VIA, campaign: str = "", properties: dict[str, Any] | None = None
) -> None:
    """Stop all mail: the unsubscribe event (timeline, webhooks) and a consent withdrawal.

    `via` is where the contact asked (the consent log's method); `campaign` and `properties`
    describe the email they asked from, on the event.
    """
    if contact.unsubscribed:
        return
    event = Event.objects.create(
        contact=contact, type=EventType.EMAIL_UNSUBSCRIBED, occurred_at=timezone.now(),
        campaign=campaign, properties={"via": via, **(properties or {})},
    )
    apply_side_effects([event])
    contact.refresh_from_db()  # consent_record saves the whole row: start from the stored one
    consent_record(actor=None, contact=contact, action=ConsentAction.WITHDRAWN,
                   legal_basis=LegalBasis(contact.legal_basis), method=via)
