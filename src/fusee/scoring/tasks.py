from __future__ import annotations

from typing import Any

from fusee.core.jobs import task
from fusee.core.models import Job
from fusee.scoring.services import scores_recompute


@task("scoring.recompute")
def recompute_task(*, job: Job, contact_ids: list[int] | None = None) -> dict[str, Any]:
    """Rescore the whole base (or the given contacts) and advance their lifecycle stages."""
    job.set_progress(0, 1)
    outcome = scores_recompute(contact_ids=contact_ids)
    job.set_progress(1, 1)
    return {"scored": outcome.scored, "became_mql": len(outcome.became_mql),
            "seconds": round(outcome.seconds, 3)}
