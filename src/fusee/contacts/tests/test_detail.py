from __future__ import annotations

import json

from fusee.contacts.models import (
    ConsentRecord,
    Contact,
    Event,
    EventType,
    LegalBasis,
    Suppression,
    email_hash,
)
from fusee.core.models import AuditEntry


def make_contact(**values) -> Contact:
    values.setdefault("email", "ana@example.es")
    return Contact.objects.create(first_name="Ana", last_name="Ruiz", **values)


def test_it_shows_the_profile_and_the_timeline_newest_first(viewer_client):
    contact = make_contact(job_title="Head of Ops")
    Event.objects.create(contact=contact, type=EventType.EMAIL_OPENED, campaign="Nurture ES")
    Event.objects.create(contact=contact, type=EventType.WEBINAR_ATTENDED)
    html = viewer_client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "Ana Ruiz" in html and "Head of Ops" in html and "Timeline (2 events)" in html
    assert html.index("Webinar attended") < html.index("Email opened") and "Nurture ES" in html


def test_it_escapes_names_with_markup(viewer_client):
    contact = make_contact(job_title='<img src=x onerror="alert(1)">')
    html = viewer_client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_it_logs_consent_granted_and_withdrawn(marketer_client):
    contact = make_contact()
    marketer_client.post(
        f"/contacts/{contact.pk}/consent/",
        {"action": "granted", "legal_basis": "consent", "method": "webinar form"},
    )
    contact.refresh_from_db()
    assert contact.legal_basis == LegalBasis.CONSENT and contact.consent_method == "webinar form"
    marketer_client.post(f"/contacts/{contact.pk}/consent/", {"action": "withdrawn"})
    contact.refresh_from_db()
    assert contact.unsubscribed and contact.legal_basis == LegalBasis.NONE
    assert list(ConsentRecord.objects.values_list("action", flat=True)) == ["withdrawn", "granted"]


def test_it_keeps_viewers_from_changing_consent(viewer_client):
    contact = make_contact()
    response = viewer_client.post(
        f"/contacts/{contact.pk}/consent/", {"action": "granted", "legal_basis": "consent"}
    )
    assert response.status_code == 403 and not ConsentRecord.objects.exists()


def test_it_exports_everything_held_as_json_for_admins(admin_client, marketer_client):
    contact = make_contact(custom={"crm_id": "42"})
    Event.objects.create(contact=contact, type=EventType.FORM_SUBMITTED)
    assert marketer_client.get(f"/contacts/{contact.pk}/personal-data/").status_code == 403
    data = json.loads(admin_client.get(f"/contacts/{contact.pk}/personal-data/").content)
    assert data["email"] == "ana@example.es" and data["custom"] == {"crm_id": "42"}
    assert [e["type"] for e in data["events"]] == ["form_submitted"]


def test_it_erases_a_contact_and_keeps_only_a_hash(admin_client):
    contact = make_contact()
    Event.objects.create(contact=contact, type=EventType.EMAIL_OPENED)
    response = admin_client.post(f"/contacts/{contact.pk}/erase/")
    assert response.status_code == 302
    assert not Contact.objects.exists() and not Event.objects.exists()
    assert Suppression.objects.get().email_hash == email_hash("ANA@example.es")
    entry = AuditEntry.objects.get(action="contact.erased")
    assert "Ana" not in entry.target_label and "ana@" not in json.dumps(entry.changes)
