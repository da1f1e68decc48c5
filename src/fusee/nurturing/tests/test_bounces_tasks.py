from __future__ import annotations

import mailbox
from pathlib import Path

from fusee.core.jobs.runner import run_job
from fusee.core.models import Job, JobStatus
from fusee.nurturing.bounces.tasks import TASK_NAME, bounces_periodically

SAMPLES = Path(__file__).parent / "bounce_samples"


def test_it_queues_one_run_at_a_time_and_only_when_a_mailbox_is_set(db, settings, tmp_path):
    settings.FUSEE_BOUNCE_MAILBOX = ""
    bounces_periodically()
    assert not Job.objects.filter(name=TASK_NAME).exists()
    box = mailbox.Maildir(tmp_path / "box", create=True)
    box.add((SAMPLES / "postfix_delayed.eml").read_bytes())
    settings.FUSEE_BOUNCE_MAILBOX = str(tmp_path / "box")
    bounces_periodically()
    bounces_periodically()  # another worker process, before the first run started
    job = Job.objects.get(name=TASK_NAME)
    assert job.kwargs == {}  # the mailbox URL may hold a password: never stored in the job
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["unmatched"] == 1
    bounces_periodically()
    assert Job.objects.filter(name=TASK_NAME).count() == 2
