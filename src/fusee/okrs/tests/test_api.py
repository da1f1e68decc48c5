"""The OKR API with real tokens through the whole Django stack."""

import pytest
from django.test import Client

from fusee.core.models import Role, TokenScope
from fusee.core.tokens import token_create
from fusee.okrs.models import CheckIn, Confidence, CycleStatus, Idea, IdeaStatus, KeyResultKind
from fusee.okrs.tests.factories import (
    CheckInFactory,
    CycleFactory,
    IdeaFactory,
    KeyResultFactory,
    ObjectiveFactory,
)
from fusee.testing.factories import UserFactory


def bearer(user, scope=TokenScope.WRITE) -> Client:
    _token, secret = token_create(actor=user, name="test", scope=scope)
    return Client(headers={"authorization": f"Bearer {secret}"})


@pytest.fixture
def api(marketer) -> Client:
    return bearer(marketer)


@pytest.fixture
def key_result(db):
    objective = ObjectiveFactory(title="Fill the pipeline")
    return KeyResultFactory(objective=objective, title="MQLs created", start=0, target=200, current=50,
                            unit="MQLs")


def post(client: Client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


def test_it_reads_a_cycle_with_objectives_key_results_and_progress(api, key_result):
    CheckInFactory(key_result=key_result, value=50, confidence=Confidence.AT_RISK)
    KeyResultFactory(objective=key_result.objective, title="Ebook", kind=KeyResultKind.MILESTONE, target=1,
                     current=1, unit="")
    response = api.get("/api/v1/okrs/cycles/2027-q1")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["key"], body["status"], body["starts_on"]) == ("2027-Q1", "active", "2027-01-01")
    team = next(o for o in body["objectives"] if o["title"] == "Fill the pipeline")
    assert team["level"] == "team" and team["aligned_to"] == key_result.objective.parent_id
    assert team["progress"] == 0.625 and team["band"] == "amber"  # (0.25 + 1) / 2
    mqls = team["key_results"][0]
    assert (mqls["title"], mqls["current"], mqls["target"], mqls["unit"]) == ("MQLs created", 50, 200, "MQLs")
    assert (mqls["progress"], mqls["band"], mqls["confidence"]) == (0.25, "red", "at_risk")
    assert api.get("/api/v1/okrs/cycles/2031-Q1").status_code == 404


def test_it_records_a_check_in_and_returns_the_new_progress(api, marketer, key_result):
    response = post(api, f"/api/v1/okrs/key-results/{key_result.pk}/check-ins",
                    {"value": 150, "confidence": "at_risk", "comment": "Webinar helped"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["check_in"]["value"] == 150 and body["check_in"]["author"] == marketer.email
    assert (body["progress"], body["band"], body["objective_progress"]) == (0.75, "green", 0.75)
    key_result.refresh_from_db()
    assert key_result.current == 150
    history = api.get(f"/api/v1/okrs/key-results/{key_result.pk}/check-ins").json()
    assert [(c["value"], c["confidence"], c["comment"]) for c in history] == [
        (150, "at_risk", "Webinar helped")]


def test_it_refuses_a_check_in_on_a_closed_cycle_with_the_message(api, key_result):
    key_result.objective.cycle.status = CycleStatus.CLOSED
    key_result.objective.cycle.save()
    response = post(api, f"/api/v1/okrs/key-results/{key_result.pk}/check-ins", {"value": 80})
    assert response.status_code == 400
    assert response.json() == {"detail": '"MQLs created": 2027-Q1 is closed, no more check-ins'}
    assert not CheckIn.objects.exists()


def test_it_validates_a_check_in_s_confidence(api, key_result):
    response = post(api, f"/api/v1/okrs/key-results/{key_result.pk}/check-ins",
                    {"value": 80, "confidence": "hopeful"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == [
        "body", "payload", "confidence"]


def test_it_lets_viewers_and_read_tokens_read_but_not_write(marketer, viewer, key_result):
    idea = IdeaFactory.create()
    demoted = UserFactory.create(role=Role.MARKETER)
    demoted_client = bearer(demoted, TokenScope.WRITE)
    demoted.role = Role.VIEWER  # a write token outlives its owner's marketer role
    demoted.save()
    for client in (bearer(marketer, TokenScope.READ), bearer(viewer, TokenScope.READ), demoted_client):
        assert client.get("/api/v1/okrs/cycles/2027-Q1").status_code == 200
        assert client.get("/api/v1/ideas").status_code == 200
        assert post(client, f"/api/v1/okrs/key-results/{key_result.pk}/check-ins",
                    {"value": 90}).status_code == 403
        assert post(client, "/api/v1/ideas", {"title": "Trade show"}).status_code == 403
        assert post(client, f"/api/v1/ideas/{idea.pk}/park", {"reason": "no"}).status_code == 403
    assert not CheckIn.objects.exists() and Idea.objects.count() == 1


def test_it_refuses_calls_without_a_token(db):
    assert Client().get("/api/v1/ideas").status_code == 401


def test_it_submits_lists_accepts_and_parks_ideas(api, key_result):
    created = post(api, "/api/v1/ideas", {"title": "Webinar with a hotel group", "source": "product",
                                          "requester": "Lina"})
    assert created.status_code == 201, created.content
    idea_id = created.json()["id"]
    assert created.json()["status"] == "new" and created.json()["source"] == "product"
    accepted = post(api, f"/api/v1/ideas/{idea_id}/accept", {"key_result": key_result.pk})
    assert accepted.status_code == 200 and accepted.json()["key_result_id"] == key_result.pk
    assert accepted.json()["status"] == IdeaStatus.ACCEPTED
    other = IdeaFactory.create(title="Trade show booth")
    parked = post(api, f"/api/v1/ideas/{other.pk}/park",
                  {"reason": "Serves no objective", "cycle": "2027-q1"})
    assert parked.status_code == 200
    assert (parked.json()["status"], parked.json()["parked_in"]) == ("parked", "2027-Q1")
    assert [i["title"] for i in api.get("/api/v1/ideas?status=parked").json()] == ["Trade show booth"]
    assert len(api.get("/api/v1/ideas").json()) == 2


def test_it_refuses_a_park_without_a_reason_and_an_unknown_source(api, db):
    idea = IdeaFactory.create(title="Trade show booth")
    response = post(api, f"/api/v1/ideas/{idea.pk}/park", {"reason": "  ", "cycle": ""})
    assert response.status_code == 400 and "say why it is parked" in response.json()["detail"]
    assert post(api, "/api/v1/ideas", {"title": "X", "source": "ceo"}).status_code == 422
    assert post(api, "/api/v1/ideas", {"title": "   "}).json() == {"detail": "an idea needs a title"}


def test_it_refuses_to_accept_an_idea_for_a_key_result_of_a_closed_cycle(api):
    closed = CycleFactory(key="2026-Q4", starts_on="2026-10-01", ends_on="2026-12-31",
                          status=CycleStatus.CLOSED)
    old = KeyResultFactory.create(objective=ObjectiveFactory(cycle=closed))
    idea = IdeaFactory.create()
    response = post(api, f"/api/v1/ideas/{idea.pk}/accept", {"key_result": old.pk})
    assert response.status_code == 400 and "2026-Q4 is closed" in response.json()["detail"]
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW
