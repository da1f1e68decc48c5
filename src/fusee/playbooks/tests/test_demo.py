from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from fusee.core import demo as core_demo
from fusee.core.errors import DomainError
from fusee.core.models import AuditEntry, Team, Workspace
from fusee.playbooks import demo, selectors
from fusee.playbooks.models import (
    OPEN_STATUSES,
    Playbook,
    PlaybookVersion,
    Run,
    RunRole,
    RunStatus,
    Task,
    TaskComment,
    TaskStatus,
)

PROGRESS: list[tuple[int, int]] = []
CLOSED = (TaskStatus.DONE, TaskStatus.SKIPPED)


@pytest.fixture(scope="module")
def demo_company(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The core demo and this one loaded once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        core_demo.load(seed=42, options={})
        demo.load(seed=42, options={}, progress=lambda done, total: PROGRESS.append((done, total)))
        yield
        transaction.set_rollback(True)


def run_of(kind: str) -> Run:
    plan = next(plan for plan in demo.RUNS if plan.kind == kind)
    return Run.objects.get(name=demo.run_name(plan, demo.demo_people()))


def test_it_loads_the_library_and_plans_four_runs(demo_company, db):
    assert Playbook.objects.filter(shipped=True).count() >= 8
    runs = Run.objects.select_related("version__playbook")
    assert sorted(run.playbook.slug for run in runs) == [
        "emailing-campaign", "new-hire-onboarding", "webinar", "webinar"]
    for run in runs:
        assert run.created_at < run.tasks.order_by("starts_at").first().starts_at
        roles = {role["key"] for role in run.version.roles}
        assert set(run.roles.values_list("role", flat=True)) == roles
        assert not run.tasks.filter(assignee__isnull=True).exists()
        people = RunRole.objects.filter(run=run).values_list("person__team", "person__email")
        assert {team for team, _email in people} == {Team.MARKETING}
        assert all(email.endswith(f"@{core_demo.DEMO_DOMAIN}") for _team, email in people)


def test_it_closes_every_task_of_the_past_webinar_with_real_lateness(demo_company, db):
    run, now = run_of("past"), timezone.now()
    assert run.status == RunStatus.DONE
    assert now - timedelta(days=49) <= run.milestone_at <= now - timedelta(days=40)
    local = run.milestone_at.astimezone(ZoneInfo(run.time_zone))
    assert local.weekday() in (1, 3) and (local.hour, local.minute) == (11, 0)
    assert not run.tasks.exclude(status__in=CLOSED).exists()
    assert run.tasks.filter(status=TaskStatus.SKIPPED).count() == 2
    done = run.tasks.filter(status=TaskStatus.DONE)
    assert not done.filter(done_at__isnull=True).exists() and not done.filter(late_days__isnull=True).exists()
    assert 1 <= done.exclude(override_reason="").count() <= 2
    for task in done.filter(override_reason=""):
        assert task.unticked() == []  # closed the normal way: every item ticked first
    lateness = selectors.step_lateness(run.playbook)
    assert lateness and any(step["mean"] > 0 for step in lateness.values())
    assert any(step["mean"] <= 0 for step in lateness.values())
    assert done.filter(late_days__gte=1, late_days__lte=4).count() >= 2


def test_it_leaves_late_work_open_in_the_upcoming_webinar(demo_company, db):
    run, now = run_of("upcoming"), timezone.now()
    assert run.status == RunStatus.PLANNED
    assert now + timedelta(days=34) <= run.milestone_at <= now + timedelta(days=42)
    late = [task for task in run.tasks.all() if task.is_late(now)]
    assert 1 <= len(late) <= 6
    assert run.tasks.filter(status=TaskStatus.DONE, due_at__lt=now).exists()
    assert not run.tasks.filter(status=TaskStatus.DONE, due_at__gt=now).exists()
    assert not run.tasks.filter(due_at__gt=now).exclude(status=TaskStatus.TODO).exists()
    assert set(selectors.tasks_due_by(now).filter(run=run)) >= set(late)
    assert all(task in selectors.my_tasks(task.assignee) for task in late if task.assignee)


def test_it_has_half_the_campaign_done_a_week_before_it_goes_out(demo_company, db):
    run, now = run_of("campaign"), timezone.now()
    assert now + timedelta(days=5) <= run.milestone_at <= now + timedelta(days=12)
    total = run.tasks.count()
    assert run.tasks.filter(status=TaskStatus.DONE).count() == math.ceil(total / 2)
    assert run.tasks.filter(status=TaskStatus.DOING).count() <= 1


def test_it_onboards_a_marketing_new_hire_since_last_week(demo_company, db):
    run, now = run_of("onboarding"), timezone.now()
    assert now - timedelta(days=14) <= run.milestone_at <= now - timedelta(days=6)
    assert (run.country, run.time_zone) == ("ES", "Europe/Madrid")
    new_hire = run.roles.get(role="new_hire").person
    assert run.name == f"Onboarding: {new_hire.full_name}"
    assert new_hire.team == Team.MARKETING and new_hire.job_title.startswith("Product Marketing Manager")
    assert not run.tasks.filter(due_at__lte=run.milestone_at).exclude(status=TaskStatus.DONE).exists()
    assert run.tasks.filter(due_at__gt=run.milestone_at, status__in=OPEN_STATUSES).exists()


def test_it_dates_nothing_in_the_future(demo_company, db):
    now = timezone.now()
    assert not Task.objects.filter(done_at__gt=now).exists()
    assert not TaskComment.objects.filter(created_at__gt=now).exists()
    assert not AuditEntry.objects.filter(action__startswith="playbooks.", at__gt=now).exists()
    assert not Run.objects.filter(created_at__gt=now).exists()
    assert TaskComment.objects.exists()


def test_it_keeps_the_audit_log_in_step_with_the_story(demo_company, db):
    run = run_of("past")
    created = AuditEntry.objects.get(action="playbooks.run.create", target_id=str(run.pk))
    assert created.at == run.created_at
    task = run.tasks.filter(status=TaskStatus.DONE).first()
    closed = AuditEntry.objects.filter(action="playbooks.task.status", target_id=str(task.pk)).get()
    assert closed.at == task.done_at


def test_it_adds_nothing_when_loaded_twice(demo_company, db):
    models = (Playbook, PlaybookVersion, Run, RunRole, Task, TaskComment, AuditEntry)
    before = [model.objects.count() for model in models]
    demo.load(seed=42, options={})
    assert [model.objects.count() for model in models] == before


def test_it_reports_its_progress(demo_company, db):
    assert PROGRESS[-1] == (demo.STEPS, demo.STEPS)
    assert [done for done, _total in PROGRESS] == sorted(done for done, _total in PROGRESS)


def test_it_refuses_a_real_workspace(demo_company, db):
    Workspace.objects.update(is_demo=False)
    with pytest.raises(DomainError, match="real workspace"):
        demo.load(seed=42, options={})


# --- any day of the year, the same story ---


def story(now: datetime) -> list[tuple[str, str, str, datetime | None]]:
    """The demo loaded as on `now` (instead of the module's), as (run kind, step, status, done)."""
    Run.objects.all().delete()
    demo.PlaybooksDemo(seed=7, now=now).load()
    kinds = {demo.run_name(plan, demo.demo_people()): plan.kind for plan in demo.RUNS}
    return [(kinds[task.run.name], task.step_key, task.status, task.done_at)
            for task in Task.objects.select_related("run").order_by("run__name", "position")]


@pytest.mark.parametrize("now", [
    datetime(2027, 12, 24, 17, 30, tzinfo=ZoneInfo("Europe/Paris")),  # Christmas Eve
    datetime(2028, 4, 16, 9, 0, tzinfo=ZoneInfo("Europe/Paris")),  # Easter Sunday
    datetime(2028, 1, 3, 0, 5, tzinfo=ZoneInfo("Europe/Paris")),  # just after midnight, a new year
])
def test_it_tells_the_same_story_whatever_the_day(demo_company, db, now):
    first = story(now)
    assert story(now) == first  # the same seed and day, the same runs
    assert {kind for kind, *_rest in first} == {"past", "upcoming", "campaign", "onboarding"}
    assert all(done is None or done <= now for *_rest, done in first)
    past, upcoming = run_of("past"), run_of("upcoming")
    assert not past.tasks.exclude(status__in=CLOSED).exists() and past.milestone_at < now
    assert upcoming.milestone_at > now + timedelta(days=30)
    assert any(task.is_late(now) for task in upcoming.tasks.all())
    assert not AuditEntry.objects.filter(action__startswith="playbooks.", at__gt=now).exists()
