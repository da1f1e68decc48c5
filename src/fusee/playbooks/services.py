"""Writes of the playbooks app: playbook versions, runs planned back from their milestone, tasks.

A run is created whole or not at all: its roles, every task with its dates and dependencies, in
one transaction, after every check (unknown role, milestone in the past, too short a lead time).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from fusee.core.errors import DomainError, IllegalTransition, NotAllowed
from fusee.core.models import Role, User
from fusee.core.services import audit_record
from fusee.playbooks.documents import document_read, step_specs
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
from fusee.playbooks.planning import BusinessCalendar, Plan, plan_steps

LIBRARY = Path(__file__).with_name("library")
MONTH_DAYS = 30.4
TRANSITIONS = {
    TaskStatus.TODO: {TaskStatus.DOING, TaskStatus.DONE, TaskStatus.SKIPPED},
    TaskStatus.DOING: {TaskStatus.TODO, TaskStatus.DONE, TaskStatus.SKIPPED},
    TaskStatus.DONE: {TaskStatus.TODO},
    TaskStatus.SKIPPED: {TaskStatus.TODO},
}


def require_marketer(actor: User | None) -> None:
    if actor is not None and actor.role == Role.VIEWER:
        raise NotAllowed(gettext("only marketers and admins can change playbooks and runs"))


# --- playbooks ---


@transaction.atomic
def playbook_save(*, actor: User | None, text: str, filename: str = "playbook.yaml",
                  shipped: bool = False) -> PlaybookVersion:
    """A new version of the playbook the document names (created if new); the same text twice: one version."""
    require_marketer(actor)
    document = document_read(text, filename=filename)
    playbook, created = Playbook.objects.select_for_update().get_or_create(
        slug=document["key"], defaults={"name": document["name"], "shipped": shipped})
    current = playbook.current_version()
    if current is not None and current.source == text:
        return current
    playbook.name = document["name"]
    playbook.review_on = review_date(document.get("review_months", 5))
    playbook.save()
    version = PlaybookVersion.objects.create(playbook=playbook, number=(current.number + 1) if current else 1,
                                             source=text, document=document, author=actor)
    audit_record(actor=actor, action="playbooks.playbook.create" if created else "playbooks.playbook.update",
                 target=playbook, changes={"version": version.number})
    return version


def playbook_mark_reviewed(*, actor: User | None, playbook: Playbook) -> Playbook:
    require_marketer(actor)
    version = playbook.current_version()
    playbook.review_on = review_date(version.document.get("review_months", 5) if version else 5)
    playbook.save(update_fields=["review_on"])
    audit_record(actor=actor, action="playbooks.playbook.review", target=playbook,
                 changes={"review_on": playbook.review_on.isoformat()})
    return playbook


def review_date(months: float) -> date:
    return timezone.localdate() + timedelta(days=round(months * MONTH_DAYS))


@transaction.atomic
def library_load(*, actor: User | None = None) -> list[PlaybookVersion]:
    """Fusée's shipped playbooks, each a new version only when its file changed; all or none."""
    return [playbook_save(actor=actor, text=path.read_text(encoding="utf-8"), filename=path.name,
                          shipped=True) for path in sorted(LIBRARY.glob("*.yaml"))]


# --- runs ---


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        message = gettext('"%(zone)s" is not a time zone, e.g. Europe/Paris')
        raise DomainError(message % {"zone": name}) from None


def plan_version(version: PlaybookVersion, *, milestone_at: datetime, time_zone: str, country: str,
                 now: datetime, fixed: Mapping[str, tuple[datetime, datetime]] | None = None) -> Plan:
    zone_of(time_zone)
    try:
        return plan_steps(step_specs(version.steps), milestone_at=milestone_at, time_zone=time_zone,
                          country=country, now=now, fixed=fixed or {})
    except ValueError as error:  # an unknown country for the holidays
        raise DomainError(str(error)) from None


def check_people(version: PlaybookVersion, people: Mapping[str, User]) -> None:
    known = [role["key"] for role in version.roles]
    for role in people:
        if role not in known:
            raise DomainError(
                gettext('"%(role)s" is not a role of %(playbook)s; its roles are: %(roles)s')
                % {"role": role, "playbook": version.playbook, "roles": ", ".join(known)}
            )


