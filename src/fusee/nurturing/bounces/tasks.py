"""Read the bounce mailbox every five minutes when FUSEE_BOUNCE_MAILBOX is set.

Registered from NurturingConfig.ready. The mailbox address stays in the settings, not in the
Job row: an IMAP URL holds a password.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from fusee.core.jobs import enqueue, task
from fusee.core.jobs.periodic import periodic
from fusee.core.models import Job, JobStatus
from fusee.nurturing.bounces.services import bounces_process

TASK_NAME = "nurturing.bounces"


@task(TASK_NAME)
def bounces_task(*, job: Job) -> dict[str, int]:
    return vars(bounces_process(source=settings.FUSEE_BOUNCE_MAILBOX))


@periodic(TASK_NAME, every=300)
def bounces_periodically() -> None:
    """Queue a run unless one is waiting or running: every worker process calls this."""
    if not settings.FUSEE_BOUNCE_MAILBOX:
        return
    with transaction.atomic():
        if not Job.objects.filter(name=TASK_NAME, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
            enqueue(bounces_task)
