from celery import shared_task

from fusee.core.jobs.runner import run_job


@shared_task(name="fusee.run_job")
def run_job_task(job_id: int) -> None:
    run_job(job_id)
