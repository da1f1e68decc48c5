"""OKRs over the API: a cycle's objectives with progress, check-ins, and the idea backlog.

Progress is a fraction from 0.0 to 1.0, with its band (green, amber, red). A refusal of a business
rule (a closed cycle, a milestone checked in at 0.5, a park without a reason…) is a 400 whose
`detail` is the message, which names the key result or idea.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from fusee.api import refusal_is_400, require_write
from fusee.okrs import progress as maths
from fusee.okrs import selectors, services
from fusee.okrs.board import KeyResultRow, ObjectiveRow, cycle_board, key_result_row
from fusee.okrs.models import CheckIn, Confidence, Cycle, Idea, IdeaSource, IdeaStatus, KeyResult, Level

router = Router(tags=["okrs"])


# --- schemas ---


class KeyResultOut(Schema):
    id: int
    title: str
    kind: str
    direction: str
    start: float
    target: float
    current: float
    unit: str
    weight: float
    owner: str | None = Field(description="the owner's email")
    metric: str = Field(description="the automatic metric's key, empty when checked in by hand")
    metric_params: dict[str, Any]
    progress: float
    band: str
    confidence: str = Field(description="of the latest check-in; empty before the first")
    check_in_due: bool
    last_check_in_at: datetime | None


class ObjectiveOut(Schema):
    id: int
    level: str
    team: str | None
    owner: str | None
    aligned_to: int | None = Field(description="the id of the objective it aligns to")
    title: str
    description: str
    progress: float
    band: str
    key_results: list[KeyResultOut]


class CycleOut(Schema):
    key: str
    status: str
    starts_on: date
    ends_on: date
    score: float | None
    progress: float = Field(description="the mean of its company and team objectives' progress")
    band: str
    objectives: list[ObjectiveOut]


class CheckInIn(Schema):
    value: float
    confidence: Confidence = Confidence.ON_TRACK
    comment: str = Field("", max_length=2000)


class CheckInOut(Schema):
    id: int
    key_result_id: int
    value: float
    confidence: str
    comment: str
    author: str | None
    automatic: bool
    created_at: datetime


class CheckInRecorded(Schema):
    check_in: CheckInOut
    progress: float = Field(description="the key result's progress after this check-in")
    band: str
    objective_progress: float


class IdeaIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=5000)
    source: IdeaSource = IdeaSource.OTHER
    requester: str = Field("", max_length=120)


class IdeaOut(Schema):
    id: int
    title: str
    description: str
    source: str
    requester: str
    status: str
    key_result_id: int | None = Field(description="the key result it serves, once accepted")
    park_reason: str
    parked_in: str | None = Field(description="the cycle it was parked in")
    created_at: datetime
    triaged_at: datetime | None

    @staticmethod
    def resolve_parked_in(idea: Idea) -> str | None:
        return idea.parked_in.key if idea.parked_in else None


class AcceptIn(Schema):
    key_result: int = Field(..., description="the id of the key result the idea serves")


class ParkIn(Schema):
    reason: str = Field(..., max_length=2000)
    cycle: str = Field("", description="the cycle it is parked in (default: the current one)")


# --- cycles and check-ins ---


@router.get("okrs/cycles/{key}", response=CycleOut, summary="A cycle's objectives and key results")
def cycle_read(request: HttpRequest, key: str) -> Any:
    cycle = get_object_or_404(Cycle, key=key.strip().upper())
    board = cycle_board(cycle, timezone.localdate())
    rows = board.all_objectives()
    overall = maths.weighted_mean((row.progress, 1) for row in rows if row.objective.level != Level.PERSON)
    return {"key": cycle.key, "status": cycle.status, "starts_on": cycle.starts_on, "ends_on": cycle.ends_on,
            "score": cycle.score, "progress": round(overall, 4), "band": maths.band(overall),
            "objectives": [objective_out(row) for row in rows]}


@router.post("okrs/key-results/{key_result_id}/check-ins", response={201: CheckInRecorded},
             summary="Record a check-in: the new value, a confidence, a comment")
def check_in_create(request: HttpRequest, key_result_id: int, payload: CheckInIn) -> Any:
    require_write(request)
    key_result = get_object_or_404(KeyResult.objects.select_related("objective__cycle"), pk=key_result_id)
    with refusal_is_400():
        check_in = services.check_in_record(actor=request.user, key_result=key_result,  # type: ignore[arg-type]
                                            value=payload.value, confidence=payload.confidence,
                                            comment=payload.comment)
    row = key_result_row(key_result, timezone.localdate())
    objective = key_result.objective
    return Status(201, {"check_in": check_in_out(check_in), "progress": round(row.progress, 4),
                        "band": row.band, "objective_progress": round(objective.progress(), 4)})


@router.get("okrs/key-results/{key_result_id}/check-ins", response=list[CheckInOut],
            summary="A key result's check-ins, oldest first")
def check_in_list(request: HttpRequest, key_result_id: int) -> Any:
    key_result = get_object_or_404(KeyResult, pk=key_result_id)
    return [check_in_out(check_in) for check_in in selectors.key_result_history(key_result)]


# --- ideas ---


@router.get("ideas", response=list[IdeaOut], summary="The idea backlog, newest first")
def idea_list(request: HttpRequest, status: IdeaStatus | None = None, limit: int = 200) -> Any:
    return selectors.ideas_by_status(status)[: max(1, min(limit, 1000))]


@router.post("ideas", response={201: IdeaOut}, summary="Submit an idea, to be triaged")
def idea_create(request: HttpRequest, payload: IdeaIn) -> Any:
    require_write(request)
    with refusal_is_400():
        idea = services.idea_submit(actor=request.user, title=payload.title,  # type: ignore[arg-type]
                                    description=payload.description, source=payload.source,
                                    requester=payload.requester)
    return Status(201, idea)


@router.post("ideas/{idea_id}/accept", response=IdeaOut, summary="Accept an idea for a key result it serves")
def idea_accept(request: HttpRequest, idea_id: int, payload: AcceptIn) -> Any:
    require_write(request)
    idea = get_object_or_404(Idea, pk=idea_id)
    key_results = KeyResult.objects.select_related("objective__cycle")
    key_result = get_object_or_404(key_results, pk=payload.key_result)
    with refusal_is_400():
        return services.idea_accept(actor=request.user, idea=idea, key_result=key_result)  # type: ignore[arg-type]


@router.post("ideas/{idea_id}/park", response=IdeaOut, summary="Park an idea, saying why")
def idea_park(request: HttpRequest, idea_id: int, payload: ParkIn) -> Any:
    require_write(request)
    idea = get_object_or_404(Idea, pk=idea_id)
    cycle: Cycle | None = selectors.cycle_current(timezone.localdate())
    if payload.cycle:
        cycle = get_object_or_404(Cycle, key=payload.cycle.strip().upper())
    with refusal_is_400():
        return services.idea_park(actor=request.user, idea=idea, reason=payload.reason,  # type: ignore[arg-type]
                                  cycle=cycle)


# --- shaping ---


def objective_out(row: ObjectiveRow) -> dict[str, Any]:
    objective = row.objective
    return {"id": objective.pk, "level": objective.level,
            "team": objective.team.name if objective.team else None,
            "owner": objective.owner.email if objective.owner else None,
            "aligned_to": objective.parent_id, "title": objective.title,
            "description": objective.description, "progress": round(row.progress, 4), "band": row.band,
            "key_results": [key_result_out(kr_row) for kr_row in row.key_results]}


def key_result_out(row: KeyResultRow) -> dict[str, Any]:
    kr = row.key_result
    return {"id": kr.pk, "title": kr.title, "kind": kr.kind, "direction": kr.direction, "start": kr.start,
            "target": kr.target, "current": kr.current, "unit": kr.unit, "weight": kr.weight,
            "owner": kr.owner.email if kr.owner else None, "metric": kr.metric,
            "metric_params": kr.metric_params, "progress": round(row.progress, 4), "band": row.band,
            "confidence": row.confidence, "check_in_due": row.overdue,
            "last_check_in_at": kr.last_check_in_at}


def check_in_out(check_in: CheckIn) -> dict[str, Any]:
    return {"id": check_in.pk, "key_result_id": check_in.key_result_id, "value": check_in.value,
            "confidence": check_in.confidence, "comment": check_in.comment,
            "author": check_in.author.email if check_in.author else None, "automatic": check_in.automatic,
            "created_at": check_in.created_at}
