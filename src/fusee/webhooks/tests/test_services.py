from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from fusee.core.errors import DomainError, IllegalTransition, NotAllowed
from fusee.core.jobs.runner import run_pending
from fusee.core.models import AuditEntry, Job
from fusee.webhooks.models import Delivery, DeliveryStatus, Endpoint, EndpointSource, EventKind
from fusee.webhooks.services import (
    delivery_retry_now,
    endpoint_create,
    endpoint_mql_url_sync,
    endpoint_test_send,
    endpoint_update,
    webhooks_emit,
)
from fusee.webhooks.tests.factories import endpoint_for

MQL, UNSUBSCRIBED = EventKind.CONTACT_MQL, EventKind.CONTACT_UNSUBSCRIBED


def test_it_creates_one_delivery_per_active_subscribed_endpoint(db):
    crm = endpoint_for("https://crm.example/hook", MQL, UNSUBSCRIBED)
    slack = endpoint_for("https://slack.example/hook", MQL)
    endpoint_for("https://other.example/hook", EventKind.FORM_SUBMITTED)
    endpoint_for("https://off.example/hook", MQL, active=False)
    deliveries = webhooks_emit(kind=MQL, payload={"contact_id": 1, "on": date(2027, 3, 10)})
    assert {d.endpoint_id for d in deliveries} == {crm.pk, slack.pk}
    assert Delivery.objects.get(endpoint=crm).payload == {"contact_id": 1, "on": "2027-03-10"}
    assert Job.objects.filter(name="webhooks.deliver").count() == 2  # one per endpoint


def test_it_refuses_an_unknown_kind(db):
    with pytest.raises(DomainError, match=r"'contact\.deleted' is not a webhook event kind"):
        webhooks_emit(kind="contact.deleted", payload={})


def test_it_emits_nothing_when_the_callers_transaction_rolls_back(db):
    endpoint_for("https://crm.example/hook", MQL)
    with pytest.raises(RuntimeError), transaction.atomic():
        webhooks_emit(kind=MQL, payload={})
        raise RuntimeError("the change failed")
    assert not Delivery.objects.exists() and not Job.objects.exists()


def test_it_dispatches_the_job_only_once_the_caller_commits(db, django_capture_on_commit_callbacks):
    endpoint_for("https://crm.example/hook", MQL)
    with django_capture_on_commit_callbacks() as callbacks:
        webhooks_emit(kind=MQL, payload={})
    assert len(callbacks) == 1


def test_it_lets_only_an_admin_create_an_endpoint(db, marketer, admin):
    with pytest.raises(NotAllowed):
        endpoint_create(actor=marketer, url="https://crm.example/hook", kinds=[MQL])
    endpoint = endpoint_create(actor=admin, url="https://crm.example/hook", kinds=[MQL])
    assert endpoint.secret.startswith("whsec_") and endpoint.created_by == admin
    assert AuditEntry.objects.filter(action="webhook_endpoint.created", target_id=str(endpoint.pk)).exists()


@pytest.mark.parametrize(
    ("url", "kinds", "message"),
    [
        ("not a url", [MQL], "url: Enter a valid URL."),
        ("https://crm.example/hook", ["webhook.test"], "kinds: webhook.test is not an event"),
    ],
)
def test_it_names_what_is_wrong_with_an_endpoint(db, url, kinds, message):
    with pytest.raises(DomainError, match=message):
        endpoint_create(actor=None, url=url, kinds=kinds)


def test_it_queues_a_failed_delivery_again_on_retry_now(db, admin):
    endpoint = endpoint_for("https://crm.example/hook", MQL)
    delivery = Delivery.objects.create(endpoint=endpoint, kind=MQL, status=DeliveryStatus.FAILED, attempts=10)
    delivery_retry_now(actor=admin, delivery=delivery)
    assert delivery.status == DeliveryStatus.PENDING
    assert Job.objects.get(name="webhooks.deliver").kwargs == {"delivery_ids": [delivery.pk]}


def test_it_refuses_to_retry_a_delivered_delivery(db, admin):
    endpoint = endpoint_for("https://crm.example/hook", MQL)
    delivery = Delivery.objects.create(endpoint=endpoint, kind=MQL, status=DeliveryStatus.DELIVERED)
    with pytest.raises(IllegalTransition):
        delivery_retry_now(actor=admin, delivery=delivery)


def test_it_sends_a_test_event_whatever_the_endpoint_subscribes_to(db, admin, receiver):
    endpoint = endpoint_for(receiver.url, EventKind.FORM_SUBMITTED)
    endpoint_test_send(actor=admin, endpoint=endpoint)
    run_pending()
    assert receiver.kinds() == ["webhook.test"]


def test_it_refuses_a_test_event_to_a_disabled_endpoint(db, admin):
    endpoint = endpoint_for("https://crm.example/hook", MQL, active=False)
    with pytest.raises(DomainError, match="enable it first"):
        endpoint_test_send(actor=admin, endpoint=endpoint)


def test_it_keeps_the_scoring_mql_url_as_one_endpoint(db, admin):
    endpoint = endpoint_mql_url_sync(actor=admin, url="https://crm.example/mql")
    assert endpoint is not None and endpoint.kinds == [MQL] and endpoint.source == EndpointSource.SCORING
    secret = endpoint.secret
    endpoint_mql_url_sync(actor=admin, url="https://crm.example/new")
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.secret, endpoint.active) == ("https://crm.example/new", secret, True)
    endpoint_mql_url_sync(actor=admin, url="")
    assert Endpoint.objects.get().active is False


def test_it_leaves_the_scoring_endpoints_url_to_the_scoring_settings(db, admin):
    endpoint = endpoint_mql_url_sync(actor=admin, url="https://crm.example/mql")
    assert endpoint is not None
    with pytest.raises(DomainError, match=r"url: .*change it there"):
        endpoint_update(actor=admin, endpoint=endpoint, url="https://elsewhere.example/")
    endpoint_update(actor=admin, endpoint=endpoint, kinds=[MQL, UNSUBSCRIBED])
    assert Endpoint.objects.get().kinds == [MQL, UNSUBSCRIBED]
