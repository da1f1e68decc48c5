from __future__ import annotations

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fusee.contacts.models import Contact
from fusee.core.errors import DomainError
from fusee.core.jobs import enqueue
from fusee.core.models import Role
from fusee.core.roles import role_required
from fusee.core.views import chart
from fusee.scoring import selectors, services
from fusee.scoring.forms import RULE_FORMS, ScoringSettingsForm
from fusee.scoring.models import ScoringSettings
from fusee.scoring.tasks import recompute_task

NEW_TITLES = {
    "fit": gettext_lazy("New fit rule"), "behaviour": gettext_lazy("New behaviour rule"),
    "threshold": gettext_lazy("New threshold"),
}


def rule_list(request: HttpRequest) -> HttpResponse:
    context = {
        "fit_rules": selectors.fit_rule_list(),
        "behaviour_rules": selectors.behaviour_rule_list(),
        "thresholds": selectors.threshold_list(),
        "distribution_chart": chart("bar", selectors.score_distribution(), _("Contacts")),
        "settings_form": ScoringSettingsForm(instance=ScoringSettings.current()),
    }
    return render(request, "scoring/rules.html", context)


def rule_of(kind: str, pk: int) -> models.Model:
    if kind not in RULE_FORMS:
        raise Http404
    return get_object_or_404(services.RULE_KINDS[kind], pk=pk)


@role_required(Role.MARKETER)
def rule_new(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in RULE_FORMS:
        raise Http404
    form = RULE_FORMS[kind](request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_create(actor=request.user, kind=kind, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved. Recompute the scores to apply it."))
            return redirect("scoring:rules")
    return render(request, "scoring/rule_form.html", {"form": form, "title": NEW_TITLES[kind]})


@role_required(Role.MARKETER)
def rule_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    rule = rule_of(kind, pk)
    # The form validates on its own copy; the service compares against `rule` for the audit log.
    form = RULE_FORMS[kind](request.POST or None, instance=type(rule)._default_manager.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        values = {field: form.cleaned_data[field] for field in form.changed_data}
        try:
            services.rule_update(actor=request.user, rule=rule, **values)  # type: ignore[arg-type]
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved. Recompute the scores to apply it."))
            return redirect("scoring:rules")
    context = {"form": form, "title": str(rule), "rule": rule, "kind": kind}
    return render(request, "scoring/rule_form.html", context)


@role_required(Role.MARKETER)
@require_POST
def rule_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    rule = rule_of(kind, pk)
    try:
        services.rule_delete(actor=request.user, rule=rule)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(name)s” was deleted.") % {"name": rule})
    return redirect("scoring:rules")


@role_required(Role.MARKETER)
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    job = enqueue(recompute_task, created_by=request.user)  # type: ignore[arg-type]
    return redirect("job", job.pk)


@role_required(Role.ADMIN)
@require_POST
def settings_update(request: HttpRequest) -> HttpResponse:
    form = ScoringSettingsForm(request.POST, instance=ScoringSettings.current())
    if form.is_valid():
        services.scoring_settings_update(actor=request.user, webhook_url=form.cleaned_data["webhook_url"])  # type: ignore[arg-type]
        messages.success(request, _("Saved."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("webhook_url", [])))
    return redirect("scoring:rules")


def contact_breakdown(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk)
    context = {"contact": contact, "entries": selectors.score_breakdown(contact)}
    return render(request, "scoring/breakdown.html", context)
