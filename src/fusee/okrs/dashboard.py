"""The dashboard's card: the current cycle's progress, objective by objective."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from fusee.okrs import progress, selectors
from fusee.okrs.models import Level


def card(request: HttpRequest) -> dict[str, Any] | None:
    today = timezone.localdate()
    cycle = selectors.cycle_current(today)
    if cycle is None:
        return None
    objectives = [o for o in selectors.board_objectives(cycle) if o.level != Level.PERSON]
    done = {o.pk: o.progress() for o in objectives}
    rows = [{"objective": o, "percent": round(done[o.pk] * 100), "band": progress.band(done[o.pk])}
            for o in objectives]
    key_results = [kr for o in objectives for kr in o.key_results.all()]
    overall = progress.weighted_mean((value, 1) for value in done.values())
    return {
        "template": "okrs/_dashboard_card.html",
        "cycle": cycle,
        "rows": rows,
        "percent": round(overall * 100),
        "band": progress.band(overall),
        "elapsed": round(cycle.span.elapsed(today) * 100),
        "overdue": sum(kr.check_in_due(today) for kr in key_results),
    }
