"""Sending honours what the contact chose (topics, frequency), the rate limits, and a provider."""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy

import pytest
from django.core import mail
from django.utils import timezone

from fusee.contacts.models import Contact
from fusee.contacts.tests.factories import ContactFactory
from fusee.nurturing.links import preferences_url
from fusee.nurturing.models import ContactPreference, Email, Frequency, Message, MessageStatus
from fusee.nurturing.sending import messages_send
from fusee.nurturing.sending import pipeline as sending_pipeline
from fusee.nurturing.tests.test_sending import queued
from fusee.nurturing.transport.sink_reader import sink_messages
from fusee.nurturing.transport.smtp import SmtpUrl


def queued_on_topic(contacts: list[Contact], topic: str) -> list[int]:
    ids = queued(contacts)
    Email.objects.filter(messages__pk__in=ids).update(topic=topic)
    return ids


def test_it_refuses_a_topic_the_contact_left_and_says_which(db, sink):
    left, stayed = ContactFactory.create_batch(2)
    ContactPreference.objects.create(contact=left, topics_opted_out=["product-news"])
    report = messages_send(
        message_ids=queued_on_topic([left, stayed], "product-news"), url=SmtpUrl.parse(sink.url)
    )
    assert (report.sent, report.refused, sink.received) == (1, 1, 1)
    refused = Message.objects.get(contact=left)
    assert (refused.status, refused.smtp_reply) == (MessageStatus.REFUSED, "topic product-news opted out")


def test_it_holds_a_message_until_the_contacts_frequency_cap_allows_it(db, sink):
    weekly = ContactFactory.create()
    ContactPreference.objects.create(contact=weekly, frequency=Frequency.WEEKLY)
    first = queued([weekly])
    messages_send(message_ids=first, url=SmtpUrl.parse(sink.url))
    sent_at = Message.objects.get(pk=first[0]).sent_at
    second = queued([weekly])
    report = messages_send(message_ids=second, url=SmtpUrl.parse(sink.url))
    held = Message.objects.get(pk=second[0])
    assert sent_at is not None
    assert (report.deferred, sink.received) == (1, 1)
    assert (held.status, held.attempts) == (MessageStatus.RETRY, 0)
    assert held.next_attempt_at == sent_at + timedelta(days=7)
    assert held.smtp_reply == "frequency cap: at most one a week"


def test_it_sends_the_held_message_once_the_week_has_passed(db, sink):
    weekly = ContactFactory.create()
    ContactPreference.objects.create(contact=weekly, frequency=Frequency.WEEKLY)
    messages_send(message_ids=queued([weekly]), url=SmtpUrl.parse(sink.url))
    [second] = queued([weekly])
    messages_send(message_ids=[second], url=SmtpUrl.parse(sink.url))
    later = timezone.now() + timedelta(days=7, minutes=1)
    report = messages_send(message_ids=[second], url=SmtpUrl.parse(sink.url), now=later)
    assert (report.sent, sink.received) == (1, 2)


def test_it_links_the_preference_centre_in_both_parts_untracked(db, sink):
    contact = ContactFactory.create(language="en")
    messages_send(message_ids=queued([contact]), url=SmtpUrl.parse(sink.url))
    path = next((sink.directory / "new").iterdir())
    parsed = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    html = parsed.get_body(preferencelist=("html",)).get_content()
    link = preferences_url(contact.pk)
    assert f"]({link})" in text and f'href="{link}"' in html


@pytest.fixture
def rate_limited(settings):
    def limit(*, overall: float | None = None, per_domain: float | None = None) -> None:
        settings.FUSEE_SEND_RATE, settings.FUSEE_SEND_RATE_PER_DOMAIN = overall, per_domain
        sending_pipeline.pace.cache_clear()

    yield limit
    sending_pipeline.pace.cache_clear()


def test_it_puts_back_what_the_per_domain_rate_would_hold_too_long(db, sink, rate_limited):
    rate_limited(per_domain=0.1)  # one message every ten seconds per domain: longer than a worker waits
    same_domain = [ContactFactory.create(email=f"c{n}@one.example") for n in range(3)]
    other = ContactFactory.create(email="solo@two.example")
    started = timezone.now()
    report = messages_send(message_ids=queued([*same_domain, other]), url=SmtpUrl.parse(sink.url))
    assert (report.sent, report.deferred) == (2, 2)
    received = sorted(m.envelope_to[0].rpartition("@")[2] for m in sink_messages(directory=sink.directory))
    assert received == ["one.example", "two.example"]  # one per domain
    put_back = Message.objects.filter(status=MessageStatus.RETRY)
    assert [m.contact.email.rpartition("@")[2] for m in put_back] == ["one.example", "one.example"]
    assert {m.attempts for m in put_back} == {0} and {m.smtp_reply for m in put_back} == {
        "rate limit: sent later"
    }
    assert all(m.next_attempt_at and m.next_attempt_at > started + timedelta(seconds=50) for m in put_back)


def test_it_sends_through_the_provider_when_one_is_configured(db, settings, tmp_path):
    settings.FUSEE_EMAIL_PROVIDER = "anymail.backends.test.EmailBackend"
    key = tmp_path / "dkim.pem"  # a provider signs itself: our key must not be read
    settings.FUSEE_DKIM = type("Dkim", (), {"key_file": key, "domain": "x.example", "selector": "s"})()
    contact = ContactFactory.create(first_name="Zoé", language="fr")
    report = messages_send(message_ids=queued([contact]), url=SmtpUrl.parse("smtp://127.0.0.1:9"))
    assert report.sent == 1
    [outgoing] = mail.outbox
    assert outgoing.to == [contact.email] and outgoing.subject == "Bonjour Zoé"
    headers = outgoing.anymail_test_params["extra_headers"]  # type: ignore[attr-defined]
    assert headers["Message-ID"] == Message.objects.get(contact=contact).message_id
    assert "/u/" in headers["List-Unsubscribe"]
    assert "DKIM-Signature" not in headers
    assert Message.objects.get(contact=contact).status == MessageStatus.SENT
