"""Background tasks of nurturing: thin, they load and call the engine and the sending layer."""

from __future__ import annotations

from fusee.core.jobs import task
from fusee.core.jobs.periodic import periodic
from fusee.core.models import Job
from fusee.nurturing.engine import enrolments_run
from fusee.nurturing.sending import SendReport, messages_send, smtp_url


@task("nurturing.run_steps")
def run_steps_task(*, job: Job, enrolment_ids: list[int]) -> dict[str, int]:
    outcome = enrolments_run(enrolment_ids=enrolment_ids)
    report = messages_send(message_ids=outcome.messages, url=smtp_url())
    return {"enrolments": len(enrolment_ids), "finished": outcome.finished, **vars(report)}


@task("nurturing.send")
def send_task(*, job: Job, message_ids: list[int]) -> dict[str, int]:
    report: SendReport = messages_send(message_ids=message_ids, url=smtp_url())
    return vars(report)


@periodic("nurturing.tick", every=30)
def tick_periodically() -> None:
    from fusee.nurturing.scheduler import tick

    tick()


@periodic("nurturing.split_winners", every=600)
def split_winners_periodically() -> None:
    """Choose the winner of A/B splits whose test has run its time and is significant."""
    from fusee.nurturing.abtest import auto_winners_decide

    auto_winners_decide()
