"""A run out to the tools people use: its calendar, its CSV/XLSX for monday.com, and each person's feed.

The feed is the one view without a login (calendar apps cannot log in): its signed token is the key,
and an altered, reset or unknown token is a 404 that says nothing more.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fusee.core.models import User, Workspace
from fusee.core.roles import viewer_may_post
from fusee.playbooks import calendars, exports
from fusee.playbooks.models import Run

ICS_TYPE = "text/calendar; charset=utf-8"


def run_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(Run.objects.select_related("version__playbook"), pk=pk)
    return attachment(calendars.run_calendar(run), ICS_TYPE, f"{exports.file_stem(run)}.ics")


def run_export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(Run.objects.select_related("version__playbook"), pk=pk)
    exported = exports.run_csv(run)
    return attachment(exported.content, exported.content_type, exported.name)


def run_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(Run.objects.select_related("version__playbook"), pk=pk)
    exported = exports.run_xlsx(run)
    return attachment(exported.content, exported.content_type, exported.name)


@never_cache  # a private feed: no copy in a shared cache
@login_not_required
def person_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = calendars.feed_user(token)
    if user is None:
        raise Http404("unknown or altered link")
    with translation.override(language_of(user)):
        content = calendars.person_calendar(user)
    return HttpResponse(content, content_type=ICS_TYPE)


@viewer_may_post  # anyone may replace their own feed link
@require_POST
def feed_reset(request: HttpRequest) -> HttpResponse:
    calendars.feed_reset(actor=request.user, user=request.user)  # type: ignore[arg-type]
    return HttpResponseRedirect(reverse("playbooks:my_tasks"))


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def language_of(user: User) -> str:
    return user.language or Workspace.current().default_language or settings.LANGUAGE_CODE
