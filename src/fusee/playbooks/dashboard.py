"""The dashboard's card: the person's open playbook tasks, the late ones first."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from fusee.playbooks import selectors

SHOWN = 6


def card(request: HttpRequest) -> dict[str, Any] | None:
    tasks = list(selectors.my_tasks(request.user)[: SHOWN + 1])  # type: ignore[arg-type]
    if not tasks:
        return None
    now = timezone.now()
    return {"template": "playbooks/_dashboard_card.html", "tasks": tasks[:SHOWN], "more": len(tasks) > SHOWN,
            "late": sum(task.is_late(now) for task in tasks[:SHOWN]), "now": now}
