"""What the email provider tells us after sending, through django-anymail's tracking webhooks
(/anymail/<provider>/tracking/): bounces, complaints, unsubscribes and deliveries.

Each event is matched to our Message by the metadata `fusee_message_id` that ProviderSender
sends along, else to the contact by the recipient address, and applied once (the provider's
event id is its key; providers deliver a webhook again when unsure). Events are ignored
unless the webhooks are guarded by a shared secret: anyone could post to them otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from anymail.signals import AnymailTrackingEvent
from anymail.signals import EventType as ProviderEventType
from django.conf import settings
from django.utils import timezone

from fusee.nurturing.bounces.effects import (
    Origin,
    bounce_hard_record,
    bounce_soft_record,
    complaint_record,
    delivery_record,
    target_find,
    unsubscribe_record,
)

logger = logging.getLogger(__name__)
EFFECTS: dict[str, Callable[..., bool]] = {
    ProviderEventType.BOUNCED: bounce_hard_record,
    ProviderEventType.REJECTED: bounce_hard_record,
    ProviderEventType.DEFERRED: bounce_soft_record,
    ProviderEventType.COMPLAINED: complaint_record,
    ProviderEventType.UNSUBSCRIBED: unsubscribe_record,
    ProviderEventType.DELIVERED: delivery_record,
}


def tracking_received(sender: object, *, event: AnymailTrackingEvent, esp_name: str, **kwargs: Any) -> None:
    """Receiver of anymail's `tracking` signal (connected in NurturingConfig.ready)."""
    provider_event_apply(event=event, esp_name=esp_name)


def provider_event_apply(*, event: AnymailTrackingEvent, esp_name: str) -> str:
    """What became of the event: applied, repeated, unmatched, ignored or refused."""
    effect = EFFECTS.get(event.event_type)
    if effect is None:
        return "ignored"  # opens and clicks: our own tracking records them
    if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        logger.error("provider webhook refused: set FUSEE_ANYMAIL_WEBHOOK_SECRET", extra={"esp": esp_name})
        return "refused"
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    message_id = str(metadata.get("fusee_message_id", ""))
    target = target_find(message_id=message_id, recipient=event.recipient or "")
    if target is None:
        logger.info("provider event about nobody of ours", extra={"esp": esp_name, "type": event.event_type})
        return "unmatched"
    origin = Origin(source="provider", key=event_key(event, esp_name), detail=event.mta_response or "")
    applied = effect(target=target, origin=origin, now=event.timestamp or timezone.now())
    return "applied" if applied else "repeated"


def event_key(event: AnymailTrackingEvent, esp_name: str) -> str:
    """The provider's id for the event; without one (Postmark deliveries), what it is about."""
    if event.event_id:
        return f"{esp_name}:{event.event_id}"
    return f"{esp_name}:{event.event_type}:{event.message_id}:{event.recipient}"
