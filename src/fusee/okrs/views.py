from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from fusee.core.errors import DomainError
from fusee.core.models import Role, User
from fusee.core.roles import role_required, viewer_may_post
from fusee.core.views import call_or_flash_error, call_or_form_error, changed_values, partial
from fusee.okrs import board, closing, planning, selectors, services
from fusee.okrs.forms import (
    CheckInForm,
    CloseForm,
    CycleForm,
    IdeaForm,
    KeyResultEditForm,
    KeyResultForm,
    ObjectiveEditForm,
    ObjectiveForm,
    PolicyForm,
    TriageForm,
)
from fusee.okrs.models import (
    CheckIn,
    Confidence,
    Cycle,
    CycleStatus,
    Idea,
    KeyResult,
    Objective,
    OkrPolicy,
)
from fusee.okrs.onepager import onepager_markdown, onepager_pdf


def board_url(cycle: Cycle) -> str:
    return f"{reverse('okrs:board')}?{urlencode({'cycle': cycle.key})}"


def pick_cycle(request: HttpRequest, cycles: list[Cycle]) -> Cycle | None:
    """The cycle named by ?cycle=, else the current one; the cycle list is already loaded."""
    key = request.GET.get("cycle", "").strip().upper()
    if key:
        chosen = next((cycle for cycle in cycles if cycle.key == key), None)
        if chosen is None:
            raise Http404("no such cycle")
        return chosen
    return selectors.cycle_current(timezone.localdate())


def board_view(request: HttpRequest) -> HttpResponse:
    cycles = list(Cycle.objects.all())
    if request.GET.get("year", "").isdigit():
        return year_view(request, int(request.GET["year"]), cycles)
    cycle = pick_cycle(request, cycles)
    context: dict[str, Any] = {"cycles": cycles, "years": board.cycle_years(cycles),
                               "cycle_form": CycleForm(), "confidences": Confidence.choices}
    if cycle is not None:
        context["board"] = board.cycle_board(cycle, timezone.localdate())
    return render(request, "okrs/board.html", context)


def year_view(request: HttpRequest, year: int, cycles: list[Cycle]) -> HttpResponse:
    context = {"year": year, "years": board.cycle_years(cycles),
               "quarters": board.year_quarters(year, timezone.localdate())}
    return render(request, "okrs/year.html", context)


def tree(request: HttpRequest) -> HttpResponse:
    cycles = list(Cycle.objects.all())
    cycle = pick_cycle(request, cycles)
    context: dict[str, Any] = {"cycles": cycles, "cycle": cycle}
    if cycle is not None:
        cycle_board = board.cycle_board(cycle, timezone.localdate())
        context["roots"], context["loose"] = board.alignment_tree(cycle_board)
    return render(request, "okrs/tree.html", context)


@role_required(Role.MARKETER)
@require_POST
def cycle_new(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST)
    if form.is_valid() and (cycle := call_or_flash_error(
        request, services.cycle_get_or_create, actor=request.user, key=form.cleaned_data["key"],  # type: ignore[arg-type]
    )):
        return redirect(board_url(cycle))
    return redirect("okrs:board")


@role_required(Role.ADMIN)
@require_POST
def cycle_start(request: HttpRequest, key: str) -> HttpResponse:
    cycle = get_object_or_404(Cycle, key=key)
    if call_or_flash_error(request, services.cycle_start, actor=request.user, cycle=cycle):  # type: ignore[arg-type]
        messages.success(request, _("%(cycle)s has started.") % {"cycle": cycle})
    return redirect(board_url(cycle))


@role_required(Role.ADMIN)
def cycle_close(request: HttpRequest, key: str) -> HttpResponse:
    """Score the cycle, record its lessons, carry the chosen unfinished key results over."""
    cycle = get_object_or_404(Cycle, key=key)
    cycle_board = board.cycle_board(cycle, timezone.localdate())
    unfinished = [row for row in cycle_board.key_results if row.progress < 1]
    form = CloseForm(request.POST or None, cycle=cycle, unfinished=[row.key_result for row in unfinished])
    if request.method == "POST" and form.is_valid() and call_or_form_error(
        form, closing.cycle_close, actor=request.user, cycle=cycle,  # type: ignore[arg-type]
        lessons=form.cleaned_data["lessons"], carry_over=list(form.cleaned_data["carry_over"]),
        into=form.cleaned_data["into"],
    ):
        messages.success(request, _("%(cycle)s is closed.") % {"cycle": cycle})
        return redirect(board_url(cycle))
    context = {"cycle": cycle, "form": form, "unfinished": unfinished,
               "chosen": {str(pk) for pk in form["carry_over"].value() or []}}
    return render(request, "okrs/close.html", context)


