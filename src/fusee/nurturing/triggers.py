"""Enrol the contacts a live sequence's trigger selects, set-based, on every scheduler tick.

- segment: `{"expression": "<segment language>"}` — contacts who match it now;
- event: `{"event_type": "webinar_attended", "campaign": "" }` — contacts with such an event
  since the sequence went live;
- score: `{"min_score": 50}` — contacts at or above the score.
Manual and API enrolment go through services.contact_enrol. Contacts already in the sequence
(or ever in it, when re-entry is off) are left out in the same query.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from fusee.contacts.models import Contact, Event
from fusee.core.errors import DomainError
from fusee.nurturing.models import (
    Enrolment,
    EnrolmentStatus,
    Reentry,
    Sequence,
    SequenceStatus,
    SequenceVersion,
    TriggerKind,
)

BATCH = 2000


def sequences_trigger(*, now: datetime | None = None) -> int:
    """Enrol everyone the live sequences' triggers select; the number enrolled."""
    now = now or timezone.now()
    live = Sequence.objects.filter(status=SequenceStatus.LIVE).exclude(trigger=TriggerKind.MANUAL)
    return sum(sequence_trigger(sequence=sequence, now=now) for sequence in live)


def sequence_trigger(*, sequence: Sequence, now: datetime) -> int:
    version = sequence.live_version()
    entry = version.steps.order_by("position").first() if version else None
    if version is None or entry is None:
        return 0
    ids = list(newcomers(sequence, version, now).values_list("pk", flat=True))
    rows = [
        Enrolment(sequence=sequence, version=version, contact_id=pk, step_key=entry.key, due_at=now)
        for pk in ids
    ]
    Enrolment.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def newcomers(sequence: Sequence, version: SequenceVersion, now: datetime) -> QuerySet[Contact]:
    enrolled = Enrolment.objects.filter(sequence=sequence, contact=OuterRef("pk"))
    if sequence.reentry == Reentry.AFTER_EXIT:
        enrolled = enrolled.filter(status=EnrolmentStatus.ACTIVE)
    return Contact.objects.filter(trigger_condition(sequence, version, now)).exclude(Exists(enrolled))


def trigger_condition(sequence: Sequence, version: SequenceVersion, now: datetime) -> Q:
    config = sequence.trigger_config or {}
    if sequence.trigger == TriggerKind.SEGMENT:
        from fusee.segments.language import compile_expression

        return compile_expression(str(config.get("expression", "")), now=now)
    if sequence.trigger == TriggerKind.SCORE:
        return Q(score__gte=int(config.get("min_score", 0)))
    if sequence.trigger == TriggerKind.EVENT:
        first = sequence.versions.filter(published_at__isnull=False).order_by("number").first()
        since = first.published_at if first and first.published_at else now
        events = Event.objects.filter(
            contact=OuterRef("pk"), type=config.get("event_type", ""), occurred_at__gte=since
        )
        if config.get("campaign"):
            events = events.filter(campaign=config["campaign"])
        return Q(Exists(events))
    raise DomainError(f"{sequence}: trigger {sequence.trigger!r} does not select contacts by itself")
