"""POSTing deliveries: claim one row, send it signed, record the answer, plan the retry."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

import requests
from django.db.models import F
from django.utils import timezone

from fusee.webhooks import signing
from fusee.webhooks.models import MAX_ATTEMPTS, Delivery, DeliveryStatus

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5.0
# A row still `sending` this long after its claim belongs to a worker that died mid-POST.
SENDING_LEASE = timedelta(minutes=2)
EXCERPT_CHARS = 500


def delivery_claim(*, delivery_id: int, now: datetime) -> bool:
    """pending → sending in one conditional UPDATE: of two racing workers, one wins."""
    won = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, claimed_at=now, updated_at=now, attempts=F("attempts") + 1
    )
    return won == 1


def delivery_send(*, delivery_id: int) -> str | None:
    """Attempt one delivery if this worker claims it; its new status, or None if not claimed."""
    if not delivery_claim(delivery_id=delivery_id, now=timezone.now()):
        return None
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    if not delivery.endpoint.active:
        return delivery_record(delivery, DeliveryStatus.FAILED, excerpt="endpoint disabled")
    try:
        response = post(delivery)
    except requests.RequestException as error:
        return delivery_failed_attempt(delivery, code=None, excerpt=f"{type(error).__name__}: {error}")
    if 200 <= response.status_code < 300:
        return delivery_record(
            delivery, DeliveryStatus.DELIVERED, code=response.status_code, excerpt=response.text
        )
    return delivery_failed_attempt(delivery, code=response.status_code, excerpt=response.text)


def body(delivery: Delivery) -> bytes:
    """The same bytes on every attempt: the envelope is built from stored values only."""
    envelope = {"type": delivery.kind, "timestamp": delivery.created_at.isoformat(), "data": delivery.payload}
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()


def post(delivery: Delivery) -> requests.Response:
    content = body(delivery)
    headers = signing.headers(
        secret=delivery.endpoint.secret, webhook_id=str(delivery.webhook_id),
        timestamp=int(timezone.now().timestamp()), body=content,
    )
    # No redirects: a receiver that moved must be updated here, and a 3xx is not an acceptance.
    return requests.post(
        delivery.endpoint.url, data=content, headers=headers, timeout=TIMEOUT_SECONDS, allow_redirects=False
    )


def delivery_failed_attempt(delivery: Delivery, *, code: int | None, excerpt: str) -> str:
    extra = {"delivery_id": delivery.pk, "code": code, "attempts": delivery.attempts}
    logger.warning("webhook delivery failed", extra=extra)
    if delivery.attempts >= MAX_ATTEMPTS:
        return delivery_record(delivery, DeliveryStatus.FAILED, code=code, excerpt=excerpt)
    delivery.next_attempt_at = timezone.now() + delivery.retry_delay()
    return delivery_record(delivery, DeliveryStatus.RETRY, code=code, excerpt=excerpt)


def delivery_record(
    delivery: Delivery, status: DeliveryStatus, *, code: int | None = None, excerpt: str = ""
) -> str:
    now = timezone.now()
    delivery.status, delivery.response_code = status, code
    delivery.response_excerpt = excerpt[:EXCERPT_CHARS]
    delivery.updated_at, delivery.claimed_at = now, None
    if status == DeliveryStatus.DELIVERED:
        delivery.delivered_at, delivery.next_attempt_at = now, None
    fields = ["status", "response_code", "response_excerpt", "updated_at", "claimed_at", "delivered_at",
              "next_attempt_at"]
    delivery.save(update_fields=fields)
    return str(status)


def deliveries_recover(*, now: datetime) -> int:
    """Put back what a dead worker left `sending` (the receiver may see it twice: same webhook-id)."""
    stuck = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - SENDING_LEASE)
    return stuck.update(status=DeliveryStatus.RETRY, next_attempt_at=now, claimed_at=None, updated_at=now)


def deliveries_release_due(*, now: datetime, limit: int = 1000) -> list[int]:
    """Move due retries back to pending, each with its own conditional UPDATE; the ids this process moved."""
    due = Delivery.objects.filter(status=DeliveryStatus.RETRY, next_attempt_at__lte=now)
    released = []
    for delivery_id in due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit]:
        moved = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.RETRY).update(
            status=DeliveryStatus.PENDING, updated_at=now
        )
        if moved:
            released.append(delivery_id)
    return released
