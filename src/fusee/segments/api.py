"""Segments over the API: list them, count them, page through their members; static lists."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from fusee.api import require_write
from fusee.contacts.api import ContactOut
from fusee.segments import selectors, services
from fusee.segments.models import ContactList, Segment

router = Router(tags=["segments"])


class SegmentOut(Schema):
    id: int
    name: str
    description: str
    expression: str


class CountOut(Schema):
    count: int


class MembersIn(Schema):
    contact_ids: list[int] = Field(..., max_length=10_000)


class AddedOut(Schema):
    added: int


@router.get("segments", response=list[SegmentOut])
def segments_list(request: HttpRequest) -> Any:
    return selectors.segment_list()


@router.get("segments/{segment_id}/count", response=CountOut)
def segment_count(request: HttpRequest, segment_id: int) -> Any:
    return {"count": selectors.segment_count(get_object_or_404(Segment, pk=segment_id))}


@router.get("segments/{segment_id}/contacts", response=list[ContactOut])
def segment_members(request: HttpRequest, segment_id: int, after: int = 0, limit: int = 100) -> Any:
    """Members by ascending id; pass the last id as `after` for the next page."""
    contacts = selectors.segment_contacts(get_object_or_404(Segment, pk=segment_id))
    return contacts.filter(pk__gt=after).order_by("pk")[: max(1, min(limit, 1000))]


@router.post("lists/{list_id}/contacts", response={201: AddedOut})
def list_add(request: HttpRequest, list_id: int, payload: MembersIn) -> Any:
    require_write(request)
    contact_list = get_object_or_404(ContactList, pk=list_id)
    added = services.list_add_contacts(
        actor=request.user, contact_list=contact_list, contact_ids=payload.contact_ids  # type: ignore[arg-type]
    )
    return Status(201, {"added": added})
