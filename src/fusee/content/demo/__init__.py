"""The demo's recycled webinars: the English transcript and the French script, each a full pack.

Called by `fusee demo` after the core demo (whose Head of Content submits them). Run
synchronously through the same services as the UI; keyed by `demo_key`, so loading twice
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files import File

from fusee.content.models import Recycling, RecyclingStatus
from fusee.content.services import recycling_create, recycling_run
from fusee.core.models import User

HERE = Path(__file__).resolve().parent
# The English one from its timestamped transcript (so the pack has video clips), the French from its script.
SCRIPTS = [("webinar-en", HERE / "webinar_en.vtt", "en"), ("webinar-fr", HERE / "webinar_fr.md", "fr")]
Progress = Callable[[int, int], None]


def load(*, seed: int, options: dict[str, Any], progress: Progress | None = None) -> None:
    author = User.objects.filter(job_title="Head of Content").order_by("pk").first()
    for done, (key, path, language) in enumerate(SCRIPTS):
        if progress:
            progress(done, len(SCRIPTS))
        demo_recycle(key=key, path=path, language=language, author=author)
    if progress:
        progress(len(SCRIPTS), len(SCRIPTS))


def demo_recycle(*, key: str, path: Path, language: str, author: User | None) -> Recycling:
    existing = Recycling.objects.filter(demo_key=key).first()
    if existing is not None and existing.status == RecyclingStatus.DONE:
        return existing
    if existing is not None:  # a demo run stopped half-way: start that one again
        existing.delete()
    with path.open("rb") as stream:
        recycling = recycling_create(
            actor=author, script=File(stream), script_name=path.name, language=language,
            demo_key=key, enqueue_job=False,
        )
    return recycling_run(recycling=recycling)
