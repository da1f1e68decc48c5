"""Real worker processes for the tests that need them (Celery over Redis, on the test database)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings

from fusee.testing.databases import database_url


def start_celery_worker(broker: str, name: str, **environment: str) -> subprocess.Popen:
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "fusee.config.settings.production",
        "DATABASE_URL": database_url(), "FUSEE_BROKER_URL": broker,
        "FUSEE_DATA_DIR": str(settings.DATA_DIR), "FUSEE_LOG_FORMAT": "text", **environment,
    }
    command = [sys.executable, "-m", "celery", "-A", "fusee.config.celery", "worker",
               "--concurrency=1", "--pool=solo", f"--hostname={name}@%h", "--loglevel=WARNING",
               "--without-mingle", "--without-gossip", "--queues=fusee"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def jobs_wait(job_ids: list[int], workers: list[subprocess.Popen], *, seconds: float = 90) -> None:
    """Until the jobs are done; fails with the workers' output if one dies or time runs out."""
    from fusee.core.models import Job

    deadline = time.monotonic() + seconds
    while Job.objects.filter(pk__in=job_ids, status__in=["queued", "running"]).exists():
        for worker in workers:
            if worker.poll() is not None:
                pytest.fail(f"a worker died: {worker.stdout.read().decode()[-2000:]}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            for worker in workers:
                worker.terminate()
            output = [w.communicate()[0].decode()[-1500:] for w in workers]
            pytest.fail(f"the workers did not finish the jobs within {seconds:g} s: {output}")
        time.sleep(0.1)
