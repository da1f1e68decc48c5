"""Writes of webhooks: endpoints managed by admins, and the events other apps emit."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from fusee.core.errors import DomainError, IllegalTransition
from fusee.core.models import User
from fusee.core.services import apply_changes, audit_record, require_admin
from fusee.webhooks.models import SUBSCRIBABLE, Delivery, DeliveryStatus, Endpoint, EndpointSource, EventKind
from fusee.webhooks.selectors import endpoints_listening
from fusee.webhooks.signing import secret_generate

ENDPOINT_FIELDS = ("url", "description", "kinds", "active")
PER_JOB = 100
SCORING_DESCRIPTION = "MQL webhook (scoring settings)"


def kinds_check(kinds: list[str]) -> None:
    allowed = {value for value, _label in SUBSCRIBABLE}
    if unknown := [kind for kind in kinds if kind not in allowed]:
        raise DomainError(f"kinds: {', '.join(unknown)} is not an event one can subscribe to")


def validated(endpoint: Endpoint) -> Endpoint:
    kinds_check(endpoint.kinds)
    try:
        endpoint.full_clean(exclude=["created_by", "secret"])
    except ValidationError as error:
        raise DomainError(
            "; ".join(f"{field}: {' '.join(errors)}" for field, errors in error.message_dict.items())
        ) from None
    return endpoint


@transaction.atomic
def endpoint_create(
    *, actor: User | None, url: str, kinds: list[str], description: str = "",
    source: EndpointSource = EndpointSource.MANUAL,
) -> Endpoint:
    require_admin(actor)
    endpoint = Endpoint(url=url, description=description, kinds=kinds, source=source, created_by=actor)
    validated(endpoint).secret = secret_generate()
    endpoint.save()
    audit_record(actor=actor, action="webhook_endpoint.created", target=endpoint)
    return endpoint


@transaction.atomic
def endpoint_update(*, actor: User | None, endpoint: Endpoint, **values: Any) -> Endpoint:
    require_admin(actor)
    if endpoint.source == EndpointSource.SCORING and values.get("url", endpoint.url) != endpoint.url:
        raise DomainError(
            "url: this endpoint follows the MQL webhook URL of the scoring settings; change it there"
        )
    if changes := apply_changes(endpoint, values, ENDPOINT_FIELDS):
        validated(endpoint).save()
        audit_record(actor=actor, action="webhook_endpoint.updated", target=endpoint, changes=changes)
    return endpoint


@transaction.atomic
def endpoint_secret_rotate(*, actor: User | None, endpoint: Endpoint) -> str:
    """A new secret, effective at once for every attempt from now on (retries included)."""
    require_admin(actor)
    endpoint.secret = secret_generate()
    endpoint.save(update_fields=["secret"])
    audit_record(actor=actor, action="webhook_endpoint.secret_rotated", target=endpoint)
    return endpoint.secret


@transaction.atomic
def endpoint_mql_url_sync(*, actor: User | None, url: str) -> Endpoint | None:
    """Keep the scoring settings' MQL webhook URL as an endpoint subscribed to contact.mql.

    Setting the URL creates or re-points that endpoint (its secret is kept); clearing it disables it.
    """
    endpoint = Endpoint.objects.select_for_update().filter(source=EndpointSource.SCORING).first()
    if endpoint is None:
        if not url:
            return None
        return endpoint_create(
            actor=actor, url=url, kinds=[EventKind.CONTACT_MQL], description=SCORING_DESCRIPTION,
            source=EndpointSource.SCORING,
        )
    if changes := apply_changes(endpoint, {"url": url or endpoint.url, "active": bool(url)}, ENDPOINT_FIELDS):
        validated(endpoint).save()
        audit_record(actor=actor, action="webhook_endpoint.updated", target=endpoint, changes=changes)
    return endpoint


def webhooks_emit(*, kind: str, payload: dict[str, Any]) -> list[Delivery]:
    """One delivery per active endpoint subscribed to `kind`, POSTed by a worker once the caller commits."""
    return webhooks_emit_many(kind=kind, payloads=[payload])


@transaction.atomic
def webhooks_emit_many(*, kind: str, payloads: Iterable[dict[str, Any]]) -> list[Delivery]:
    if kind not in EventKind.values:
        raise DomainError(f"kind: {kind!r} is not a webhook event kind")
    endpoints = endpoints_listening(kind)
    if not endpoints:
        return []
    # Through JSON once, so dates and decimals in a payload are stored as the receiver will read them.
    data = [json.loads(json.dumps(payload, cls=DjangoJSONEncoder)) for payload in payloads]
    rows = [Delivery(endpoint=endpoint, kind=kind, payload=item) for endpoint in endpoints for item in data]
    deliveries = Delivery.objects.bulk_create(rows)
    deliveries_enqueue(deliveries)
    return deliveries


def deliveries_enqueue(deliveries: list[Delivery]) -> None:
    """One job per endpoint and hundred deliveries, so that a slow receiver delays only its own."""
    from fusee.core.jobs import enqueue
    from fusee.webhooks.tasks import deliver_task

    by_endpoint: dict[int, list[int]] = {}
    for delivery in deliveries:
        by_endpoint.setdefault(delivery.endpoint_id, []).append(delivery.pk)
    for ids in by_endpoint.values():
        for start in range(0, len(ids), PER_JOB):
            enqueue(deliver_task, delivery_ids=ids[start : start + PER_JOB])


@transaction.atomic
def endpoint_test_send(*, actor: User | None, endpoint: Endpoint) -> Delivery:
    """A `webhook.test` event to this endpoint only, whatever it subscribes to."""
    require_admin(actor)
    if not endpoint.active:
        raise DomainError("a disabled endpoint receives nothing, not even a test: enable it first")
    payload = {"message": "Test event from Fusée", "sent_by": actor.email if actor else "system"}
    delivery = Delivery.objects.create(endpoint=endpoint, kind=EventKind.TEST, payload=payload)
    deliveries_enqueue([delivery])
    return delivery


@transaction.atomic
def delivery_retry_now(*, actor: User | None, delivery: Delivery) -> Delivery:
    require_admin(actor)
    now = timezone.now()
    moved = Delivery.objects.filter(
        pk=delivery.pk, status__in=[DeliveryStatus.RETRY, DeliveryStatus.FAILED]
    ).update(status=DeliveryStatus.PENDING, next_attempt_at=None, updated_at=now)
    if not moved:
        raise IllegalTransition(delivery, delivery.status, DeliveryStatus.PENDING)
    delivery.refresh_from_db()
    deliveries_enqueue([delivery])
    audit_record(actor=actor, action="webhook_delivery.retried", target=delivery)
    return delivery


def deliveries_retry_due(*, now: datetime | None = None) -> int:
    """The periodic job: recover abandoned attempts, then queue every retry that is due."""
    from fusee.webhooks.sending import deliveries_recover, deliveries_release_due

    now = now or timezone.now()
    deliveries_recover(now=now)
    released = deliveries_release_due(now=now)
    with transaction.atomic():
        deliveries_enqueue(list(Delivery.objects.filter(pk__in=released).only("pk", "endpoint_id")))
    return len(released)
