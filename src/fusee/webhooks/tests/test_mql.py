"""The MQL hand-off of scoring goes through webhooks."""

from __future__ import annotations

from fusee.contacts.models import Lifecycle
from fusee.contacts.tests.factories import ContactFactory
from fusee.core.jobs.runner import run_pending
from fusee.scoring.services import contacts_advance_lifecycle, scoring_settings_update
from fusee.testing.factories import UserFactory
from fusee.webhooks.models import Endpoint, EndpointSource, EventKind
from fusee.webhooks.tests.factories import endpoint_for


def test_it_emits_one_signed_event_per_new_mql(db, receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver.url, EventKind.CONTACT_MQL)
    owner = UserFactory.create(email="bob@example.com")
    contact = ContactFactory.create(
        score=70, lifecycle=Lifecycle.LEAD, owner=owner, first_name="Ana", last_name="Lopez"
    )
    ContactFactory.create(score=55, lifecycle=Lifecycle.LEAD)
    ContactFactory.create(score=10, lifecycle=Lifecycle.LEAD)  # not an MQL
    with django_capture_on_commit_callbacks(execute=True):
        contacts_advance_lifecycle()
    run_pending()
    assert receiver.kinds() == ["contact.mql", "contact.mql"]
    data = next(r.json["data"] for r in receiver.received if r.json["data"]["contact_id"] == contact.pk)
    assert data["name"] == "Ana Lopez" and data["score"] == 70 and data["owner_email"] == "bob@example.com"
    assert data["company"] == str(contact.company) and data["email"] == contact.email
    assert all("webhook-signature" in r.headers for r in receiver.received)


def test_it_delivers_to_the_scoring_settings_url_as_an_endpoint(
    db, admin, receiver, django_capture_on_commit_callbacks
):
    scoring_settings_update(actor=admin, webhook_url=receiver.url)
    assert Endpoint.objects.get(source=EndpointSource.SCORING).url == receiver.url
    ContactFactory.create(score=70, lifecycle=Lifecycle.LEAD)
    with django_capture_on_commit_callbacks(execute=True):
        contacts_advance_lifecycle()
    run_pending()
    assert receiver.kinds() == ["contact.mql"]
