"""Pages of webforms for the team: forms with their counts, their settings, submissions and embed code."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from fusee.core.models import Role
from fusee.core.roles import role_required
from fusee.core.views import call_or_form_error
from fusee.webforms import protection, selectors, services
from fusee.webforms.forms import FormSettingsForm, PublicForm
from fusee.webforms.models import Form


def form_list(request: HttpRequest) -> HttpResponse:
    return render(request, "webforms/forms.html", {"forms": selectors.form_list()})


def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    webform = get_object_or_404(selectors.form_list(), pk=pk)
    context = {
        "webform": webform,
        "submissions": selectors.form_submissions(webform),
        "public_url": public_url(webform),
        "iframe_snippet": render_to_string(
            "webforms/embed/iframe.html", {"url": public_url(webform), "title": webform.name}
        ),
        "html_snippet": html_snippet(webform),
    }
    return render(request, "webforms/form_detail.html", context)


@role_required(Role.MARKETER)
def form_new(request: HttpRequest) -> HttpResponse:
    return form_edit_page(request, None)


@role_required(Role.MARKETER)
def form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return form_edit_page(request, get_object_or_404(Form, pk=pk))


def form_edit_page(request: HttpRequest, webform: Form | None) -> HttpResponse:
    # The form validates its own copy; the service compares against `webform` for the audit log.
    copy = Form.objects.get(pk=webform.pk) if webform else Form()
    form = FormSettingsForm(request.POST or None, instance=copy)
    if request.method == "POST" and form.is_valid():
        values = {field: form.cleaned_data[field] for field in services.FORM_FIELDS}
        saved = (
            call_or_form_error(form, services.form_update, actor=request.user, form=webform, **values)  # type: ignore[arg-type]
            if webform
            else call_or_form_error(form, services.form_create, actor=request.user, **values)  # type: ignore[arg-type]
        )
        if saved:
            messages.success(request, _("Form saved."))
            return redirect("webforms:form", saved.pk)
    title = webform.name if webform else _("New form")
    return render(request, "webforms/form_edit.html", {"form": form, "webform": webform, "title": title})


def public_url(webform: Form) -> str:
    return settings.FUSEE_BASE_URL + reverse("webforms:public", args=[webform.slug])


def html_snippet(webform: Form) -> str:
    """A plain form to paste in a page: it posts to us and lands on our thank-you page."""
    with translation.override(webform.language):
        context = {
            "url": public_url(webform), "form": PublicForm(webform=webform),
            "token": protection.form_token(webform), "honeypot": protection.HONEYPOT,
        }
        return render_to_string("webforms/embed/html.html", context)
