from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from fusee.core.errors import DomainError, IllegalTransition, NotAllowed
from fusee.core.models import AuditEntry, Role
from fusee.playbooks import services
from fusee.playbooks.documents import InvalidPlaybook
from fusee.playbooks.models import Playbook, Run, Task, TaskStatus
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=PARIS)  # a Monday
MILESTONE = datetime(2027, 3, 18, 11, 0, tzinfo=PARIS)  # a Thursday, 33 business days later

DOCUMENT = """\
key: launch
name: Launch
purpose: Test the services.
milestone: Live
roles:
  - key: owner
    name: Owner
  - key: writer
    name: Writer
steps:
  - key: brief
    title: Write the brief
    offset: -20
    duration: 2
    role: owner
    checklist: [Goal agreed, Audience named]
  - key: copy
    title: Write the copy
    offset: -10
    duration: 3
    role: writer
    depends_on: [brief]
  - key: live
    title: Go live
    offset: 0
    duration: 0
    role: owner
    depends_on: [copy]
"""


@pytest.fixture
def marketer():
    return UserFactory.create(role=Role.MARKETER)


@pytest.fixture
def playbook(marketer) -> Playbook:
    return services.playbook_save(actor=marketer, text=DOCUMENT, filename="launch.yaml").playbook


def plan(actor, playbook, **values: Any) -> Run:
    merged: dict[str, Any] = {"milestone_at": MILESTONE, "country": "FR", "now": NOW, **values}
    return services.run_create(actor=actor, playbook=playbook, **merged)


def test_it_versions_a_playbook_and_keeps_one_version_for_the_same_text(marketer, playbook):
    services.playbook_save(actor=marketer, text=DOCUMENT)
    renamed = DOCUMENT.replace("name: Launch", "name: Big launch")
    changed = services.playbook_save(actor=marketer, text=renamed)
    playbook.refresh_from_db()
    assert changed.number == 2 and playbook.versions.count() == 2 and playbook.name == "Big launch"


def test_it_saves_nothing_from_an_invalid_document(marketer):
    with pytest.raises(InvalidPlaybook):
        services.playbook_save(actor=marketer, text=DOCUMENT.replace("offset: -10", "offset: later"))
    assert not Playbook.objects.exists()


def test_it_sets_the_review_date_about_five_months_ahead(playbook):
    assert 150 <= (playbook.review_on - timezone.localdate()).days <= 153


def test_it_plans_every_step_back_from_the_milestone(marketer, playbook):
    writer = UserFactory.create()
    run = plan(marketer, playbook, people={"owner": marketer, "writer": writer})
    tasks = {task.step_key: task for task in run.tasks.all()}
    assert tasks["live"].due_at == MILESTONE
    assert tasks["copy"].assignee == writer and tasks["brief"].assignee == marketer
    assert tasks["brief"].due_at < tasks["copy"].starts_at
    assert tasks["brief"].due_at.astimezone(PARIS).weekday() < 5
    assert list(tasks["copy"].depends_on.all()) == [tasks["brief"]]
    assert tasks["brief"].checklist == [{"text": "Goal agreed", "done": False},
                                        {"text": "Audience named", "done": False}]


def test_it_refuses_an_unknown_role_and_creates_nothing(marketer, playbook):
    with pytest.raises(DomainError, match='"speaker" is not a role of Launch; its roles are: owner, writer'):
        plan(marketer, playbook, people={"speaker": marketer})
    assert not Run.objects.exists() and not Task.objects.exists()


def test_it_refuses_a_milestone_in_the_past(marketer, playbook):
    with pytest.raises(DomainError, match="is in the past"):
        plan(marketer, playbook, milestone_at=NOW - timedelta(days=1))


def test_it_refuses_too_short_a_lead_time_and_proposes_the_earliest_milestone(marketer, playbook):
    with pytest.raises(DomainError, match="earliest feasible milestone") as refused:
        plan(marketer, playbook, milestone_at=NOW + timedelta(days=7))
    assert not Run.objects.exists()
    assert "2027" in str(refused.value)


def test_it_plans_anyway_when_asked(marketer, playbook):
    run = plan(marketer, playbook, milestone_at=NOW + timedelta(days=7), force=True)
    assert run.tasks.count() == 3


def test_it_refuses_an_unknown_country(marketer, playbook):
    with pytest.raises(DomainError):
        plan(marketer, playbook, country="XX")
    assert not Run.objects.exists()


def test_it_moves_open_tasks_with_the_milestone_and_leaves_done_ones(marketer, playbook):
    run = plan(marketer, playbook)
    brief = run.tasks.get(step_key="brief")
    for index in range(2):
        services.task_tick(actor=marketer, task=brief, index=index, done=True)
    services.task_set_status(actor=marketer, task=brief, status=TaskStatus.DONE, now=NOW)
    before = {task.step_key: task.due_at for task in run.tasks.all()}
    services.run_move_milestone(actor=marketer, run=run, milestone_at=MILESTONE + timedelta(days=7), now=NOW)
    after = {task.step_key: task.due_at for task in run.tasks.all()}
    assert after["brief"] == before["brief"]
    assert after["live"] == MILESTONE + timedelta(days=7) and after["copy"] > before["copy"]


def test_it_refuses_to_close_a_task_with_unticked_items(playbook):
    planner, member = UserFactory.create(role=Role.MARKETER), UserFactory.create(role=Role.MARKETER)
    run = plan(planner, playbook)
    brief = run.tasks.get(step_key="brief")
    with pytest.raises(DomainError, match=r'"Write the brief" has 2 unticked items.*ask a lead'):
        services.task_set_status(actor=member, task=brief, status=TaskStatus.DONE)
    with pytest.raises(DomainError, match="give the reason"):
        services.task_set_status(actor=planner, task=brief, status=TaskStatus.DONE)
    services.task_set_status(actor=planner, task=brief, status=TaskStatus.DONE,
                             override_reason="Agreed orally")
    brief.refresh_from_db()
    assert brief.status == TaskStatus.DONE and brief.override_reason == "Agreed orally"
    audit = AuditEntry.objects.filter(action="playbooks.task.status", changes__override="Agreed orally")
    assert audit.exists()


def test_it_records_how_late_a_task_was_done_in_business_days(marketer, playbook):
    run = plan(marketer, playbook)
    copy = run.tasks.get(step_key="copy")
    due = copy.due_at.astimezone(PARIS)
    services.task_set_status(actor=marketer, task=copy, status=TaskStatus.DONE, now=due + timedelta(days=7))
    assert copy.late_days == 5  # a week later: five business days (no holiday then)


def test_it_refuses_an_illegal_transition(marketer, playbook):
    task = plan(marketer, playbook).tasks.get(step_key="live")
    services.task_set_status(actor=marketer, task=task, status=TaskStatus.SKIPPED)
    with pytest.raises(IllegalTransition):
        services.task_set_status(actor=marketer, task=task, status=TaskStatus.DOING)


def test_it_refuses_viewers(playbook):
    with pytest.raises(NotAllowed):
        plan(UserFactory.create(role=Role.VIEWER), playbook)


def test_it_loads_the_shipped_library_once():
    first = services.library_load()
    again = services.library_load()
    assert len(first) >= 8 and [v.pk for v in first] == [v.pk for v in again]
    assert Playbook.objects.filter(shipped=True).count() == len(first)
