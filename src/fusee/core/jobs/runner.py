"""Claim and run one job; shared by the Celery task and the in-process worker."""

from __future__ import annotations

import logging
import os
import socket
import traceback

from django.db.models import F
from django.utils import timezone

from fusee.core.jobs import registry
from fusee.core.models import Job, JobStatus

logger = logging.getLogger(__name__)
WORKER_NAME = f"{socket.gethostname()}:{os.getpid()}"


def claim(job_id: int) -> bool:
    """Move a queued job to running; only one worker anywhere can win this UPDATE."""
    won = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        worker=WORKER_NAME,
    )
    return won == 1


def run_job(job_id: int) -> Job | None:
    """Run the job if this worker claims it; record its result or its error."""
    if not claim(job_id):
        return None
    job = Job.objects.get(pk=job_id)
    try:
        function = registry.get(job.name)
        # No transaction around the task: its progress must be visible while it runs;
        # a task that must be all-or-nothing opens its own transaction.atomic().
        result = function(job=job, **job.kwargs)
    except Exception as exc:
        logger.exception("job failed", extra={"job_id": job_id, "job": job.name})
        finish(job, JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    else:
        finish(job, JobStatus.SUCCEEDED, result=result)
    return job


def finish(job: Job, status: JobStatus, *, result: object = None, error: str = "") -> None:
    job.status, job.result, job.error, job.finished_at = status, result, error, timezone.now()
    job.save(update_fields=["status", "result", "error", "finished_at"])
    logger.info("job %s", status, extra={"job_id": job.pk, "job": job.name})


def recover_abandoned() -> list[int]:
    """Queue again the jobs a dead worker process of this machine left running.

    A worker that crashed mid-job (power cut, OOM kill) leaves its row in `running`; only a
    process on the same machine can tell that the pid is gone, so each worker checks at start.
    """
    host = socket.gethostname()
    running = Job.objects.filter(status=JobStatus.RUNNING, worker__startswith=f"{host}:")
    dead = [job.pk for job in running if not process_alive(job.worker.rsplit(":", 1)[1])]
    Job.objects.filter(pk__in=dead, status=JobStatus.RUNNING).update(status=JobStatus.QUEUED, worker="")
    for job_id in dead:
        logger.warning("job requeued after its worker died", extra={"job_id": job_id})
        registry.dispatch(job_id)
    return dead


def process_alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def next_queued_id() -> int | None:
    return (
        Job.objects.filter(status=JobStatus.QUEUED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )


def run_pending(limit: int | None = None) -> int:
    """Run queued jobs one after another until none is left (or `limit` ran)."""
    ran = 0
    while (limit is None or ran < limit) and (job_id := next_queued_id()) is not None:
        if run_job(job_id) is not None:
            ran += 1
    return ran
