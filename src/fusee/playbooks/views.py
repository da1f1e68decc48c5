"""Pages of the playbooks app: the library, a playbook and its YAML editor, planning a run, a run's
timeline / calendar / board, a task, my tasks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from fusee.core.errors import DomainError
from fusee.core.models import Role, User, Workspace
from fusee.core.roles import role_required
from fusee.core.views import call_or_flash_error, partial
from fusee.playbooks import display, selectors, services
from fusee.playbooks.documents import InvalidPlaybook
from fusee.playbooks.forms import (
    AssignForm,
    CommentForm,
    MilestoneMoveForm,
    PlaybookChoiceForm,
    PlaybookSourceForm,
    RunPlanForm,
    TaskStatusForm,
    TickForm,
)
from fusee.playbooks.models import OPEN_STATUSES, Playbook, PlaybookVersion, Run, RunStatus, Task, TaskStatus

# A step's `actions`: the Fusée page each opens.
ACTIONS = {
    "create_nurturing_sequence": ("nurturing:sequence_new", gettext_lazy("Create the nurturing sequence")),
    "recycle_webinar": ("content:recycling_new", gettext_lazy("Recycle the webinar")),
    "add_key_result": ("okrs:key_result_new", gettext_lazy("Add the key result")),
    "create_form": ("webforms:form_new", gettext_lazy("Create the form")),
    "create_segment": ("segments:new", gettext_lazy("Create the segment")),
}
RUN_VIEWS = {"timeline": gettext_lazy("Timeline"), "calendar": gettext_lazy("Calendar"),
             "board": gettext_lazy("Board")}
STATUS_BUTTONS = {
    TaskStatus.DOING: pgettext_lazy("a task's action", "Start"),
    TaskStatus.DONE: gettext_lazy("Mark done"),
    TaskStatus.SKIPPED: gettext_lazy("Skip"),
    TaskStatus.TODO: gettext_lazy("Reopen"),
}
STARTER = """\
key: my-playbook
name: My playbook
purpose: Why this action matters, and what a good result looks like.
milestone: What happens on the day
milestone_time: "11:00"
roles:
  - key: owner
    name: Owner
steps:
  - key: prepare
    title: Prepare
    offset: -5
    duration: 2
    role: owner
    tutorial: |
      How to do it, step by step.
    checklist:
      - Done right
"""


def actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def next_url(request: HttpRequest, default: str) -> str:
    """Where a form posted from another page (my tasks) sends the reader back, if it is this site."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return default


# --- playbooks ---


def playbook_list(request: HttpRequest) -> HttpResponse:
    playbooks = list(selectors.playbook_list())
    versions = selectors.current_versions(playbooks)
    today = timezone.localdate()
    rows = [{"playbook": playbook, "review_due": playbook.review_due(today),
             "steps": len(versions[playbook.pk].steps) if playbook.pk in versions else 0}
            for playbook in playbooks]
    runs = selectors.run_list(status=RunStatus.PLANNED).order_by("milestone_at")
    return render(request, "playbooks/list.html", {"rows": rows, "runs": runs})


@role_required(Role.MARKETER)
@require_POST
def library_load(request: HttpRequest) -> HttpResponse:
    versions = call_or_flash_error(request, services.library_load, actor=actor(request))
    if versions is not None:
        messages.success(request, _("Fusée's library is loaded: %(count)s playbooks.")
                         % {"count": len(versions)})
    return redirect("playbooks:list")


def playbook_detail(request: HttpRequest, slug: str) -> HttpResponse:
    playbook = get_object_or_404(Playbook, slug=slug)
    versions = list(playbook.versions.select_related("author"))
    number = request.GET.get("version", "")
    version = next((v for v in versions if str(v.number) == number), versions[0] if versions else None)
    context = {
        "playbook": playbook, "version": version, "versions": versions,
        "steps": step_rows(version, selectors.step_lateness(playbook)) if version else [],
        "roles": version.roles if version else [], "review_due": playbook.review_due(timezone.localdate()),
        "runs": selectors.run_list().filter(version__playbook=playbook),
    }
    return render(request, "playbooks/playbook.html", context)


