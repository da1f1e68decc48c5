"""The signed check-in page: no login, only the key result and user the link was made for."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fusee.core.models import Role, User
from fusee.okrs.models import CheckIn, Confidence, KeyResult, KeyResultKind
from fusee.okrs.tests.factories import CycleFactory, KeyResultFactory, ObjectiveFactory
from fusee.okrs.tokens import SALT, checkin_token, checkin_url
from fusee.testing.factories import UserFactory


@pytest.fixture
def owner(db) -> User:
    return UserFactory.create(email="ana@example.com", full_name="Ana Lopez")


@pytest.fixture
def key_result(owner) -> KeyResult:
    objective = ObjectiveFactory.create(owner=owner, title="Fill the pipeline")
    return KeyResultFactory.create(objective=objective, owner=owner, title="Reach 300 MQLs", start=0,
                                   target=300, current=40, unit="MQLs")


def link(key_result: KeyResult, user: User) -> str:
    return reverse("okrs:checkin_token", args=[checkin_token(key_result, user)])


def test_it_makes_an_absolute_link(key_result, owner, settings):
    url = checkin_url(key_result, owner)
    assert url.startswith(settings.FUSEE_BASE_URL + "/okrs/check-in/")


def test_it_shows_the_key_result_and_its_form_without_a_login(client, key_result, owner):
    response = client.get(link(key_result, owner))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Reach 300 MQLs" in content and "Fill the pipeline" in content and "40 of 300 MQLs" in content
    assert 'name="value"' in content and 'name="confidence"' in content and 'name="comment"' in content
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_records_the_check_in_as_the_links_user(key_result, owner):
    client = Client(enforce_csrf_checks=True)
    url = link(key_result, owner)
    client.get(url)
    data = {"value": "95", "confidence": "at_risk", "comment": "Trade show slipped",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == f"{url}?saved=1"
    check_in = CheckIn.objects.get()
    assert (check_in.value, check_in.confidence, check_in.comment, check_in.author, check_in.automatic) == (
        95, Confidence.AT_RISK, "Trade show slipped", owner, False)
    key_result.refresh_from_db()
    assert key_result.current == 95
    assert b'data-testid="saved"' in client.get(response["Location"]).content


def test_it_shows_what_is_wrong_and_records_nothing(client, key_result, owner):
    response = client.post(link(key_result, owner), {"value": "lots", "confidence": "on_track"})
    assert response.status_code == 400 and b"Enter a number" in response.content
    assert not CheckIn.objects.exists()


def test_it_offers_done_or_not_for_a_milestone(client, owner):
    milestone = KeyResultFactory.create(owner=owner, kind=KeyResultKind.MILESTONE, start=0, target=1, unit="")
    url = link(milestone, owner)
    assert b'value="0" class="form-check-input" id="id_value_0" required checked' in client.get(url).content
    assert client.post(url, {"value": "2", "confidence": "on_track"}).status_code == 400
    assert client.post(url, {"value": "1", "confidence": "on_track"}).status_code == 302
    assert CheckIn.objects.get().value == 1


def test_it_shows_the_services_refusal(client, owner):
    owner.role = Role.VIEWER
    owner.save()
    key_result = KeyResultFactory.create(owner=owner)
    response = client.post(link(key_result, owner), {"value": "5", "confidence": "on_track"})
    assert response.status_code == 400 and b'data-testid="error"' in response.content
    assert not CheckIn.objects.exists()


def tampered(token: str) -> str:
    return token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")


@pytest.mark.parametrize("make_token", [
    lambda kr, user: tampered(checkin_token(kr, user)),
    lambda kr, user: signing.dumps({"kr": kr.pk, "u": user.pk}, salt="another.salt"),
    lambda kr, user: signing.dumps({"kr": 10**9, "u": user.pk}, salt=SALT),  # no such key result
    lambda kr, user: signing.dumps({"kr": kr.pk}, salt=SALT),
    lambda kr, user: "garbage",
])
def test_it_answers_an_altered_or_unknown_link_with_a_404(client, key_result, owner, make_token):
    url = reverse("okrs:checkin_token", args=[make_token(key_result, owner)])
    assert client.get(url).status_code == 404
    assert client.post(url, {"value": "1", "confidence": "on_track"}).status_code == 404
    assert not CheckIn.objects.exists()


def test_it_says_when_a_link_has_expired(client, key_result, owner, monkeypatch):
    url = link(key_result, owner)
    later = timezone.now().timestamp() + timedelta(days=15).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.post(url, {"value": "99", "confidence": "on_track"})
    assert response.status_code == 410 and b"This link has expired" in response.content
    assert b"works for 14 days" in response.content
    assert not CheckIn.objects.exists()


def test_it_still_works_on_the_thirteenth_day(client, key_result, owner, monkeypatch):
    url = link(key_result, owner)
    later = timezone.now().timestamp() + timedelta(days=13).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client.get(url).status_code == 200


def test_it_takes_no_check_in_on_a_closed_cycle(client, owner):
    closed = CycleFactory.create(key="2026-Q4", starts_on=date(2026, 10, 1), ends_on=date(2026, 12, 31),
                                 status="closed")
    key_result = KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=closed), owner=owner)
    url = link(key_result, owner)
    page = client.get(url)
    assert page.status_code == 200 and b"2026-Q4 is closed" in page.content
    assert b'name="value"' not in page.content
    assert client.post(url, {"value": "3", "confidence": "on_track"}).status_code == 409
    assert not CheckIn.objects.exists()


def test_it_refuses_a_link_sent_to_someone_who_no_longer_owns_the_key_result(client, key_result, owner):
    url = link(key_result, owner)
    key_result.owner = UserFactory.create()
    key_result.save()
    assert client.post(url, {"value": "3", "confidence": "on_track"}).status_code == 403
    assert not CheckIn.objects.exists()


def test_it_refuses_a_link_of_a_deactivated_user(client, key_result, owner):
    url = link(key_result, owner)
    owner.is_active = False
    owner.save()
    assert client.get(url).status_code == 404


def test_it_escapes_the_key_results_title(client, owner):
    key_result = KeyResultFactory.create(owner=owner, title="<script>alert(1)</script>")
    content = client.get(link(key_result, owner)).content
    assert b"<script>alert(1)</script>" not in content and b"&lt;script&gt;" in content
