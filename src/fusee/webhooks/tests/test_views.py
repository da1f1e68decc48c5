from __future__ import annotations

import pytest

from fusee.core.jobs.runner import run_pending
from fusee.webhooks.models import Delivery, DeliveryStatus, Endpoint, EventKind
from fusee.webhooks.services import endpoint_mql_url_sync
from fusee.webhooks.tests.factories import endpoint_for

NEW = {"url": "https://crm.example/hook", "description": "CRM", "kinds": ["contact.mql", "contact.bounced"]}


@pytest.mark.parametrize("client_name", ["viewer_client", "marketer_client"])
def test_it_lets_only_an_admin_see_or_create_endpoints(request, client_name):
    client = request.getfixturevalue(client_name)
    assert client.get("/webhooks/").status_code == 403
    assert client.post("/webhooks/new/", NEW).status_code == 403
    assert not Endpoint.objects.exists()


def test_it_shows_the_secret_once_after_creating_an_endpoint(admin_client):
    response = admin_client.post("/webhooks/new/", NEW)
    endpoint = Endpoint.objects.get()
    assert response.url == f"/webhooks/{endpoint.pk}/"
    assert endpoint.kinds == ["contact.mql", "contact.bounced"] and endpoint.description == "CRM"
    assert endpoint.secret in admin_client.get(response.url).content.decode()
    again = admin_client.get(response.url).content.decode()
    assert endpoint.secret not in again and endpoint.secret_masked in again


def test_it_shows_what_is_wrong_with_a_new_endpoint(admin_client):
    response = admin_client.post("/webhooks/new/", {**NEW, "url": "ftp://crm.example", "kinds": []})
    assert response.status_code == 200 and not Endpoint.objects.exists()
    page = response.content.decode()
    assert "Enter a valid URL" in page and "This field is required" in page


def test_it_lists_endpoints_with_their_last_deliveries(admin_client):
    endpoint = endpoint_for("https://crm.example/<b>hook</b>", EventKind.CONTACT_MQL)
    Delivery.objects.create(endpoint=endpoint, kind="contact.mql", status=DeliveryStatus.FAILED)
    page = admin_client.get("/webhooks/").content.decode()
    assert "&lt;b&gt;hook" in page and "<b>hook" not in page
    assert "Failed" in page and "A contact became an MQL" in page


def test_it_edits_and_disables_an_endpoint(admin_client):
    endpoint = endpoint_for("https://crm.example/hook", EventKind.CONTACT_MQL)
    admin_client.post(f"/webhooks/{endpoint.pk}/edit/", {**NEW, "kinds": ["form.submitted"]})
    admin_client.post(f"/webhooks/{endpoint.pk}/active/", {"active": "0"})
    endpoint.refresh_from_db()
    assert endpoint.kinds == ["form.submitted"] and endpoint.active is False


def test_it_keeps_the_url_of_the_scoring_endpoint_read_only(admin_client, admin):
    endpoint = endpoint_mql_url_sync(actor=admin, url="https://crm.example/mql")
    admin_client.post(f"/webhooks/{endpoint.pk}/edit/", {**NEW, "url": "https://elsewhere.example/"})
    endpoint.refresh_from_db()
    assert endpoint.url == "https://crm.example/mql" and endpoint.kinds == NEW["kinds"]


def test_it_sends_a_test_event_from_the_button(admin_client, receiver):
    endpoint = endpoint_for(receiver.url, EventKind.CONTACT_MQL)
    admin_client.post(f"/webhooks/{endpoint.pk}/test/")
    run_pending()
    assert receiver.kinds() == ["webhook.test"]
    assert "Delivered" in admin_client.get(f"/webhooks/{endpoint.pk}/").content.decode()


def test_it_retries_a_delivery_now_and_redraws_its_row(admin_client, receiver):
    endpoint = endpoint_for(receiver.url, EventKind.CONTACT_MQL)
    delivery = Delivery.objects.create(endpoint=endpoint, kind="contact.mql", status=DeliveryStatus.FAILED)
    response = admin_client.post(f"/webhooks/deliveries/{delivery.pk}/retry/", headers={"HX-Request": "true"})
    assert response.content.decode().strip().startswith(f'<tr id="delivery-{delivery.pk}">')
    run_pending()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and len(receiver.received) == 1


def test_it_filters_the_delivery_log_by_status(admin_client):
    endpoint = endpoint_for("https://crm.example/hook", EventKind.CONTACT_MQL)
    for status, name in [(DeliveryStatus.FAILED, "failed-one"), (DeliveryStatus.DELIVERED, "ok-one")]:
        Delivery.objects.create(endpoint=endpoint, kind="contact.mql", status=status, payload={"n": name})
    response = admin_client.get(f"/webhooks/{endpoint.pk}/?status=failed", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.strip().startswith('<div id="log"') and "failed-one" in html and "ok-one" not in html


def test_it_replaces_the_secret_and_shows_the_new_one_once(admin_client):
    endpoint = endpoint_for("https://crm.example/hook", EventKind.CONTACT_MQL)
    old = endpoint.secret
    response = admin_client.post(f"/webhooks/{endpoint.pk}/secret/")
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret in admin_client.get(response.url).content.decode()


def test_it_shows_webhooks_in_the_menu_of_admins_only(admin_client, marketer_client):
    assert 'href="/webhooks/"' in admin_client.get("/").content.decode()
    assert 'href="/webhooks/"' not in marketer_client.get("/").content.decode()
