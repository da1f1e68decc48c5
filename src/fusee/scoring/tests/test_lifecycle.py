from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from fusee.contacts.models import Contact, Event, EventType, Lifecycle
from fusee.contacts.tests.factories import ContactFactory, EventFactory
from fusee.core.jobs.runner import run_pending
from fusee.scoring.models import LifecycleThreshold, Stage
from fusee.scoring.services import contacts_advance_lifecycle, contacts_rescore, scoring_settings_update
from fusee.scoring.tests.factories import BehaviourRuleFactory
from fusee.testing.factories import UserFactory
from fusee.webhooks.models import Delivery, DeliveryStatus


def stages(*contacts: Contact) -> list[str]:
    return [Contact.objects.get(pk=c.pk).lifecycle for c in contacts]


def test_it_moves_contacts_past_the_default_threshold_to_mql_and_records_it(db):
    ready = ContactFactory.create(score=50, lifecycle=Lifecycle.LEAD)
    subscriber = ContactFactory.create(score=72, lifecycle=Lifecycle.SUBSCRIBER)
    short = ContactFactory.create(score=49, lifecycle=Lifecycle.LEAD)
    assert sorted(contacts_advance_lifecycle()) == sorted([ready.pk, subscriber.pk])
    assert stages(ready, subscriber, short) == ["mql", "mql", "lead"]
    event = Event.objects.get(contact=ready, type=EventType.BECAME_MQL)
    assert event.properties == {"from": "lead", "to": "mql", "score": 50, "score_threshold": 50}
    assert contacts_advance_lifecycle() == []  # once only


def test_it_never_moves_a_contact_backwards(db):
    customer = ContactFactory.create(score=90, lifecycle=Lifecycle.CUSTOMER)
    mql = ContactFactory.create(score=0, lifecycle=Lifecycle.MQL)
    contacts_advance_lifecycle()
    assert stages(customer, mql) == ["customer", "mql"]
    assert not Event.objects.exists()


def test_it_moves_to_sql_past_its_threshold_through_mql(db):
    LifecycleThreshold.objects.create(stage=Stage.SQL, min_score=80)
    hot = ContactFactory.create(score=85, lifecycle=Lifecycle.LEAD)
    assert contacts_advance_lifecycle() == [hot.pk]
    assert stages(hot) == ["sql"]
    assert list(hot.events.order_by("pk").values_list("type", flat=True)) == [
        "became_mql",
        "lifecycle_changed",
    ]


def test_it_only_looks_at_the_given_contacts(db):
    named, other = ContactFactory.create_batch(2, score=60, lifecycle=Lifecycle.LEAD)
    assert contacts_advance_lifecycle(contact_ids=[named.pk]) == [named.pk]
    assert stages(named, other) == ["mql", "lead"]


def test_it_emails_each_owner_once_listing_their_new_mqls(db, django_capture_on_commit_callbacks):
    ana, bob = UserFactory.create(email="ana@example.com"), UserFactory.create(email="bob@example.com")
    BehaviourRuleFactory.create(event_type=EventType.MEETING_BOOKED, points=60)
    mine = ContactFactory.create_batch(2, owner=ana)
    theirs = ContactFactory.create(owner=bob, email="zoe@client.example")
    ContactFactory.create(owner=bob)  # no meeting: stays a lead
    for contact in [*mine, theirs]:
        EventFactory.create(contact=contact, type=EventType.MEETING_BOOKED)
    with django_capture_on_commit_callbacks(execute=True):
        contacts_rescore()
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.com", "bob@example.com"]
    to_bob = next(m for m in mail.outbox if m.to == ["bob@example.com"])
    assert to_bob.subject == "1 new MQL for you" and "zoe@client.example" in to_bob.body
    assert "2 new MQLs" in next(m for m in mail.outbox if m.to == ["ana@example.com"]).subject


class Recorder(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        Recorder.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook_server():
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    Recorder.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/mql"
    server.shutdown()
    server.server_close()


def test_it_posts_one_webhook_event_per_new_mql(db, webhook_server, django_capture_on_commit_callbacks):
    scoring_settings_update(actor=None, webhook_url=webhook_server)  # kept as a webhooks endpoint
    contacts = ContactFactory.create_batch(3, score=55, lifecycle=Lifecycle.LEAD)
    with django_capture_on_commit_callbacks(execute=True):
        contacts_advance_lifecycle()
    run_pending()  # the webhooks app delivers through the task layer
    assert [payload["type"] for payload in Recorder.received] == ["contact.mql"] * 3
    assert sorted(p["data"]["email"] for p in Recorder.received) == sorted(c.email for c in contacts)


def test_it_retries_a_failing_webhook_without_undoing_the_mqls(db, django_capture_on_commit_callbacks):
    scoring_settings_update(actor=None, webhook_url="http://127.0.0.1:9/nobody-listens")
    contact = ContactFactory.create(score=70, lifecycle=Lifecycle.LEAD)
    with django_capture_on_commit_callbacks(execute=True):
        contacts_advance_lifecycle()
    run_pending()
    assert stages(contact) == ["mql"]
    assert Delivery.objects.get().status == DeliveryStatus.RETRY