@require_safe
def onepager(request: HttpRequest, key: str) -> HttpResponse:
    """The board's one-pager of the cycle, as a PDF (the default) or Markdown download."""
    cycle = get_object_or_404(Cycle, key=key)
    if request.GET.get("format") == "md":
        response = HttpResponse(onepager_markdown(cycle), content_type="text/markdown; charset=utf-8")
        extension = "md"
    else:
        response = HttpResponse(onepager_pdf(cycle), content_type="application/pdf")
        extension = "pdf"
    response["Content-Disposition"] = f'attachment; filename="okrs-{cycle.key}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- key results and their check-ins ---


def key_result_get(pk: int) -> KeyResult:
    return get_object_or_404(
        KeyResult.objects.select_related("objective__cycle", "objective__team", "owner"), pk=pk)


def key_result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return key_result_page(request, key_result_get(pk))


def key_result_page(request: HttpRequest, key_result: KeyResult,
                    form: CheckInForm | None = None) -> HttpResponse:
    today = timezone.localdate()
    history = list(selectors.key_result_history(key_result))
    row = board.key_result_row(key_result, today)
    context = {
        "row": row, "key_result": key_result, "cycle": key_result.objective.cycle,
        "history": history[::-1], "chart": board.key_result_chart(key_result, history, today),
        "form": form or CheckInForm(key_result=key_result, confidence=row.confidence),
        "ideas": key_result.ideas.order_by("-created_at"),
    }
    return render(request, "okrs/key_result.html", context, status=400 if form else 200)


@role_required(Role.MARKETER)
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a check-in; HTMX gets the key result's board row back, else its page."""
    key_result = key_result_get(pk)
    form = CheckInForm(request.POST, key_result=key_result)
    saved = form.is_valid() and call_or_form_error(
        form, services.check_in_record, actor=request.user, key_result=key_result,  # type: ignore[arg-type]
        **form.cleaned_data,
    )
    if request.htmx:  # type: ignore[attr-defined]
        return check_in_row(request, key_result, form=None if saved else form)
    if not saved:
        return key_result_page(request, key_result, form)
    messages.success(request, _("Check-in saved."))
    return redirect("okrs:key_result", pk)


def check_in_row(request: HttpRequest, key_result: KeyResult, *, form: CheckInForm | None) -> HttpResponse:
    """The key result's board row, and its objective's progress swapped out of band."""
    today = timezone.localdate()
    objective_row = board.objective_row(key_result.objective, today)
    row = next(r for r in objective_row.key_results if r.key_result.pk == key_result.pk)
    context = {"row": row, "objective_row": objective_row, "check_in_form": form,
               "confidences": Confidence.choices, "swapped": True}
    return render(request, "okrs/board.html#key-result-swap", context)  # htmx swaps only a 2xx


@role_required(Role.MARKETER)
def key_result_new(request: HttpRequest) -> HttpResponse:
    initial = {"objective": request.GET.get("objective"), "owner": request.user.pk}
    form = KeyResultForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key_result = call_or_form_error(
            form, services.key_result_create, actor=request.user,  # type: ignore[arg-type]
            objective=data["objective"], title=data["title"], **form.service_values(),
        )
        if key_result:
            messages.success(request, _("Key result added."))
            return redirect(f"{board_url(data['objective'].cycle)}#objective-{data['objective'].pk}")
    return render(request, "okrs/key_result_new.html", {"form": form})


@role_required(Role.MARKETER)
def key_result_edit(request: HttpRequest, pk: int) -> HttpResponse:
    key_result = key_result_get(pk)
    form = KeyResultEditForm(request.POST or None, key_result=key_result)
    if request.method == "POST" and form.is_valid() and call_or_form_error(
        form, services.key_result_update, actor=request.user, key_result=key_result,  # type: ignore[arg-type]
        title=form.cleaned_data["title"], **form.service_values(),
    ):
        messages.success(request, _("Key result saved."))
        return redirect("okrs:key_result", pk)
    return render(request, "okrs/key_result_edit.html",
                  {"form": form, "key_result": key_result, "cycle": key_result.objective.cycle})


