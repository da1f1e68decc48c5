from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LogoutView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from fusee.core import selectors, services, tokens
from fusee.core.errors import DomainError, NotAllowed
from fusee.core.forms import (
    PasswordForm,
    TeamFilterForm,
    TokenForm,
    UserCreateForm,
    UserForm,
    WorkspaceForm,
)
from fusee.core.health import health_report
from fusee.core.jobs.progress import side_read
from fusee.core.models import ApiToken, Job, Role, User, Workspace
from fusee.core.navigation import dashboard_cards
from fusee.core.roles import role_required, viewer_may_post


def partial(request: HttpRequest, page: str, region: str) -> str:
    """The whole page, or only the region HTMX asked for."""
    return f"{page}#{region}" if getattr(request, "htmx", False) else page


P = ParamSpec("P")
T = TypeVar("T")


def changed_values(form: forms.BaseForm) -> dict[str, Any]:
    """The fields the user changed: what an `<noun>_update` service takes and audits."""
    return {field: form.cleaned_data[field] for field in form.changed_data}


def call_or_flash_error(
    request: HttpRequest, service: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T | None:
    """What the service returns, or None when it refuses: its DomainError then shows as a message."""
    try:
        return service(*args, **kwargs)
    except DomainError as error:
        messages.error(request, str(error))
        return None


def call_or_form_error(
    form: forms.BaseForm, service: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T | None:
    """What the service returns, or None when it refuses: its DomainError then shows on the form."""
    try:
        return service(*args, **kwargs)
    except DomainError as error:
        form.add_error(None, str(error))
        return None


def chart(kind: str, points: list[tuple[str, int]], label: str) -> dict:
    """The data a <canvas data-chart> draws, handed over through json_script (no inline JS)."""
    return {
        "type": kind,
        "labels": [name for name, _value in points],
        "datasets": [{"label": label, "data": [value for _name, value in points]}],
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    counts = selectors.role_counts()
    days = selectors.audit_activity(days=14)
    context = {
        "workspace": Workspace.current(),
        "role_counts": counts,
        "team_size": sum(counts.values()),
        "recent_jobs": selectors.job_list(limit=5),
        "activity_chart": chart("bar", days, _("Changes")),
        "country_chart": chart("doughnut", selectors.people_by_country(), _("People")),
        "cards": dashboard_cards(request),
    }
    return render(request, "core/dashboard.html", context)


def team(request: HttpRequest) -> HttpResponse:
    form = TeamFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.team_list(role=filters.get("role", ""), team=filters.get("team", ""))
    context = {"form": form, "people": people}
    return render(request, partial(request, "core/team.html", "people"), context)


@role_required(Role.ADMIN)
def team_new(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if call_or_form_error(form, services.user_create, actor=request.user, **data):  # type: ignore[arg-type]
            messages.success(request, _("%(name)s can now log in.") % {"name": data["full_name"]})
            return redirect("team")
    return render(request, "core/user_form.html", {"form": form, "creating": True})


@role_required(Role.ADMIN)
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    # The form validates on its own copy; the service compares against `person` for the audit log.
    form = UserForm(request.POST or None, instance=User.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        values = changed_values(form)
        if call_or_form_error(form, services.user_update, actor=request.user, user=person, **values):  # type: ignore[arg-type]
            messages.success(request, _("Saved."))
            return redirect("team")
    return render(request, "core/user_form.html", {"form": form, "person": person})


def workspace(request: HttpRequest) -> HttpResponse:
    current = Workspace.current()
    # A second copy for the form, which writes into its instance while validating.
    form = WorkspaceForm(request.POST or None, instance=Workspace.current())
    if request.method == "POST":
        if not request.user.is_admin:  # type: ignore[union-attr]
            raise PermissionDenied(_("Only an admin can change the workspace."))
        if form.is_valid():
            values = changed_values(form)
            services.workspace_update(actor=request.user, **values)  # type: ignore[arg-type]
            messages.success(request, _("Saved."))
            return redirect("workspace")
    return render(request, "core/workspace.html", {"form": form, "workspace": current})


@role_required(Role.ADMIN)
def audit(request: HttpRequest) -> HttpResponse:
    return render(request, "core/audit.html", {"entries": selectors.audit_list()})


def jobs(request: HttpRequest) -> HttpResponse:
    context = {"jobs": selectors.job_list()}
    return render(request, partial(request, "core/jobs.html", "job-rows"), context)


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = side_read(get_object_or_404(Job, pk=pk))
    return render(request, partial(request, "core/job.html", "progress"), {"job": job})


@viewer_may_post
def account(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.POST or None)
    context = {
        "form": form, "token_form": TokenForm(),
        "tokens": selectors.token_list(user=request.user),  # type: ignore[arg-type]
    }
    if request.method == "POST" and form.is_valid():
        user = User.objects.get(pk=request.user.pk or 0)
        try:
            services.user_set_password(actor=user, user=user, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error("password", error)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password was changed."))
            return redirect("account")
    return render(request, "core/account.html", context)


@viewer_may_post
@require_POST
def token_new(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    user = User.objects.get(pk=request.user.pk or 0)
    context: dict[str, object] = {"form": PasswordForm(), "token_form": form}
    if form.is_valid():
        try:
            _token, context["new_secret"] = tokens.token_create(actor=user, **form.cleaned_data)
        except NotAllowed as error:
            form.add_error("scope", str(error))
    context["tokens"] = selectors.token_list(user=user)
    return render(request, "core/account.html", context)


@viewer_may_post
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.token_revoke(actor=token.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("account")


@login_not_required
@viewer_may_post
@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and response.status_code == 302 and language:
        services.user_set_language(user=request.user, language=language)
    return response


logout = viewer_may_post(LogoutView.as_view())


@login_not_required
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)