def check_milestone(milestone_at: datetime, now: datetime) -> None:
    if timezone.is_naive(milestone_at):
        raise DomainError(gettext("the milestone needs a time zone"))
    if milestone_at <= now:
        raise DomainError(
            gettext("the milestone (%(when)s) is in the past: choose a date to come")
            % {"when": date_format(timezone.localtime(milestone_at), "DATETIME_FORMAT")}
        )


def check_lead_time(plan: Plan, *, force: bool) -> None:
    if plan.earliest_milestone is not None and not force:
        raise DomainError(
            " ".join(plan.warnings)
            + " "
            + gettext("The earliest feasible milestone is %(when)s; choose it, or plan anyway to squeeze "
                      "the steps.")
            % {"when": date_format(timezone.localtime(plan.earliest_milestone), "DATETIME_FORMAT")}
        )


@transaction.atomic
def run_create(
    *,
    actor: User | None,
    playbook: Playbook,
    milestone_at: datetime,
    country: str,
    time_zone: str = "Europe/Paris",
    people: Mapping[str, User] | None = None,
    name: str = "",
    force: bool = False,
    now: datetime | None = None,
) -> Run:
    """`force` plans even when the lead time is too short (the first tasks are then already late)."""
    require_marketer(actor)
    now = now or timezone.now()
    version = playbook.current_version()
    if version is None:
        raise DomainError(gettext("%(playbook)s has no steps yet") % {"playbook": playbook})
    people = dict(people or {})
    check_people(version, people)
    check_milestone(milestone_at, now)
    plan = plan_version(version, milestone_at=milestone_at, time_zone=time_zone, country=country.upper(),
                        now=now)
    check_lead_time(plan, force=force)
    local = milestone_at.astimezone(zone_of(time_zone))
    run = Run.objects.create(version=version, name=name.strip() or f"{playbook.name} · {local:%Y-%m-%d}",
                             milestone_at=milestone_at, time_zone=time_zone, country=country.upper(),
                             created_by=actor)
    RunRole.objects.bulk_create(RunRole(run=run, role=role, person=person) for role, person in people.items())
    tasks_create(run, version, plan, people)
    audit_record(actor=actor, action="playbooks.run.create", target=run,
                 changes={"milestone": milestone_at.isoformat(), "warnings": plan.warnings})
    return run


def tasks_create(run: Run, version: PlaybookVersion, plan: Plan, people: Mapping[str, User]) -> None:
    tasks = Task.objects.bulk_create(
        Task(run=run, step_key=step["key"], title=step["title"], role=step["role"],
             assignee=people.get(step["role"]), starts_at=plan.steps[step["key"]].starts_at,
             due_at=plan.steps[step["key"]].due_at, critical=plan.steps[step["key"]].critical,
             checklist=[{"text": item, "done": False} for item in step.get("checklist", [])], position=index)
        for index, step in enumerate(version.steps)
    )
    by_key = {task.step_key: task for task in tasks}
    links = [Task.depends_on.through(from_task_id=by_key[step["key"]].pk, to_task_id=by_key[needed].pk)
             for step in version.steps for needed in step.get("depends_on", [])]
    Task.depends_on.through.objects.bulk_create(links)


@transaction.atomic
def run_move_milestone(*, actor: User | None, run: Run, milestone_at: datetime, force: bool = False,
                       now: datetime | None = None) -> Run:
    """Re-plan every open task from the new milestone; done and skipped tasks keep their dates."""
    require_marketer(actor)
    now = now or timezone.now()
    check_milestone(milestone_at, now)
    tasks = list(run.tasks.select_for_update())
    fixed = {t.step_key: (t.starts_at, t.due_at) for t in tasks if t.status not in OPEN_STATUSES}
    plan = plan_version(run.version, milestone_at=milestone_at, time_zone=run.time_zone, country=run.country,
                        now=now, fixed=fixed)
    check_lead_time(plan, force=force)
    moved = [t for t in tasks if t.status in OPEN_STATUSES]
    for task in moved:
        planned = plan.steps[task.step_key]
        task.starts_at, task.due_at, task.critical = planned.starts_at, planned.due_at, planned.critical
    Task.objects.bulk_update(moved, ["starts_at", "due_at", "critical"])
    old, run.milestone_at = run.milestone_at, milestone_at
    run.save(update_fields=["milestone_at"])
    audit_record(actor=actor, action="playbooks.run.move", target=run,
                 changes={"milestone": [old.isoformat(), milestone_at.isoformat()], "replanned": len(moved)})
    return run


