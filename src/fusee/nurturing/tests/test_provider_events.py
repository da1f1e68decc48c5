"""Postmark's tracking webhook, posted to the real /anymail/ URL as Postmark sends it."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from anymail.exceptions import AnymailInsecureWebhookWarning
from django.test import Client

from fusee.contacts.models import Contact, Event, EventType, Suppression, email_hash
from fusee.contacts.tests.factories import ContactFactory
from fusee.nurturing.models import Message, MessageStatus
from fusee.nurturing.tests.factories import EmailFactory

URL = "/anymail/postmark/tracking/"
SECRET = "postmark:8f4e2b7c19d3a6"
MESSAGE_ID = "<e21.welcome@fusee.invalid>"
ADDRESS = "claire.roux@example.com"


@pytest.fixture
def message(db, settings) -> Message:
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    return Message.objects.create(
        email=EmailFactory.create(utm_campaign="welcome"),
        contact=ContactFactory.create(email=ADDRESS),
        message_id=MESSAGE_ID,
        status=MessageStatus.SENT,
    )


def post(payload: dict[str, Any], secret: str = SECRET) -> int:
    auth = "Basic " + base64.b64encode(secret.encode()).decode()
    body = json.dumps(payload)
    return Client().post(URL, body, content_type="application/json", HTTP_AUTHORIZATION=auth).status_code


def bounce(**fields: Any) -> dict[str, Any]:
    return {
        "RecordType": "Bounce",
        "ID": 4323372036,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "welcome",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "ServerID": 23,
        "MessageStream": "outbound",
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": ADDRESS,
        "From": "hello@orbitale.example",
        "BouncedAt": "2025-01-20T16:09:19Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Welcome to Orbitale",
        "Metadata": {"fusee_message_id": MESSAGE_ID},
        **fields,
    }


def test_it_applies_a_hard_bounce_once_however_often_postmark_posts_it(message):
    assert post(bounce()) == 200  # no login: the shared secret is the guard
    assert post(bounce()) == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.BOUNCED and message.contact.bounced
    event = message.contact.events.get(type=EventType.EMAIL_BOUNCED)
    assert (event.properties["message"], event.properties["hard"], event.properties["source"]) == (
        MESSAGE_ID, True, "provider"
    )
    assert Suppression.objects.get(email_hash=email_hash(ADDRESS)).reason == "hard_bounce"


def test_it_unsubscribes_and_suppresses_on_a_spam_complaint(message):
    post(bounce(RecordType="SpamComplaint", Type="SpamComplaint", TypeCode=512, ID=42))
    contact = Contact.objects.get(email=ADDRESS)
    assert contact.unsubscribed and not contact.bounced
    assert contact.events.get(type=EventType.EMAIL_UNSUBSCRIBED).properties["complaint"] is True
    assert Suppression.objects.get(email_hash=email_hash(ADDRESS)).reason == "complaint"


def test_it_unsubscribes_without_suppressing_on_an_unsubscribe(message):
    post({
        "RecordType": "SubscriptionChange", "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "ServerID": 23, "MessageStream": "outbound", "ChangedAt": "2025-01-20T16:10:00Z",
        "Recipient": ADDRESS, "Origin": "Recipient", "SuppressSending": True,
        "SuppressionReason": "ManualSuppression", "Tag": "welcome",
        "Metadata": {"fusee_message_id": MESSAGE_ID},
    })
    contact = Contact.objects.get(email=ADDRESS)
    assert contact.unsubscribed and not Suppression.covers(ADDRESS)


def test_it_records_a_delivery_once(message):
    delivery = {
        "RecordType": "Delivery", "ServerID": 23, "MessageStream": "outbound",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483", "Recipient": ADDRESS, "Tag": "welcome",
        "DeliveredAt": "2025-01-20T16:08:51Z", "Details": "smtp;250 2.0.0 OK",
        "Metadata": {"fusee_message_id": MESSAGE_ID},
    }
    post(delivery)
    post(delivery)
    event = Event.objects.get(type=EventType.EMAIL_DELIVERED)
    assert (event.contact.email, event.campaign) == (ADDRESS, "welcome")
    assert event.properties["message"] == MESSAGE_ID


def test_it_matches_by_recipient_when_the_metadata_is_missing(message):
    post(bounce(Metadata={}))
    assert Contact.objects.get(email=ADDRESS).bounced
    assert Message.objects.get().status == MessageStatus.SENT  # the message itself is unknown


def test_it_refuses_a_post_without_the_shared_secret(message):
    assert post(bounce(), secret="postmark:guess") == 400
    assert not Contact.objects.get(email=ADDRESS).bounced and not Event.objects.exists()


def test_it_ignores_events_while_no_secret_guards_the_webhook(message, settings):
    settings.ANYMAIL = {}
    with pytest.warns(AnymailInsecureWebhookWarning):
        assert post(bounce(), secret="anyone:anything") == 200
    assert not Contact.objects.get(email=ADDRESS).bounced and not Event.objects.exists()


def test_it_mounts_only_the_tracking_webhooks(message):
    response = Client().post("/anymail/postmark/inbound/", "{}", content_type="application/json")
    assert response.status_code == 404