def step_rows(version: PlaybookVersion, lateness: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """Each step with what the page says around it: its role's name, the steps it waits for, its
    action links' labels, and how late it finished across runs (the learning from runs)."""
    titles = {step["key"]: step["title"] for step in version.steps}
    roles = {role["key"]: role["name"] for role in version.roles}
    return [{"step": step, "role": roles.get(step["role"], step["role"]),
             "lateness": lateness.get(step["key"]),
             "after": [titles[key] for key in step.get("depends_on", []) if key in titles],
             "actions": [ACTIONS[key][1] for key in step.get("actions", []) if key in ACTIONS]}
            for step in version.steps]


@role_required(Role.MARKETER)
def playbook_edit(request: HttpRequest, slug: str) -> HttpResponse:
    playbook = get_object_or_404(Playbook, slug=slug)
    version = playbook.current_version()
    return playbook_source_page(request, playbook, initial=version.source if version else STARTER)


@role_required(Role.MARKETER)
def playbook_new(request: HttpRequest) -> HttpResponse:
    return playbook_source_page(request, None, initial=STARTER)


def playbook_source_page(request: HttpRequest, playbook: Playbook | None, *, initial: str) -> HttpResponse:
    """The YAML editor: a save is a new version; a refusal lists every problem with its file:line:column."""
    form = PlaybookSourceForm(request.POST or None, initial={"source": initial})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        filename = f"{playbook.slug if playbook else 'new-playbook'}.yaml"
        try:
            version = services.playbook_save(actor=actor(request), text=form.cleaned_data["source"],
                                             filename=filename)
        except InvalidPlaybook as error:
            problems = error.problems
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Version %(number)s of %(playbook)s is saved.")
                             % {"number": version.number, "playbook": version.playbook})
            return redirect("playbooks:playbook", version.playbook.slug)
    context = {"playbook": playbook, "form": form, "problems": problems,
               "lateness": selectors.step_lateness(playbook) if playbook else {}}
    status = 400 if form.errors or problems else 200
    return render(request, "playbooks/playbook_edit.html", context, status=status)


@role_required(Role.MARKETER)
@require_POST
def playbook_reviewed(request: HttpRequest, slug: str) -> HttpResponse:
    playbook = get_object_or_404(Playbook, slug=slug)
    if call_or_flash_error(request, services.playbook_mark_reviewed, actor=actor(request), playbook=playbook):
        messages.success(request, _("Reviewed: next review by %(day)s.") % {"day": playbook.review_on})
    return redirect("playbooks:playbook", slug)


# --- planning a run ---


def earliest_feasible(version: PlaybookVersion, *, milestone_at: datetime, time_zone: str, country: str,
                      fixed: dict[str, tuple[datetime, datetime]] | None = None) -> datetime | None:
    """The milestone the planner proposes when the one asked for leaves too little time, else None."""
    try:
        plan = services.plan_version(version, milestone_at=milestone_at, time_zone=time_zone,
                                     country=country.upper(), now=timezone.now(), fixed=fixed)
    except DomainError:
        return None
    return plan.earliest_milestone


