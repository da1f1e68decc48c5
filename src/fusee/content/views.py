from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from fusee.content import clip_selectors, selectors, services
from fusee.content.clip_forms import ClipTrimForm
from fusee.content.forms import AssetEditForm, RecyclingForm
from fusee.content.models import Asset, ClipStatus, Recycling, RecyclingStatus
from fusee.content.recycle.kinds import kind_singular
from fusee.content.writing.clips import CUT_LIST
from fusee.core.errors import DomainError
from fusee.core.models import Role
from fusee.core.roles import has_role, role_required
from fusee.core.views import call_or_flash_error, call_or_form_error, partial

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
    actor = request.user
    call_or_flash_error(request, services.recycling_regenerate, actor=actor, recycling=recycling)  # type: ignore[arg-type]
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
    context = {"asset": asset, "kind": kind_singular(asset.kind), "form": form, "files": files,
               "versions": versions}
    return render(request, "content/asset.html", context)


@role_required(Role.MARKETER)
@require_POST
def asset_use_generated(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(Asset, pk=pk)
    actor = request.user
    if call_or_flash_error(request, services.asset_use_generated, actor=actor, asset=asset):  # type: ignore[arg-type]
        messages.success(request, _("The regenerated version is now the current one."))
    return redirect("content:asset_detail", asset.pk)


# The clip review: one region per clip, swapped in place over HTMX.


def clip_review(request: HttpRequest, pk: int) -> HttpResponse:
    recycling = get_object_or_404(Recycling, pk=pk, status=RecyclingStatus.DONE)
    return render(request, partial(request, "content/clips.html", "clips"), clips_context(recycling))


def clips_context(recycling: Recycling) -> dict[str, object]:
    rows = clip_selectors.clip_rows(recycling)
    counts = {status: sum(1 for row in rows if row.status == status) for status in ClipStatus.values}
    cut_list = selectors.file_find(recycling, CUT_LIST)
    return {"recycling": recycling, "rows": rows, "counts": counts,
            "can_cut": clip_selectors.can_cut(recycling), "cut_list": cut_list}


def clip_answer(request: HttpRequest, asset: Asset, **context: object) -> HttpResponse:
    """The clip's region for HTMX, else back to the review page."""
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("content:clip_review", asset.recycling_id)
    srt = next((f.text or "" for f in asset.current.files.all() if f.name.endswith(".srt")), "") \
        if asset.current else ""
    has_video = bool(asset.current and asset.current.files.filter(name__endswith=".mp4").exists())
    row = clip_selectors.clip_row(asset, srt, has_video)
    return render(request, "content/clips.html#clip", {"recycling": asset.recycling, "row": row, **context})


def clip_get(pk: int) -> Asset:
    return get_object_or_404(Asset.objects.select_related("recycling", "current"), pk=pk, kind="clip")


@role_required(Role.MARKETER)
@require_POST
def clip_status(request: HttpRequest, pk: int) -> HttpResponse:
    asset = clip_get(pk)
    status = request.POST.get("status", "")
    error = ""
    try:
        if status not in ClipStatus.values:
            raise DomainError(_("%(status)r is not a clip status") % {"status": status})
        services.clip_status_set(actor=request.user, asset=asset, status=ClipStatus(status))  # type: ignore[arg-type]
    except DomainError as refused:
        error = str(refused)
        if not request.htmx:  # type: ignore[attr-defined]
            messages.error(request, error)
    return clip_answer(request, asset, error=error)


@role_required(Role.MARKETER)
def clip_trim(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the trim form in place; POST: the trimmed clip, or the form with what is wrong."""
    asset = clip_get(pk)
    recycling = asset.recycling
    sentences = clip_selectors.script_sentences(recycling)
    row = clip_selectors.clip_row(asset, "")
    pool = clip_selectors.section_sentences(recycling, row.section, sentences)
    form = ClipTrimForm(request.POST or None, sentences=pool, first=row.first, last=row.last,
                        auto_id=f"clip{asset.pk}-%s")
    if request.method == "POST" and form.is_valid() and call_or_form_error(
        form, services.clip_trim_save, actor=request.user, asset=asset,  # type: ignore[arg-type]
        first=form.cleaned_data["first"], last=form.cleaned_data["last"], sentences=sentences,
    ):
        asset.refresh_from_db()
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, _("The clip was trimmed and saved as a new version."))
        return clip_answer(request, asset)
    if not request.htmx:  # type: ignore[attr-defined]
        return render(request, "content/clips.html", {**clips_context(recycling), "trim_form": form,
                                                       "trim_pk": asset.pk})
    return clip_answer(request, asset, trim_form=form, trim_pk=asset.pk)


@role_required(Role.MARKETER)
@require_POST
def clips_cut(request: HttpRequest, pk: int) -> HttpResponse:
    recycling = get_object_or_404(Recycling, pk=pk, status=RecyclingStatus.DONE)
    try:
        job = services.clips_cut_start(actor=request.user, recycling=recycling)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("content:clip_review", recycling.pk)
    messages.success(request, _("Cutting the approved clips in the background."))
    return redirect("job", job.pk)
