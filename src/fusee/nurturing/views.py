"""Pages of nurturing: sequences drawn as flows, emails edited per language and previewed, the outbox."""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fusee.config.env import ConfigError
from fusee.core.errors import DomainError
from fusee.core.models import Role
from fusee.core.roles import role_required
from fusee.core.views import partial
from fusee.nurturing import editing, selectors, testsend
from fusee.nurturing.forms import EmailContentForm, EmailForm, EnrolSegmentForm
from fusee.nurturing.models import LANGUAGES, Email, EnrolmentStatus, Sequence
from fusee.nurturing.transport import (
    SendResult,
    default_sink_dir,
    sink_message,
    sink_messages,
    smtp_url_from_env,
)

OUTBOX_SIZE = 100
# The email shown in a sandboxed srcdoc frame inherits the page's policy: its <style> block
# and inlined style attributes need inline styles; images may come from any web site. The
# sandbox (no allow-scripts) still keeps every script out.
EMAIL_FRAME_POLICY = {"style-src": ["'unsafe-inline'"], "img-src": ["https:", "http:"]}
OUTBOX_FRAME_POLICY = {"style-src": ["'unsafe-inline'"]}  # no remote images: they could count as opens


def sequence_list(request: HttpRequest) -> HttpResponse:
    return render(request, "nurturing/sequences.html", {"sequences": selectors.sequence_list()})


def sequence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The flow of a version with its contacts, the versions, the actions; HTMX asks for the
    contacts matching a search (`q`) to enrol one."""
    sequence = get_object_or_404(Sequence, pk=pk)
    search = request.GET.get("q", "")
    if request.htmx:  # type: ignore[attr-defined]
        context = {"sequence": sequence, "search": search, "matches": selectors.picker_contacts(search)}
        return render(request, "nurturing/_sequence_enrol.html#enrol-matches", context)
    versions = selectors.sequence_versions(sequence)
    number = request.GET.get("version", "")
    version = selectors.version_shown(versions, int(number) if number.isdigit() else None)
    if number and version is None:
        raise Http404("no such version")
    context = {
        "sequence": sequence,
        "versions": versions,
        "version": version,
        "live": selectors.version_shown(versions, None),
        "flow": selectors.sequence_flow(version) if version else None,
        "draft": selectors.sequence_draft(sequence),
        "active": sequence.enrolments.filter(status=EnrolmentStatus.ACTIVE).count(),
        "segment_form": EnrolSegmentForm(),
        "search": search,
        "matches": selectors.picker_contacts(search),
    }
    return render(request, "nurturing/sequence.html", context)


def email_list(request: HttpRequest) -> HttpResponse:
    return render(request, "nurturing/emails.html", {"emails": selectors.email_list()})


@role_required(Role.MARKETER)
def email_new(request: HttpRequest) -> HttpResponse:
    return email_editor(request, None)


def email_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone reads the email in its editor; saving it takes a marketer (see email_save_view)."""
    email = get_object_or_404(Email, pk=pk)
    return email_editor(request, email)


def email_editor(request: HttpRequest, email: Email | None) -> HttpResponse:
    if request.method == "POST":
        return email_save_view(request, email)
    return render(request, "nurturing/email.html", editor_context(email, *editor_forms(email, None)))


@role_required(Role.MARKETER)
def email_save_view(request: HttpRequest, email: Email | None) -> HttpResponse:
    form, content_forms = editor_forms(email, request.POST)
    # Every form checked, so each language's errors show at once.
    valid = [form.is_valid(), *(content_form.is_valid() for content_form in content_forms.values())]
    if all(valid):
        contents = {language: content_form.content() for language, content_form in content_forms.items()}
        try:
            saved = editing.email_save(actor=request.user, email=email, settings=form.cleaned_data,  # type: ignore[arg-type]
                                       contents=contents)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Email saved."))
            return redirect("nurturing:email", saved.pk)
    return render(request, "nurturing/email.html", editor_context(email, form, content_forms))


def editor_forms(email: Email | None, data: Any) -> tuple[EmailForm, dict[str, EmailContentForm]]:
    # The form works on its own copy; the service compares against `email` for the audit log.
    form = EmailForm(data, instance=Email.objects.get(pk=email.pk) if email else None)
    contents = {content.language: content for content in email.contents.all()} if email else {}
    content_forms = {
        code: EmailContentForm.for_content(language=code, content=contents.get(code), data=data)
        for code, _name in LANGUAGES
    }
    return form, content_forms


