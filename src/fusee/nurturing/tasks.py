"""Background tasks of nurturing: thin, they load and call the engine."""

from __future__ import annotations

from fusee.core.jobs import task
from fusee.core.models import Job
from fusee.nurturing.engine import enrolments_run


@task("nurturing.run_steps")
def run_steps_task(*, job: Job, enrolment_ids: list[int]) -> dict[str, int]:
    outcome = enrolments_run(enrolment_ids=enrolment_ids)
    return {"enrolments": len(enrolment_ids), "messages": len(outcome.messages), "finished": outcome.finished}
