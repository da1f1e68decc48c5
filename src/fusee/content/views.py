from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from fusee.content import selectors, services
from fusee.content.forms import AssetEditForm, RecyclingForm
from fusee.content.models import Asset, Recycling, RecyclingStatus
from fusee.core.errors import DomainError
from fusee.core.models import Role
from fusee.core.roles import has_role, role_required
from fusee.core.views import call_or_form_error, partial

EBOOK_FORMATS = ("pdf", "epub", "docx")


def recycling_list(request: HttpRequest) -> HttpResponse:
    return render(request, "content/recyclings.html", {"recyclings": selectors.recycling_list()})


@role_required(Role.MARKETER)
def recycling_new(request: HttpRequest) -> HttpResponse:
    form = RecyclingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        video = data.get("video")
        try:
            recycling = services.recycling_create(
                actor=request.user, script=data["script"], script_name=data["script"].name,  # type: ignore[arg-type]
                video=video, video_name=video.name if video else "",
                language=data["language"], writer=data["writer"],
            )
        except DomainError as error:
            form.add_error("script", str(error))
        else:
            return redirect("content:recycling_detail", recycling.pk)
    return render(request, "content/recycling_new.html", {"form": form})


def recycling_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recycling = get_object_or_404(Recycling.objects.select_related("job", "created_by"), pk=pk)
    done = recycling.status == RecyclingStatus.DONE
    if done and request.htmx:  # type: ignore[attr-defined]
        # The progress region polled and the pack is ready: HTMX reloads the whole page.
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    context = {"recycling": recycling, **(pack_context(recycling) if done else {})}
    return render(request, partial(request, "content/recycling.html", "status"), context)


def pack_context(recycling: Recycling) -> dict[str, object]:
    manifest = recycling.manifest or {}
    groups = selectors.assets_by_kind(recycling)
    ebook_files = {
        PurePosixPath(f.name).suffix.lstrip("."): f.name
        for group in groups if group["kind"] == "ebook"
        for asset in group["assets"] for f in (asset.current.files.all() if asset.current else [])
    }
    return {
        "sections": manifest.get("sections", []),
        "notes": manifest.get("notes", []),
        "groups": groups,
        "ebook_downloads": [(fmt, ebook_files[fmt]) for fmt in EBOOK_FORMATS if fmt in ebook_files],
    }


@role_required(Role.MARKETER)
@require_POST
def recycling_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    recycling = get_object_or_404(Recycling, pk=pk)
    try:
        services.recycling_regenerate(actor=request.user, recycling=recycling)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("content:recycling_detail", recycling.pk)


@require_safe
def recycling_zip(request: HttpRequest, pk: int) -> HttpResponse:
    recycling = get_object_or_404(Recycling, pk=pk, status=RecyclingStatus.DONE)
    return download(selectors.pack_zip(recycling), selectors.zip_name(recycling), "application/zip")


@require_safe
def recycling_file(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    recycling = get_object_or_404(Recycling, pk=pk)
    row = selectors.file_find(recycling, name)
    if row is None:
        raise Http404("no such file in this pack")
    try:
        data = row.read()
    except OSError as error:
        raise Http404("the file is missing from the data folder") from error
    kind = "text/plain; charset=utf-8" if row.is_text else mimetypes.guess_type(name)[0]
    return download(data, PurePosixPath(name).name, kind or "application/octet-stream")


def download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """Always an attachment: an HTML or SVG file of a pack must never run in the app's origin."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename.replace(chr(34), "")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(Asset.objects.select_related("recycling", "current"), pk=pk)
    files = list(asset.current.files.all()) if asset.current else []
    form = AssetEditForm(request.POST or None, files=files)
    if request.method == "POST":
        if not has_role(request.user, Role.MARKETER):
            raise PermissionDenied(_("Only a marketer or an admin can edit assets."))
        if form.is_valid() and call_or_form_error(
            form, services.asset_edit, actor=request.user, asset=asset, files=form.edited_files()  # type: ignore[arg-type]
        ):
            messages.success(request, _("Saved as a new version."))
            return redirect("content:asset_detail", asset.pk)
    versions = asset.versions.select_related("created_by").order_by("-number")
    context = {"asset": asset, "form": form, "files": files, "versions": versions}
    return render(request, "content/asset.html", context)


@role_required(Role.MARKETER)
@require_POST
def asset_use_generated(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(Asset, pk=pk)
    try:
        services.asset_use_generated(actor=request.user, asset=asset)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The regenerated version is now the current one."))
    return redirect("content:asset_detail", asset.pk)
