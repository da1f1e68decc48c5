"""Background work of the playbooks app: the daily digest of due and late tasks, the playbook review reminder.

Every worker process runs the periodic ticks below; each queues its job at most once a day, and not
before DIGEST_HOUR (local time) so the digest arrives with the working day rather than at midnight.
The jobs themselves never email anyone twice (they check the audit log), so a job queued twice is harmless.
"""

from __future__ import annotations

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from fusee.core.jobs import enqueue, task
from fusee.core.jobs.periodic import periodic
from fusee.core.jobs.registry import TaskFunction
from fusee.core.models import Job, Workspace
from fusee.playbooks.digest import digests_send, review_reminders_send

DIGEST = "playbooks.send_digests"
REVIEW = "playbooks.review_reminders"
TICK_SECONDS = 15 * 60  # how often a worker looks; the guard keeps it to one job a day
DIGEST_HOUR = 7


@task(DIGEST)
def send_digests_task(*, job: Job) -> dict[str, int]:
    return {"emails": digests_send()}


@task(REVIEW)
def review_reminders_task(*, job: Job) -> dict[str, int]:
    return {"emails": review_reminders_send(today=timezone.localdate())}


def enqueue_once_today(function: TaskFunction, *, now: datetime | None = None) -> Job | None:
    """Queue the task from DIGEST_HOUR on, unless a job of it was queued today, in any process.

    The lock on the workspace row makes workers take turns, so two of them checking at the same
    moment cannot both find nothing and both queue (SQLite's write transactions already do).
    """
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return None
    midnight = timezone.make_aware(datetime.combine(local.date(), time.min))
    workspace = Workspace.current()
    with transaction.atomic():
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
        if Job.objects.filter(name=function.task_name, created_at__gte=midnight).exists():  # type: ignore[attr-defined]
            return None
        return enqueue(function)


@periodic(DIGEST, every=TICK_SECONDS)
def send_digests_daily() -> None:
    enqueue_once_today(send_digests_task)


@periodic(REVIEW, every=TICK_SECONDS)
def review_reminders_daily() -> None:
    enqueue_once_today(review_reminders_task)
