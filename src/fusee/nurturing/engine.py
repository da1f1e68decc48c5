"""Move claimed enrolments through their version's steps.

Each enrolment runs steps until one makes it wait (a wait step, or the end of the flow):
sends create their Message row (sent by the sending layer right after), branches and splits
choose the next step, updates change the contact through the contacts services. Goals are
checked before every step, so a contact who became SQL or booked a meeting leaves at once.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from fusee.contacts.models import Contact, Lifecycle
from fusee.core.errors import DomainError
from fusee.core.models import Workspace
from fusee.nurturing.engine_time import zone
from fusee.nurturing.models import Enrolment, EnrolmentStatus, Message, SplitDecision, Step, StepKind
from fusee.nurturing.windows import next_opening

logger = logging.getLogger(__name__)
MAX_STEPS_AT_ONCE = 50  # a flow that never waits is a loop: stop it rather than spin
GOAL_STAGES = {Lifecycle.SQL, Lifecycle.OPPORTUNITY, Lifecycle.CUSTOMER}


@dataclass
class Outcome:
    messages: list[int]
    finished: int


def enrolments_run(*, enrolment_ids: list[int], now: datetime | None = None) -> Outcome:
    """Run the claimed enrolments' due steps; release each claim as it is done."""
    now = now or timezone.now()
    outcome = Outcome(messages=[], finished=0)
    enrolments = Enrolment.objects.filter(pk__in=enrolment_ids).select_related("contact__owner", "sequence")
    steps = steps_of({enrolment.version_id for enrolment in enrolments})
    for enrolment in enrolments:
        with transaction.atomic():
            enrolment_advance(enrolment, steps[enrolment.version_id], now, outcome)
    return outcome


def steps_of(version_ids: set[int]) -> dict[int, dict[str, Step]]:
    by_version: dict[int, dict[str, Step]] = {pk: {} for pk in version_ids}
    for step in Step.objects.filter(version_id__in=version_ids).select_related("email"):
        by_version[step.version_id][step.key] = step
    return by_version


def enrolment_advance(enrolment: Enrolment, steps: dict[str, Step], now: datetime, outcome: Outcome) -> None:
    for _ in range(MAX_STEPS_AT_ONCE):
        if enrolment.status != EnrolmentStatus.ACTIVE or (enrolment.due_at and enrolment.due_at > now):
            break
        if reason := exit_reason(enrolment.contact):
            enrolment_end(enrolment, EnrolmentStatus.EXITED, reason, now)
            break
        step = steps.get(enrolment.step_key)
        if step is None:
            enrolment_end(enrolment, EnrolmentStatus.COMPLETED, "", now)
            break
        if opening := send_window_opening(enrolment, step, now):
            enrolment.due_at = opening  # the same step, when the window opens
            break
        step_run(enrolment, step, now, outcome)
    else:
        enrolment_end(enrolment, EnrolmentStatus.EXITED, "too many steps without a wait", now)
    if enrolment.status != EnrolmentStatus.ACTIVE:
        outcome.finished += 1
    enrolment.claimed_by, enrolment.claimed_at = "", None
    enrolment.save()


def send_window_opening(enrolment: Enrolment, step: Step, now: datetime) -> datetime | None:
    if step.kind != StepKind.SEND or not enrolment.sequence.business_hours_only:
        return None
    contact = enrolment.contact
    return next_opening(now, time_zone=contact.time_zone, country=contact.country)


def exit_reason(contact: Contact) -> str:
    """Why the contact leaves every sequence now, or "" to go on."""
    if contact.unsubscribed:
        return "unsubscribed"
    if contact.bounced:
        return "hard bounce"
    if contact.lifecycle in GOAL_STAGES:
        return "goal reached"
    return ""


def enrolment_end(enrolment: Enrolment, status: EnrolmentStatus, reason: str, now: datetime) -> None:
    enrolment.status, enrolment.exit_reason, enrolment.ended_at, enrolment.due_at = status, reason, now, None


def step_run(enrolment: Enrolment, step: Step, now: datetime, outcome: Outcome) -> None:
    """Run one step and point the enrolment at the next (due now, or later for a wait)."""
    handler = HANDLERS[StepKind(step.kind)]
    enrolment.step_key = handler(enrolment, step, now, outcome)
    if step.kind != StepKind.WAIT:
        enrolment.due_at = now


def run_send(enrolment: Enrolment, step: Step, now: datetime, outcome: Outcome) -> str:
    if step.email is None:
        raise DomainError(f"step {step.key}: no email chosen")
    message, created = Message.objects.get_or_create(
        enrolment=enrolment,
        step_key=step.key,
        defaults={
            "email": step.email,
            "contact": enrolment.contact,
            "language": enrolment.contact.language,
            "message_id": message_id(enrolment, step),
            "created_at": now,
        },
    )
    if created:
        outcome.messages.append(message.pk)
    return step.next_key


