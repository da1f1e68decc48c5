from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fusee.contacts.models import EventType
from fusee.contacts.tests.factories import CompanyFactory, ContactFactory, EventFactory
from fusee.nurturing.models import Enrolment, EnrolmentStatus, Reentry, TriggerKind
from fusee.nurturing.tests.factories import email_with_content, live_sequence
from fusee.nurturing.triggers import sequences_trigger

STEPS = [{"key": "hello", "kind": "wait", "config": {"days": 1}}]


def enrolled(sequence) -> set[int]:
    return set(Enrolment.objects.filter(sequence=sequence).values_list("contact_id", flat=True))


def test_it_enrols_the_contacts_entering_a_segment_once(db):
    retail = CompanyFactory.create(industry="retail", employees=500)
    big, small = ContactFactory.create(company=retail), ContactFactory.create(company=None)
    sequence = live_sequence(
        STEPS,
        trigger=TriggerKind.SEGMENT,
        trigger_config={"expression": 'industry = "retail" and employees >= 200'},
    )
    assert sequences_trigger() == 1 and enrolled(sequence) == {big.pk}
    assert sequences_trigger() == 0  # already in
    small.company = retail
    small.save()
    assert sequences_trigger() == 1 and enrolled(sequence) == {big.pk, small.pk}


def test_it_enrols_on_an_event_after_the_sequence_went_live_only(db):
    before, after = ContactFactory.create(), ContactFactory.create()
    EventFactory.create(
        contact=before, type=EventType.WEBINAR_ATTENDED, occurred_at=timezone.now() - timedelta(days=3)
    )
    sequence = live_sequence(
        STEPS, trigger=TriggerKind.EVENT, trigger_config={"event_type": "webinar_attended"}
    )
    EventFactory.create(contact=after, type=EventType.WEBINAR_ATTENDED, occurred_at=timezone.now())
    sequences_trigger()
    assert enrolled(sequence) == {after.pk}


def test_it_enrols_again_after_an_exit_only_when_reentry_is_allowed(db):
    contact = ContactFactory.create(score=80)
    once = live_sequence(STEPS, trigger=TriggerKind.SCORE, trigger_config={"min_score": 50})
    again = live_sequence(
        STEPS, trigger=TriggerKind.SCORE, trigger_config={"min_score": 50}, reentry=Reentry.AFTER_EXIT
    )
    sequences_trigger()
    Enrolment.objects.update(status=EnrolmentStatus.EXITED)
    sequences_trigger()
    assert Enrolment.objects.filter(sequence=once).count() == 1
    assert Enrolment.objects.filter(sequence=again).count() == 2
    assert enrolled(again) == {contact.pk}


def test_it_leaves_manual_sequences_alone(db):
    ContactFactory.create(score=99)
    sequence = live_sequence([{"key": "s", "kind": "send", "email": email_with_content()}])
    assert sequences_trigger() == 0 and not enrolled(sequence)
