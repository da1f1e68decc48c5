"""Writes of nurturing: create sequences, publish their steps as a new version, move their
status, enrol contacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fusee.contacts.models import Contact, EventType, Suppression
from fusee.core.errors import DomainError, IllegalTransition, NotAllowed
from fusee.core.models import Role, User
from fusee.core.services import apply_changes, audit_record
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
    TriggerKind,
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
        raise DomainError(gettext("a sequence needs at least one step"))
    keys = [row.key for row in rows]
    for row in rows:
        where = gettext("step %(key)s") % {"key": row.key or row.position + 1}
        if not row.key or keys.count(row.key) > 1:
            raise DomainError(gettext("%(where)s: each step needs its own key") % {"where": where})
        for target in pointers(row):
            if target and target not in keys:
                message = gettext("%(where)s: points to '%(target)s', which is not a step of this sequence")
                raise DomainError(message % {"where": where, "target": target})
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
        raise DomainError(gettext("%(where)s: choose the email to send") % {"where": where})
    if row.kind == StepKind.BRANCH:
        from fusee.segments.language import SegmentSyntaxError, compile_expression

        try:
            compile_expression(str(row.config.get("expression", "")))
        except SegmentSyntaxError as error:
            raise DomainError(f"{where}: {error}") from None
    if row.kind == StepKind.SPLIT:
        weights = [variant.get("weight", 0) for variant in row.config.get("variants", [])]
        if len(weights) < 2 or any(not isinstance(w, int) or w <= 0 for w in weights):
            raise DomainError(
                gettext("%(where)s: an A/B split needs two variants or more, each weighing more than 0")
                % {"where": where}
            )
    if row.kind == StepKind.WAIT and not wait_is_valid(row.config):
        raise DomainError(gettext("%(where)s: wait for days/hours/minutes, or until a weekday (1-7) at HH:MM")
                          % {"where": where})


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
        raise DomainError(
            gettext("%(sequence)s: only a live sequence takes contacts") % {"sequence": sequence}
        )
    if sequence.reentry == Reentry.NEVER and sequence.enrolments.filter(contact=contact).exists():
        raise DomainError(gettext("%(email)s has already been through %(sequence)s")
                          % {"email": contact.email, "sequence": sequence})
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
        raise DomainError(gettext("%(email)s is already in %(sequence)s")
                          % {"email": contact.email, "sequence": sequence}) from None


def enrolment_exit(*, enrolment: Enrolment, reason: str) -> Enrolment:
    if enrolment.status != EnrolmentStatus.ACTIVE:
        return enrolment
    enrolment.status, enrolment.exit_reason = EnrolmentStatus.EXITED, reason
    enrolment.ended_at, enrolment.due_at = timezone.now(), None
    enrolment.save(update_fields=["status", "exit_reason", "ended_at", "due_at"])
    return enrolment


# Sequences: created, their settings changed, their status moved, contacts enrolled by hand.

SEQUENCE_FIELDS = ("name", "description", "trigger", "trigger_config", "reentry", "business_hours_only")
STATUS_MOVES = {  # the status wanted: the statuses it may be reached from
    SequenceStatus.PAUSED: {SequenceStatus.LIVE},
    SequenceStatus.LIVE: {SequenceStatus.PAUSED},
    SequenceStatus.ARCHIVED: {SequenceStatus.DRAFT, SequenceStatus.LIVE, SequenceStatus.PAUSED},
}


def sequence_require_marketer(actor: User | None) -> None:
    """Viewers read sequences; changing them takes a marketer or an admin (None: the system)."""
    if actor is not None and actor.role == Role.VIEWER:
        raise NotAllowed("only marketers and admins can change sequences")


@transaction.atomic
def sequence_create(*, actor: User | None, name: str, **settings: Any) -> Sequence:
    """A draft sequence; settings are those of SEQUENCE_FIELDS, checked like on update."""
    sequence_require_marketer(actor)
    values = sequence_settings_clean({"name": name, **settings}, exclude=None)
    sequence = Sequence.objects.create(created_by=actor, **values)
    changes = {"trigger": sequence.trigger}
    audit_record(actor=actor, action="sequence.created", target=sequence, changes=changes)
    return sequence


@transaction.atomic
def sequence_update(*, actor: User | None, sequence: Sequence, **values: Any) -> Sequence:
    """Settings are not versioned: a new trigger or re-entry rule applies at once."""
    sequence_require_marketer(actor)
    values = sequence_settings_clean(values, exclude=sequence.pk)
    if changes := apply_changes(sequence, values, SEQUENCE_FIELDS):
        sequence.save()
        audit_record(actor=actor, action="sequence.updated", target=sequence, changes=changes)
    return sequence


def sequence_settings_clean(values: dict[str, Any], *, exclude: int | None) -> dict[str, Any]:
    if "name" in values:
        values["name"] = " ".join(str(values["name"]).split())
        if not values["name"]:
            raise DomainError(gettext("name: a name is required"))
        if Sequence.objects.filter(name__iexact=values["name"]).exclude(pk=exclude or 0).exists():
            raise DomainError(gettext('name: "%(name)s" is already taken by another sequence')
                              % {"name": values["name"]})
    if "trigger" in values:
        values["trigger_config"] = trigger_config_clean(
            trigger=values["trigger"], config=values.get("trigger_config") or {}
        )
    return values


def trigger_config_clean(*, trigger: str, config: dict[str, Any]) -> dict[str, Any]:
    """The settings the trigger kind reads (see triggers.py), checked; the others dropped."""
    if trigger == TriggerKind.SEGMENT:
        from fusee.segments.language import compile_expression

        expression = str(config.get("expression", "")).strip()
        if not expression:
            raise DomainError(gettext("trigger: choose a saved segment or write an expression"))
        compile_expression(expression)  # a SegmentSyntaxError is a DomainError naming the place
        return {"expression": expression} | ({"segment": config["segment"]} if config.get("segment") else {})
    if trigger == TriggerKind.EVENT:
        if config.get("event_type") not in EventType.values:
            raise DomainError(gettext("trigger: choose the type of event"))
        return {"event_type": config["event_type"], "campaign": str(config.get("campaign", "")).strip()}
    if trigger == TriggerKind.SCORE:
        if not isinstance(config.get("min_score"), int):
            raise DomainError(gettext("trigger: the score threshold must be a whole number"))
        return {"min_score": config["min_score"]}
    if trigger == TriggerKind.MANUAL:
        return {}
    raise DomainError(f"trigger: unknown kind {trigger!r}")


@transaction.atomic
def sequence_status_move(*, actor: User | None, sequence: Sequence, status: SequenceStatus) -> Sequence:
    """Pause (contacts wait where they are), resume, or archive (contacts still in it leave)."""
    sequence_require_marketer(actor)
    locked = Sequence.objects.select_for_update().get(pk=sequence.pk)
    if locked.status not in STATUS_MOVES.get(status, set()):
        raise IllegalTransition(sequence, locked.status, status)
    sequence.status = status
    sequence.save(update_fields=["status", "updated_at"])
    changes: dict[str, Any] = {"status": [locked.status, status]}
    if status == SequenceStatus.ARCHIVED:
        active = sequence.enrolments.filter(status=EnrolmentStatus.ACTIVE)
        changes["exited"] = active.update(status=EnrolmentStatus.EXITED, exit_reason="sequence archived",
                                          ended_at=timezone.now(), due_at=None)
    audit_record(actor=actor, action=f"sequence.{status}", target=sequence, changes=changes)
    return sequence


class SkipReason(models.TextChoices):
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
    BOUNCED = "bounced", _("hard bounced")
    SUPPRESSED = "suppressed", _("on the suppression list")
    ACTIVE = "active", _("already in this sequence")
    BEEN_THROUGH = "been_through", _("already been through it (re-entry is off)")


@dataclass
class EnrolmentTally:
    enrolled: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # SkipReason: how many


@transaction.atomic
def contacts_enrol(
    *, actor: User | None, sequence: Sequence, contacts: QuerySet[Contact], label: str = ""
) -> EnrolmentTally:
    """Put the contacts at the entry of the live version, set-based, under contact_enrol's rules
    plus the mailing ones (unsubscribed, bounced, suppressed), and count who was left out why.

    `label` says whom in the audit log (a segment's name, an address)."""
    sequence_require_marketer(actor)
    locked = Sequence.objects.select_for_update().get(pk=sequence.pk)  # one manual enrolment at a time
    version = locked.live_version()
    if locked.status != SequenceStatus.LIVE or version is None:
        raise DomainError(
            gettext("%(sequence)s: only a live sequence takes contacts") % {"sequence": sequence}
        )
    entry = version.steps.order_by("position").first()
    assert entry is not None  # a published version always has steps
    tally, ids = enrolment_candidates(locked, contacts)
    now = timezone.now()
    rows = [Enrolment(sequence=locked, version=version, contact_id=pk, step_key=entry.key, due_at=now,
                      entered_at=now) for pk in ids]
    Enrolment.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)  # a trigger may race us
    tally.enrolled = len(rows)
    changes = {"who": label, "enrolled": tally.enrolled, "skipped": tally.skipped}
    audit_record(actor=actor, action="sequence.contacts_enrolled", target=sequence, changes=changes)
    return tally


