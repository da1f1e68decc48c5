"""Progress of a task that runs inside one long transaction, on SQLite.

SQLite has one writer at a time: a task holding the write lock (an import is all or nothing)
cannot have a second connection write its progress, and what it writes itself shows only at
commit. It reports to a small file in the data folder instead, which the pages read while
the job runs. (On PostgreSQL a second connection writes the Job row; see contacts.tasks.)
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from fusee.core.models import Job, JobStatus


def side_path(job_id: int) -> Path:
    return Path(settings.DATA_DIR) / "jobs" / f"{job_id}.progress"


def side_write(job_id: int, done: int, total: int) -> None:
    """Replace the file in one step, so that a reader never sees half a line."""
    path = side_path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(f"{done} {total}")
    os.replace(partial, path)


def side_clear(job_id: int) -> None:
    side_path(job_id).unlink(missing_ok=True)


def side_read(job: Job) -> Job:
    """The job, with the progress its side file holds while it runs."""
    if job.status != JobStatus.RUNNING:
        return job
    try:
        done, total = (int(part) for part in side_path(job.pk).read_text().split())
    except (OSError, ValueError):
        return job
    job.progress_done, job.progress_total = done, total
    return job
