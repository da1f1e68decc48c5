"""The contacts API with real tokens through the whole Django stack."""

from __future__ import annotations

import pytest
from django.test import Client

from fusee.contacts.models import Contact, Event, EventType, Suppression, email_hash
from fusee.core.models import TokenScope
from fusee.core.tokens import token_create


def bearer(user, scope=TokenScope.WRITE) -> Client:
    _token, secret = token_create(actor=user, name="test", scope=scope)
    return Client(headers={"authorization": f"Bearer {secret}"})


@pytest.fixture
def api(marketer) -> Client:
    return bearer(marketer)


def test_it_creates_reads_and_updates_a_contact(api):
    created = api.post(
        "/api/v1/contacts",
        {"email": " Jean.Dupont@Example.FR ", "first_name": "Jean"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    contact_id = created.json()["id"]
    assert created.json()["email"] == "jean.dupont@example.fr" and created.json()["source"] == "api"
    patched = api.patch(
        f"/api/v1/contacts/{contact_id}", {"job_title": "COO"}, content_type="application/json"
    )
    assert patched.json()["job_title"] == "COO" and patched.json()["first_name"] == "Jean"
    assert api.get(f"/api/v1/contacts/{contact_id}").json()["job_title"] == "COO"


def test_it_upserts_by_email(api):
    first = api.put(
        "/api/v1/contacts/by-email/ana@example.es", {"first_name": "Ana"}, content_type="application/json"
    )
    again = api.put(
        "/api/v1/contacts/by-email/ANA@example.es", {"last_name": "Ruiz"}, content_type="application/json"
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert Contact.objects.get().full_name == "Ana Ruiz"


def test_it_explains_validation_errors_with_the_field_path(api):
    bad_choice = api.post(
        "/api/v1/contacts", {"email": "a@b.fr", "lifecycle": "hot"}, content_type="application/json"
    )
    assert bad_choice.status_code == 422 and bad_choice.json()["detail"][0]["loc"] == [
        "body",
        "payload",
        "lifecycle",
    ]
    bad_email = api.post("/api/v1/contacts", {"email": "nope@"}, content_type="application/json")
    assert bad_email.status_code == 422 and bad_email.json()["detail"][0]["loc"] == ["body", "email"]


def test_it_refuses_an_address_on_the_suppression_list(api):
    Suppression.objects.create(email_hash=email_hash("gone@example.com"), reason="erased")
    response = api.post("/api/v1/contacts", {"email": "Gone@example.com"}, content_type="application/json")
    assert response.status_code == 422 and not Contact.objects.exists()


def test_it_ingests_a_batch_of_events_and_stops_mail_on_unsubscribe(api):
    Contact.objects.create(email="ana@example.es", legal_basis="consent")
    events = [
        {"email": "ana@example.es", "type": "email_opened", "campaign": "nurture-1"},
        {"email": "ANA@example.es", "type": "email_unsubscribed"},
    ]
    response = api.post("/api/v1/events", {"events": events}, content_type="application/json")
    assert response.status_code == 201 and response.json() == {"recorded": 2}
    contact = Contact.objects.get()
    assert contact.unsubscribed and not contact.can_be_emailed
    assert set(Event.objects.values_list("type", flat=True)) == {
        EventType.EMAIL_OPENED,
        EventType.EMAIL_UNSUBSCRIBED,
    }


def test_it_records_no_event_of_a_batch_with_an_unknown_contact(api):
    Contact.objects.create(email="ana@example.es")
    events = [
        {"email": "ana@example.es", "type": "email_opened"},
        {"email": "who@example.es", "type": "email_opened"},
    ]
    response = api.post("/api/v1/events", {"events": events}, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == [
        "body",
        "events[1]",
        "email",
    ]
    assert not Event.objects.exists()


def test_it_lets_read_tokens_and_viewers_read_but_not_write(marketer, viewer):
    for client in (bearer(marketer, TokenScope.READ), bearer(viewer, TokenScope.READ)):
        assert client.get("/api/v1/contacts").status_code == 200
        assert (
            client.post("/api/v1/contacts", {"email": "x@y.fr"}, content_type="application/json").status_code
            == 403
        )
    assert not Contact.objects.exists()


def test_it_refuses_calls_without_a_valid_token(db):
    assert Client().get("/api/v1/contacts").status_code == 401
    assert (
        Client(headers={"authorization": "Bearer fus_0000_nope"}).get("/api/v1/contacts").status_code == 401
    )


def test_it_exports_and_erases_personal_data_for_admins_only(admin, api):
    contact = Contact.objects.create(email="ana@example.es", first_name="Ana")
    Event.objects.create(contact=contact, type=EventType.EMAIL_OPENED)
    assert api.get(f"/api/v1/contacts/{contact.pk}/personal-data").status_code == 403
    admin_api = bearer(admin)
    exported = admin_api.get(f"/api/v1/contacts/{contact.pk}/personal-data").json()
    assert exported["email"] == "ana@example.es" and exported["events"][0]["type"] == "email_opened"
    assert admin_api.delete(f"/api/v1/contacts/{contact.pk}").status_code == 204
    assert not Contact.objects.exists() and not Event.objects.exists()
    again = admin_api.post("/api/v1/contacts", {"email": "ana@example.es"}, content_type="application/json")
    assert again.status_code == 422


def test_it_pages_through_contacts_by_id(api):
    Contact.objects.bulk_create(Contact(email=f"c{i}@example.com") for i in range(5))
    first = api.get("/api/v1/contacts?limit=3").json()
    rest = api.get(f"/api/v1/contacts?limit=3&after={first[-1]['id']}").json()
    assert [c["email"] for c in first + rest] == [f"c{i}@example.com" for i in range(5)]