@role_required(Role.MARKETER)
def run_new(request: HttpRequest) -> HttpResponse:
    """Pick a playbook (its roles shape the form), then the milestone, place and people."""
    choice = PlaybookChoiceForm(request.GET or None)
    if not choice.is_valid():
        return render(request, "playbooks/run_new.html", {"choice": choice})
    playbook: Playbook = choice.cleaned_data["playbook"]
    version = playbook.current_version()
    assert version is not None  # the choice offers only playbooks with a version
    workspace = Workspace.current()
    form = RunPlanForm(request.POST or None, version=version,
                       initial={"time_zone": workspace.time_zone, "country": workspace.country})
    earliest, may_force = None, False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.run_create(
                actor=actor(request), playbook=playbook, milestone_at=data["milestone_at"],
                country=data["country"], time_zone=data["time_zone"], people=form.people(),
                name=data["name"], force=data["force"])
        except DomainError as error:
            form.add_error(None, str(error))
            earliest = earliest_feasible(version, milestone_at=data["milestone_at"],
                                         time_zone=data["time_zone"], country=data["country"])
            may_force = earliest is not None and data["milestone_at"] > timezone.now()  # never in the past
        else:
            messages.success(request, _("%(run)s is planned: %(count)s tasks.")
                             % {"run": run, "count": run.tasks.count()})
            return redirect("playbooks:run", run.pk)
    context = {"choice": choice, "playbook": playbook, "version": version, "form": form, "earliest": earliest,
               "may_force": may_force}
    return render(request, "playbooks/run_new.html", context, status=400 if form.errors else 200)


# --- a run ---


def run_get(pk: int) -> Run:
    return get_object_or_404(Run.objects.select_related("version__playbook", "created_by"), pk=pk)


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return run_page(request, run_get(pk))


def run_page(request: HttpRequest, run: Run, *, move_form: MilestoneMoveForm | None = None,
             earliest: datetime | None = None) -> HttpResponse:
    """The run's progress and one of its views: timeline, calendar or board (one query for the tasks)."""
    view = request.GET.get("view", "")
    view = view if view in RUN_VIEWS else "timeline"
    # The dependencies come as pairs of ids (one light query) for the timeline alone, not as a
    # prefetch of whole tasks: with a thousand tasks that prefetch cost more than the page.
    tasks = list(selectors.run_tasks(run).prefetch_related(None))
    now = timezone.now()
    local_milestone = timezone.localtime(run.milestone_at, ZoneInfo(run.time_zone))
    context: dict[str, Any] = {
        "run": run, "tasks": tasks, "view": view, "views": RUN_VIEWS, "progress": display.run_progress(tasks),
        "roles": run_roles(run),
        "late_ids": {task.pk for task in tasks if task.is_late(now)}, "earliest": earliest,
        "move_form": move_form or MilestoneMoveForm(
            time_zone=run.time_zone,
            initial={"milestone_date": local_milestone.date(), "milestone_time": local_milestone.time()}),
    }
    if view == "timeline" and tasks:
        links = selectors.dependency_pairs(run)
        context["timeline"] = display.run_timeline(run, tasks, now=now, dependencies=links)
    elif view == "calendar":
        context["months"] = display.run_calendar(run, tasks, now=now)
    elif view == "board":
        context["columns"] = display.board_columns(tasks)
    status = 400 if move_form is not None and move_form.errors else 200
    return render(request, partial(request, "playbooks/run.html", "view"), context, status=status)


def run_roles(run: Run) -> list[tuple[str, User]]:
    """(the role's name in the playbook, the person), in the playbook's order of roles."""
    people = {role.role: role.person for role in run.roles.select_related("person")}
    return [(role["name"], people[role["key"]]) for role in run.version.roles if role["key"] in people]


@role_required(Role.MARKETER)
@require_POST
def run_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the milestone: open tasks are planned again, done and skipped ones keep their dates."""
    run = run_get(pk)
    form = MilestoneMoveForm(request.POST, time_zone=run.time_zone)
    if not form.is_valid():
        return run_page(request, run, move_form=form)
    milestone_at = form.cleaned_data["milestone_at"]
    try:
        services.run_move_milestone(actor=actor(request), run=run, milestone_at=milestone_at,
                                    force=form.cleaned_data["force"])
    except DomainError as error:
        form.add_error(None, str(error))
        fixed = {task.step_key: (task.starts_at, task.due_at)
                 for task in run.tasks.exclude(status__in=OPEN_STATUSES)}
        earliest = earliest_feasible(run.version, milestone_at=milestone_at, time_zone=run.time_zone,
                                     country=run.country, fixed=fixed)
        return run_page(request, run_get(pk), move_form=form, earliest=earliest)
    messages.success(request, _("The milestone moved; the open tasks are planned again."))
    return redirect("playbooks:run", pk)


# --- a task ---


def task_get(pk: int) -> Task:
    tasks = Task.objects.select_related("run__version__playbook", "run__created_by", "assignee")
    return get_object_or_404(tasks, pk=pk)


def task_step(task: Task) -> dict[str, Any]:
    """The task's step in the version its run was planned from: the guide that goes with it."""
    return next((step for step in task.run.version.steps if step["key"] == task.step_key), {})


