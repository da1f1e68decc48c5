"""Background tasks of webhooks: thin, they call the sending layer."""

from __future__ import annotations

from collections import Counter

from fusee.core.jobs import task
from fusee.core.jobs.periodic import periodic
from fusee.core.models import Job
from fusee.webhooks.sending import delivery_send


@task("webhooks.deliver")
def deliver_task(*, job: Job, delivery_ids: list[int]) -> dict[str, int]:
    """POST the given deliveries, all to the same endpoint, one after another."""
    outcomes = Counter(delivery_send(delivery_id=pk) or "not claimed" for pk in delivery_ids)
    return dict(outcomes)


@periodic("webhooks.retry", every=30)
def retry_periodically() -> None:
    from fusee.webhooks.services import deliveries_retry_due

    deliveries_retry_due()
