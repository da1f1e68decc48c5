from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
from django.db import transaction

from fusee.core.jobs import enqueue, registry, runner, task
from fusee.core.jobs.inprocess import InProcessWorker
from fusee.core.models import Job, JobStatus
from fusee.core.tasks import ping_task


@task("tests.count_to")
def count_to_task(*, job: Job, n: int) -> int:
    for i in range(n):
        job.set_progress(i + 1, n)
    return n


@task("tests.explode")
def explode_task(*, job: Job) -> None:
    raise ValueError("the sky fell")


def test_it_runs_a_job_and_records_its_result(db):
    job = enqueue(ping_task, nonce="abc")
    assert runner.run_pending() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["nonce"] == "abc"
    assert job.attempts == 1 and job.finished_at is not None


def test_it_records_progress_from_inside_the_task(db):
    job = enqueue(count_to_task, n=7)
    runner.run_pending()
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.result, job.percent) == (7, 7, 7, 100)


def test_it_records_a_failure_with_its_reason(db):
    job = enqueue(explode_task)
    runner.run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error.startswith("ValueError: the sky fell")


def test_it_lets_only_one_worker_claim_a_job(db):
    job = enqueue(ping_task, nonce="x")
    assert runner.claim(job.pk) is True
    assert runner.claim(job.pk) is False
    assert runner.run_job(job.pk) is None


def test_it_refuses_two_tasks_under_one_name():
    with pytest.raises(ValueError, match="two task functions"):
        task("core.ping")(lambda **_: None)


def test_it_names_an_unknown_task(db):
    job = Job.objects.create(name="nobody.knows")
    runner.run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "no task is registered as 'nobody.knows'" in job.error


def test_it_knows_the_registered_tasks():
    assert "core.ping" in registry.names()


def test_it_requeues_a_job_whose_worker_process_died(db):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    orphan = Job.objects.create(name="core.ping", kwargs={"nonce": "o"}, status=JobStatus.RUNNING,
                                worker=f"{socket.gethostname()}:{dead.pid}")
    alive = Job.objects.create(name="core.ping", status=JobStatus.RUNNING, worker=runner.WORKER_NAME)
    elsewhere = Job.objects.create(name="core.ping", status=JobStatus.RUNNING, worker="other-host:1")
    assert runner.recover_abandoned() == [orphan.pk]
    runner.run_pending()
    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses == {orphan.pk: "succeeded", alive.pk: "running", elsewhere.pk: "running"}


@pytest.mark.django_db(transaction=True)
def test_it_runs_jobs_in_the_in_process_worker_once_committed():
    worker = InProcessWorker(poll_seconds=0.05).start()
    try:
        with transaction.atomic():
            job = enqueue(ping_task, nonce="thread")
        deadline = time.monotonic() + 10
        while Job.objects.get(pk=job.pk).status != JobStatus.SUCCEEDED:
            assert time.monotonic() < deadline, "the in-process worker never ran the job"
            time.sleep(0.05)
    finally:
        worker.stop()
    assert Job.objects.get(pk=job.pk).result["nonce"] == "thread"
