"""A task's page and panel: status with the checklist rule, ticks, assignee, comments; my tasks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fusee.conftest import logged_in
from fusee.core.models import Role
from fusee.playbooks.models import Task, TaskComment, TaskStatus
from fusee.playbooks.tests.factories import make_run
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def lead(db):
    """Plans the run, so is its lead: may close a task with unticked items, giving the reason."""
    return UserFactory.create(email="lea@example.com", full_name="Lea Lead", role=Role.MARKETER)


@pytest.fixture
def run(lead):
    return make_run(actor=lead, people={"host": lead}, name="Spring webinar")


@pytest.fixture
def topic(run) -> Task:
    return run.tasks.get(step_key="topic")  # checklist: "Topic written down", "Sales agree"


def page_of(client, task: Task, **headers: str) -> str:
    response = client.get(reverse("playbooks:task", args=[task.pk]), headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_step_guide_from_the_runs_version_and_its_action_links(viewer_client, topic):
    page = page_of(viewer_client, topic)
    assert "Pick <strong>one</strong> problem" in page and "One problem, one promise" in page
    assert "A one-line promise" in page and "Topic written down" in page and "Host" in page
    assert f'href="{reverse("okrs:key_result_new")}"' in page and "Add the key result" in page


@pytest.mark.parametrize(("step", "url"), [
    ("landing", "webforms:form_new"), ("invite", "nurturing:sequence_new"), ("invite", "segments:new"),
    ("live", "content:recycling_new"),
])
def test_it_links_each_action_to_its_fusee_page(viewer_client, run, step, url):
    assert f'href="{reverse(url)}"' in page_of(viewer_client, run.tasks.get(step_key=step))


def test_it_shows_a_viewer_no_form(viewer_client, topic):
    page = page_of(viewer_client, topic)
    for name in ("task_status", "task_tick", "task_assign", "task_comment"):
        assert reverse(f"playbooks:{name}", args=[topic.pk]) not in page


def test_it_refuses_every_change_from_a_viewer(viewer_client, topic):
    for name, data in [("task_status", {"status": "done"}), ("task_tick", {"index": 0, "done": "1"}),
                       ("task_assign", {"assignee": ""}), ("task_comment", {"text": "hi"})]:
        response = viewer_client.post(reverse(f"playbooks:{name}", args=[topic.pk]), data)
        assert response.status_code == 403, name
    topic.refresh_from_db()
    assert topic.status == TaskStatus.TODO and not topic.comments.exists() and topic.assignee is not None


def test_it_answers_htmx_with_the_panel_only(viewer_client, topic):
    page = page_of(viewer_client, topic, **HTMX)
    assert page.lstrip().startswith('<section class="pb-task-panel') and "<html" not in page


def test_it_shows_the_checklist_refusal_to_a_marketer_who_is_not_a_lead(marketer_client, topic):
    response = marketer_client.post(reverse("playbooks:task_status", args=[topic.pk]), {"status": "done"},
                                    headers=HTMX)
    page = response.content.decode()
    assert 'data-testid="task-error"' in page and "unticked items" in page and "Topic written down" in page
    assert "HX-Trigger" not in response and 'name="override_reason"' not in page  # not a lead
    topic.refresh_from_db()
    assert topic.status == TaskStatus.TODO


def test_it_flashes_the_refusal_without_htmx(marketer_client, topic):
    response = marketer_client.post(reverse("playbooks:task_status", args=[topic.pk]), {"status": "done"},
                                    follow=True)
    assert "unticked items" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("playbooks:task", args=[topic.pk])


def test_it_lets_a_lead_close_with_unticked_items_given_a_reason(lead, topic):
    client = logged_in(lead)
    assert 'name="override_reason"' in page_of(client, topic)
    refused = client.post(reverse("playbooks:task_status", args=[topic.pk]), {"status": "done"}, headers=HTMX)
    assert "give the reason" in refused.content.decode()
    closing = {"status": "done", "override_reason": "Sales are away; agreed by email"}
    response = client.post(reverse("playbooks:task_status", args=[topic.pk]), closing, headers=HTMX)
    assert response["HX-Trigger"] == "task-changed"
    topic.refresh_from_db()
    assert topic.status == TaskStatus.DONE and topic.override_reason == "Sales are away; agreed by email"
    assert "Sales are away; agreed by email" in response.content.decode()


def test_it_ticks_the_checklist_then_closes(marketer_client, topic):
    url = reverse("playbooks:task_tick", args=[topic.pk])
    response = marketer_client.post(url, {"index": 0, "done": "1"}, headers=HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<div class="pb-checklist"') and "1/2" in page
    marketer_client.post(url, {"index": 1, "done": "1"}, headers=HTMX)
    marketer_client.post(url, {"index": 0}, headers=HTMX)  # unticked again
    topic.refresh_from_db()
    assert [item["done"] for item in topic.checklist] == [False, True]
    marketer_client.post(url, {"index": 0, "done": "1"})
    response = marketer_client.post(reverse("playbooks:task_status", args=[topic.pk]), {"status": "done"})
    topic.refresh_from_db()
    assert response.status_code == 302 and topic.status == TaskStatus.DONE and topic.done_at is not None


def test_it_says_when_a_checklist_item_does_not_exist(marketer_client, topic):
    response = marketer_client.post(reverse("playbooks:task_tick", args=[topic.pk]),
                                    {"index": 7, "done": "1"}, headers=HTMX)
    assert "no checklist item 8" in response.content.decode()


def test_it_offers_the_moves_the_status_allows(marketer_client, topic):
    page = page_of(marketer_client, topic)
    assert {"status-doing", "status-done", "status-skipped"} <= set(
        part.split('"')[0] for part in page.split('data-testid="')[1:])
    Task.objects.filter(pk=topic.pk).update(status=TaskStatus.SKIPPED)
    page = page_of(marketer_client, topic)
    assert 'data-testid="status-todo"' in page and 'data-testid="status-done"' not in page


def test_it_assigns_the_task(marketer_client, topic):
    designer = UserFactory.create(full_name="Dina Designer")
    marketer_client.post(reverse("playbooks:task_assign", args=[topic.pk]), {"assignee": designer.pk})
    topic.refresh_from_db()
    assert topic.assignee == designer
    marketer_client.post(reverse("playbooks:task_assign", args=[topic.pk]), {"assignee": ""})
    topic.refresh_from_db()
    assert topic.assignee is None


def test_it_escapes_a_comment_and_a_task_title(marketer_client, marketer, topic):
    Task.objects.filter(pk=topic.pk).update(title="<script>alert('title')</script>")
    response = marketer_client.post(reverse("playbooks:task_comment", args=[topic.pk]),
                                    {"text": "<script>alert('comment')</script>\nsecond line"}, headers=HTMX)
    page = response.content.decode()
    assert TaskComment.objects.get().author == marketer
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;comment&#x27;)&lt;/script&gt;<br>second line" in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page


def test_it_refuses_an_empty_comment(marketer_client, topic):
    response = marketer_client.post(reverse("playbooks:task_comment", args=[topic.pk]), {"text": "  "},
                                    headers=HTMX)
    assert 'data-testid="task-error"' in response.content.decode() and not TaskComment.objects.exists()


# --- my tasks ---


def test_it_groups_my_open_tasks_late_this_week_and_later(lead, run):
    now = timezone.now()
    tasks = {task.step_key: task for task in run.tasks.all()}
    Task.objects.filter(pk=tasks["topic"].pk).update(due_at=now - timedelta(days=2))
    Task.objects.filter(pk=tasks["invite"].pk).update(due_at=now + timedelta(seconds=10))
    Task.objects.filter(pk=tasks["live"].pk).update(status=TaskStatus.DONE)
    client = logged_in(lead)
    page = client.get(reverse("playbooks:my_tasks")).content.decode()
    assert "Build the landing page" not in page  # not mine
    Task.objects.filter(pk=tasks["landing"].pk).update(assignee=lead)
    page = client.get(reverse("playbooks:my_tasks")).content.decode()
    late = page[page.index('data-testid="group-late"'):page.index('data-testid="group-this-week"')]
    week = page[page.index('data-testid="group-this-week"'):page.index('data-testid="group-later"')]
    later = page[page.index('data-testid="group-later"'):]
    assert "Choose the topic" in late and "Send the invitations" in week and "Build the landing page" in later
    assert "Go live" not in page  # done


def test_it_closes_a_task_from_my_tasks_and_comes_back(lead, run):
    invite = run.tasks.get(step_key="invite")  # no checklist
    response = logged_in(lead).post(reverse("playbooks:task_status", args=[invite.pk]),
                                    {"status": "done", "next": reverse("playbooks:my_tasks")})
    assert response["Location"] == reverse("playbooks:my_tasks")
    invite.refresh_from_db()
    assert invite.status == TaskStatus.DONE


def test_it_never_sends_back_to_another_site(lead, run):
    invite = run.tasks.get(step_key="invite")
    response = logged_in(lead).post(reverse("playbooks:task_status", args=[invite.pk]),
                                    {"status": "done", "next": "https://evil.example/"})
    assert response["Location"] == reverse("playbooks:task", args=[invite.pk])


def test_it_says_when_nothing_is_open_for_me(viewer_client):
    assert "Nothing open for you" in viewer_client.get(reverse("playbooks:my_tasks")).content.decode()
