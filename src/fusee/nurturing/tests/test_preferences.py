from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from fusee.contacts.models import ConsentAction, ConsentRecord, Event, EventType, LegalBasis
from fusee.contacts.tests.factories import ContactFactory
from fusee.core.models import AuditEntry
from fusee.nurturing.links import (
    preferences_contact_pk,
    preferences_token,
    preferences_url,
    unsubscribe_token,
)
from fusee.nurturing.mail.building import BrandLayout, OutgoingEmail, render_html_document
from fusee.nurturing.models import ContactPreference, Frequency, Message, MessageStatus
from fusee.nurturing.preferences import (
    contact_unsubscribe_all,
    frequency_allowed_at,
    last_sent_for,
    preference_refusal,
    preference_save,
    preferences_for,
    topic_label,
    topics_in_use,
)
from fusee.nurturing.tests.factories import EmailFactory

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
LAYOUT = BrandLayout(name="Orbitale", primary_colour="#4f46e5", footer_text="Orbitale SAS\n1 rue de Paris")


def preference(**fields) -> ContactPreference:
    return ContactPreference(**fields)  # unsaved: the decision is pure


def test_it_round_trips_a_contact_token_and_refuses_an_altered_or_foreign_one():
    token = preferences_token(42)

    assert preferences_contact_pk(token) == 42
    assert preferences_contact_pk(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert preferences_contact_pk(unsubscribe_token(42)) is None  # another salt, another purpose
    assert preferences_contact_pk("not-a-token") is None


def test_it_makes_an_absolute_preference_centre_url():
    url = preferences_url(7)

    assert url == settings.FUSEE_BASE_URL.rstrip("/") + f"/p/{preferences_token(7)}/"


def test_it_labels_topics_from_their_slug_and_lists_those_in_use(db):
    EmailFactory.create(topic="product-news")
    EmailFactory.create(topic="product-news")
    EmailFactory.create(topic="events_paris")
    EmailFactory.create(topic="")

    assert topic_label("product-news") == "Product news"
    assert [(topic.slug, topic.label) for topic in topics_in_use()] == [
        ("events_paris", "Events paris"),
        ("product-news", "Product news"),
    ]


@pytest.mark.parametrize(
    ("choice", "last_sent_at", "topic", "reason"),
    [
        (None, NOW - timedelta(hours=1), "news", ""),
        ({"topics_opted_out": ["news"]}, None, "news", "topic news opted out"),
        ({"topics_opted_out": ["news"]}, None, "", ""),
        ({"topics_opted_out": ["news"]}, None, "events", ""),
        ({"frequency": Frequency.ALL}, NOW - timedelta(minutes=1), "news", ""),
        ({"frequency": Frequency.WEEKLY}, None, "news", ""),
        (
            {"frequency": Frequency.WEEKLY},
            NOW - timedelta(days=6, hours=23),
            "news",
            "frequency: at most weekly, last email on 2025-03-05 11:00 UTC",
        ),
        ({"frequency": Frequency.WEEKLY}, NOW - timedelta(days=7), "news", ""),
        (
            {"frequency": Frequency.MONTHLY},
            NOW - timedelta(days=29),
            "news",
            "frequency: at most monthly, last email on 2025-02-11 10:00 UTC",
        ),
        ({"frequency": Frequency.MONTHLY}, NOW - timedelta(days=30), "news", ""),
    ],
)
def test_it_gives_the_reason_a_contacts_choices_stop_a_message(choice, last_sent_at, topic, reason):
    chosen = preference(**choice) if choice is not None else None
    refused = preference_refusal(preference=chosen, email_topic=topic, last_sent_at=last_sent_at, now=NOW)

    assert refused == reason


def test_it_puts_the_topic_before_the_frequency():
    chosen = preference(topics_opted_out=["news"], frequency=Frequency.WEEKLY)

    reason = preference_refusal(preference=chosen, email_topic="news", last_sent_at=NOW, now=NOW)

    assert reason == "topic news opted out"


def test_it_tells_when_a_capped_contact_may_be_mailed_again():
    weekly, every = preference(frequency=Frequency.WEEKLY), preference(frequency=Frequency.ALL)

    assert frequency_allowed_at(preference=weekly, last_sent_at=NOW) == NOW + timedelta(days=7)
    assert frequency_allowed_at(preference=weekly, last_sent_at=None) is None
    assert frequency_allowed_at(preference=every, last_sent_at=NOW) is None
    assert frequency_allowed_at(preference=None, last_sent_at=NOW) is None


def message(contact, *, sent_at, status=MessageStatus.SENT) -> Message:
    return Message.objects.create(
        email=EmailFactory.create(), contact=contact, message_id=f"<m{Message.objects.count()}@x.example>",
        status=status, sent_at=sent_at,
    )


def test_it_loads_a_batchs_preferences_in_one_query(db, django_assert_num_queries):
    first, second, third = ContactFactory.create_batch(3)
    ContactPreference.objects.create(contact=first, frequency=Frequency.WEEKLY)
    ContactPreference.objects.create(contact=third, topics_opted_out=["news"])

    with django_assert_num_queries(1):
        found = preferences_for([first.pk, second.pk, third.pk])

    assert {pk: row.frequency for pk, row in found.items()} == {first.pk: "weekly", third.pk: "all"}


def test_it_loads_a_batchs_last_sent_times_in_one_query(db, django_assert_num_queries):
    first, second, third = ContactFactory.create_batch(3)
    message(first, sent_at=NOW - timedelta(days=3))
    message(first, sent_at=NOW - timedelta(days=1), status=MessageStatus.BOUNCED)  # went, then bounced
    message(first, sent_at=None, status=MessageStatus.QUEUED)
    message(second, sent_at=None, status=MessageStatus.REFUSED)

    with django_assert_num_queries(1):
        found = last_sent_for([first.pk, second.pk, third.pk])

    assert found == {first.pk: NOW - timedelta(days=1)}


def test_it_saves_choices_among_the_topics_shown_and_keeps_older_opt_outs(db):
    contact = ContactFactory.create()
    ContactPreference.objects.create(contact=contact, topics_opted_out=["retired-topic", "news"])

    preference_save(contact=contact, topics_shown=["events", "news"], topics_wanted=["news"],
                    frequency=Frequency.MONTHLY)

    saved = ContactPreference.objects.get(contact=contact)
    assert saved.topics_opted_out == ["events", "retired-topic"]
    assert saved.frequency == Frequency.MONTHLY
    entry = AuditEntry.objects.get(action="contact.email_preferences_changed")
    assert entry.target_id == str(contact.pk)
    assert entry.changes["frequency"] == ["all", "monthly"]
    assert entry.changes["topics_opted_out"] == [["retired-topic", "news"], ["events", "retired-topic"]]


def test_it_writes_no_audit_entry_when_nothing_changed(db):
    contact = ContactFactory.create()

    preference_save(contact=contact, topics_shown=["news"], topics_wanted=["news"], frequency=Frequency.ALL)

    assert ContactPreference.objects.filter(contact=contact).exists()
    assert not AuditEntry.objects.filter(action="contact.email_preferences_changed").exists()


def test_it_unsubscribes_from_everything_with_an_event_and_a_consent_withdrawal(db):
    contact = ContactFactory.create(legal_basis=LegalBasis.LEGITIMATE_INTEREST)

    contact_unsubscribe_all(contact=contact)
    contact_unsubscribe_all(contact=contact)  # a second click changes nothing

    contact.refresh_from_db()
    assert contact.unsubscribed and contact.unsubscribed_at is not None and not contact.can_be_emailed
    event = Event.objects.get(contact=contact)
    assert event.type == EventType.EMAIL_UNSUBSCRIBED and event.properties == {"via": "preference centre"}
    record = ConsentRecord.objects.get(contact=contact)
    assert (record.action, record.legal_basis, record.method) == (
        ConsentAction.WITHDRAWN, LegalBasis.LEGITIMATE_INTEREST, "preference centre"
    )


def outgoing(**fields) -> OutgoingEmail:
    values = {
        "message_id": "<m1@mail.example.com>",
        "from_name": "Orbitale",
        "from_address": "hello@orbitale.example",
        "to_address": "zoe@example.com",
        "subject": "Bonjour",
        "html_body": '<p><a href="https://x.example/">x</a></p>',
        "unsubscribe_url": "https://app.example.com/u/abc/",
        "unsubscribe_mailto": "unsubscribe@mail.example.com",
        "utm_campaign": "nurture",
        "language": "fr",
    }
    return OutgoingEmail(**{**values, **fields})


def footer_links(html: str) -> list[tuple[str, str]]:
    footer = html[html.index('class="footer"'):]
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', footer)


def test_it_shows_manage_preferences_beside_unsubscribe_escaped_and_untracked():
    email = outgoing(preferences_url='https://app.example.com/p/a"b&c/')

    html = render_html_document(email=email, layout=LAYOUT, link_rewriter=lambda url: "https://t.example/")

    assert footer_links(html) == [
        ("https://app.example.com/u/abc/", "Se désabonner"),
        ("https://app.example.com/p/a&quot;b&amp;c/", "Gérer vos préférences"),
    ]
    assert html.count("https://t.example/") == 1  # only the body's link is tracked


def test_it_keeps_the_single_footer_link_without_a_preference_centre():
    html = render_html_document(email=outgoing(language="it"), layout=LAYOUT)

    assert footer_links(html) == [
        ("https://app.example.com/u/abc/", "Annulla l'iscrizione o gestisci le tue preferenze")
    ]