def task_context(request: HttpRequest, task: Task, *, error: str = "",
                 region: str = "panel") -> dict[str, Any]:
    step = task_step(task)
    transitions = services.TRANSITIONS.get(TaskStatus(task.status), set())
    roles = {role["key"]: role["name"] for role in task.run.version.roles}
    wanted = step.get("actions", [])
    return {
        "task": task, "run": task.run, "step": step, "error": error, "region": region, "now": timezone.now(),
        "role_name": roles.get(task.role, task.role),
        "actions": [(label, reverse(url)) for key, (url, label) in ACTIONS.items() if key in wanted],
        "buttons": [(status, label) for status, label in STATUS_BUTTONS.items() if status in transitions],
        "is_lead": services.is_lead(actor(request), task.run),
        "depends_on": task.depends_on.order_by("due_at"), "comments": task.comments.select_related("author"),
        "assign_form": AssignForm(task=task), "comment_form": CommentForm(),
    }


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_get(pk)
    return render(request, partial(request, "playbooks/task.html", "panel"), task_context(request, task))


def task_change(request: HttpRequest, pk: int, form: Any, change: Callable[[Task, dict[str, Any]], object],
                *, region: str = "panel") -> HttpResponse:
    """Validate, call the service, then answer HTMX with the task's panel (the refusal shown in it,
    and an event that refreshes the run's view) or the browser with a redirect and a message."""
    task = task_get(pk)
    error = ""
    if not form.is_valid():
        error = " ".join(str(message) for messages_ in form.errors.values() for message in messages_)
    else:
        try:
            change(task, form.cleaned_data)
        except DomainError as refused:
            error = str(refused)
    if request.htmx:  # type: ignore[attr-defined]
        context = task_context(request, task_get(pk), error=error, region=region)
        response = render(request, f"playbooks/task.html#{region}", context)
        if not error:
            response["HX-Trigger"] = "task-changed"
        return response
    if error:
        messages.error(request, error)
    return redirect(next_url(request, reverse("playbooks:task", args=[pk])))


@role_required(Role.MARKETER)
@require_POST
def task_status(request: HttpRequest, pk: int) -> HttpResponse:
    return task_change(request, pk, TaskStatusForm(request.POST), lambda task, data: services.task_set_status(
        actor=actor(request), task=task, status=data["status"], override_reason=data["override_reason"]))


@role_required(Role.MARKETER)
@require_POST
def task_tick(request: HttpRequest, pk: int) -> HttpResponse:
    return task_change(request, pk, TickForm(request.POST), lambda task, data: services.task_tick(
        actor=actor(request), task=task, index=data["index"], done=data["done"]), region="checklist")


@role_required(Role.MARKETER)
@require_POST
def task_assign(request: HttpRequest, pk: int) -> HttpResponse:
    form = AssignForm(request.POST, task=task_get(pk))
    return task_change(request, pk, form, lambda task, data: services.task_assign(
        actor=actor(request), task=task, person=data["assignee"]))


@role_required(Role.MARKETER)
@require_POST
def task_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return task_change(request, pk, CommentForm(request.POST), lambda task, data: services.task_comment(
        actor=actor(request), task=task, text=data["text"]))


# --- my tasks ---


def my_tasks(request: HttpRequest) -> HttpResponse:
    tasks = list(selectors.my_tasks(actor(request)))
    groups = display.my_task_groups(tasks, now=timezone.now(), zone=timezone.get_current_timezone())
    return render(request, "playbooks/my_tasks.html", {"groups": groups, "now": timezone.now()})