def run_set_status(*, actor: User | None, run: Run, status: str) -> Run:
    require_marketer(actor)
    if status not in RunStatus.values or run.status == status:
        raise IllegalTransition(run, run.status, status)
    old, run.status = run.status, status
    run.save(update_fields=["status"])
    audit_record(actor=actor, action="playbooks.run.status", target=run, changes={"status": [old, status]})
    return run


# --- tasks ---


def is_lead(actor: User | None, run: Run) -> bool:
    """A lead may close a task with unticked items: an admin, or the person who planned the run."""
    return actor is None or actor.is_admin or actor.pk == run.created_by_id


def task_set_status(*, actor: User | None, task: Task, status: str, override_reason: str = "",
                    now: datetime | None = None) -> Task:
    require_marketer(actor)
    if status not in TRANSITIONS.get(TaskStatus(task.status), set()):
        raise IllegalTransition(task, task.status, status)
    if status == TaskStatus.DONE:
        check_checklist(actor, task, override_reason)
    old, task.status = task.status, status
    task.done_at, task.late_days = None, None
    if status == TaskStatus.DONE:
        task.done_at = now or timezone.now()
        task.late_days = lateness(task)
        task.override_reason = override_reason.strip() if task.unticked() else ""
    task.save(update_fields=["status", "done_at", "late_days", "override_reason"])
    override = {"override": task.override_reason} if task.override_reason else {}
    audit_record(actor=actor, action="playbooks.task.status", target=task,
                 changes={"status": [old, status], **override})
    return task


def check_checklist(actor: User | None, task: Task, override_reason: str) -> None:
    unticked = task.unticked()
    if not unticked:
        return
    if not is_lead(actor, task.run):
        raise DomainError(
            gettext('"%(task)s" has %(count)s unticked items (%(items)s): tick them, or ask a lead to '
                    "close it")
            % {"task": task, "count": len(unticked), "items": "; ".join(unticked)}
        )
    if not override_reason.strip():
        raise DomainError(
            gettext('"%(task)s" has unticked items (%(items)s): give the reason to close it anyway')
            % {"task": task, "items": "; ".join(unticked)}
        )


def lateness(task: Task) -> int:
    """Business days between the due date and the day it was done, in the run's country (negative: early)."""
    calendar = BusinessCalendar(task.run.country, task.run.time_zone)
    zone = zone_of(task.run.time_zone)
    assert task.done_at is not None
    due, done = task.due_at.astimezone(zone).date(), task.done_at.astimezone(zone).date()
    return calendar.business_days_between(due, done)


def task_tick(*, actor: User | None, task: Task, index: int, done: bool) -> Task:
    require_marketer(actor)
    if not 0 <= index < len(task.checklist):
        message = gettext('"%(task)s" has no checklist item %(index)s')
        raise DomainError(message % {"task": task, "index": index + 1})
    task.checklist[index]["done"] = done
    task.save(update_fields=["checklist"])
    return task


def task_assign(*, actor: User | None, task: Task, person: User | None) -> Task:
    require_marketer(actor)
    old, task.assignee = task.assignee, person
    task.save(update_fields=["assignee"])
    audit_record(actor=actor, action="playbooks.task.assign", target=task,
                 changes={"assignee": [str(old or ""), str(person or "")]})
    return task


def task_comment(*, actor: User | None, task: Task, text: str) -> TaskComment:
    require_marketer(actor)
    if not text.strip():
        raise DomainError(gettext("a comment needs some text"))
    return TaskComment.objects.create(task=task, author=actor, text=text.strip())
