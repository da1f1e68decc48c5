"""The task layer every capability uses.

    @task("contacts.import")
    def import_task(*, job: Job, upload_id: int) -> dict: ...

    enqueue(import_task, upload_id=3, created_by=user)

enqueue() writes a Job row and, once the transaction commits, hands its id to Celery
(FUSEE_BROKER_URL set) or wakes the in-process worker. Either way the same function runs
through run_job(), which claims the row atomically so a job never runs twice.
"""

from fusee.core.jobs.registry import enqueue, task

__all__ = ["enqueue", "task"]
