"""Playbooks, runs and tasks over the API.

A run is planned from a playbook's key, a milestone (ISO 8601; without an offset it is read in the
run's time zone), a country and people for the roles (by email); it is created whole or not at all.
A refusal of a business rule (an unknown role or email, a milestone in the past, too short a lead
time, a task closed with unticked items…) is a 400 whose `detail` is the message.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from fusee.api import refusal_is_400, require_write
from fusee.core.errors import DomainError
from fusee.core.models import User, Workspace
from fusee.playbooks import selectors, services
from fusee.playbooks.models import Playbook, Run, Task, TaskComment, TaskStatus

router = Router(tags=["playbooks"])


# --- schemas ---


class PlaybookOut(Schema):
    key: str
    name: str
    version: int | None = Field(description="the current version's number")
    steps: int
    runs: int
    review_on: date
    review_due: bool
    archived: bool
    shipped: bool = Field(description="from Fusée's own library")


class PlaybookDetail(PlaybookOut):
    document: dict[str, Any] = Field(description="the current version, validated against the playbook schema")
    source: str = Field(description="the current version's YAML, as written")


class ChecklistItem(Schema):
    text: str
    done: bool


class TaskOut(Schema):
    id: int
    run_id: int
    step_key: str
    title: str
    role: str
    assignee: str | None = Field(description="the assignee's email")
    starts_at: datetime
    due_at: datetime
    critical: bool = Field(description="on the critical path when planned")
    status: str
    late: bool = Field(description="open and past its due time")
    checklist: list[ChecklistItem]
    depends_on: list[int] = Field(description="ids of the tasks to finish first")
    done_at: datetime | None
    late_days: int | None = Field(description="business days after the due date when done (negative: early)")
    override_reason: str


class RunOut(Schema):
    id: int
    name: str
    playbook: str = Field(description="the playbook's key")
    version: int
    milestone_at: datetime
    time_zone: str
    country: str
    status: str
    roles: dict[str, str] = Field(description="role key → the person's email")
    tasks_total: int
    tasks_done: int = Field(description="done or skipped")
    tasks: list[TaskOut]


class RunIn(Schema):
    playbook: str = Field(..., description="the playbook's key")
    milestone: datetime = Field(..., description="ISO 8601, like 2027-03-18T11:00:00+01:00")
    country: str = Field("", max_length=2, description="whose holidays to skip (default: the workspace's)")
    time_zone: str = Field("", max_length=64, description="like Europe/Paris (default: the workspace's)")
    roles: dict[str, str] = Field(default_factory=dict, description="role key → email of the person")
    name: str = Field("", max_length=200)
    force: bool = Field(False, description="plan even when the lead time is too short")


class TaskPatch(Schema):
    status: TaskStatus | None = None
    override_reason: str = Field("", max_length=2000,
                                 description="why a lead closes the task with unticked checklist items")
    assignee: str | None = Field(None, description="an email; null to unassign")


class CommentIn(Schema):
    text: str = Field(..., max_length=5000)


class CommentOut(Schema):
    id: int
    task_id: int
    author: str | None
    text: str
    created_at: datetime


# --- playbooks ---


@router.get("playbooks", response=list[PlaybookOut], summary="The playbooks (not archived ones unless asked)")
def playbook_list(request: HttpRequest, include_archived: bool = False) -> Any:
    playbooks = selectors.playbook_list(include_archived=include_archived).prefetch_related("versions")
    return [playbook_out(playbook) for playbook in playbooks]


@router.get("playbooks/{key}", response=PlaybookDetail, summary="A playbook with its current document")
def playbook_read(request: HttpRequest, key: str) -> Any:
    playbook = get_object_or_404(selectors.playbook_list(include_archived=True).prefetch_related("versions"),
                                 slug=key)
    version = playbook.current_version()
    return {**playbook_out(playbook), "document": version.document if version else {},
            "source": version.source if version else ""}


# --- runs ---


@router.post("runs", response={201: RunOut}, summary="Plan a run back from its milestone")
def run_create(request: HttpRequest, payload: RunIn) -> Any:
    require_write(request)
    playbook = get_object_or_404(Playbook, slug=payload.playbook)
    workspace = Workspace.current()
    time_zone = payload.time_zone or workspace.time_zone
    with refusal_is_400():
        milestone = payload.milestone
        if timezone.is_naive(milestone):
            milestone = milestone.replace(tzinfo=services.zone_of(time_zone))
        run = services.run_create(actor=request.user, playbook=playbook, milestone_at=milestone,  # type: ignore[arg-type]
                                  country=payload.country or workspace.country, time_zone=time_zone,
                                  people=people_by_email(payload.roles), name=payload.name,
                                  force=payload.force)
    return Status(201, run_out(run))


@router.get("runs/{run_id}", response=RunOut, summary="A run with its tasks")
def run_read(request: HttpRequest, run_id: int) -> Any:
    return run_out(get_object_or_404(Run, pk=run_id))


@router.get("runs/{run_id}/tasks", response=list[TaskOut], summary="A run's tasks, by due date")
def run_task_list(request: HttpRequest, run_id: int) -> Any:
    run = get_object_or_404(Run, pk=run_id)
    now = timezone.now()
    return [task_out(task, now) for task in selectors.run_tasks(run)]


# --- tasks ---


@router.patch("tasks/{task_id}", response=TaskOut, summary="Change a task's status or assignee")
def task_update(request: HttpRequest, task_id: int, payload: TaskPatch) -> Any:
    require_write(request)
    task = get_object_or_404(Task.objects.select_related("run", "assignee"), pk=task_id)
    sent = payload.dict(exclude_unset=True)
    with refusal_is_400():
        if "assignee" in sent:
            person = person_by_email(payload.assignee) if payload.assignee else None
            if person != task.assignee:
                services.task_assign(actor=request.user, task=task, person=person)  # type: ignore[arg-type]
        if payload.status is not None and payload.status != task.status:
            services.task_set_status(actor=request.user, task=task, status=payload.status,  # type: ignore[arg-type]
                                     override_reason=payload.override_reason)
    return task_out(selectors.run_tasks(task.run).get(pk=task.pk), timezone.now())


@router.post("tasks/{task_id}/comments", response={201: CommentOut}, summary="Comment on a task")
def task_comment(request: HttpRequest, task_id: int, payload: CommentIn) -> Any:
    require_write(request)
    task = get_object_or_404(Task, pk=task_id)
    with refusal_is_400():
        comment = services.task_comment(actor=request.user, task=task, text=payload.text)  # type: ignore[arg-type]
    return Status(201, comment_out(comment))


# --- people ---


def person_by_email(email: str) -> User:
    person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None:
        raise DomainError(f"nobody active has the email {email.strip()}")
    return person


def people_by_email(roles: dict[str, str]) -> dict[str, User]:
    return {role: person_by_email(email) for role, email in roles.items()}


# --- shaping ---


def playbook_out(playbook: Playbook) -> dict[str, Any]:
    version = max(playbook.versions.all(), key=lambda v: v.number, default=None)
    return {"key": playbook.slug, "name": playbook.name, "version": version.number if version else None,
            "steps": len(version.steps) if version else 0, "runs": getattr(playbook, "runs", 0),
            "review_on": playbook.review_on, "review_due": playbook.review_due(timezone.localdate()),
            "archived": playbook.archived, "shipped": playbook.shipped}


def run_out(run: Run) -> dict[str, Any]:
    run = (Run.objects.select_related("version__playbook")
           .prefetch_related("roles__person")
           .get(pk=run.pk))
    now = timezone.now()
    tasks = [task_out(task, now) for task in selectors.run_tasks(run)]
    return {"id": run.pk, "name": run.name, "playbook": run.version.playbook.slug,
            "version": run.version.number, "milestone_at": run.milestone_at, "time_zone": run.time_zone,
            "country": run.country,
            "status": run.status, "roles": {role.role: role.person.email for role in run.roles.all()},
            "tasks_total": len(tasks),
            "tasks_done": sum(task["status"] in (TaskStatus.DONE, TaskStatus.SKIPPED) for task in tasks),
            "tasks": tasks}


def task_out(task: Task, now: datetime) -> dict[str, Any]:
    return {"id": task.pk, "run_id": task.run_id, "step_key": task.step_key, "title": task.title,
            "role": task.role, "assignee": task.assignee.email if task.assignee else None,
            "starts_at": task.starts_at, "due_at": task.due_at, "critical": task.critical,
            "status": task.status,
            "late": task.is_late(now), "checklist": task.checklist,
            "depends_on": sorted(needed.pk for needed in task.depends_on.all()), "done_at": task.done_at,
            "late_days": task.late_days, "override_reason": task.override_reason}


def comment_out(comment: TaskComment) -> dict[str, Any]:
    return {"id": comment.pk, "task_id": comment.task_id,
            "author": comment.author.email if comment.author else None, "text": comment.text,
            "created_at": comment.created_at}
