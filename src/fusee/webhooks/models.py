"""Outgoing webhooks: where to POST (Endpoint) and each POST owed to one of them (Delivery)."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_ATTEMPTS = 10
MAX_RETRY_DELAY_MINUTES = 360


class EventKind(models.TextChoices):
    CONTACT_MQL = "contact.mql", _("A contact became an MQL")
    CONTACT_UNSUBSCRIBED = "contact.unsubscribed", _("A contact unsubscribed")
    CONTACT_BOUNCED = "contact.bounced", _("A contact's address hard-bounced")
    CONTACT_COMPLAINED = "contact.complained", _("A contact reported an email as spam")
    FORM_SUBMITTED = "form.submitted", _("A form was submitted")
    TEST = "webhook.test", _("Test event")


SUBSCRIBABLE = [(value, label) for value, label in EventKind.choices if value != EventKind.TEST]


class EndpointSource(models.TextChoices):
    MANUAL = "manual", _("Added on the webhooks page")
    SCORING = "scoring", _("The MQL webhook URL of the scoring settings")


class Endpoint(models.Model):
    url = models.URLField(_("URL"), max_length=500, validators=[URLValidator(schemes=["http", "https"])])
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Kept in clear: signing needs it. Shown once at creation, masked afterwards.
    secret = models.CharField(max_length=100, editable=False)
    kinds = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    source = models.CharField(max_length=10, choices=EndpointSource.choices, default=EndpointSource.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-active", "url"]
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=models.Q(source="scoring"), name="one_scoring_endpoint"
            )
        ]

    def __str__(self) -> str:
        return self.description or self.url

    @property
    def secret_masked(self) -> str:
        return f"whsec_…{self.secret[-4:]}"

    def subscribes_to(self, kind: str) -> bool:
        return kind == EventKind.TEST or kind in self.kinds

    def kind_labels(self) -> list[str]:
        return [str(EventKind(kind).label) for kind in self.kinds if kind in EventKind.values]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    RETRY = "retry", _("Waiting for a retry")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One event owed to one endpoint.

    pending: queued for a worker; sending: claimed by one (a conditional UPDATE, so never two);
    retry: the last attempt failed, the periodic job queues it again at `next_attempt_at`.
    """

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    payload = models.JSONField(default=dict)
    webhook_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [
            # The periodic job's hot path: retries that are due.
            models.Index(
                fields=["next_attempt_at"], name="delivery_retry_due", condition=models.Q(status="retry")
            ),
            models.Index(
                fields=["claimed_at"], name="delivery_sending", condition=models.Q(status="sending")
            ),
            models.Index(fields=["endpoint", "-created_at"], name="delivery_endpoint_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.endpoint_id} ({self.webhook_id})"

    def retry_delay(self) -> timedelta:
        """Exponential back-off: 1, 2, 4 … minutes, at most six hours."""
        return timedelta(minutes=min(2 ** max(self.attempts - 1, 0), MAX_RETRY_DELAY_MINUTES))

    @property
    def payload_json(self) -> str:
        return json.dumps(self.payload, indent=2, ensure_ascii=False)

    @property
    def may_retry_now(self) -> bool:
        return self.status in (DeliveryStatus.RETRY, DeliveryStatus.FAILED)
