from __future__ import annotations

import tempfile
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fusee.contacts.models import Contact
from fusee.core.models import Role
from fusee.core.roles import role_required, viewer_may_post
from fusee.core.views import call_or_form_error, changed_values
from fusee.segments import selectors, services
from fusee.segments.catalogue import builder_catalogue
from fusee.segments.exports import csv_lines, write_xlsx
from fusee.segments.forms import ContactListForm, SegmentForm
from fusee.segments.language import SegmentSyntaxError, segment_queryset
from fusee.segments.models import ContactList, Segment

PREVIEW_SIZE = 10
PAGE_PREVIEW_SIZE = 50


def segment_list(request: HttpRequest) -> HttpResponse:
    rows = [(segment, count_or_none(segment)) for segment in selectors.segment_list()]
    return render(request, "segments/list.html", {"rows": rows})


def count_or_none(segment: Segment) -> int | None:
    """A segment saved before a field was renamed still lists, marked invalid."""
    try:
        return selectors.segment_count(segment)
    except SegmentSyntaxError:
        return None


def segment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    segment = get_object_or_404(Segment, pk=pk)
    context: dict[str, Any] = {"segment": segment}
    try:
        contacts = selectors.segment_contacts(segment)
        context |= matching(contacts, limit=PAGE_PREVIEW_SIZE)
    except SegmentSyntaxError as error:
        context["error"] = error
    return render(request, "segments/detail.html", context)


def matching(contacts: QuerySet[Contact], *, limit: int) -> dict[str, Any]:
    return {"count": contacts.count(), "contacts": selectors.contact_preview(contacts, limit=limit)}


@role_required(Role.MARKETER)
def segment_new(request: HttpRequest) -> HttpResponse:
    form = SegmentForm(request.POST or None, initial={"expression": request.GET.get("expression", "")})
    if request.method == "POST" and form.is_valid():
        segment = call_or_form_error(
            form, services.segment_create, actor=request.user, **form.cleaned_data  # type: ignore[arg-type]
        )
        if segment:
            messages.success(request, _("Segment saved."))
            return redirect("segments:detail", segment.pk)
    return render(request, "segments/builder.html", builder_context(form))


@role_required(Role.MARKETER)
def segment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    segment = get_object_or_404(Segment, pk=pk)
    form = SegmentForm(request.POST or None, instance=Segment.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        values = changed_values(form)
        if call_or_form_error(form, services.segment_update, actor=request.user, segment=segment, **values):  # type: ignore[arg-type]
            messages.success(request, _("Segment saved."))
            return redirect("segments:detail", segment.pk)
    return render(request, "segments/builder.html", builder_context(form, segment))


def builder_context(form: SegmentForm, segment: Segment | None = None) -> dict[str, Any]:
    return {"form": form, "segment": segment, "catalogue": builder_catalogue()}


@role_required(Role.MARKETER)
@require_POST
def segment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    segment = get_object_or_404(Segment, pk=pk)
    services.segment_delete(actor=request.user, segment=segment)  # type: ignore[arg-type]
    messages.success(request, _("Segment deleted."))
    return redirect("segments:list")


@viewer_may_post
@require_POST
def segment_preview(request: HttpRequest) -> HttpResponse:
    """Count and first contacts of the expression being typed; changes nothing."""
    expression = request.POST.get("expression", "")
    context: dict[str, Any] = {"expression": expression}
    if expression.strip():
        try:
            contacts = segment_queryset(expression)
            context |= matching(contacts, limit=PREVIEW_SIZE)
        except SegmentSyntaxError as error:
            context |= error_context(expression, error)
    return render(request, "segments/builder.html#preview", context)


def error_context(expression: str, error: SegmentSyntaxError) -> dict[str, Any]:
    """The expression cut around the error position, so the template can highlight it."""
    at = error.position
    return {"error": error, "before": expression[:at], "marked": expression[at : at + 1] or " ",
            "after": expression[at + 1 :]}


def segment_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    segment = get_object_or_404(Segment, pk=pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404("unknown export format")
    contacts = selectors.segment_contacts(segment)
    services.segment_export_record(actor=request.user, segment=segment, file_format=fmt)  # type: ignore[arg-type]
    file_name = f"{slugify(segment.name) or 'segment'}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(contacts, file_name)
    response = StreamingHttpResponse(csv_lines(contacts), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def xlsx_response(contacts: QuerySet[Contact], file_name: str) -> FileResponse:
    # openpyxl writes a zip: it needs a seekable file, kept on disk rather than in memory.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    write_xlsx(contacts, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=file_name,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def list_index(request: HttpRequest) -> HttpResponse:
    return render(request, "segments/lists.html", {"lists": selectors.list_list(), "form": ContactListForm()})


@role_required(Role.MARKETER)
@require_POST
def list_new(request: HttpRequest) -> HttpResponse:
    form = ContactListForm(request.POST)
    if form.is_valid() and (created := create_list(request, form)):
        messages.success(request, _("List “%(name)s” created.") % {"name": created.name})
        return redirect("segments:lists")
    return render(request, "segments/lists.html", {"lists": selectors.list_list(), "form": form})


def create_list(request: HttpRequest, form: ContactListForm) -> ContactList | None:
    data = form.cleaned_data
    return call_or_form_error(
        form, services.list_create, actor=request.user,  # type: ignore[arg-type]
        name=data["name"], description=data["description"], expression=data["expression"],
    )
