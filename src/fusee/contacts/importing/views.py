from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from fusee.contacts.importing import selectors, services
from fusee.contacts.importing.forms import MappingForm, UploadForm
from fusee.contacts.models import ImportBatch, ImportStatus
from fusee.core.errors import DomainError
from fusee.core.jobs.progress import side_read
from fusee.core.models import Role
from fusee.core.roles import role_required
from fusee.core.views import call_or_form_error, partial


def import_list(request: HttpRequest) -> HttpResponse:
    return render(request, "contacts/imports.html", {"batches": selectors.batch_list()})


@role_required(Role.MARKETER)
def import_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.batch_create(
                actor=request.user, file=data["file"], file_name=data["file"].name,  # type: ignore[arg-type]
                policy=data["policy"], saved_mapping=data["saved_mapping"],
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            return redirect("contacts:import_mapping", batch.pk)
    return render(request, "contacts/import_new.html", {"form": form})


@role_required(Role.MARKETER)
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.status != ImportStatus.UPLOADED:
        return redirect("contacts:import_detail", batch.pk)
    try:
        table = services.batch_table(batch)
    except DomainError as error:
        raise Http404(str(error)) from error
    form = MappingForm(request.POST or None, headers=table.headers, initial_mapping=batch.mapping)
    # mapping() may add errors (a custom field name that cannot be one), hence the second check.
    if request.method == "POST" and form.is_valid() and (mapping := form.mapping()) and form.is_valid():
        started = call_or_form_error(
            form, services.batch_start, actor=request.user, batch=batch, mapping=mapping,  # type: ignore[arg-type]
            save_as=form.cleaned_data["save_as"],
        )
        if started:
            return redirect("contacts:import_detail", batch.pk)
    samples = table.samples()
    rows = [(header, select, custom, samples[header]) for header, select, custom in form.rows()]
    context = {"batch": batch, "form": form, "rows": rows}
    return render(request, "contacts/import_mapping.html", context)


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.select_related("job", "created_by"), pk=pk)
    if batch.job:
        side_read(batch.job)
    return render(request, partial(request, "contacts/import_detail.html", "status"), {"batch": batch})


@require_safe
def import_rejected(request: HttpRequest, pk: int) -> FileResponse:
    """The rejected rows, only through this login-protected view (media is never served)."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    if not batch.rejected_file:
        raise Http404("this import rejected no row")
    name = Path(batch.rejected_file.name or "rejected.csv").name
    return FileResponse(batch.rejected_file.open("rb"), as_attachment=True, filename=name)