@role_required(Role.MARKETER)
def key_result_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation, saying how many check-ins go with it; POST deletes."""
    key_result = key_result_get(pk)
    objective = key_result.objective
    if request.method == "POST":
        try:
            services.key_result_delete(actor=request.user, key_result=key_result)  # type: ignore[arg-type]
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("okrs:key_result", pk)
        messages.success(request, _("“%(kr)s” was deleted.") % {"kr": key_result})
        return redirect(objective_url(objective))
    context = {"key_result": key_result, "cycle": objective.cycle, "check_ins": key_result.check_ins.count()}
    return render(request, "okrs/key_result_delete.html", context)


# --- objectives ---


def objective_get(pk: int) -> Objective:
    return get_object_or_404(Objective.objects.select_related("cycle", "team", "owner", "parent"), pk=pk)


def objective_url(objective: Objective) -> str:
    return f"{board_url(objective.cycle)}#objective-{objective.pk}"


@role_required(Role.MARKETER)
def objective_new(request: HttpRequest) -> HttpResponse:
    cycles = list(Cycle.objects.exclude(status=CycleStatus.CLOSED))
    cycle = pick_cycle(request, cycles)
    if cycle is None or cycle.is_closed:
        messages.error(request, _("Plan a quarter first: objectives belong to an open cycle."))
        return redirect("okrs:board")
    form = ObjectiveForm(request.POST or None, cycle=cycle, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        objective = call_or_form_error(
            form, planning.objective_create_with_team, actor=request.user, cycle=cycle,  # type: ignore[arg-type]
            **form.cleaned_data,
        )
        if objective:
            messages.success(request, _("Objective added: now give it its key results."))
            return redirect(f"{reverse('okrs:key_result_new')}?objective={objective.pk}")
    return render(request, "okrs/objective_new.html", {"form": form, "cycle": cycle})


@role_required(Role.MARKETER)
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = objective_get(pk)
    form = ObjectiveEditForm(request.POST or None, objective=objective)
    if request.method == "POST" and form.is_valid() and call_or_form_error(
        form, services.objective_update, actor=request.user, objective=objective, **changed_values(form),  # type: ignore[arg-type]
    ):
        messages.success(request, _("Objective saved."))
        return redirect(objective_url(objective))
    return render(request, "okrs/objective_edit.html",
                  {"form": form, "objective": objective, "cycle": objective.cycle})


@role_required(Role.MARKETER)
def objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation, saying what goes with it; POST deletes (or shows the refusal)."""
    objective = objective_get(pk)
    if request.method == "POST":
        try:
            services.objective_delete(actor=request.user, objective=objective)  # type: ignore[arg-type]
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(objective_url(objective))
        messages.success(request, _("“%(objective)s” was deleted.") % {"objective": objective})
        return redirect(board_url(objective.cycle))
    context = {"objective": objective, "cycle": objective.cycle,
               "key_results": objective.key_results.count(),
               "check_ins": CheckIn.objects.filter(key_result__objective=objective).count(),
               "children": objective.children.select_related("team").order_by("level", "position", "pk")}
    return render(request, "okrs/objective_delete.html", context)


# --- the focus limits ---


@role_required(Role.ADMIN)
def okr_settings(request: HttpRequest) -> HttpResponse:
    policy = OkrPolicy.current()
    initial = {"max_objectives": policy.max_objectives, "max_key_results": policy.max_key_results}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and call_or_form_error(
        form, services.policy_update, actor=request.user, **form.cleaned_data,  # type: ignore[arg-type]
    ):
        messages.success(request, _("Focus limits saved."))
        return redirect("okrs:settings")
    return render(request, "okrs/settings.html", {"form": form})


# --- ideas ---


def ideas(request: HttpRequest) -> HttpResponse:
    return render(request, partial(request, "okrs/ideas.html", "triage"), ideas_context(IdeaForm()))


def ideas_context(form: IdeaForm) -> dict[str, Any]:
    cycle = selectors.cycle_current(timezone.localdate())
    columns = board.idea_columns(cycle)
    choices = board.triage_choices()
    return {"form": form, "cycle": cycle, "columns": columns, "key_results": choices,
            "to_triage": board.triage_rows(columns.new, choices),
            "tally": board.tally_rows(selectors.ideas_tally_by_source())}


@viewer_may_post
@require_POST
def idea_new(request: HttpRequest) -> HttpResponse:
    """Anyone, a viewer too, may submit an idea: triage is where marketers say yes or no."""
    form = IdeaForm(request.POST)
    if form.is_valid() and call_or_form_error(form, services.idea_submit, actor=request.user,  # type: ignore[arg-type]
                                              **form.cleaned_data):
        messages.success(request, _("Idea submitted: it waits for triage."))
        return redirect("okrs:ideas")
    return render(request, "okrs/ideas.html", ideas_context(form), status=400)


@role_required(Role.MARKETER)
@require_POST
def idea_triage(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    form = TriageForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    elif decide(request, idea, form.cleaned_data):
        messages.success(request, _("“%(idea)s” triaged.") % {"idea": idea})
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "okrs/ideas.html#triage", ideas_context(IdeaForm()))
    return redirect("okrs:ideas")


def decide(request: HttpRequest, idea: Idea, data: dict[str, Any]) -> Idea | None:
    actor: User = request.user  # type: ignore[assignment]
    if data["decision"] == TriageForm.ACCEPT:
        return call_or_flash_error(request, services.idea_accept, actor=actor, idea=idea,
                                   key_result=data["key_result"])
    if data["decision"] == TriageForm.PARK:
        cycle = selectors.cycle_current(timezone.localdate())
        return call_or_flash_error(request, services.idea_park, actor=actor, idea=idea,
                                   reason=data["reason"], cycle=cycle)
    return call_or_flash_error(request, services.idea_reopen, actor=actor, idea=idea)
