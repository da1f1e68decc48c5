"""A job goes through a real Redis broker to real Celery worker processes."""

from __future__ import annotations

import os

import pytest

from fusee.core.jobs import enqueue
from fusee.core.models import Job, JobStatus
from fusee.core.tasks import ping_task
from fusee.testing.processes import jobs_wait, start_celery_worker

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def test_it_runs_jobs_through_redis_on_two_celery_workers_exactly_once(broker):
    workers = [start_celery_worker(broker, "one"), start_celery_worker(broker, "two")]
    try:
        jobs = [enqueue(ping_task, nonce=f"n{i}") for i in range(20)]
        jobs_wait([job.pk for job in jobs], workers)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(10)
    done = Job.objects.filter(pk__in=[job.pk for job in jobs])
    assert {job.status for job in done} == {JobStatus.SUCCEEDED}
    assert {job.attempts for job in done} == {1}
    assert sorted(job.result["nonce"] for job in done) == sorted(f"n{i}" for i in range(20))
    assert all(job.worker != "" and str(os.getpid()) not in job.worker for job in done)
