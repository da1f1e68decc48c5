from __future__ import annotations

from fusee.contacts.models import EventType
from fusee.contacts.services import EventInput, events_ingest
from fusee.contacts.tests.factories import ContactFactory
from fusee.core.jobs.runner import run_pending
from fusee.webhooks.models import Delivery, EventKind
from fusee.webhooks.tests.factories import endpoint_for

KINDS = (EventKind.CONTACT_UNSUBSCRIBED, EventKind.CONTACT_BOUNCED, EventKind.CONTACT_COMPLAINED)


def test_it_tells_the_crm_about_an_unsubscribe_through_the_contacts_service(db, receiver):
    endpoint_for(receiver.url, *KINDS)
    contact = ContactFactory.create(email="ana@client.example")
    events_ingest(events=[EventInput(
        email=contact.email, type=EventType.EMAIL_UNSUBSCRIBED, campaign="spring",
        properties={"message": "<m1@mail.example>"},
    )])
    run_pending()
    [request] = receiver.received
    assert request.json["type"] == "contact.unsubscribed"
    data = request.json["data"]
    assert data.pop("occurred_at")
    assert data == {"contact_id": contact.pk, "email": "ana@client.example", "campaign": "spring",
                    "message_id": "<m1@mail.example>"}


def test_it_tells_only_about_contacts_whose_state_changed(db):
    endpoint_for("https://crm.example/hook", *KINDS)
    already = ContactFactory.create(unsubscribed=True, bounced=True)
    fresh = ContactFactory.create()
    events_ingest(events=[
        EventInput(email=already.email, type=EventType.EMAIL_UNSUBSCRIBED),
        EventInput(email=already.email, type=EventType.EMAIL_BOUNCED),
        EventInput(email=fresh.email, type=EventType.EMAIL_BOUNCED, properties={"reason": "550 5.1.1"}),
        EventInput(email=fresh.email, type=EventType.EMAIL_BOUNCED),
        EventInput(email=fresh.email, type=EventType.EMAIL_BOUNCED, properties={"hard": False}),
    ])
    [delivery] = Delivery.objects.all()
    assert delivery.kind == EventKind.CONTACT_BOUNCED
    assert (delivery.payload["contact_id"], delivery.payload["reason"]) == (fresh.pk, "550 5.1.1")


def test_it_tells_about_a_complaint_and_the_unsubscribe_it_causes(db):
    endpoint_for("https://crm.example/hook", *KINDS)
    contact = ContactFactory.create()
    events_ingest(events=[
        EventInput(email=contact.email, type=EventType.EMAIL_UNSUBSCRIBED, properties={"complaint": True}),
    ])
    kinds = sorted(Delivery.objects.values_list("kind", flat=True))
    assert kinds == ["contact.complained", "contact.unsubscribed"]


def test_it_emits_only_the_kinds_an_endpoint_subscribes_to(db):
    endpoint_for("https://crm.example/hook", EventKind.CONTACT_BOUNCED)
    contact = ContactFactory.create()
    events_ingest(events=[EventInput(email=contact.email, type=EventType.EMAIL_UNSUBSCRIBED)])
    assert not Delivery.objects.exists()
