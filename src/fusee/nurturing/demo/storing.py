"""A replayed sequence into the database, in bulk: enrolments, their messages, the events the
messages caused, and what those did to the contacts (bounced, unsubscribed, promoted)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection

from fusee.contacts.demo import batched, events_insert
from fusee.contacts.models import Contact, EventType, Lifecycle, Suppression, email_hash
from fusee.nurturing.demo.flows import DemoSequence
from fusee.nurturing.demo.history import Journey, PlannedMessage, promoted_lifecycle
from fusee.nurturing.engine import message_id
from fusee.nurturing.models import Email, Enrolment, Message, MessageStatus, SequenceVersion, Step

CHUNK = 2000


class Store:
    def __init__(self, *, version: SequenceVersion, plan: DemoSequence, emails: dict[str, Email],
                 now: datetime) -> None:
        self.version, self.plan, self.emails, self.now = version, plan, emails, now
        self.steps: dict[str, Step] = {step.key: step for step in version.steps.all()}
        self.ops = connection.ops

    def save(self, journeys: list[Journey]) -> None:
        enrolments = Enrolment.objects.bulk_create(
            [self.enrolment(journey) for journey in journeys], batch_size=CHUNK
        )
        messages, events = [], []
        for enrolment, journey in zip(enrolments, journeys, strict=True):
            for planned in journey.messages:
                messages.append(self.message(enrolment, journey, planned))
                events += self.event_rows(journey, messages[-1], planned)
            events += self.promotion_rows(journey)
        Message.objects.bulk_create(messages, batch_size=CHUNK)
        for batch in batched(events, 5000):
            events_insert(batch)
        contacts_update(journeys, self.plan, self.now)

    def enrolment(self, journey: Journey) -> Enrolment:
        return Enrolment(
            sequence_id=self.version.sequence_id, version=self.version, contact_id=journey.person.pk,
            status=journey.status, step_key=journey.step_key, due_at=journey.due_at,
            entered_at=journey.entered_at, ended_at=journey.ended_at, exit_reason=journey.exit_reason,
            variant=journey.variant,
        )

    def message(self, enrolment: Enrolment, journey: Journey, planned: PlannedMessage) -> Message:
        return Message(
            enrolment=enrolment, step_key=planned.step_key, email=self.emails[planned.email_key],
            contact_id=enrolment.contact_id, language=journey.person.language,
            message_id=message_id(enrolment, self.steps[planned.step_key]), status=planned.status,
            attempts=0 if planned.status == MessageStatus.REFUSED else 1, sent_at=planned.sent_at,
            smtp_code=planned.smtp_code, smtp_reply=planned.smtp_reply, created_at=planned.created_at,
        )

    def event_rows(
        self, journey: Journey, message: Message, planned: PlannedMessage
    ) -> list[tuple[Any, ...]]:
        campaign = self.emails[planned.email_key].utm_campaign
        return [
            self.row(journey.person.pk, kind, at, campaign, {"message": message.message_id, **extra})
            for kind, at, extra in planned.events
        ]

    def promotion_rows(self, journey: Journey) -> list[tuple[Any, ...]]:
        """The update step made them MQL: the event the report attributes to the sequence."""
        at, target = journey.promoted_at, self.plan.promoted_to
        if at is None or target != Lifecycle.MQL or not promoted_lifecycle(journey.person, target):
            return []
        campaign = self.emails[self.plan.steps[0]["email"]].utm_campaign
        return [self.row(journey.person.pk, EventType.BECAME_MQL, at, campaign, {"sequence": self.plan.name})]

    def row(self, contact_id: int, kind: str, at: datetime, campaign: str,
            properties: dict[str, Any]) -> tuple[Any, ...]:
        return (contact_id, kind, self.ops.adapt_datetimefield_value(at), campaign,
                self.ops.adapt_json_value(properties, None))


def contacts_update(journeys: list[Journey], plan: DemoSequence, now: datetime) -> None:
    """Hard bounces and unsubscribes stop all mail (flag, suppression); updates promote."""
    bounced = [j.person for j in journeys if j.bounced_at and j.bounced_at <= now]
    for chunk in batched([person.pk for person in bounced], CHUNK):
        Contact.objects.filter(pk__in=chunk).update(bounced=True)
    for journey in journeys:
        if journey.unsubscribed_at and journey.unsubscribed_at <= now:
            Contact.objects.filter(pk=journey.person.pk).update(
                unsubscribed=True, unsubscribed_at=journey.unsubscribed_at
            )
    promoted = [
        j.person.pk for j in journeys if j.promoted_at and promoted_lifecycle(j.person, plan.promoted_to)
    ]
    for chunk in batched(promoted, CHUNK):
        Contact.objects.filter(pk__in=chunk).update(lifecycle=plan.promoted_to)
    suppressions_add(journeys)


def suppressions_add(journeys: list[Journey]) -> None:
    """The addresses that bounced here, and the re-imported ones an old bounce had suppressed."""
    reasons: dict[str, datetime] = {}
    for journey in journeys:
        person = journey.person
        if journey.bounced_at:
            reasons[email_hash(person.email)] = journey.bounced_at
        elif person.suppressed:
            reasons[email_hash(person.email)] = min(person.created_at, journey.entered_at)
    rows = [Suppression(email_hash=key, reason="hard_bounce", created_at=at) for key, at in reasons.items()]
    Suppression.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
