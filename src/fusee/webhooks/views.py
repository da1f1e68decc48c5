"""Pages of webhooks (admins only): endpoints, their secret shown once, their delivery log."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fusee.core.errors import DomainError
from fusee.core.models import Role
from fusee.core.roles import role_required
from fusee.core.views import call_or_flash_error, call_or_form_error, changed_values, partial
from fusee.webhooks import selectors, services
from fusee.webhooks.forms import EndpointForm
from fusee.webhooks.models import Delivery, DeliveryStatus, Endpoint

LOG_PAGE_SIZE = 50


def secret_key(endpoint: Endpoint) -> str:
    return f"webhooks.secret.{endpoint.pk}"


def secret_show_once(request: HttpRequest, endpoint: Endpoint, secret: str) -> HttpResponse:
    """Keep the secret for the next page only: a reload no longer shows it."""
    request.session[secret_key(endpoint)] = secret
    return redirect("webhooks:endpoint", endpoint.pk)


@role_required(Role.ADMIN)
def endpoint_list(request: HttpRequest) -> HttpResponse:
    return render(request, "webhooks/endpoints.html", {"endpoints": selectors.endpoint_list()})


@role_required(Role.ADMIN)
def endpoint_new(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = call_or_form_error(
            form, services.endpoint_create, actor=request.user, **form.cleaned_data  # type: ignore[arg-type]
        )
        if endpoint:
            return secret_show_once(request, endpoint, endpoint.secret)
    return render(request, "webhooks/endpoint_form.html", {"form": form, "title": _("New endpoint")})


@role_required(Role.ADMIN)
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    status = request.GET.get("status", "")
    deliveries = Paginator(selectors.endpoint_deliveries(endpoint, status=status), LOG_PAGE_SIZE)
    context = {
        "endpoint": endpoint,
        "secret": request.session.pop(secret_key(endpoint), None),
        "page": deliveries.get_page(request.GET.get("page")),
        "status": status,
        "statuses": DeliveryStatus.choices,
    }
    return render(request, partial(request, "webhooks/endpoint.html", "log"), context)


@role_required(Role.ADMIN)
def endpoint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    form = EndpointForm(request.POST or None, instance=Endpoint.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        values = changed_values(form)
        if call_or_form_error(
            form, services.endpoint_update, actor=request.user, endpoint=endpoint, **values  # type: ignore[arg-type]
        ):
            messages.success(request, _("Saved."))
            return redirect("webhooks:endpoint", endpoint.pk)
    context = {"form": form, "title": str(endpoint), "endpoint": endpoint}
    return render(request, "webhooks/endpoint_form.html", context)


@role_required(Role.ADMIN)
@require_POST
def endpoint_active(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    active = request.POST.get("active") == "1"
    services.endpoint_update(actor=request.user, endpoint=endpoint, active=active)  # type: ignore[arg-type]
    done = _("Endpoint enabled.") if active else _("Endpoint disabled: it receives nothing.")
    messages.success(request, done)
    return redirect("webhooks:endpoint", endpoint.pk)


@role_required(Role.ADMIN)
@require_POST
def endpoint_test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    actor = request.user
    if call_or_flash_error(request, services.endpoint_test_send, actor=actor, endpoint=endpoint):  # type: ignore[arg-type]
        messages.success(request, _("Test event queued: its delivery appears below in a moment."))
    return redirect("webhooks:endpoint", endpoint.pk)


@role_required(Role.ADMIN)
@require_POST
def endpoint_secret(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    secret = services.endpoint_secret_rotate(actor=request.user, endpoint=endpoint)  # type: ignore[arg-type]
    return secret_show_once(request, endpoint, secret)


@role_required(Role.ADMIN)
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery.objects.select_related("endpoint"), pk=pk)
    try:
        delivery = services.delivery_retry_now(actor=request.user, delivery=delivery)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, str(error))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "webhooks/endpoint.html#delivery", {"delivery": delivery})
    return redirect("webhooks:endpoint", delivery.endpoint_id)
