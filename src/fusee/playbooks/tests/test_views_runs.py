"""Planning a run from the form, the run's three views, moving its milestone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fusee.core.models import Role
from fusee.playbooks.models import Run, Task, TaskStatus
from fusee.playbooks.tests.factories import RunFactory, TaskFactory, make_playbook, make_run, next_weekday_at
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def plan_url(slug: str = "small-webinar") -> str:
    return f"{reverse('playbooks:run_new')}?playbook={slug}"


def plan_data(milestone: datetime, **extra: str) -> dict[str, str]:
    return {"milestone_date": milestone.date().isoformat(), "milestone_time": "11:00",
            "time_zone": "Europe/Paris", "country": "FR", "name": "", **extra}


def test_it_asks_which_playbook_first_then_one_person_per_role(marketer_client):
    make_playbook()
    page = marketer_client.get(reverse("playbooks:run_new")).content.decode()
    assert 'name="playbook"' in page and "data-plan-form" not in page and "role_host" not in page
    page = marketer_client.get(plan_url()).content.decode()
    assert 'name="role_host"' in page and 'name="role_designer"' in page
    assert 'value="11:00"' in page  # the playbook's usual milestone time


def test_it_plans_a_run_from_the_form(marketer_client, marketer):
    make_playbook()
    designer = UserFactory.create(full_name="Dina Designer")
    milestone = next_weekday_at(60)
    data = plan_data(milestone, role_host=str(marketer.pk), role_designer=str(designer.pk),
                     name="Spring webinar")
    response = marketer_client.post(plan_url(), data)
    run = Run.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("playbooks:run", args=[run.pk])
    assert run.name == "Spring webinar" and run.milestone_at == milestone and run.created_by == marketer
    assert {task.step_key: task.assignee for task in run.tasks.all()} == {
        "topic": marketer, "landing": designer, "invite": marketer, "live": marketer}


def test_it_proposes_the_earliest_feasible_milestone_when_time_is_short(marketer_client):
    make_playbook()
    response = marketer_client.post(plan_url(), plan_data(next_weekday_at(3)))
    page = response.content.decode()
    assert response.status_code == 400 and not Run.objects.exists()
    assert "earliest feasible milestone" in page.lower() and 'name="force"' in page
    earliest = re.search(r'name="earliest" value="([^"]+)"', page)
    assert earliest, page
    # "Use this milestone" sends the form again with the proposal, which plans.
    response = marketer_client.post(plan_url(), plan_data(next_weekday_at(3), earliest=earliest[1]))
    run = Run.objects.get()
    assert response.status_code == 302 and run.milestone_at == datetime.fromisoformat(earliest[1])


def test_it_plans_anyway_when_asked(marketer_client):
    make_playbook()
    soon = next_weekday_at(3)
    response = marketer_client.post(plan_url(), plan_data(soon, force="on"))
    assert response.status_code == 302
    run = Run.objects.get()
    assert run.milestone_at == soon and run.tasks.count() == 4


def test_it_refuses_a_milestone_in_the_past_without_offering_to_force_it(marketer_client):
    make_playbook()
    response = marketer_client.post(plan_url(), plan_data(timezone.now() - timedelta(days=3)))
    page = response.content.decode()
    assert response.status_code == 400 and "is in the past" in page and 'name="force"' not in page
    assert not Run.objects.exists()


def test_it_keeps_planning_from_a_viewer(viewer_client):
    make_playbook()
    assert viewer_client.get(plan_url()).status_code == 403
    assert viewer_client.post(plan_url(), plan_data(next_weekday_at(60))).status_code == 403
    assert not Run.objects.exists()


@pytest.fixture
def run(marketer):
    return make_run(actor=marketer, people={"host": marketer}, name="Spring webinar")


@pytest.mark.parametrize("view", ["timeline", "calendar", "board"])
def test_it_shows_each_view_of_a_run_to_a_viewer(viewer_client, run, view):
    page = viewer_client.get(reverse("playbooks:run", args=[run.pk]), {"view": view}).content.decode()
    assert "Spring webinar" in page and "0 / 4 tasks finished" in page
    assert f'data-testid="tab-{view}"' in page and page.count("Send the invitations") >= 1
    assert reverse("playbooks:run_move", args=[run.pk]) not in page  # a viewer does not move the milestone


def test_it_draws_the_timeline_with_the_milestone_days_off_and_the_critical_path(viewer_client, run):
    run.tasks.filter(step_key="topic").update(status=TaskStatus.DONE)
    page = viewer_client.get(reverse("playbooks:run", args=[run.pk])).content.decode()
    bars = re.findall(r'<g class="([^"]+)" data-testid="bar" data-task="(\d+)"', page)
    critical = {str(task.pk) for task in run.tasks.filter(critical=True)}
    assert len(bars) == 4 and "pb-done" in bars[0][0] and critical
    assert {pk for classes, pk in bars if "pb-critical" in classes} == critical
    assert 'data-testid="milestone-line"' in page and page.count('class="pb-offday"') >= 8  # weekends shaded
    assert "Send the invitations</strong> after Build the landing page" in page
    assert 'style=' not in page[page.index("<svg class=\"pb-timeline\""):page.index("</svg>")]


def test_it_puts_tasks_on_their_due_day_in_the_calendar(viewer_client, run):
    live = run.tasks.get(step_key="live")
    page = viewer_client.get(reverse("playbooks:run", args=[run.pk]), {"view": "calendar"}).content.decode()
    day = timezone.localtime(live.due_at, PARIS).day
    assert re.search(rf'<div class="small text-body-secondary">{day}</div>\s*'
                     rf'<div class="badge text-bg-danger mb-1">Webinar live</div>\s*'
                     rf'<a class="pb-chip pb-todo[^"]*" href="/playbooks/tasks/{live.pk}/" data-panel>'
                     rf'Go live</a>',
                     page)


def test_it_sorts_the_board_by_status(viewer_client, run):
    run.tasks.filter(step_key="topic").update(status=TaskStatus.DONE)
    run.tasks.filter(step_key="landing").update(status=TaskStatus.DOING)
    page = viewer_client.get(reverse("playbooks:run", args=[run.pk]), {"view": "board"}).content.decode()
    columns = {status: page[page.index(f'data-testid="column-{status}"'):] for status in TaskStatus.values}
    assert "Choose the topic" in columns["done"].split("</section>")[0]
    assert "Build the landing page" in columns["doing"].split("</section>")[0]
    assert "Go live" in columns["todo"].split("</section>")[0]
    assert "1 / 4 tasks finished" in page


def test_it_answers_htmx_with_the_view_only(viewer_client, run):
    response = viewer_client.get(reverse("playbooks:run", args=[run.pk]), {"view": "board"},
                                 headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="run-view"') and "<html" not in page
    assert 'data-testid="board"' in page


def test_it_escapes_a_task_title_everywhere(viewer_client, run):
    run.tasks.filter(step_key="live").update(title="<script>alert('x')</script>")
    for view in ("timeline", "calendar", "board"):
        page = viewer_client.get(reverse("playbooks:run", args=[run.pk]), {"view": view}).content.decode()
        assert "<script>alert" not in page, view
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page, view


def test_it_moves_the_milestone_replanning_open_tasks_and_keeping_done_ones(marketer_client, run):
    topic = run.tasks.get(step_key="topic")
    Task.objects.filter(pk=topic.pk).update(status=TaskStatus.DONE, done_at=timezone.now())
    before = {task.step_key: task.due_at for task in run.tasks.all()}
    later = run.milestone_at.astimezone(PARIS) + timedelta(days=14)
    response = marketer_client.post(reverse("playbooks:run_move", args=[run.pk]),
                                    {"milestone_date": later.date().isoformat(), "milestone_time": "11:00"})
    assert response.status_code == 302
    after = {task.step_key: task.due_at for task in run.tasks.all()}
    run.refresh_from_db()
    assert run.milestone_at == later
    assert after["topic"] == before["topic"]  # done: it stays where it was
    assert all(after[key] - before[key] == timedelta(days=14) for key in ("landing", "invite", "live"))


def test_it_shows_why_the_milestone_cannot_move_and_proposes_one(marketer_client, run):
    soon = next_weekday_at(2)
    response = marketer_client.post(reverse("playbooks:run_move", args=[run.pk]),
                                    {"milestone_date": soon.date().isoformat(), "milestone_time": "11:00"})
    page = response.content.decode()
    assert response.status_code == 400 and 'data-testid="move-error"' in page
    assert 'name="earliest"' in page and 'name="force"' in page
    before = run.milestone_at
    run.refresh_from_db()
    assert run.milestone_at == before


def test_it_keeps_the_milestone_from_a_viewer(viewer_client, run):
    later = run.milestone_at + timedelta(days=7)
    response = viewer_client.post(reverse("playbooks:run_move", args=[run.pk]),
                                  {"milestone_date": later.date().isoformat(), "milestone_time": "11:00"})
    assert response.status_code == 403


def big_run(count: int) -> Run:
    """A run of `count` tasks, each after the one before, some done, some assigned."""
    run = RunFactory.create()
    people = UserFactory.create_batch(3, role=Role.MARKETER)
    start = run.milestone_at - timedelta(days=count // 2)
    tasks = Task.objects.bulk_create(
        TaskFactory.build(run=run, step_key=f"s{index}", title=f"Step {index}", assignee=people[index % 3],
                          starts_at=start + timedelta(hours=8 * index),
                          due_at=start + timedelta(hours=8 * index + 6),
                          status=TaskStatus.DONE if index % 5 == 0 else TaskStatus.TODO,
                          critical=index % 2 == 0, checklist=[{"text": "ok", "done": index % 3 == 0}],
                          position=index)
        for index in range(count))
    Task.depends_on.through.objects.bulk_create(
        Task.depends_on.through(from_task_id=later.pk, to_task_id=earlier.pk)
        for earlier, later in pairwise(tasks))
    return run


def run_page_queries(client, run: Run, view: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("playbooks:run", args=[run.pk]), {"view": view})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["timeline", "calendar", "board"])
def test_it_renders_a_run_of_200_tasks_in_as_many_queries_as_one_of_10(marketer_client, view):
    small, big = big_run(10), big_run(200)
    queries = run_page_queries(marketer_client, big, view)
    assert queries == run_page_queries(marketer_client, small, view)
    assert queries <= 8  # session, user, run, tasks, their dependencies, roles
