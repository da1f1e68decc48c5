"""The weekly check-in reminder: one email per owner, listing their key results whose check-in is due.

Each key result comes with a signed link straight to its check-in form. The audit log records
every reminder sent (action `okrs.reminder.send`, the ISO week in `changes`), which is how an
owner is never reminded twice in one week, whichever worker runs the job.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from fusee.core.models import AuditEntry, User, Workspace
from fusee.core.services import audit_record
from fusee.okrs.models import KeyResult
from fusee.okrs.selectors import open_key_results
from fusee.okrs.tokens import MAX_AGE, checkin_url

ACTION = "okrs.reminder.send"
MONDAY = 0


def check_in_weekday() -> int:
    """The day reminders go out (0 = Monday). A workspace setting once the lead adds the field."""
    return MONDAY


def week_key(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def reminders_send(*, today: date) -> int:
    """On the check-in weekday, remind each owner not reminded yet this week; how many emails went."""
    if today.weekday() != check_in_weekday():
        return 0
    week = week_key(today)
    reminded = reminded_owner_ids(week)
    sent = 0
    for owner, key_results in due_by_owner(today).items():
        if owner.pk not in reminded:
            reminder_send(owner=owner, key_results=key_results, week=week)
            sent += 1
    return sent


def due_by_owner(today: date) -> dict[User, list[KeyResult]]:
    key_results = (
        open_key_results().filter(owner__is_active=True)
        .select_related("owner", "objective__cycle")
        .order_by("owner_id", "objective__cycle__starts_on", "objective__position", "objective_id",
                  "position", "pk")
    )
    due: dict[User, list[KeyResult]] = defaultdict(list)
    for key_result in key_results:
        if key_result.owner is not None and key_result.check_in_due(today):
            due[key_result.owner].append(key_result)
    return due


def reminded_owner_ids(week: str) -> set[int]:
    entries = AuditEntry.objects.filter(action=ACTION, target_type=User._meta.label_lower, changes__week=week)
    return {int(pk) for pk in entries.values_list("target_id", flat=True)}


def reminder_send(*, owner: User, key_results: list[KeyResult], week: str) -> None:
    reminder_email(owner, key_results).send()
    audit_record(actor=None, action=ACTION, target=owner,
                 changes={"week": week, "key_results": [key_result.pk for key_result in key_results]})


def reminder_email(owner: User, key_results: list[KeyResult]) -> EmailMultiAlternatives:
    language = owner.language or Workspace.current().default_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "owner": owner, "count": len(key_results), "days": MAX_AGE.days,
            "items": [{"key_result": kr, "url": checkin_url(kr, owner)} for kr in key_results],
        }
        subject = " ".join(render_to_string("okrs/email/reminder_subject.txt", context).split())
        text = render_to_string("okrs/email/reminder.txt", context)
        html = render_to_string("okrs/email/reminder.html", context)
    message = EmailMultiAlternatives(subject, text, None, [owner.email])
    message.attach_alternative(html, "text/html")
    return message
