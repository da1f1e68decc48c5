"""The report of a sequence: its numbers, its A/B tests, its lessons; picking a split's winner."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fusee.core.errors import DomainError
from fusee.core.models import Role
from fusee.core.roles import role_required
from fusee.core.views import partial
from fusee.nurturing import abtest, selectors
from fusee.nurturing.models import Sequence, SequenceVersion
from fusee.nurturing.reports.forms import ReportSegmentsForm, SplitWinnerForm
from fusee.nurturing.reports.lessons import MIN_SAMPLE
from fusee.nurturing.reports.page import SplitReport
from fusee.nurturing.reports.page import sequence_report as report_of

PAGE = "nurturing/reports/report.html"


def sequence_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole report, or (for HTMX, e.g. from the sequence page) only its summary."""
    sequence = get_object_or_404(Sequence, pk=pk)
    form = ReportSegmentsForm(request.GET if "segments" in request.GET else None)
    segments = list(form.cleaned_data["segments"]) if form.is_valid() else []
    version = shown_version(sequence, request.GET.get("version", ""))
    full = not getattr(request, "htmx", False)
    report = report_of(sequence, version=version, segments=segments, full=full)
    splits = [(split, winner_form(split)) for split in report.splits]
    context = {"sequence": sequence, "report": report, "segments_form": form, "splits": splits,
               "min_sample": MIN_SAMPLE, "embedded": not full}
    return render(request, partial(request, PAGE, "summary"), context)


def winner_form(split: SplitReport) -> SplitWinnerForm:
    initial = {"winner": split.verdict.winner, "metric": split.verdict.metric}
    return SplitWinnerForm(step=split.step, prefix=split.step.key, initial=initial)


def shown_version(sequence: Sequence, number: str) -> SequenceVersion | None:
    versions = selectors.sequence_versions(sequence)
    version = selectors.version_shown(versions, int(number) if number.isdigit() else None)
    if number and version is None:
        raise Http404("no such version")
    return version


@require_POST
@role_required(Role.MARKETER)
def split_winner(request: HttpRequest, pk: int, number: int, step_key: str) -> HttpResponse:
    version = get_object_or_404(SequenceVersion, sequence_id=pk, number=number)
    try:
        step = abtest.split_step(version, step_key)
    except DomainError:
        raise Http404("no such split step") from None
    form = SplitWinnerForm(request.POST, step=step, prefix=step.key)
    if not form.is_valid():
        messages.error(request, _("Choose one of the variants."))
    else:
        try:
            abtest.split_decide(actor=request.user, step=step, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s is the winner: new arrivals all take its path.") % {
                "name": form.cleaned_data["winner"]})
    return redirect(f"{reverse('nurturing:sequence_report', args=[pk])}?version={number}")
