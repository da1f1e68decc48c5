from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from fusee.contacts.models import ConsentAction, ConsentRecord, Event, EventType, LegalBasis
from fusee.contacts.tests.factories import ContactFactory
from fusee.nurturing.links import preferences_token, unsubscribe_token
from fusee.nurturing.models import ContactPreference, Frequency, Message
from fusee.nurturing.tests.factories import EmailFactory


@pytest.fixture
def topics(db):
    EmailFactory.create(topic="product-news")
    EmailFactory.create(topic="events")


def page(contact) -> str:
    return reverse("public:preferences", args=[preferences_token(contact.pk)])


def checked(html: str, name: str) -> list[str]:
    inputs = re.findall(rf'<input type="(?:checkbox|radio)" name="{name}" value="([^"]*)"[^>]*>', html)
    tags = re.findall(rf'<input type="(?:checkbox|radio)" name="{name}" value="[^"]*"[^>]*>', html)
    return [value for value, tag in zip(inputs, tags, strict=True) if " checked" in tag]


def test_it_shows_the_page_in_a_french_contacts_language_whatever_the_browser_says(client, topics):
    contact = ContactFactory.create(language="fr", email="zoe@example.com")

    response = client.get(page(contact), HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Language"] == "fr"
    assert '<html lang="fr">' in html
    assert "Se désinscrire" in html  # "Unsubscribe", from the French catalogue
    assert "zoe@example.com" in html
    assert checked(html, "topics") == ["events", "product-news"] and checked(html, "frequency") == ["all"]
    assert "Product news" in html


def test_it_falls_back_to_english_for_a_language_the_interface_does_not_speak(client, topics):
    contact = ContactFactory.create(language="de")

    response = client.get(page(contact), HTTP_ACCEPT_LANGUAGE="fr")

    assert '<html lang="en">' in response.content.decode() and response["Content-Language"] == "en"


def test_it_answers_404_to_an_altered_or_foreign_token(client, db):
    contact = ContactFactory.create()
    token = preferences_token(contact.pk)

    assert client.get(f"/p/{token[:-2]}xx/").status_code == 404
    assert client.get(f"/p/{unsubscribe_token(contact.pk)}/").status_code == 404
    assert client.get(f"/p/{preferences_token(contact.pk + 1000)}/").status_code == 404


def test_it_saves_the_topics_and_frequency_chosen(client, topics):
    contact = ContactFactory.create(language="en")

    response = client.post(page(contact), {"topics": ["events"], "frequency": Frequency.WEEKLY})

    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="saved"' in html
    preference = ContactPreference.objects.get(contact=contact)
    assert (preference.topics_opted_out, preference.frequency) == (["product-news"], "weekly")
    assert checked(client.get(page(contact)).content.decode(), "topics") == ["events"]


def test_it_refuses_an_unknown_frequency_or_topic_without_saving(client, topics):
    contact = ContactFactory.create(language="en")

    bad_frequency = client.post(page(contact), {"topics": ["events"], "frequency": "daily"})
    bad_topic = client.post(page(contact), {"topics": ["<script>"], "frequency": "all"})

    assert bad_frequency.status_code == 400 and bad_topic.status_code == 400
    assert "&lt;script&gt; is not one of the available choices" in bad_topic.content.decode()
    assert not ContactPreference.objects.exists()


def test_it_unsubscribes_from_all_emails(client, topics):
    contact = ContactFactory.create(language="en")

    response = client.post(page(contact), {"unsubscribe_all": "1"})

    contact.refresh_from_db()
    assert contact.unsubscribed
    assert 'data-testid="unsubscribed"' in response.content.decode()
    assert Event.objects.filter(contact=contact, type=EventType.EMAIL_UNSUBSCRIBED).count() == 1
    assert ConsentRecord.objects.filter(contact=contact).count() == 1
    again = client.post(page(contact), {"topics": ["events"], "frequency": "all"})
    assert 'data-testid="unsubscribed"' in again.content.decode() and not ContactPreference.objects.exists()


def test_it_protects_the_form_against_cross_site_posts(db, topics):
    contact = ContactFactory.create()
    strict = Client(enforce_csrf_checks=True)

    forged = strict.post(page(contact), {"unsubscribe_all": "1"})
    token = strict.get(page(contact)).cookies["csrftoken"].value
    genuine = strict.post(page(contact), {"topics": [], "frequency": "monthly", "csrfmiddlewaretoken": token})

    contact.refresh_from_db()
    assert forged.status_code == 403 and not contact.unsubscribed
    assert genuine.status_code == 200
    assert ContactPreference.objects.get(contact=contact).frequency == Frequency.MONTHLY


def test_it_links_the_unsubscribe_page_to_the_preference_centre(client, db):
    contact = ContactFactory.create(language="en")
    message = Message.objects.create(email=EmailFactory.create(), contact=contact, message_id="<m@x.example>")

    response = client.get(reverse("public:unsubscribe", args=[unsubscribe_token(message.pk)]))

    assert f'href="{page(contact)}"' in response.content.decode()


def test_it_still_unsubscribes_with_an_rfc_8058_one_click_post(db):
    contact = ContactFactory.create(language="fr")
    message = Message.objects.create(email=EmailFactory.create(), contact=contact, message_id="<m@x.example>")
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        reverse("public:unsubscribe", args=[unsubscribe_token(message.pk)]), {"List-Unsubscribe": "One-Click"}
    )

    contact.refresh_from_db()
    assert response.status_code == 200 and contact.unsubscribed
    assert '<html lang="fr">' in response.content.decode()
    withdrawal = ConsentRecord.objects.get(contact=contact)
    assert (withdrawal.action, withdrawal.method) == (ConsentAction.WITHDRAWN, "unsubscribe link")


def test_it_withdraws_consent_from_the_unsubscribe_link_and_names_the_email(client, db):
    contact = ContactFactory.create(language="en", legal_basis=LegalBasis.CONSENT)
    email = EmailFactory.create(utm_campaign="spring-webinar")
    message = Message.objects.create(email=email, contact=contact, message_id="<e7.welcome@x.example>")
    link = reverse("public:unsubscribe", args=[unsubscribe_token(message.pk)])

    client.post(link)
    client.post(link)  # a second click changes nothing

    contact.refresh_from_db()
    assert contact.unsubscribed and contact.legal_basis == LegalBasis.NONE
    withdrawal = ConsentRecord.objects.get(contact=contact)
    assert (withdrawal.action, withdrawal.legal_basis, withdrawal.method) == (
        ConsentAction.WITHDRAWN,
        LegalBasis.CONSENT,
        "unsubscribe link",
    )
    event = Event.objects.get(contact=contact, type=EventType.EMAIL_UNSUBSCRIBED)
    assert event.campaign == "spring-webinar"
    assert event.properties == {"via": "unsubscribe link", "message": "<e7.welcome@x.example>"}
