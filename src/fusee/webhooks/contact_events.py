"""Contact events a CRM follows: unsubscribes, hard bounces and spam complaints."""

from __future__ import annotations

from typing import Any

from fusee.contacts.models import Contact, Event, EventType
from fusee.webhooks.models import EventKind
from fusee.webhooks.selectors import endpoints_listening
from fusee.webhooks.services import webhooks_emit_many


def is_complaint(event: Event) -> bool:
    """A feedback-loop report arrives as an unsubscribe or bounce flagged `complaint`."""
    return bool((event.properties or {}).get("complaint"))


MATCHES = {
    EventKind.CONTACT_UNSUBSCRIBED: lambda event: event.type == EventType.EMAIL_UNSUBSCRIBED,
    EventKind.CONTACT_BOUNCED: lambda event: event.type == EventType.EMAIL_BOUNCED,
    EventKind.CONTACT_COMPLAINED: is_complaint,
}


def contact_events_emit(*, events: list[Event], unsubscribed: set[int], bounced: set[int]) -> None:
    """Emit for the contacts whose state changed (and for every complaint, which is news in itself)."""
    changed = {
        EventKind.CONTACT_UNSUBSCRIBED: unsubscribed,
        EventKind.CONTACT_BOUNCED: bounced,
        EventKind.CONTACT_COMPLAINED: {e.contact_id for e in events if is_complaint(e)},
    }
    wanted = {kind: ids for kind, ids in changed.items() if ids and endpoints_listening(kind)}
    if not wanted:
        return
    emails = dict(Contact.objects.filter(pk__in=set().union(*wanted.values())).values_list("pk", "email"))
    for kind, contact_ids in wanted.items():
        # The first matching event of each contact, in the order they came.
        matching = [e for e in events if e.contact_id in contact_ids and MATCHES[kind](e)]
        first = {e.contact_id: e for e in reversed(matching)}
        payloads = [contact_event_payload(event, emails[contact_id]) for contact_id, event in first.items()]
        webhooks_emit_many(kind=kind, payloads=payloads)


def contact_event_payload(event: Event, email: str) -> dict[str, Any]:
    properties = event.properties or {}
    payload = {
        "contact_id": event.contact_id, "email": email, "occurred_at": event.occurred_at.isoformat(),
        "campaign": event.campaign, "message_id": properties.get("message") or None,
    }
    if reason := properties.get("reason") or properties.get("detail"):
        payload["reason"] = reason
    return payload
