"""Runs and people's tasks as iCalendar (RFC 5545): a run's calendar file, and a private feed per person.

How a task becomes an event:
- a task whose work fits in one day (in the run's time zone) is a timed event from its start to its
  due time; a moment (a reminder sent one hour before, starts = due) has no end, as RFC 5545 allows;
- a task spread over several days is an all-day event on its due date, its start written in the
  description: a week-long bar would hide the day that matters, the deadline.
Tasks never block free/busy time (TRANSP:TRANSPARENT); the run's milestone, a real meeting like
"Webinar live", is its own one-hour event that does. Times are written in UTC, so no VTIMEZONE is needed.
A task keeps its UID `task-<id>@<host>` for its whole life, so a re-import or the next poll of
a feed updates the event in place instead of adding a copy.

The personal feed is reached without a login (calendar apps cannot log in) through a signed
token binding the user's id and the feed's generation. The generation is the number of times the
person reset their feed, counted in the audit log: a reset makes every older link a 404, and so does
deactivating the account or changing SECRET_KEY. The token does not expire, as a subscription must not.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from fusee.core.models import AuditEntry, User
from fusee.core.services import audit_record
from fusee.playbooks import selectors
from fusee.playbooks.links import absolute, host, run_path, task_path
from fusee.playbooks.models import Run, Task, TaskStatus

PRODID = "-//Fusée//Playbooks//EN"
FEED_SALT = "fusee.playbooks.feed"
FEED_RESET = "playbooks.feed.reset"
MILESTONE_LENGTH = timedelta(hours=1)
FORMAT = "DATETIME_FORMAT"
FEED_REFRESH = timedelta(hours=1)  # how often calendar apps are asked to poll a feed


# --- the calendars ---


def run_calendar(run: Run, *, now: datetime | None = None) -> bytes:
    """Every task of the run and its milestone, as an .ics file."""
    calendar = new_calendar(run.name, run.time_zone)
    stamp = now or timezone.now()
    calendar.add_component(milestone_event(run, stamp))
    for task in selectors.run_tasks(run):
        calendar.add_component(task_event(task, stamp, summary=task.title))
    return bytes(calendar.to_ical())


def person_calendar(user: User, *, now: datetime | None = None) -> bytes:
    """The person's open tasks across every planned run: the subscribable feed."""
    name = gettext("Fusée · tasks of %(name)s") % {"name": user}
    calendar = new_calendar(name, settings.TIME_ZONE)
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")  # the same, for Outlook
    stamp = now or timezone.now()
    tasks = selectors.my_tasks(user).select_related("run__version", "assignee")
    for task in tasks:
        calendar.add_component(task_event(task, stamp, summary=f"{task.title} · {task.run.name}"))
    return bytes(calendar.to_ical())


def new_calendar(name: str, time_zone: str) -> Any:
    from icalendar import Calendar  # loaded when a calendar is asked for, not at every start

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    return calendar


def task_event(task: Task, stamp: datetime, *, summary: str) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", f"task-{task.pk}@{host()}")
    event.add("dtstamp", stamp)
    event.add("summary", f"✓ {summary}" if task.status == TaskStatus.DONE else summary)
    event.add("description", task_description(task))
    event.add("url", absolute(task_path(task)))
    event.add("status", "CANCELLED" if task.status == TaskStatus.SKIPPED else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    if task.critical:
        event.add("categories", [gettext("Critical path")])
    zone = ZoneInfo(task.run.time_zone)
    starts, due = task.starts_at.astimezone(zone), task.due_at.astimezone(zone)
    if starts.date() != due.date():
        event.add("dtstart", due.date())
        event.add("dtend", due.date() + timedelta(days=1))
    else:
        event.add("dtstart", starts.astimezone(UTC))
        if due > starts:
            event.add("dtend", due.astimezone(UTC))
    return event


def milestone_event(run: Run, stamp: datetime) -> Any:
    from icalendar import Event

    milestone = run.version.document.get("milestone") or gettext("Milestone")
    event = Event()
    event.add("uid", f"run-{run.pk}-milestone@{host()}")
    event.add("dtstamp", stamp)
    event.add("summary", f"{milestone} · {run.name}")
    event.add("description", "\n".join([run.version.playbook.name, "", absolute(run_path(run))]))
    event.add("url", absolute(run_path(run)))
    event.add("dtstart", run.milestone_at.astimezone(UTC))
    event.add("dtend", (run.milestone_at + MILESTONE_LENGTH).astimezone(UTC))
    event.add("transp", "OPAQUE")
    return event


def task_description(task: Task) -> str:
    """Plain text (calendar apps show DESCRIPTION as text): the run, who, when, the checklist, the link."""
    zone = ZoneInfo(task.run.time_zone)
    roles = {role["key"]: role["name"] for role in task.run.version.roles}
    who = roles.get(task.role, task.role)
    if task.assignee is not None:
        who = f"{who} — {task.assignee}"
    lines = [
        gettext("Run: %(run)s") % {"run": task.run.name},
        gettext("Role: %(who)s") % {"who": who},
        gettext("Starts: %(when)s") % {"when": date_format(task.starts_at.astimezone(zone), FORMAT)},
        gettext("Due: %(when)s") % {"when": date_format(task.due_at.astimezone(zone), FORMAT)},
    ]
    if task.critical:
        lines.append(gettext("On the critical path: a delay here moves the milestone."))
    if task.checklist:
        lines += ["", gettext("Checklist:")]
        lines += [f"{'[x]' if item.get('done') else '[ ]'} {item['text']}" for item in task.checklist]
    lines += ["", absolute(task_path(task))]
    return "\n".join(lines)


# --- the personal feed's signed link ---


def feed_generation(user: User) -> int:
    """How many times the person reset their feed link: in every token, so a reset revokes the old ones."""
    return AuditEntry.objects.filter(action=FEED_RESET, target_type=User._meta.label_lower,
                                     target_id=str(user.pk)).count()


def feed_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "g": feed_generation(user)}, salt=FEED_SALT)


def feed_url(user: User) -> str:
    """The link to paste into a calendar app ("subscribe by URL")."""
    return absolute(reverse("playbooks:feed", args=[feed_token(user)]))


def feed_user(token: str) -> User | None:
    """The active person the token was made for, while it is their current link; None otherwise."""
    try:
        payload = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    if not (isinstance(payload, dict) and type(payload.get("u")) is int and type(payload.get("g")) is int):
        return None
    user = User.objects.filter(pk=payload["u"], is_active=True).first()
    if user is None or feed_generation(user) != payload["g"]:
        return None
    return user


def feed_reset(*, actor: User | None, user: User) -> str:
    """A new feed link for the person; every earlier one stops working. The new token."""
    generation = feed_generation(user) + 1
    audit_record(actor=actor, action=FEED_RESET, target=user, changes={"generation": generation})
    return feed_token(user)

