from __future__ import annotations

import pytest
from django.utils import translation

from fusee.contacts.models import Contact, Suppression, email_hash
from fusee.contacts.tests.factories import ContactFactory
from fusee.core.errors import DomainError, IllegalTransition, NotAllowed
from fusee.core.models import AuditEntry
from fusee.nurturing.models import Enrolment, EnrolmentStatus, Reentry, SequenceStatus, TriggerKind
from fusee.nurturing.services import (
    contacts_enrol,
    sequence_create,
    sequence_status_move,
    sequence_update,
)
from fusee.nurturing.tests.factories import email_with_content, live_sequence
from fusee.segments.language import segment_queryset

pytestmark = pytest.mark.django_db


@pytest.fixture
def sequence():
    return live_sequence([{"key": "hello", "kind": "send", "email": email_with_content()}], name="Onboarding")


def test_it_creates_a_sequence_with_its_trigger_settings_checked(marketer):
    sequence = sequence_create(actor=marketer, name="  Webinar   follow-up ", trigger=TriggerKind.EVENT,
                               trigger_config={"event_type": "webinar_attended", "campaign": " q3 ", "x": 1})
    assert (sequence.name, sequence.status) == ("Webinar follow-up", SequenceStatus.DRAFT)
    assert sequence.trigger_config == {"event_type": "webinar_attended", "campaign": "q3"}
    assert AuditEntry.objects.filter(action="sequence.created", target_id=str(sequence.pk)).exists()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"name": "welcome "}, 'name: "welcome" is already taken by another sequence'),
        ({"trigger": "segment", "trigger_config": {}}, "choose a saved segment or write an expression"),
        ({"trigger": "segment", "trigger_config": {"expression": "scor >= 3"}}, "score"),
        ({"trigger": "event", "trigger_config": {"event_type": "nope"}}, "choose the type of event"),
        ({"trigger": "score", "trigger_config": {"min_score": "50"}}, "whole number"),
    ],
)
def test_it_says_which_setting_is_wrong(marketer, sequence, settings, message):
    sequence_create(actor=marketer, name="Welcome")
    with pytest.raises(DomainError, match=message):
        sequence_update(actor=marketer, sequence=sequence, **settings)


def test_it_refuses_in_the_users_language(marketer, sequence):
    sequence_create(actor=marketer, name="Welcome")
    with translation.override("fr"), pytest.raises(DomainError) as refused:
        sequence_update(actor=marketer, sequence=sequence, name="welcome")
    assert str(refused.value) == "nom : « welcome » est déjà pris par une autre séquence"


def test_it_pauses_resumes_and_archives_and_refuses_an_illegal_move(marketer, sequence):
    sequence_status_move(actor=marketer, sequence=sequence, status=SequenceStatus.PAUSED)
    with pytest.raises(IllegalTransition, match="cannot go from paused to paused"):
        sequence_status_move(actor=marketer, sequence=sequence, status=SequenceStatus.PAUSED)
    sequence_status_move(actor=marketer, sequence=sequence, status=SequenceStatus.LIVE)
    version = sequence.live_version()
    contact = ContactFactory.create()
    Enrolment.objects.create(sequence=sequence, version=version, contact=contact, step_key="hello")
    sequence_status_move(actor=marketer, sequence=sequence, status=SequenceStatus.ARCHIVED)
    assert Enrolment.objects.get().status == EnrolmentStatus.EXITED
    assert Enrolment.objects.get().exit_reason == "sequence archived"
    with pytest.raises(IllegalTransition):
        sequence_status_move(actor=marketer, sequence=sequence, status=SequenceStatus.LIVE)
    entry = AuditEntry.objects.get(action="sequence.archived")
    assert entry.changes == {"status": ["live", "archived"], "exited": 1}


def test_it_enrols_a_segment_and_counts_who_it_left_out_and_why(marketer, sequence):
    sequence.reentry = Reentry.NEVER
    sequence.save()
    fresh = ContactFactory.create_batch(3, country="PT")
    ContactFactory.create(country="PT", unsubscribed=True)
    ContactFactory.create(country="PT", bounced=True)
    erased = ContactFactory.create(country="PT")
    Suppression.objects.create(email_hash=email_hash(erased.email), reason="erased")
    inside = ContactFactory.create(country="PT")
    before = ContactFactory.create(country="PT")
    version = sequence.live_version()
    Enrolment.objects.create(sequence=sequence, version=version, contact=inside, step_key="hello")
    Enrolment.objects.create(sequence=sequence, version=version, contact=before, step_key="",
                             status=EnrolmentStatus.COMPLETED)
    ContactFactory.create(country="ES")
    tally = contacts_enrol(actor=marketer, sequence=sequence, contacts=segment_queryset('country = "PT"'),
                           label="Portugal")
    assert tally.enrolled == 3
    assert tally.skipped == {"unsubscribed": 1, "bounced": 1, "suppressed": 1, "active": 1, "been_through": 1}
    new = Enrolment.objects.filter(contact__in=fresh)
    assert new.count() == 3 and {(e.step_key, e.version) for e in new} == {("hello", version)}
    assert AuditEntry.objects.get(action="sequence.contacts_enrolled").changes["who"] == "Portugal"


def test_it_lets_a_contact_in_again_after_an_exit_when_re_entry_allows(marketer, sequence):
    sequence.reentry = Reentry.AFTER_EXIT
    sequence.save()
    contact = ContactFactory.create()
    Enrolment.objects.create(sequence=sequence, version=sequence.live_version(), contact=contact, step_key="",
                             status=EnrolmentStatus.EXITED)
    tally = contacts_enrol(actor=marketer, sequence=sequence, contacts=Contact.objects.filter(pk=contact.pk))
    assert (tally.enrolled, tally.skipped) == (1, {})


def test_it_enrols_only_into_a_live_sequence_and_only_for_a_marketer(marketer, viewer, sequence):
    ContactFactory.create()
    contacts = Contact.objects.all()
    with pytest.raises(NotAllowed):
        contacts_enrol(actor=viewer, sequence=sequence, contacts=contacts)
    sequence_status_move(actor=marketer, sequence=sequence, status=SequenceStatus.PAUSED)
    with pytest.raises(DomainError, match="only a live sequence takes contacts"):
        contacts_enrol(actor=marketer, sequence=sequence, contacts=contacts)
    assert not Enrolment.objects.exists()
