"""Background tasks of content recycling: thin, they load and call a service."""

from __future__ import annotations

from fusee.content.models import Recycling
from fusee.core.jobs import task
from fusee.core.models import Job


@task("content.recycle")
def recycle_task(*, job: Job, recycling_id: int) -> dict[str, object]:
    # Imported here: the text libraries (scikit-learn, lingua, typst) take seconds to load, and
    # every worker and command loads this module at start-up.
    from fusee.content.services import recycling_run

    recycling = recycling_run(recycling=Recycling.objects.get(pk=recycling_id), job=job)
    return {"status": recycling.status, "assets": recycling.assets.count(), "error": recycling.error}


@task("content.cut_clips")
def clips_cut_task(*, job: Job, recycling_id: int) -> dict[str, object]:
    from fusee.content.services import clips_cut_approved  # see recycle_task

    recycling = Recycling.objects.get(pk=recycling_id)
    cut = clips_cut_approved(recycling=recycling, actor=job.created_by, progress=job.set_progress)
    return {"clips": cut}
