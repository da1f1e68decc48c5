"""Background work of the OKR app: the daily metric refresh and the weekly check-in reminders.

Every worker process runs the periodic ticks below; each queues its job at most once a day
(`enqueue_once_today`), and the job decides what is due (reminders go out on check-in day only).
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from fusee.core.jobs import enqueue, task
from fusee.core.jobs.periodic import periodic
from fusee.core.jobs.registry import TaskFunction
from fusee.core.models import Job
from fusee.okrs.metrics import metrics_refresh_all
from fusee.okrs.models import OkrPolicy
from fusee.okrs.reminders import reminders_send

REFRESH = "okrs.refresh_metrics"
REMINDERS = "okrs.send_reminders"
TICK_SECONDS = 15 * 60  # how often a worker looks; the guard keeps it to one job a day


@task(REFRESH)
def refresh_metrics_task(*, job: Job) -> dict[str, Any]:
    return vars(metrics_refresh_all())


@task(REMINDERS)
def send_reminders_task(*, job: Job) -> dict[str, int]:
    return {"emails": reminders_send(today=timezone.localdate())}


def enqueue_once_today(function: TaskFunction) -> Job | None:
    """Queue the task unless a job of it was queued today, in any process.

    The lock on the policy row makes workers take turns, so two of them checking at the same
    moment cannot both find nothing and both queue (SQLite's write transactions already do).
    """
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    policy = OkrPolicy.current()
    with transaction.atomic():
        OkrPolicy.objects.select_for_update().filter(pk=policy.pk).first()
        if Job.objects.filter(name=function.task_name, created_at__gte=midnight).exists():  # type: ignore[attr-defined]
            return None
        return enqueue(function)


@periodic(REFRESH, every=TICK_SECONDS)
def refresh_metrics_daily() -> None:
    enqueue_once_today(refresh_metrics_task)


@periodic(REMINDERS, every=TICK_SECONDS)
def send_reminders_daily() -> None:
    enqueue_once_today(send_reminders_task)
