"""A job goes through a real Redis broker to real Celery worker processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from django.conf import settings

from fusee.config.celery import app as celery_app
from fusee.core.jobs import enqueue
from fusee.core.models import Job, JobStatus
from fusee.core.tasks import ping_task
from fusee.testing.databases import database_url

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(settings) -> Iterator[str]:
    url = os.environ["FUSEE_TEST_BROKER_URL"]
    settings.FUSEE_BROKER_URL = url
    celery_app.conf.update(broker_url=url)
    yield url
    celery_app.conf.update(broker_url=None)


def start_worker(broker: str, name: str) -> subprocess.Popen:
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "fusee.config.settings.production",
        "DATABASE_URL": database_url(), "FUSEE_BROKER_URL": broker,
        "FUSEE_DATA_DIR": str(settings.DATA_DIR), "FUSEE_LOG_FORMAT": "text",
    }
    command = [sys.executable, "-m", "celery", "-A", "fusee.config.celery", "worker",
               "--concurrency=1", "--pool=solo", f"--hostname={name}@%h", "--loglevel=WARNING",
               "--without-mingle", "--without-gossip", "--queues=fusee"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def wait_until_finished(job_ids: list[int], workers: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + 20
    while Job.objects.filter(pk__in=job_ids, status__in=["queued", "running"]).exists():
        for worker in workers:
            if worker.poll() is not None:
                pytest.fail(f"a worker died: {worker.stdout.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            for worker in workers:
                worker.terminate()
            output = [w.communicate()[0].decode()[-1500:] for w in workers]
            pytest.fail(f"the workers did not finish the jobs within 20 s: {output}")
        time.sleep(0.1)


def test_it_runs_jobs_through_redis_on_two_celery_workers_exactly_once(broker):
    workers = [start_worker(broker, "one"), start_worker(broker, "two")]
    try:
        jobs = [enqueue(ping_task, nonce=f"n{i}") for i in range(20)]
        wait_until_finished([job.pk for job in jobs], workers)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(10)
    done = Job.objects.filter(pk__in=[job.pk for job in jobs])
    assert {job.status for job in done} == {JobStatus.SUCCEEDED}
    assert {job.attempts for job in done} == {1}
    assert sorted(job.result["nonce"] for job in done) == sorted(f"n{i}" for i in range(20))
    assert all(job.worker != "" and str(os.getpid()) not in job.worker for job in done)
