"""The pages visitors reach without logging in: the form (embeddable) and the confirmation link."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from fusee.webforms import mail, protection, services
from fusee.webforms.forms import PublicForm
from fusee.webforms.models import Form, Submission, SubmissionStatus


@csrf_exempt  # embedded on other sites, where our CSRF cookie is not sent: the signed form token stands in
@xframe_options_exempt  # this page only; frame-ancestors below names who may frame it
@login_not_required
def form_page(request: HttpRequest, slug: str) -> HttpResponse:
    webform = get_object_or_404(Form, slug=slug, active=True)
    with translation.override(webform.language):
        if request.method == "POST":
            response = form_submit(request, webform)
        else:
            response = form_render(request, webform)
    response._csp_replace = {"frame-ancestors": webform.frame_ancestors()}  # type: ignore[attr-defined]
    return response


def form_render(
    request: HttpRequest, webform: Form, form: PublicForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "webform": webform, "form": form or PublicForm(webform=webform),
        "token": protection.form_token(webform), "honeypot": protection.HONEYPOT,
    }
    return render(request, "webforms/public/form.html", context, status=status)


def form_submit(request: HttpRequest, webform: Form) -> HttpResponse:
    ip_hash = protection.ip_hash(request)
    attempts = protection.attempt_count(form=webform, ip_hash=ip_hash)
    if attempts > protection.RATE_LIMIT:
        if attempts == protection.RATE_LIMIT + 1:  # one trace per window, not one row per request
            services.submission_reject(form=webform, status=SubmissionStatus.RATE_LIMITED,
                                       email=request.POST.get("email", ""), ip_hash=ip_hash)
        return render(request, "webforms/public/limited.html", {"webform": webform}, status=429)
    form = PublicForm(request.POST, webform=webform)
    if form.looks_like_a_bot():
        # Thanked like anyone else, so the bot learns nothing.
        services.submission_reject(form=webform, status=SubmissionStatus.SPAM,
                                   email=request.POST.get("email", ""), ip_hash=ip_hash)
        return thanks(request, webform, None)
    if not form.is_valid():
        return form_render(request, webform, form, status=400)
    submission = services.submission_receive(
        form=webform, email=form.cleaned_data["email"], data=form.answers(),
        language=form.language(), ip_hash=ip_hash,
    )
    return thanks(request, webform, submission)


def thanks(request: HttpRequest, webform: Form, submission: Submission | None) -> HttpResponse:
    context: dict[str, Any] = {
        "webform": webform,
        "check_inbox": webform.double_opt_in,
        # Without double opt-in the content is theirs at once; a suppressed address gets the same page.
        "download_url": webform.download_url if webform.is_gated and not webform.double_opt_in else "",
    }
    return render(request, "webforms/public/thanks.html", context)


@login_not_required
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links); POST confirms. Altered or expired links are a 404."""
    pk = protection.confirm_token_submission_pk(token)
    submission = Submission.objects.select_related("form").filter(pk=pk).first() if pk else None
    if submission is None:
        lifetime = mail.link_lifetime_text()
        return render(request, "webforms/public/link_invalid.html", {"lifetime": lifetime}, status=404)
    if request.method == "POST":
        submission = services.submission_confirm(submission=submission)
    webform = submission.form
    with translation.override(submission.language or webform.language):
        confirmed = submission.status == SubmissionStatus.CONFIRMED
        context = {
            "webform": webform,
            "asking": request.method != "POST" and submission.status == SubmissionStatus.PENDING,
            "confirmed": confirmed,
            "download_url": webform.download_url if confirmed and webform.is_gated else "",
        }
        return render(request, "webforms/public/confirm.html", context)
