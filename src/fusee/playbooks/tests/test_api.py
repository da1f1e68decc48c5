"""The playbooks API with real tokens through the whole Django stack."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client

from fusee.core.models import AuditEntry, Role, TokenScope, User
from fusee.core.tokens import token_create
from fusee.playbooks.models import Run, Task, TaskComment, TaskStatus
from fusee.playbooks.tests.factories import make_playbook, make_run, next_weekday_at
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def bearer(user: User, scope: TokenScope = TokenScope.WRITE) -> Client:
    _token, secret = token_create(actor=user, name="test", scope=scope)
    return Client(headers={"authorization": f"Bearer {secret}"})


def send(client: Client, method: str, url: str, data: dict):
    return getattr(client, method)(url, data, content_type="application/json")


@pytest.fixture
def api(marketer) -> Client:
    return bearer(marketer)


@pytest.fixture
def ana() -> User:
    return UserFactory.create(email="ana@example.com")


@pytest.fixture
def milestone() -> datetime:
    return next_weekday_at(60)


def run_payload(when: datetime, **changes) -> dict:
    return {"playbook": "small-webinar", "milestone": when.isoformat(), "country": "FR",
            "time_zone": "Europe/Paris", "roles": {"host": "ana@example.com"}} | changes


# --- playbooks ---


def test_it_lists_playbooks_and_reads_one_with_its_document(api):
    make_playbook()
    response = api.get("/api/v1/playbooks")
    assert response.status_code == 200, response.content
    (listed,) = response.json()
    assert (listed["key"], listed["name"], listed["version"], listed["steps"], listed["runs"]) == (
        "small-webinar", "Small webinar", 1, 4, 0)
    assert listed["review_due"] is False
    detail = api.get("/api/v1/playbooks/small-webinar").json()
    assert [step["key"] for step in detail["document"]["steps"]] == ["topic", "landing", "invite", "live"]
    assert detail["source"].startswith("key: small-webinar")
    assert api.get("/api/v1/playbooks/podcast").status_code == 404


# --- runs ---


def test_it_plans_a_run_and_answers_201_with_its_tasks(api, marketer, ana, milestone):
    make_playbook()
    response = send(api, "post", "/api/v1/runs", run_payload(milestone, name="Spring webinar"))
    assert response.status_code == 201, response.content
    body = response.json()
    run = Run.objects.get()
    assert body["id"] == run.pk and body["name"] == "Spring webinar" and body["playbook"] == "small-webinar"
    assert datetime.fromisoformat(body["milestone_at"]) == milestone
    assert body["roles"] == {"host": "ana@example.com"} and run.created_by == marketer
    assert [task["step_key"] for task in body["tasks"]] == ["topic", "landing", "invite", "live"]
    topic, landing = body["tasks"][:2]
    assert topic["assignee"] == "ana@example.com" and landing["assignee"] is None
    assert landing["depends_on"] == [topic["id"]]
    assert topic["checklist"] == [{"text": "Topic written down", "done": False},
                                  {"text": "Sales agree", "done": False}]
    assert (body["tasks_total"], body["tasks_done"]) == (4, 0)


def test_it_reads_a_naive_milestone_in_the_runs_time_zone(api, milestone):
    make_playbook()
    naive = milestone.replace(tzinfo=None).isoformat()
    response = send(api, "post", "/api/v1/runs", run_payload(milestone, milestone=naive, roles={}))
    assert response.status_code == 201, response.content
    assert Run.objects.get().milestone_at == milestone


@pytest.mark.parametrize(("changes", "detail"), [
    ({"roles": {"speaker": "ana@example.com"}}, '"speaker" is not a role of Small webinar'),
    ({"roles": {"host": "nobody@example.com"}}, "nobody active has the email nobody@example.com"),
    ({"milestone": "2020-03-18T11:00:00+01:00"}, "is in the past"),
    ({"time_zone": "Mars/Olympus"}, '"Mars/Olympus" is not a time zone'),
])
def test_it_refuses_a_bad_run_with_400_and_creates_nothing(api, ana, milestone, changes, detail):
    make_playbook()
    response = send(api, "post", "/api/v1/runs", run_payload(milestone, **changes))
    assert response.status_code == 400, response.content
    assert detail in response.json()["detail"]
    assert not Run.objects.exists() and not Task.objects.exists()


def test_it_refuses_too_short_a_lead_time_unless_forced(api, ana):
    make_playbook()
    soon = next_weekday_at(5)
    refused = send(api, "post", "/api/v1/runs", run_payload(soon))
    assert refused.status_code == 400 and "earliest feasible milestone" in refused.json()["detail"]
    assert send(api, "post", "/api/v1/runs", run_payload(soon, force=True)).status_code == 201


def test_it_lets_viewers_read_but_not_plan(viewer, ana, milestone):
    make_playbook()
    client = bearer(viewer, TokenScope.READ)
    assert client.get("/api/v1/playbooks").status_code == 200
    assert send(client, "post", "/api/v1/runs", run_payload(milestone)).status_code == 403
    reader = bearer(ana, TokenScope.READ)
    assert send(reader, "post", "/api/v1/runs", run_payload(milestone)).status_code == 403
    assert not Run.objects.exists()


def test_it_reads_a_run_and_its_tasks(api, ana):
    run = make_run(people={"host": ana})
    body = api.get(f"/api/v1/runs/{run.pk}").json()
    assert body["id"] == run.pk and len(body["tasks"]) == 4
    tasks = api.get(f"/api/v1/runs/{run.pk}/tasks").json()
    assert [task["title"] for task in tasks] == ["Choose the topic", "Build the landing page",
                                                 "Send the invitations", "Go live"]
    assert all(task["late"] is False for task in tasks)
    assert api.get(f"/api/v1/runs/{run.pk + 99}").status_code == 404


# --- tasks ---


def test_it_moves_a_task_and_keeps_the_checklist_rule(marketer, ana):
    run = make_run(people={"host": ana})
    topic = run.tasks.get(step_key="topic")
    client = bearer(ana)  # a marketer, not the run's lead
    doing = send(client, "patch", f"/api/v1/tasks/{topic.pk}", {"status": "doing"})
    assert doing.status_code == 200 and doing.json()["status"] == "doing"
    refused = send(client, "patch", f"/api/v1/tasks/{topic.pk}", {"status": "done"})
    assert refused.status_code == 400 and "unticked" in refused.json()["detail"]
    lead = bearer(UserFactory.create(role=Role.ADMIN))
    no_reason = send(lead, "patch", f"/api/v1/tasks/{topic.pk}", {"status": "done"})
    assert no_reason.status_code == 400 and "give the reason" in no_reason.json()["detail"]
    done = send(lead, "patch", f"/api/v1/tasks/{topic.pk}",
                {"status": "done", "override_reason": "Sales are away; agreed by email"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done"
    assert done.json()["override_reason"] == "Sales are away; agreed by email"
    topic.refresh_from_db()
    assert topic.status == TaskStatus.DONE and topic.done_at is not None


def test_it_assigns_and_unassigns_a_task_by_email(api, ana):
    run = make_run()
    landing = run.tasks.get(step_key="landing")
    assigned = send(api, "patch", f"/api/v1/tasks/{landing.pk}", {"assignee": "ANA@example.com"})
    assert assigned.status_code == 200 and assigned.json()["assignee"] == "ana@example.com"
    assert AuditEntry.objects.filter(action="playbooks.task.assign").count() == 1
    unknown = send(api, "patch", f"/api/v1/tasks/{landing.pk}", {"assignee": "nobody@example.com"})
    assert unknown.status_code == 400
    cleared = send(api, "patch", f"/api/v1/tasks/{landing.pk}", {"assignee": None})
    assert cleared.status_code == 200 and cleared.json()["assignee"] is None
    assert send(api, "patch", f"/api/v1/tasks/{landing.pk}", {"status": "lost"}).status_code == 422


def test_it_comments_on_a_task(api, marketer):
    task = make_run().tasks.get(step_key="topic")
    response = send(api, "post", f"/api/v1/tasks/{task.pk}/comments", {"text": "  Sales suggest retail  "})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["task_id"], body["author"]) == (task.pk, marketer.email)
    assert body["text"] == "Sales suggest retail"
    assert TaskComment.objects.get().text == "Sales suggest retail"
    assert send(api, "post", f"/api/v1/tasks/{task.pk}/comments", {"text": "   "}).status_code == 400
    assert send(api, "post", "/api/v1/tasks/999999/comments", {"text": "x"}).status_code == 404
