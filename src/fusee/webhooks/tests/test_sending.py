from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from django.db import connections
from django.utils import timezone

from fusee.core.jobs.runner import run_pending
from fusee.webhooks import sending
from fusee.webhooks.models import MAX_ATTEMPTS, Delivery, DeliveryStatus, Endpoint, EventKind
from fusee.webhooks.services import deliveries_retry_due, webhooks_emit
from fusee.webhooks.tests.factories import endpoint_for

MQL = EventKind.CONTACT_MQL


def later(minutes: float) -> datetime:
    return timezone.now() + timedelta(minutes=minutes)


def test_it_marks_a_delivery_delivered_on_a_2xx(db, receiver):
    endpoint_for(receiver.url, MQL)
    [delivery] = webhooks_emit(kind=MQL, payload={"contact_id": 1})
    run_pending()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.DELIVERED, 1, 200)
    assert receiver.received[0].headers["webhook-id"] == str(delivery.webhook_id)


def test_it_retries_after_a_500_with_the_same_id_and_body_then_delivers(db, receiver):
    endpoint_for(receiver.url, MQL)
    receiver.answers = [500]
    [delivery] = webhooks_emit(kind=MQL, payload={"contact_id": 1})
    run_pending()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRY and delivery.response_code == 500
    assert delivery.response_excerpt == "receiver is down"
    assert deliveries_retry_due() == 0  # not due yet: one minute of back-off
    assert deliveries_retry_due(now=later(1.5)) == 1
    run_pending()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
    first, second = receiver.received
    assert first.body == second.body and first.headers["webhook-id"] == second.headers["webhook-id"]


def test_it_retries_a_receiver_that_answers_too_slowly(db, receiver, monkeypatch):
    monkeypatch.setattr(sending, "TIMEOUT_SECONDS", 0.2)
    receiver.delay = 1.0
    endpoint_for(receiver.url, MQL)
    [delivery] = webhooks_emit(kind=MQL, payload={"contact_id": 1})
    run_pending()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRY and delivery.response_code is None
    assert "Timeout" in delivery.response_excerpt


def test_it_retries_a_receiver_that_is_not_listening(db):
    endpoint_for("http://127.0.0.1:9/nobody-listens", MQL)
    [delivery] = webhooks_emit(kind=MQL, payload={"contact_id": 1})
    run_pending()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRY and "ConnectionError" in delivery.response_excerpt


def test_it_backs_off_exponentially_up_to_six_hours():
    delays = [Delivery(attempts=n).retry_delay() for n in (1, 2, 3, 4, 10)]
    assert delays == [timedelta(minutes=m) for m in (1, 2, 4, 8, 360)]


def test_it_gives_up_after_the_last_attempt(db, receiver):
    endpoint_for(receiver.url, MQL)
    receiver.answers = [503]
    [delivery] = webhooks_emit(kind=MQL, payload={})
    Delivery.objects.filter(pk=delivery.pk).update(attempts=MAX_ATTEMPTS - 1)
    run_pending()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert delivery.next_attempt_at is None


def test_it_sends_nothing_to_a_disabled_endpoint(db, receiver):
    endpoint_for(receiver.url, MQL, active=False)
    assert webhooks_emit(kind=MQL, payload={}) == []
    assert run_pending() == 0 and receiver.received == []


def test_it_fails_what_was_queued_before_its_endpoint_was_disabled(db, receiver):
    endpoint = endpoint_for(receiver.url, MQL)
    [delivery] = webhooks_emit(kind=MQL, payload={})
    Endpoint.objects.filter(pk=endpoint.pk).update(active=False)
    run_pending()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and receiver.received == []


def test_it_never_posts_a_delivery_twice_when_two_workers_race(transactional_db, receiver):
    receiver.delay = 0.3  # the winner is still POSTing while the loser tries
    endpoint_for(receiver.url, MQL)
    [delivery] = webhooks_emit(kind=MQL, payload={})
    start = threading.Barrier(2)

    def attempt(_: int) -> str | None:
        try:
            start.wait()
            return sending.delivery_send(delivery_id=delivery.pk)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(attempt, range(2)))
    assert sorted(outcomes, key=str) == [None, "delivered"]  # one won the claim, the other stood back
    assert len(receiver.received) == 1


def test_it_claims_a_delivery_once(db, receiver):
    endpoint_for(receiver.url, MQL)
    [delivery] = webhooks_emit(kind=MQL, payload={})
    now = timezone.now()
    assert sending.delivery_claim(delivery_id=delivery.pk, now=now)
    assert not sending.delivery_claim(delivery_id=delivery.pk, now=now)


def test_it_retries_what_a_dead_worker_left_sending(db, receiver):
    endpoint_for(receiver.url, MQL)
    [delivery] = webhooks_emit(kind=MQL, payload={})
    sending.delivery_claim(delivery_id=delivery.pk, now=timezone.now())  # and then the worker died
    assert deliveries_retry_due() == 0
    assert deliveries_retry_due(now=later(3)) == 1
    run_pending()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and len(receiver.received) == 1


@pytest.mark.parametrize("code", [301, 404])
def test_it_counts_a_redirect_or_an_error_as_a_failed_attempt(db, receiver, code):
    endpoint_for(receiver.url, MQL)
    receiver.answers = [code]
    [delivery] = webhooks_emit(kind=MQL, payload={})
    run_pending()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code) == (DeliveryStatus.RETRY, code)