def message_id(enrolment: Enrolment, step: Step) -> str:
    """Stable across retries and crashes: the same (enrolment, step) is the same message."""
    from django.conf import settings

    domain = settings.FUSEE_MESSAGE_ID_DOMAIN
    return f"<e{enrolment.pk}.{step.key}@{domain}>"


def run_wait(enrolment: Enrolment, step: Step, now: datetime, outcome: Outcome) -> str:
    enrolment.due_at = wait_until(step.config, now, enrolment.contact.time_zone)
    return step.next_key


def wait_until(config: dict, now: datetime, time_zone: str) -> datetime:
    """`{"days": 3, "hours": 2}`, or `{"weekday": 1, "at": "09:30"}` (Monday = 1) in the
    contact's time zone: the next such moment after `now`."""
    if "weekday" not in config:
        return now + timedelta(
            days=config.get("days", 0), hours=config.get("hours", 0), minutes=config.get("minutes", 0)
        )
    local = now.astimezone(zone(time_zone))
    hour, minute = (int(part) for part in str(config.get("at", "09:00")).split(":"))
    days_ahead = (int(config["weekday"]) - 1 - local.weekday()) % 7
    target = (local + timedelta(days=days_ahead)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return target if target > local else target + timedelta(days=7)


def run_branch(enrolment: Enrolment, step: Step, now: datetime, outcome: Outcome) -> str:
    """`{"expression": "<segment language>", "yes": key, "no": key}`: one EXISTS query."""
    from fusee.segments.language import segment_queryset

    matches = segment_queryset(step.config["expression"], now=now).filter(pk=enrolment.contact_id).exists()
    return str(step.config.get("yes" if matches else "no", ""))


def run_split(enrolment: Enrolment, step: Step, now: datetime, outcome: Outcome) -> str:
    """`{"variants": [{"name": "A", "weight": 50, "next": key}, …]}`; the same enrolment
    always lands in the same variant (a hash, not a random draw), so a rerun cannot switch it.
    Once the split has a winner (a SplitDecision), every new arrival takes the winner's path."""
    variants = step.config["variants"]
    decision = SplitDecision.objects.filter(version_id=enrolment.version_id, step_key=step.key)
    name = decision.values_list("winner", flat=True).first()
    if winner := next((variant for variant in variants if str(variant["name"]) == name), None):
        enrolment.variant = str(winner["name"])
        return str(winner["next"])
    total = sum(int(variant["weight"]) for variant in variants)
    point = int(hashlib.sha256(f"{enrolment.pk}:{step.key}".encode()).hexdigest(), 16) % max(total, 1)
    for variant in variants:
        point -= int(variant["weight"])
        if point < 0:
            enrolment.variant = str(variant["name"])
            return str(variant["next"])
    return step.next_key


def run_update(enrolment: Enrolment, step: Step, now: datetime, outcome: Outcome) -> str:
    """`{"field": "lifecycle" | "maturity", "value": …}` through the contacts service."""
    from fusee.contacts.services import contact_update

    contact_update(actor=None, contact=enrolment.contact, **{step.config["field"]: step.config["value"]})
    return step.next_key


def run_notify(enrolment: Enrolment, step: Step, now: datetime, outcome: Outcome) -> str:
    """`{"message": …}`: an email to the contact's owner once the step's transaction commits."""
    contact, owner = enrolment.contact, enrolment.contact.owner
    if owner is not None and owner.email:
        with translation.override(owner.language or Workspace.current().default_language):
            subject = gettext("%(email)s in the sequence “%(sequence)s”") % {
                "email": contact.email, "sequence": enrolment.sequence.name}
        who = f"{contact.first_name} {contact.last_name} <{contact.email}>"
        body = f"{step.config.get('message', '')}\n\n{who}"
        transaction.on_commit(lambda: send_mail(subject, body, None, [owner.email]))
    return step.next_key


def run_goal(enrolment: Enrolment, step: Step, now: datetime, outcome: Outcome) -> str:
    """A goal step ends the flow for contacts who reach it: the goal check runs before each step."""
    return step.next_key


HANDLERS = {
    StepKind.SEND: run_send,
    StepKind.WAIT: run_wait,
    StepKind.BRANCH: run_branch,
    StepKind.SPLIT: run_split,
    StepKind.UPDATE: run_update,
    StepKind.NOTIFY: run_notify,
    StepKind.GOAL: run_goal,
}
