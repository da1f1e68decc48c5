"""Content recycling over the API: submit a script, follow its status, fetch the pack."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from fusee.api import require_write
from fusee.content import selectors, services
from fusee.content.models import Recycling, RecyclingStatus
from fusee.content.understanding import ScriptError
from fusee.core.errors import DomainError

router = Router(tags=["content"])


class RecyclingOut(Schema):
    id: int
    title: str
    script_name: str
    language: str
    detected_language: str
    writer: str
    status: str
    progress: int
    error: str
    created_at: datetime
    finished_at: datetime | None


@router.post("recyclings", response={201: RecyclingOut})
def recycling_create(
    request: HttpRequest,
    script: File[UploadedFile],
    video: File[UploadedFile] | None = None,
    language: Form[str] = "",
    writer: Form[str] = "extractive",
) -> Any:
    """Upload a script (multipart: `script`, optional `video`, `language`, `writer`).

    It is recycled in the background: follow it with GET /v1/recyclings/{id}.
    """
    require_write(request)
    try:
        recycling = services.recycling_create(
            actor=request.user, script=script, script_name=script.name or "script.txt",  # type: ignore[arg-type]
            video=video, video_name=(video.name or "") if video else "", language=language, writer=writer,
        )
    except ScriptError as error:
        raise DomainError(f"script: {error}") from error  # reported at the field, with the file's name
    return Status(201, recycling)


@router.get("recyclings/{recycling_id}", response=RecyclingOut)
def recycling_read(request: HttpRequest, recycling_id: int) -> Any:
    return get_object_or_404(Recycling, pk=recycling_id)


@router.get("recyclings/{recycling_id}/manifest", response=dict[str, Any])
def recycling_manifest(request: HttpRequest, recycling_id: int) -> Any:
    """The pack's manifest.json: sections with their source spans, every asset with its files and checks."""
    return done(recycling_id).manifest


@router.get("recyclings/{recycling_id}/pack.zip")
def recycling_zip(request: HttpRequest, recycling_id: int) -> HttpResponse:
    """The pack as a zip, each file in its current version (human edits included)."""
    recycling = done(recycling_id)
    response = HttpResponse(selectors.pack_zip(recycling), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{selectors.zip_name(recycling)}"'
    return response


def done(recycling_id: int) -> Recycling:
    recycling = get_object_or_404(Recycling, pk=recycling_id)
    if recycling.status != RecyclingStatus.DONE:
        raise HttpError(409, f"the pack is not ready: the recycling is {recycling.status}")
    return recycling
