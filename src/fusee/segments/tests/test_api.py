from __future__ import annotations

from django.test import Client

from fusee.contacts.models import Contact
from fusee.core.models import TokenScope
from fusee.core.tokens import token_create
from fusee.segments import services
from fusee.segments.models import ListMembership


def bearer(user, scope=TokenScope.WRITE) -> Client:
    _token, secret = token_create(actor=user, name="test", scope=scope)
    return Client(headers={"authorization": f"Bearer {secret}"})


def test_it_counts_and_pages_through_a_segment(marketer):
    Contact.objects.bulk_create(Contact(email=f"c{i}@example.com", score=10 * i) for i in range(6))
    segment = services.segment_create(actor=marketer, name="Warm", expression="score >= 20")
    api = bearer(marketer, TokenScope.READ)
    assert api.get(f"/api/v1/segments/{segment.pk}/count").json() == {"count": 4}
    first = api.get(f"/api/v1/segments/{segment.pk}/contacts?limit=3").json()
    rest = api.get(f"/api/v1/segments/{segment.pk}/contacts?limit=3&after={first[-1]['id']}").json()
    assert [c["email"] for c in first + rest] == [f"c{i}@example.com" for i in range(2, 6)]
    assert api.get("/api/v1/segments").json()[0]["expression"] == "score >= 20"


def test_it_adds_contacts_to_a_static_list_with_a_write_token_only(marketer):
    contacts = Contact.objects.bulk_create(Contact(email=f"c{i}@example.com") for i in range(3))
    contact_list = services.list_create(actor=marketer, name="Trade show")
    ids = [c.pk for c in Contact.objects.filter(pk__in=[c.pk for c in contacts])]
    denied = bearer(marketer, TokenScope.READ).post(
        f"/api/v1/lists/{contact_list.pk}/contacts", {"contact_ids": ids}, content_type="application/json"
    )
    assert denied.status_code == 403
    added = bearer(marketer).post(
        f"/api/v1/lists/{contact_list.pk}/contacts", {"contact_ids": ids}, content_type="application/json"
    )
    assert added.status_code == 201 and added.json() == {"added": 3}
    assert ListMembership.objects.count() == 3
