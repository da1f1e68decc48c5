"""What happened to each message, as SQL expressions to annotate a Message queryset with.

Tracking writes its events with the Message-ID in `properties["message"]`; each flag below is an
EXISTS on the contact's events of one type (the (contact, type, occurred_at) index) whose
message key equals the message's: the same SQL on SQLite and PostgreSQL, one query per report
whatever the number of messages.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.fields.json import KT

from fusee.contacts.models import Event, EventType
from fusee.nurturing.models import MessageStatus

# A bounced message was sent (the server refused it): it counts in "sent", not in "delivered".
SENT_STATUSES = (MessageStatus.SENT, MessageStatus.BOUNCED)
ATTRIBUTION_WINDOW = timedelta(days=30)


def message_events(kind: EventType) -> QuerySet[Event]:
    return Event.objects.filter(contact=OuterRef("contact_id"), type=kind).alias(
        message_key=KT("properties__message")
    ).filter(message_key=OuterRef("message_id"))


def human(events: QuerySet[Event]) -> QuerySet[Event]:
    """Opens and clicks a person made: tracking flags proxies' and scanners' with machine=true."""
    return events.filter(properties__machine=False)


def attributed(kind: EventType) -> Exists:
    """The contact reached this milestone within the attribution window after the message."""
    return Exists(Event.objects.filter(
        contact=OuterRef("contact_id"), type=kind, occurred_at__gte=OuterRef("sent_at"),
        occurred_at__lte=OuterRef("sent_at") + ATTRIBUTION_WINDOW,
    ))


def engagement_flags() -> dict[str, Exists]:
    """Booleans to `.alias()` on messages; count them with `Count(..., filter=Q(flag=True))`."""
    return {
        "was_delivered": Exists(message_events(EventType.EMAIL_DELIVERED)),
        "was_bounced": Exists(message_events(EventType.EMAIL_BOUNCED)),
        "was_opened": Exists(human(message_events(EventType.EMAIL_OPENED))),
        "was_clicked": Exists(human(message_events(EventType.EMAIL_CLICKED))),
        "was_unsubscribed": Exists(message_events(EventType.EMAIL_UNSUBSCRIBED)),
    }


def attribution_flags() -> dict[str, Exists]:
    return {
        "led_to_mql": attributed(EventType.BECAME_MQL),
        "led_to_meeting": attributed(EventType.MEETING_BOOKED),
    }

