"""The daily jobs: queued once a day from the morning on, however many workers tick, and what they run."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from fusee.core.jobs import registry
from fusee.core.jobs.periodic import REGISTRY as PERIODIC
from fusee.core.jobs.runner import run_job
from fusee.core.models import Job, JobStatus
from fusee.playbooks.tasks import DIGEST, REVIEW, enqueue_once_today, review_reminders_task, send_digests_task
from fusee.playbooks.tests.factories import RunFactory, TaskFactory
from fusee.testing.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_it_registers_both_jobs_and_their_daily_ticks():
    assert registry.get(DIGEST) is send_digests_task and registry.get(REVIEW) is review_reminders_task
    assert {DIGEST, REVIEW} <= set(PERIODIC)


def test_it_waits_for_the_morning_then_queues_once_a_day():
    morning = datetime.now(PARIS).replace(hour=8, minute=0, second=0, microsecond=0)
    assert enqueue_once_today(send_digests_task, now=morning.replace(hour=5)) is None
    assert enqueue_once_today(send_digests_task, now=morning) is not None
    assert enqueue_once_today(send_digests_task, now=morning + timedelta(hours=2)) is None  # another worker
    assert Job.objects.filter(name=DIGEST).count() == 1


def test_it_queues_again_the_next_day():
    JobFactory.create(name=DIGEST, status=JobStatus.SUCCEEDED, created_at=timezone.now() - timedelta(days=1))
    assert enqueue_once_today(send_digests_task, now=timezone.localtime().replace(hour=9)) is not None


def test_it_runs_the_digest_job():
    ana = UserFactory.create(email="ana@example.com")
    TaskFactory.create(run=RunFactory.create(), assignee=ana, due_at=timezone.now() - timedelta(hours=1))
    job = enqueue_once_today(send_digests_task, now=timezone.localtime().replace(hour=9))
    assert job is not None
    finished = run_job(job.pk)
    assert finished is not None
    assert finished.status == JobStatus.SUCCEEDED, finished.error
    assert finished.result == {"emails": 1} and mail.outbox[0].to == ["ana@example.com"]
