"""Pages that write sequences: create one, change its settings, edit its draft step by step,
publish it, move its status, enrol contacts by hand. Viewers read the draft; the rest takes a
marketer (the services check it again)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from django.views.decorators.http import require_POST

from fusee.contacts.models import Contact
from fusee.core.errors import DomainError
from fusee.core.models import Role, User
from fusee.core.roles import role_required
from fusee.core.views import call_or_form_error, partial
from fusee.nurturing import authoring, selectors, services
from fusee.nurturing.forms import EnrolContactForm, EnrolSegmentForm, SequenceForm
from fusee.nurturing.models import Sequence, SequenceStatus, SequenceVersion, Step, StepKind
from fusee.nurturing.step_forms import StepForm, step_form
from fusee.segments.selectors import segment_contacts

FORM_PAGE = "nurturing/sequence_form.html"
DRAFT_PAGE = "nurturing/sequence_draft.html"
STATUS_ACTIONS = {
    "pause": (SequenceStatus.PAUSED, gettext_lazy("Paused: contacts wait where they are until it resumes.")),
    "resume": (SequenceStatus.LIVE, gettext_lazy("Resumed: contacts go on from where they waited.")),
    "archive": (SequenceStatus.ARCHIVED, gettext_lazy("Archived: the contacts still in it have left it.")),
}


def actor(request: HttpRequest) -> User:
    """The logged-in user (the login middleware lets no anonymous request reach these views)."""
    assert isinstance(request.user, User)
    return request.user


# Settings.


@role_required(Role.MARKETER)
def sequence_new(request: HttpRequest) -> HttpResponse:
    return sequence_settings_page(request, None)


@role_required(Role.MARKETER)
def sequence_settings(request: HttpRequest, pk: int) -> HttpResponse:
    return sequence_settings_page(request, get_object_or_404(Sequence, pk=pk))


def sequence_settings_page(request: HttpRequest, sequence: Sequence | None) -> HttpResponse:
    initial = SequenceForm.initial_of(sequence) if sequence else {"business_hours_only": True}
    if request.method != "POST":  # HTMX asks again when the trigger changes: show its fields
        form = SequenceForm(initial=initial | request.GET.dict())
        context = {"form": form, "sequence": sequence}
        return render(request, partial(request, FORM_PAGE, "trigger-fields"), context)
    form = SequenceForm(request.POST, initial=initial)
    if form.is_valid() and (saved := call_or_form_error(form, settings_save, request, sequence, form)):
        messages.success(request, _("Sequence saved."))
        return redirect("nurturing:sequence" if sequence else "nurturing:sequence_draft", saved.pk)
    return render(request, FORM_PAGE, {"form": form, "sequence": sequence})


def settings_save(request: HttpRequest, sequence: Sequence | None, form: SequenceForm) -> Sequence:
    if sequence is not None:
        return services.sequence_update(actor=actor(request), sequence=sequence, **form.settings())
    settings = form.settings()
    created = services.sequence_create(actor=actor(request), name=settings.pop("name"), **settings)
    authoring.draft_open(actor=actor(request), sequence=created)
    return created


# The draft editor: every change answers with the editor again (its region, for HTMX).


def sequence_draft(request: HttpRequest, pk: int) -> HttpResponse:
    sequence = get_object_or_404(Sequence, pk=pk)
    if request.method == "POST":
        return draft_open(request, sequence)
    draft = selectors.sequence_draft(sequence)
    return render(request, DRAFT_PAGE, draft_context(sequence, draft))


@role_required(Role.MARKETER)
def draft_open(request: HttpRequest, sequence: Sequence) -> HttpResponse:
    try:
        authoring.draft_open(actor=actor(request), sequence=sequence)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("nurturing:sequence", sequence.pk)
    return redirect("nurturing:sequence_draft", sequence.pk)


@require_POST
@role_required(Role.MARKETER)
def draft_step_add(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_or_404(pk)
    kind, after = request.POST.get("kind", ""), request.POST.get("after", "")
    try:
        step = authoring.draft_step_add(actor=actor(request), draft=draft, kind=kind, after=after)
    except DomainError as error:
        messages.error(request, str(error))
        return editor(request, draft)
    return editor(request, draft, editing=step)


def draft_step(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """The step's form (GET, anyone may look), or its settings saved (POST, marketers)."""
    draft = draft_or_404(pk)
    step = get_object_or_404(Step, version=draft, key=key)
    if request.method == "POST":
        return draft_step_save(request, draft, step)
    return editor(request, draft, editing=step)


@role_required(Role.MARKETER)
def draft_step_save(request: HttpRequest, draft: SequenceVersion, step: Step) -> HttpResponse:
    form = step_form(step, step_targets(draft), request.POST)
    if form.is_valid():
        saved = call_or_form_error(form, authoring.draft_step_save, actor=actor(request), step=step,
                                   config=form.config(), email=form.email(), next_key=form.following())
        if saved:
            return editor(request, draft)
    step.refresh_from_db()  # the form keeps what was typed; the list shows what is saved
    return editor(request, draft, editing=step, form=form)


