"""Reads of webhooks."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from fusee.webhooks.models import Delivery, DeliveryStatus, Endpoint

RECENT = 5


def endpoints_listening(kind: str) -> list[Endpoint]:
    # Kinds are a JSON list, which SQLite cannot search; an install has a handful of endpoints.
    return [endpoint for endpoint in Endpoint.objects.filter(active=True) if endpoint.subscribes_to(kind)]


def endpoint_list() -> QuerySet[Endpoint]:
    recent = Delivery.objects.order_by("-created_at", "-pk")[:RECENT]
    failing = Q(deliveries__status__in=[DeliveryStatus.RETRY, DeliveryStatus.FAILED])
    return Endpoint.objects.prefetch_related(
        Prefetch("deliveries", queryset=recent, to_attr="recent")
    ).annotate(failing=Count("deliveries", filter=failing))


def endpoint_deliveries(endpoint: Endpoint, *, status: str = "") -> QuerySet[Delivery]:
    deliveries = endpoint.deliveries.order_by("-created_at", "-pk")
    return deliveries.filter(status=status) if status in DeliveryStatus.values else deliveries
