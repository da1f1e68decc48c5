"""Writes the planning form makes in one go, composed from the core services."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fusee.core.models import User
from fusee.okrs import services
from fusee.okrs.models import Objective


@transaction.atomic
def objective_create_with_team(*, actor: User | None, new_team: str = "", **values: Any) -> Objective:
    """An objective whose team may be named for the first time: the team is created with the
    objective or, when the focus rule refuses the objective, not at all."""
    if new_team.strip():
        values["team"] = services.team_get_or_create(actor=actor, name=new_team)
    return services.objective_create(actor=actor, **values)