@require_POST
@role_required(Role.MARKETER)
def draft_step_delete(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    draft = draft_or_404(pk)
    authoring.draft_step_delete(actor=actor(request), step=get_object_or_404(Step, version=draft, key=key))
    return editor(request, draft)


@require_POST
@role_required(Role.MARKETER)
def draft_step_move(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    draft = draft_or_404(pk)
    step = get_object_or_404(Step, version=draft, key=key)
    offset = -1 if request.POST.get("direction") == "up" else 1
    authoring.draft_step_move(actor=actor(request), step=step, offset=offset)
    return editor(request, draft)


@require_POST
@role_required(Role.MARKETER)
def draft_publish(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_or_404(pk)
    try:
        version = authoring.draft_publish(actor=actor(request), draft=draft)
    except DomainError as error:
        messages.error(request, _("Not published: %(problem)s") % {"problem": error})
        return redirect("nurturing:sequence_draft", pk)
    messages.success(request, _("Version %(number)s is published: new contacts enter it.") % {
        "number": version.number})
    return redirect("nurturing:sequence", pk)


@require_POST
@role_required(Role.MARKETER)
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    authoring.draft_discard(actor=actor(request), draft=draft_or_404(pk))
    messages.success(request, _("The draft was discarded."))
    return redirect("nurturing:sequence", pk)


def draft_or_404(pk: int) -> SequenceVersion:
    draft = selectors.sequence_draft(get_object_or_404(Sequence, pk=pk))
    if draft is None:
        raise Http404("this sequence has no draft")
    return draft


def step_targets(draft: SequenceVersion) -> list[tuple[str, str]]:
    steps = draft.steps.order_by("position")
    return [(step.key, f"{step.key} · {step.get_kind_display()}") for step in steps]


def editor(
    request: HttpRequest, draft: SequenceVersion, *, editing: Step | None = None, form: StepForm | None = None
) -> HttpResponse:
    """The editor with `editing`'s form open; a plain POST goes back to the page instead."""
    if request.method == "POST" and not getattr(request, "htmx", False) and form is None:
        url = reverse("nurturing:sequence_draft", args=[draft.sequence_id])
        if editing is not None:
            url = reverse("nurturing:draft_step", args=[draft.sequence_id, editing.key])
        return redirect(f"{url}#editor")
    if editing is not None and form is None:
        form = step_form(editing, step_targets(draft))
    context = draft_context(draft.sequence, draft) | {"editing": editing, "form": form}
    return render(request, partial(request, DRAFT_PAGE, "draft"), context)


def draft_context(sequence: Sequence, draft: SequenceVersion | None) -> dict[str, Any]:
    context: dict[str, Any] = {"sequence": sequence, "draft": draft, "kinds": StepKind.choices}
    if draft is None:
        return context
    live = sequence.live_version()
    problems = selectors.draft_problems(draft)
    return context | {
        "live": live,
        "steps": selectors.draft_steps(draft, problems),
        "problems": problems.get("", []),
        "publishable": not problems,
        "staying": selectors.versions_with_contacts(sequence),
        "stale": live is not None and live.number > draft.number,
        "flow": selectors.sequence_flow(draft),
    }


# Status and enrolment, from the sequence page.


@require_POST
@role_required(Role.MARKETER)
def sequence_status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sequence = get_object_or_404(Sequence, pk=pk)
    if action not in STATUS_ACTIONS:
        raise Http404("no such action")
    status, done = STATUS_ACTIONS[action]
    try:
        services.sequence_status_move(actor=actor(request), sequence=sequence, status=status)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("nurturing:sequence", pk)


@require_POST
@role_required(Role.MARKETER)
def sequence_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """One contact (`contact`) or a saved segment's contacts (`segment`), all at once."""
    sequence = get_object_or_404(Sequence, pk=pk)
    one = EnrolContactForm(request.POST) if "contact" in request.POST else None
    form = one or EnrolSegmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a contact or a saved segment."))
        return redirect("nurturing:sequence", pk)
    if chosen := form.cleaned_data.get("contact"):
        contacts, label = Contact.objects.filter(pk=chosen.pk), chosen.email
    else:
        segment = form.cleaned_data["segment"]
        contacts, label = segment_contacts(segment), segment.name
    try:
        tally = services.contacts_enrol(
            actor=actor(request), sequence=sequence, contacts=contacts, label=label
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, tally_text(tally))
    return redirect("nurturing:sequence", pk)


# One message per reason, the count inside it, so each language agrees the words with the count.
SKIPPED = {
    services.SkipReason.UNSUBSCRIBED: ngettext_lazy(
        "%(count)d unsubscribed contact", "%(count)d unsubscribed contacts", "count"),
    services.SkipReason.BOUNCED: ngettext_lazy(
        "%(count)d hard-bounced contact", "%(count)d hard-bounced contacts", "count"),
    services.SkipReason.SUPPRESSED: ngettext_lazy(
        "%(count)d contact on the suppression list", "%(count)d contacts on the suppression list", "count"),
    services.SkipReason.ACTIVE: ngettext_lazy(
        "%(count)d contact already in the sequence", "%(count)d contacts already in the sequence", "count"),
    services.SkipReason.BEEN_THROUGH: ngettext_lazy(
        "%(count)d contact who went through it before (re-entry is off)",
        "%(count)d contacts who went through it before (re-entry is off)", "count"),
}


def tally_text(tally: services.EnrolmentTally) -> str:
    text = ngettext("%(count)d contact enrolled.", "%(count)d contacts enrolled.", tally.enrolled) % {
        "count": tally.enrolled}
    if tally.skipped:
        reasons = ", ".join(
            SKIPPED[services.SkipReason(reason)] % {"count": count} for reason, count in tally.skipped.items()
        )
        text += " " + _("Skipped: %(reasons)s.") % {"reasons": reasons}
    return text