def editor_context(
    email: Email | None, form: EmailForm, content_forms: dict[str, EmailContentForm]
) -> dict[str, Any]:
    names = dict(LANGUAGES)
    tabs = [(code, names[code], content_form) for code, content_form in content_forms.items()]
    with_errors = [code for code, content_form in content_forms.items() if content_form.errors]
    default = form["default_language"].value() or "en"
    return {"email": email, "form": form, "tabs": tabs, "active": with_errors[0] if with_errors else default}


@csp_update(EMAIL_FRAME_POLICY)  # type: ignore[arg-type]  # django-csp types views as f(request)
def email_preview(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(Email.objects.prefetch_related("contents"), pk=pk)
    search = request.GET.get("q", "")
    context: dict[str, Any] = {"email": email, "search": search, "matches": selectors.picker_contacts(search)}
    context |= picker_context(request) | {"variants": {content.language for content in email.contents.all()}}
    if not request.htmx:  # type: ignore[attr-defined]  # HTMX only asks for the contact picker
        context["preview"] = selectors.email_preview(
            email=email, contact=context["contact"], language=context["language"]
        )
    return render(request, partial(request, "nurturing/email_preview.html", "picker"), context)


@require_POST
@role_required(Role.MARKETER)
def email_test_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the email as previewed (`contact`, `language`) to the address typed (`to`) now;
    HTMX shows the server's answer in place of the form."""
    email = get_object_or_404(Email.objects.prefetch_related("contents"), pk=pk)
    contact = selectors.preview_contact(request.POST.get("contact"))
    language = request.POST.get("language", "")
    language = language if language in dict(LANGUAGES) else ""
    to_address = request.POST.get("to", "").strip()
    try:
        result = testsend.email_test_send(actor=request.user, email=email, contact=contact,  # type: ignore[arg-type]
                                          language=language, to_address=to_address)
    except (DomainError, ConfigError) as error:
        sent, outcome = False, str(error)
    else:
        sent, outcome = testsend.is_accepted(result), test_send_outcome(result, to_address)
    if not request.htmx:  # type: ignore[attr-defined]  # without JavaScript: back to the preview
        (messages.success if sent else messages.error)(request, outcome)
        shown = {"contact": contact.pk if contact else "", "language": language}
        query = urlencode({name: value for name, value in shown.items() if value})
        return redirect(reverse("nurturing:email_preview", args=[pk]) + (f"?{query}" if query else ""))
    context = {"email": email, "contact": contact, "language": language, "test_to": to_address,
               "test_sent": sent, "test_outcome": outcome}
    return render(request, "nurturing/email_preview.html#test-send", context)


def test_send_outcome(result: SendResult, to_address: str) -> str:
    values = {"address": to_address, "answer": testsend.answer_text(result)}
    if testsend.is_accepted(result):
        return _("Test sent to %(address)s. The server answered: %(answer)s") % values
    return _("The test could not be sent to %(address)s. The server answered: %(answer)s") % values


def picker_context(request: HttpRequest) -> dict[str, Any]:
    """The contact previewed and the language: the one asked for, else the contact's."""
    contact = selectors.preview_contact(request.GET.get("contact"))
    codes = [code for code, _name in LANGUAGES]
    asked = request.GET.get("language", "")
    language = asked if asked in codes else (contact.language if contact and contact.language else "")
    return {"contact": contact, "language": language, "languages": LANGUAGES}


def outbox(request: HttpRequest) -> HttpResponse:
    context = {
        "mails": sink_messages(directory=default_sink_dir(), limit=OUTBOX_SIZE),
        "smtp_configured": smtp_configured(),
        "limit": OUTBOX_SIZE,
    }
    return render(request, "nurturing/outbox.html", context)


@csp_update(OUTBOX_FRAME_POLICY)  # type: ignore[arg-type]  # django-csp types views as f(request)
def outbox_message(request: HttpRequest, key: str) -> HttpResponse:
    try:
        mail = sink_message(directory=default_sink_dir(), key=key)
    except DomainError:
        raise Http404("no such message in the mail sink") from None
    return render(request, "nurturing/outbox_message.html", {"mail": mail})


def smtp_configured() -> bool:
    """Whether mail goes to a real server rather than to the built-in sink this page reads."""
    try:
        return smtp_url_from_env() is not None
    except ConfigError:
        return True
