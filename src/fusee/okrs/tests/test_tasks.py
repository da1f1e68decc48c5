"""The daily jobs: queued once a day whatever the number of workers, and what they run."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fusee.contacts.models import EventType
from fusee.contacts.tests.factories import EventFactory
from fusee.core.jobs import registry
from fusee.core.jobs.periodic import REGISTRY as PERIODIC
from fusee.core.jobs.runner import run_job
from fusee.core.models import Job, JobStatus
from fusee.okrs.models import CheckIn
from fusee.okrs.services import quarter_key, quarter_span
from fusee.okrs.tasks import (
    REFRESH,
    REMINDERS,
    refresh_metrics_daily,
    refresh_metrics_task,
    send_reminders_daily,
    send_reminders_task,
)
from fusee.okrs.tests.factories import CycleFactory, KeyResultFactory, ObjectiveFactory
from fusee.testing.factories import JobFactory


def test_it_registers_both_jobs_and_their_daily_ticks():
    assert registry.get(REFRESH) is refresh_metrics_task and registry.get(REMINDERS) is send_reminders_task
    assert {REFRESH, REMINDERS} <= set(PERIODIC)


def test_it_queues_the_refresh_once_a_day_however_many_workers_tick(db):
    refresh_metrics_daily()
    refresh_metrics_daily()  # another worker process, the same day
    job = Job.objects.get(name=REFRESH)
    run_job(job.pk)
    refresh_metrics_daily()  # it ran already today
    assert Job.objects.filter(name=REFRESH).count() == 1


def test_it_queues_again_the_next_day(db):
    JobFactory.create(name=REFRESH, status=JobStatus.SUCCEEDED, created_at=timezone.now() - timedelta(days=1))
    refresh_metrics_daily()
    assert Job.objects.filter(name=REFRESH, status=JobStatus.QUEUED).count() == 1


def test_it_runs_the_refresh_of_automatic_key_results(db):
    key = quarter_key(timezone.localdate())
    first, last = quarter_span(key)
    this_quarter = ObjectiveFactory.create(cycle=CycleFactory.create(key=key, starts_on=first, ends_on=last))
    key_result = KeyResultFactory.create(objective=this_quarter, metric="webinar_registrations",
                                         unit="registrations")
    EventFactory.create(type=EventType.WEBINAR_REGISTERED, occurred_at=timezone.now())
    refresh_metrics_daily()
    job = run_job(Job.objects.get(name=REFRESH).pk)
    assert job is not None and job.status == JobStatus.SUCCEEDED, job.error if job else None
    assert job.result == {"refreshed": 1, "checked_in": 1, "failed": []}
    assert CheckIn.objects.get(key_result=key_result).value == 1


def test_it_queues_the_reminders_once_a_day_and_runs_them(db):
    send_reminders_daily()
    send_reminders_daily()
    job = run_job(Job.objects.get(name=REMINDERS).pk)
    assert job is not None and job.status == JobStatus.SUCCEEDED
    assert job.result == {"emails": 0}  # nothing is due: no open key result at all