def enrolment_candidates(sequence: Sequence, contacts: QuerySet[Contact]) -> tuple[EnrolmentTally, list[int]]:
    """The contacts that may enter, and why the others may not, in two queries."""
    enrolments = Enrolment.objects.filter(sequence=sequence, contact=OuterRef("pk"))
    rows = list(
        contacts.order_by().annotate(
            is_active=Exists(enrolments.filter(status=EnrolmentStatus.ACTIVE)), been=Exists(enrolments)
        ).values_list("pk", "email", "unsubscribed", "bounced", "is_active", "been")
    )
    suppressed = Suppression.among([row[1] for row in rows])
    tally, ids = EnrolmentTally(), []
    for pk, email, unsubscribed, bounced, is_active, been in rows:
        reason = skip_reason(sequence, unsubscribed, bounced, email in suppressed, is_active, been)
        if reason:
            tally.skipped[reason] = tally.skipped.get(reason, 0) + 1
        else:
            ids.append(pk)
    return tally, ids


def skip_reason(
    sequence: Sequence, unsubscribed: bool, bounced: bool, suppressed: bool, is_active: bool, been: bool
) -> str:
    if unsubscribed:
        return SkipReason.UNSUBSCRIBED
    if bounced:
        return SkipReason.BOUNCED
    if suppressed:
        return SkipReason.SUPPRESSED
    if is_active:
        return SkipReason.ACTIVE
    if been and sequence.reentry == Reentry.NEVER:
        return SkipReason.BEEN_THROUGH
    return ""
