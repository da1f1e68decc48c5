from __future__ import annotations

from fusee.core.jobs import task
from fusee.core.jobs.runner import WORKER_NAME
from fusee.core.models import Job


@task("core.ping")
def ping_task(*, job: Job, nonce: str) -> dict[str, str]:
    """Answer with the worker's name: proves a worker picked the job up and can write."""
    return {"nonce": nonce, "worker": WORKER_NAME}
