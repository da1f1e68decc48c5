"""Orbitale's playbook runs: a webinar held six weeks ago, the next one five weeks ahead, an emailing
campaign under way and a new hire's onboarding.

Called by `fusee demo` after the core demo, whose marketing people play the roles. The shipped
library goes in through `services.library_load`. Each run is planned by `services.run_create` as
on the day it was planned (a `now` a few days before its first task) and its tasks are worked
through `services.task_tick` and `services.task_set_status` with `now` set to when each was done,
so the lateness of every step, and the playbook's average per step, are the services' own. Only
what the services stamp with the real clock (the run's creation, comments, audit entries) is moved
back to when it happened. Draws come from random.Random(f"{seed}:playbooks:…"). Keyed by the runs'
names: loading twice adds nothing.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fusee.core.demo import demo_people
from fusee.core.errors import DomainError
from fusee.core.models import AuditEntry, User, Workspace
from fusee.playbooks import services
from fusee.playbooks.models import Playbook, Run, RunStatus, Task, TaskStatus
from fusee.playbooks.planning import BusinessCalendar

Progress = Callable[[int, int], None]
T = TypeVar("T")
TUESDAY, THURSDAY = 1, 3
# Steps that slip in real life, and what their owner wrote when closing them late.
SLOW_STEPS = {
    "landing": "Published late: the speaker's photo and bio only came in yesterday.",
    "slides": "The speaker's figures arrived after the deadline; slides finished with them.",
    "replay": "The recording needed an edit (two minutes without sound); sent once fixed.",
}
# Steps a team drops when an edition does not need them.
OPTIONAL_STEPS = ("partner", "linkedin_countdown", "survey", "invite_3")
OVERRIDE = "Closed anyway: the last item did not apply to this edition."
SKIP_NOTE = "Skipped this time: not worth it for this edition's audience."
STUCK_NOTE = "Held up: waiting for other people's input. I will catch up this week."


@dataclass(frozen=True)
class DemoRun:
    """One run of the demo: which playbook, when its milestone falls, who plays its roles."""

    kind: str  # past, upcoming, campaign, onboarding: how far its tasks have gone
    playbook: str
    name: str  # may name the person playing a role: {new_hire}
    owner: str  # the position who planned it (a lead of its tasks)
    cast: Mapping[str, str]  # role key -> position key; a role left out goes to the owner
    days: int  # the milestone about this many days from today (negative: past)
    weekdays: tuple[int, ...]  # the milestone falls on one of these (Monday is 0)
    at: str = "11:00"  # when the playbook names no milestone time
    country: str = "FR"
    time_zone: str = "Europe/Paris"


WEBINAR_CAST = {"owner": "pmm-retail", "host": "events", "speaker": "pmm", "content_writer": "writer-fr",
                "designer": "design", "marketing_ops": "ops", "social_manager": "social",
                "partner_manager": "intl", "sales_lead": "demand"}
RUNS = [
    DemoRun("past", "webinar", "Webinar: auditing 500 stores without paper", "events", WEBINAR_CAST,
            days=-42, weekdays=(TUESDAY, THURSDAY)),
    DemoRun("upcoming", "webinar", "Webinar: opening 50 sites a year", "events",
            {**WEBINAR_CAST, "speaker": "content", "content_writer": "writer-en"},
            days=35, weekdays=(TUESDAY, THURSDAY)),
    DemoRun("campaign", "emailing-campaign", "Emailing: the retail execution benchmark", "nurture",
            {"owner": "nurture", "content_writer": "writer-fr", "designer": "design", "marketing_ops": "ops",
             "sales_lead": "demand"}, days=7, weekdays=(TUESDAY, THURSDAY), at="10:00"),
    DemoRun("onboarding", "new-hire-onboarding", "Onboarding: {new_hire}", "pmm",
            {"new_hire": "pmm-hotels", "manager": "pmm", "buddy": "pmm-retail", "people_ops": "ops",
             "it_admin": "ops"},
            days=-7, weekdays=(0,), at="09:30", country="ES", time_zone="Europe/Madrid"),
]
STEPS = len(RUNS) + 1  # the library, then each run


def load(*, seed: int, options: dict[str, Any], progress: Progress | None = None) -> None:
    if not Workspace.current().is_demo:
        raise DomainError("this database holds a real workspace; load the demo into an empty one")
    with transaction.atomic():
        PlaybooksDemo(seed=seed, now=timezone.now(), progress=progress).load()


def run_name(plan: DemoRun, people: Mapping[str, User]) -> str:
    return plan.name.format_map({role: people[position].full_name for role, position in plan.cast.items()})


def backdated(moment: datetime, write: Callable[[], T]) -> T:
    """`write`'s result, with the audit entries it recorded dated `moment`."""
    last = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    result = write()
    AuditEntry.objects.filter(pk__gt=last).update(at=moment)
    return result


@dataclass
class Outcome:
    """Where one task stands: its status, when it got there, how it was closed."""

    task: Task
    status: str = TaskStatus.TODO
    at: datetime | None = None
    override: bool = False  # closed by the run's lead with the last checklist item unticked
    note: str = ""


