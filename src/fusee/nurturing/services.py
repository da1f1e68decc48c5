"""Writes of nurturing: publish a sequence's steps as a new version, enrol contacts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from fusee.contacts.models import Contact
from fusee.core.errors import DomainError
from fusee.core.models import User
from fusee.core.services import audit_record
from fusee.nurturing.models import (
    Email,
    Enrolment,
    EnrolmentStatus,
    Reentry,
    Sequence,
    SequenceStatus,
    SequenceVersion,
    Step,
    StepKind,
)


@transaction.atomic
def sequence_publish(
    *, actor: User | None, sequence: Sequence, steps: list[dict[str, Any]]
) -> SequenceVersion:
    """Publish the steps as the sequence's next version; contacts already enrolled keep theirs.

    steps: [{"key", "kind", "email" (an Email, for sends), "config", "next"}], the first is the entry.
    """
    rows = [step_row(index, step) for index, step in enumerate(steps)]
    steps_check(rows)
    last = sequence.versions.aggregate(last=Max("number"))["last"] or 0
    version = SequenceVersion.objects.create(sequence=sequence, number=last + 1, published_at=timezone.now())
    for row in rows:
        row.version = version
    Step.objects.bulk_create(rows)
    sequence.status = SequenceStatus.LIVE
    sequence.save(update_fields=["status", "updated_at"])
    changes = {"version": version.number}
    audit_record(actor=actor, action="sequence.published", target=sequence, changes=changes)
    return version


def step_row(index: int, step: dict[str, Any]) -> Step:
    email = step.get("email")
    if email is not None and not isinstance(email, Email):
        raise DomainError(f"step {index + 1}: email must be an Email")
    try:
        kind = StepKind(step.get("kind", ""))
    except ValueError:
        raise DomainError(f"step {index + 1}: unknown kind {step.get('kind')!r}") from None
    return Step(
        key=str(step.get("key", "")),
        kind=kind,
        position=index,
        email=email,
        config=step.get("config") or {},
        next_key=str(step.get("next", "")),
    )


def steps_check(rows: list[Step]) -> None:
    """Keys unique and present, every pointer to an existing step, each kind's settings there."""
    if not rows:
        raise DomainError("a sequence needs at least one step")
    keys = [row.key for row in rows]
    for row in rows:
        where = f"step {row.key or row.position + 1!s}"
        if not row.key or keys.count(row.key) > 1:
            raise DomainError(f"{where}: each step needs its own key")
        for target in pointers(row):
            if target and target not in keys:
                raise DomainError(f"{where}: points to {target!r}, which is not a step of this sequence")
        step_settings_check(row, where)


def pointers(row: Step) -> list[str]:
    targets = [row.next_key]
    if row.kind == StepKind.BRANCH:
        targets += [str(row.config.get("yes", "")), str(row.config.get("no", ""))]
    if row.kind == StepKind.SPLIT:
        targets += [str(variant.get("next", "")) for variant in row.config.get("variants", [])]
    return targets


def step_settings_check(row: Step, where: str) -> None:
    if row.kind == StepKind.SEND and row.email is None:
        raise DomainError(f"{where}: choose the email to send")
    if row.kind == StepKind.BRANCH:
        from fusee.segments.language import SegmentSyntaxError, compile_expression

        try:
            compile_expression(str(row.config.get("expression", "")))
        except SegmentSyntaxError as error:
            raise DomainError(f"{where}: {error}") from None
    if row.kind == StepKind.SPLIT:
        weights = [variant.get("weight", 0) for variant in row.config.get("variants", [])]
        if len(weights) < 2 or any(not isinstance(w, int) or w <= 0 for w in weights):
            raise DomainError(f"{where}: an A/B split needs two variants or more, each weighing more than 0")
    if row.kind == StepKind.WAIT and not wait_is_valid(row.config):
        raise DomainError(f"{where}: wait for days/hours/minutes, or until a weekday (1-7) at HH:MM")


def wait_is_valid(config: dict[str, Any]) -> bool:
    if "weekday" in config:
        return str(config["weekday"]).isdigit() and 1 <= int(config["weekday"]) <= 7
    amounts = [config.get(unit, 0) for unit in ("days", "hours", "minutes")]
    return all(isinstance(a, int) and a >= 0 for a in amounts) and sum(amounts) > 0


def contact_enrol(
    *, actor: User | None, sequence: Sequence, contact: Contact, now: datetime | None = None
) -> Enrolment:
    """Put the contact at the entry of the sequence's live version, due now."""
    version = sequence.live_version()
    if sequence.status != SequenceStatus.LIVE or version is None:
        raise DomainError(f"{sequence}: only a live sequence takes contacts")
    if sequence.reentry == Reentry.NEVER and sequence.enrolments.filter(contact=contact).exists():
        raise DomainError(f"{contact.email} has already been through {sequence}")
    entry = version.steps.order_by("position").first()
    assert entry is not None  # a published version always has steps
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                sequence=sequence,
                version=version,
                contact=contact,
                step_key=entry.key,
                due_at=now or timezone.now(),
            )
    except IntegrityError:
        raise DomainError(f"{contact.email} is already in {sequence}") from None


def enrolment_exit(*, enrolment: Enrolment, reason: str) -> Enrolment:
    if enrolment.status != EnrolmentStatus.ACTIVE:
        return enrolment
    enrolment.status, enrolment.exit_reason = EnrolmentStatus.EXITED, reason
    enrolment.ended_at, enrolment.due_at = timezone.now(), None
    enrolment.save(update_fields=["status", "exit_reason", "ended_at", "due_at"])
    return enrolment
