"""Reads of the playbooks app."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery

from fusee.core.models import User
from fusee.playbooks.models import OPEN_STATUSES, Playbook, PlaybookVersion, Run, RunStatus, Task, TaskStatus


def playbook_list(*, include_archived: bool = False) -> QuerySet[Playbook]:
    playbooks = Playbook.objects.annotate(runs=Count("versions__runs", distinct=True))
    return playbooks if include_archived else playbooks.filter(archived=False)


def playbooks_due_review(today: date) -> QuerySet[Playbook]:
    return Playbook.objects.filter(archived=False, review_on__lte=today)


def run_list(*, status: str | None = None) -> QuerySet[Run]:
    closed = Q(tasks__status__in=[TaskStatus.DONE, TaskStatus.SKIPPED])
    runs = Run.objects.select_related("version__playbook").annotate(total=Count("tasks"),
                                                                    done=Count("tasks", filter=closed))
    return runs.filter(status=status) if status else runs


def run_tasks(run: Run) -> QuerySet[Task]:
    return run.tasks.select_related("assignee").prefetch_related("depends_on").order_by("due_at", "position")


def my_tasks(user: User) -> QuerySet[Task]:
    return (Task.objects.filter(assignee=user, status__in=OPEN_STATUSES, run__status=RunStatus.PLANNED)
            .select_related("run").order_by("due_at"))


def tasks_due_by(moment: datetime) -> QuerySet[Task]:
    """Open tasks of planned runs due before `moment` (today's and the late ones), with their assignee."""
    return (Task.objects.filter(status__in=OPEN_STATUSES, run__status=RunStatus.PLANNED, due_at__lt=moment,
                                assignee__isnull=False, assignee__is_active=True)
            .select_related("run", "assignee").order_by("assignee", "due_at"))


def step_lateness(playbook: Playbook) -> dict[str, dict[str, float]]:
    """Per step key: the mean business days late (negative: early) across the runs, and over how many."""
    done = Task.objects.filter(run__version__playbook=playbook, status=TaskStatus.DONE,
                               late_days__isnull=False)
    rows = (done.values("step_key").annotate(mean=Avg("late_days"), runs=Count("pk")))
    return {row["step_key"]: {"mean": float(row["mean"]), "runs": row["runs"]} for row in rows}


def current_versions(playbooks: list[Playbook]) -> dict[int, PlaybookVersion]:
    """Each playbook's latest version, in one query."""
    latest = (PlaybookVersion.objects.filter(playbook=OuterRef("playbook"))
              .order_by("-number").values("pk")[:1])
    versions = PlaybookVersion.objects.filter(playbook__in=playbooks, pk=Subquery(latest))
    return {version.playbook_id: version for version in versions}


def dependency_pairs(run: Run) -> list[tuple[int, int]]:
    """(task id, id of a task it waits for) for every dependency of the run."""
    links = Task.depends_on.through.objects.filter(from_task__run=run)
    return list(links.values_list("from_task_id", "to_task_id"))