class PlaybooksDemo:
    def __init__(self, *, seed: int, now: datetime, progress: Progress | None = None) -> None:
        self.seed, self.now, self.progress = seed, now, progress

    def load(self) -> None:
        services.library_load(actor=None)
        self.report(1)
        people = demo_people()
        for done, plan in enumerate(RUNS, start=2):
            if not Run.objects.filter(name=run_name(plan, people)).exists():
                RunDemo(plan, people=people, rng=self.rng(plan.kind), now=self.now).load()
            self.report(done)

    def report(self, done: int) -> None:
        if self.progress:
            self.progress(done, STEPS)

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:playbooks:{name}")  # noqa: S311 - reproducible demo data


class RunDemo:
    """One run planned, then worked up to today as its kind says."""

    def __init__(self, plan: DemoRun, *, people: Mapping[str, User], rng: random.Random,
                 now: datetime) -> None:
        self.plan, self.rng, self.now = plan, rng, now
        self.playbook = Playbook.objects.get(slug=plan.playbook)
        self.owner = people[plan.owner]
        self.people = people
        self.zone = ZoneInfo(plan.time_zone)
        self.calendar = BusinessCalendar(plan.country, plan.time_zone)

    def load(self) -> Run:
        run = self.run_create()
        tasks = list(run.tasks.select_related("run", "assignee").order_by("due_at", "position"))
        outcomes = getattr(self, f"outcomes_{self.plan.kind}")(run, tasks)
        for outcome in sorted(outcomes, key=lambda o: o.at or self.now):
            self.apply(outcome)
        if self.plan.kind == "past":
            closed = max(o.at for o in outcomes if o.at) + timedelta(hours=2)
            backdated(min(closed, self.earlier(30)),
                      lambda: services.run_set_status(actor=self.owner, run=run, status=RunStatus.DONE))
        return run

    # --- planning ---

    def run_create(self) -> Run:
        version = self.playbook.current_version()
        assert version is not None
        milestone = self.milestone(version.document.get("milestone_time", self.plan.at))
        people = {role["key"]: self.people[self.plan.cast.get(role["key"], self.plan.owner)]
                  for role in version.roles}
        unhurried = milestone - timedelta(days=730)  # long before: the plan is the playbook's own
        first = services.plan_version(version, milestone_at=milestone, time_zone=self.plan.time_zone,
                                      country=self.plan.country, now=unhurried).starts_at
        planned_on = min(self.moment(self.calendar.add_business_days(self.local(first).date(), -3), 10, 0),
                         self.earlier(60))
        name = run_name(self.plan, self.people)
        run = backdated(planned_on, lambda: services.run_create(
            actor=self.owner, playbook=self.playbook, milestone_at=milestone, country=self.plan.country,
            time_zone=self.plan.time_zone, people=people, name=name, now=planned_on))
        Run.objects.filter(pk=run.pk).update(created_at=planned_on)
        return run

    def milestone(self, at: str) -> datetime:
        """A working day on one of the plan's weekdays, about `days` from today."""
        step = 1 if self.plan.days > 0 else -1
        day = timezone.localdate(self.now, self.zone) + timedelta(days=self.plan.days)
        while day.weekday() not in self.plan.weekdays or not self.calendar.is_business_day(day):
            day += timedelta(days=step)
        hour, minute = (int(part) for part in at.split(":"))
        return self.moment(day, hour, minute)

    # --- how far each kind of run has gone ---

    def outcomes_past(self, run: Run, tasks: list[Task]) -> list[Outcome]:
        """Every task closed: most on time or early, the slow steps late, two skipped, one overridden."""
        optional = [t for t in tasks if not t.critical and any(word in t.step_key for word in OPTIONAL_STEPS)]
        optional = optional or [t for t in tasks if not t.critical and not self.is_slow(t)]
        skipped = {t.pk for t in self.rng.sample(optional, min(2, len(optional)))}
        outcomes = [self.done(t, self.lateness(t), clamp=True) if t.pk not in skipped
                    else Outcome(t, TaskStatus.SKIPPED, self.done(t, 0, clamp=True).at, note=SKIP_NOTE)
                    for t in tasks]
        checked = [o for o in outcomes if o.status == TaskStatus.DONE and len(o.task.checklist) >= 2
                   and not self.is_slow(o.task)]
        for outcome in self.rng.sample(checked, min(1, len(checked))):
            outcome.override, outcome.note = True, OVERRIDE
        return outcomes

    def outcomes_upcoming(self, run: Run, tasks: list[Task]) -> list[Outcome]:
        """What fell due is done, but for a few recent tasks still open (late) and what is not over yet."""
        due = [t for t in tasks if t.due_at < self.now]
        recent = due[len(due) // 2:]
        stuck = {t.pk for t in self.rng.sample(recent, min(len(recent), max(2, min(3, len(due) // 4))))}
        outcomes = [self.done(t, self.lateness(t)) for t in due if t.pk not in stuck]
        outcomes = [o for o in outcomes if o.status == TaskStatus.DONE]
        for task in (t for t in due if t.pk in stuck):
            outcomes.append(Outcome(task, note=STUCK_NOTE, at=self.recently()))
        return self.started(tasks, outcomes)

    def outcomes_campaign(self, run: Run, tasks: list[Task]) -> list[Outcome]:
        """The first half of the tasks done (the later ones ahead of time); what else fell due is late."""
        half = tasks[: math.ceil(len(tasks) / 2)]
        outcomes = [self.done(t, self.lateness(t), clamp=True) if t.due_at < self.now
                    else Outcome(t, TaskStatus.DONE, self.recently()) for t in half]
        return self.started(tasks, outcomes)

    def outcomes_onboarding(self, run: Run, tasks: list[Task]) -> list[Outcome]:
        """Everything before the first day done; since then, done but one; what is ahead still open."""
        before = [t for t in tasks if t.due_at <= run.milestone_at]
        since = [t for t in tasks if run.milestone_at < t.due_at < self.now]
        forgotten = {t.pk for t in self.rng.sample(since, min(1, len(since)))}
        outcomes = [self.done(t, self.lateness(t, slow=False), clamp=True) for t in before]
        outcomes += [self.done(t, self.lateness(t, slow=False)) for t in since if t.pk not in forgotten]
        return self.started(tasks, [o for o in outcomes if o.status == TaskStatus.DONE])

    def started(self, tasks: list[Task], outcomes: list[Outcome]) -> list[Outcome]:
        """The first open task whose work has begun is in progress."""
        closed = {o.task.pk for o in outcomes if o.status == TaskStatus.DONE}
        begun = [t for t in tasks if t.pk not in closed and t.starts_at <= self.now]
        if begun:
            touched = next((o for o in outcomes if o.task.pk == begun[0].pk), None)
            if touched is None:
                outcomes.append(touched := Outcome(begun[0]))
            touched.status = TaskStatus.DOING
            touched.at = touched.at or max(begun[0].starts_at, self.recently())
        return outcomes

    # --- when things were done ---

    def is_slow(self, task: Task) -> bool:
        return bool(self.slow_note(task))

    def slow_note(self, task: Task) -> str:
        return next((note for word, note in SLOW_STEPS.items() if word in task.step_key), "")

    def lateness(self, task: Task, *, slow: bool = True) -> int:
        """Business days after the due date (negative: early)."""
        if task.due_at == task.run.milestone_at:
            return 0  # the milestone itself happens on its day
        if slow and self.is_slow(task):
            return self.rng.randint(1, 4)
        return self.rng.choices((-1, 0, 1), weights=(3, 8, 1))[0]

    def done(self, task: Task, late: int, *, clamp: bool = False) -> Outcome:
        """Done `late` business days after its due date, unless that is still to come (then open,
        and late), or made a moment ago when `clamp`."""
        moment = self.done_moment(task, late)
        if moment > self.earlier(10):
            if not clamp:
                return Outcome(task)
            moment = self.recently()
        return Outcome(task, TaskStatus.DONE, moment, note=self.slow_note(task) if late >= 2 else "")

    def done_moment(self, task: Task, late: int) -> datetime:
        due = self.local(task.due_at)
        if task.due_at == task.run.milestone_at:
            return task.due_at + timedelta(minutes=75)  # the milestone's own step: closed once it is over
        day = self.calendar.add_business_days(due.date(), late)
        moment = self.moment(day, self.rng.randint(9, 17), self.rng.randrange(60))
        if late <= 0 and moment > due:  # on time means before the due time too, in working hours
            moment = due - timedelta(minutes=self.rng.randint(5, 90 if due.hour >= 10 else 20))
        return moment

    def recently(self) -> datetime:
        """A moment of working hours on the last business days, before now."""
        day = timezone.localdate(self.now, self.zone)
        for _ in range(30):
            moment = self.moment(day, self.rng.randint(9, 17), self.rng.randrange(60))
            if self.calendar.is_business_day(day) and moment < self.earlier(10):
                return moment
            day -= timedelta(days=1)
        return self.earlier(10)

    def moment(self, day: date, hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def earlier(self, minutes: int) -> datetime:
        return self.now - timedelta(minutes=minutes)

    # --- through the services ---

    def apply(self, outcome: Outcome) -> None:
        task, at = outcome.task, outcome.at or self.now
        worker = task.assignee or self.owner
        if outcome.status == TaskStatus.TODO:
            self.note(task, worker, outcome.note, at)
            return
        items = len(task.checklist)
        ticked = {TaskStatus.DONE: items - outcome.override, TaskStatus.DOING: items // 2}.get(
            TaskStatus(outcome.status), 0)
        for index in range(ticked):
            services.task_tick(actor=worker, task=task, index=index, done=True)
        closer = self.owner if outcome.override else worker
        backdated(at, lambda: services.task_set_status(
            actor=closer, task=task, status=outcome.status, now=at,
            override_reason=OVERRIDE if outcome.override else ""))
        if not outcome.override:
            self.note(task, worker, outcome.note, at)

    def note(self, task: Task, author: User, text: str, at: datetime) -> None:
        if text:
            comment = services.task_comment(actor=author, task=task, text=text)
            type(comment).objects.filter(pk=comment.pk).update(created_at=at)
