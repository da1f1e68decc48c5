from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from fusee.core.models import Job, User

TaskFunction = Callable[..., Any]
_tasks: dict[str, TaskFunction] = {}
# Set whenever a job is queued, so an in-process worker in this process starts at once.
job_queued = threading.Event()


def task(name: str) -> Callable[[TaskFunction], TaskFunction]:
    def register(function: TaskFunction) -> TaskFunction:
        if _tasks.get(name, function) is not function:
            raise ValueError(f"two task functions are registered as {name!r}")
        _tasks[name] = function
        function.task_name = name  # type: ignore[attr-defined]
        return function

    return register


def get(name: str) -> TaskFunction:
    try:
        return _tasks[name]
    except KeyError:
        raise LookupError(f"no task is registered as {name!r}") from None


def names() -> list[str]:
    return sorted(_tasks)


def autodiscover() -> None:
    """Import every installed app's tasks module so its @task functions register."""
    autodiscover_modules("tasks")


def uses_celery() -> bool:
    return bool(settings.FUSEE_BROKER_URL)


def enqueue(function: TaskFunction, *, created_by: User | None = None, **kwargs: Any) -> Job:
    name = function.task_name  # type: ignore[attr-defined]
    job = Job.objects.create(name=name, kwargs=kwargs, created_by=created_by)
    transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id: int) -> None:
    if uses_celery():
        from fusee.core.jobs.celery_tasks import run_job_task

        run_job_task.delay(job_id)
    else:
        job_queued.set()
