"""The daily digest of each person's due and late tasks, and the reminder to revisit playbooks.

The digest: one email per person with open tasks of planned runs due today or already late, in
their language. The review reminder: admins (playbooks have no owner of their own) hear about the
playbooks whose review date has come, at most once a week. The audit log records every email sent
(the day or the ISO week in `changes`), which is how nobody gets one twice, whichever worker runs the job.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from fusee.core.models import AuditEntry, Role, User, Workspace
from fusee.core.services import audit_record
from fusee.playbooks import selectors
from fusee.playbooks.links import absolute, playbook_path, task_path
from fusee.playbooks.models import Playbook, Task

DIGEST = "playbooks.digest.send"
REVIEW = "playbooks.review.remind"


@dataclass(frozen=True)
class DigestLine:
    task: Task
    due: datetime  # in the run's time zone
    late_days: int  # calendar days past the due date; 0 when due today
    url: str


# --- the daily digest ---


def digests_send(*, now: datetime | None = None) -> int:
    """Each person with tasks due today or late, not sent their digest yet today: how many emails went."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    end_of_today = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    already = audited_user_ids(DIGEST, "day", today.isoformat())
    sent = 0
    for person, tasks in by_assignee(selectors.tasks_due_by(end_of_today)).items():
        if person.pk not in already:
            digest_send(person=person, tasks=tasks, today=today)
            sent += 1
    return sent


def by_assignee(tasks: QuerySet[Task]) -> dict[User, list[Task]]:
    grouped: dict[User, list[Task]] = defaultdict(list)
    for task in tasks.select_related("run__version__playbook"):
        assert task.assignee is not None  # tasks_due_by keeps assigned tasks only
        grouped[task.assignee].append(task)
    return grouped


def digest_send(*, person: User, tasks: list[Task], today: date) -> None:
    digest_email(person, tasks, today).send()
    audit_record(actor=None, action=DIGEST, target=person,
                 changes={"day": today.isoformat(), "tasks": [task.pk for task in tasks]})


def digest_lines(tasks: list[Task], today: date) -> list[DigestLine]:
    lines = []
    for task in tasks:
        due = task.due_at.astimezone(ZoneInfo(task.run.time_zone))
        lines.append(DigestLine(task=task, due=due, late_days=max(0, (today - due.date()).days),
                                url=absolute(task_path(task))))
    return lines


def digest_email(person: User, tasks: list[Task], today: date) -> EmailMultiAlternatives:
    lines = digest_lines(tasks, today)
    late = [line for line in lines if line.late_days > 0]
    due_today = [line for line in lines if line.late_days == 0]
    context = {"person": person, "late": late, "due_today": due_today, "late_count": len(late),
               "today_count": len(due_today)}
    return email(person, "playbooks/email/digest", context)


# --- the playbook review reminder ---


def review_reminders_send(*, today: date) -> int:
    """Admins not reminded yet this ISO week, when some playbooks are due for review: how many emails went."""
    playbooks = list(selectors.playbooks_due_review(today).order_by("review_on", "name"))
    if not playbooks:
        return 0
    week = week_key(today)
    already = audited_user_ids(REVIEW, "week", week)
    sent = 0
    for admin in User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk"):
        if admin.pk not in already:
            review_send(admin=admin, playbooks=playbooks, week=week)
            sent += 1
    return sent


def review_send(*, admin: User, playbooks: list[Playbook], week: str) -> None:
    items = [{"playbook": playbook, "url": absolute(playbook_path(playbook))} for playbook in playbooks]
    email(admin, "playbooks/email/review", {"person": admin, "items": items, "count": len(items)}).send()
    audit_record(actor=None, action=REVIEW, target=admin,
                 changes={"week": week, "playbooks": [playbook.slug for playbook in playbooks]})


def week_key(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


# --- shared ---


def audited_user_ids(action: str, key: str, value: str) -> set[int]:
    entries = AuditEntry.objects.filter(action=action, target_type=User._meta.label_lower,
                                        **{f"changes__{key}": value})
    return {int(pk) for pk in entries.values_list("target_id", flat=True)}


def email(person: User, template: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    """The email in the person's language: subject, text and HTML parts from `template`_subject/.txt/.html."""
    language = person.language or Workspace.current().default_language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, None, [person.email])
    message.attach_alternative(html, "text/html")
    return message
