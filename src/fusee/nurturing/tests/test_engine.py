from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from fusee.contacts.models import EventType, Lifecycle
from fusee.contacts.tests.factories import ContactFactory, EventFactory
from fusee.core.errors import DomainError
from fusee.core.models import Workspace
from fusee.nurturing.engine import enrolments_run, wait_until
from fusee.nurturing.models import Enrolment, EnrolmentStatus, Message
from fusee.nurturing.services import contact_enrol, sequence_publish
from fusee.nurturing.tests.factories import email_with_content, live_sequence
from fusee.testing.factories import UserFactory

NOW = datetime(2027, 3, 10, 8, 0, tzinfo=UTC)  # a Wednesday


def run(enrolment: Enrolment, now: datetime = NOW) -> Enrolment:
    enrolments_run(enrolment_ids=[enrolment.pk], now=now)
    enrolment.refresh_from_db()
    return enrolment


def test_it_sends_then_waits_then_sends_the_next_email_and_completes(db):
    welcome, guide = email_with_content(), email_with_content()
    sequence = live_sequence(
        [
            {"key": "welcome", "kind": "send", "email": welcome, "next": "pause"},
            {"key": "pause", "kind": "wait", "config": {"days": 3}, "next": "guide"},
            {"key": "guide", "kind": "send", "email": guide},
        ]
    )
    enrolment = contact_enrol(actor=None, sequence=sequence, contact=ContactFactory.create(), now=NOW)

    enrolment = run(enrolment)
    assert (enrolment.step_key, enrolment.due_at) == ("guide", NOW + timedelta(days=3))
    assert enrolment.claimed_by == ""
    assert list(Message.objects.values_list("email", flat=True)) == [welcome.pk]

    enrolment = run(enrolment, NOW + timedelta(days=1))  # not due yet: nothing happens
    assert Message.objects.count() == 1

    enrolment = run(enrolment, NOW + timedelta(days=3))
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert sorted(Message.objects.values_list("email", flat=True)) == [welcome.pk, guide.pk]


def test_it_never_creates_the_same_message_twice_when_a_step_is_run_again(db, settings):
    settings.FUSEE_MESSAGE_ID_DOMAIN = "mail.orbitale.example"
    sequence = live_sequence([{"key": "only", "kind": "send", "email": email_with_content()}])
    enrolment = contact_enrol(actor=None, sequence=sequence, contact=ContactFactory.create(), now=NOW)
    run(enrolment)
    again = {"status": EnrolmentStatus.ACTIVE, "step_key": "only", "due_at": NOW}
    Enrolment.objects.filter(pk=enrolment.pk).update(**again)
    run(enrolment)  # e.g. a worker died after sending and the claim was released
    message = Message.objects.get()
    assert message.message_id == f"<e{enrolment.pk}.only@mail.orbitale.example>"


def test_it_branches_on_a_segment_expression(db):
    sequence = live_sequence(
        [
            {
                "key": "check",
                "kind": "branch",
                "next": "",
                "config": {"expression": "opened(email, within=7d)", "yes": "hot", "no": "cold"},
            },
            {"key": "hot", "kind": "send", "email": email_with_content(name="Hot")},
            {"key": "cold", "kind": "send", "email": email_with_content(name="Cold")},
        ]
    )
    opener, silent = ContactFactory.create(), ContactFactory.create()
    EventFactory.create(contact=opener, type=EventType.EMAIL_OPENED, occurred_at=NOW - timedelta(days=2))
    for contact in (opener, silent):
        run(contact_enrol(actor=None, sequence=sequence, contact=contact, now=NOW))
    sent = dict(Message.objects.values_list("contact_id", "email__name"))
    assert sent == {opener.pk: "Hot", silent.pk: "Cold"}


def test_it_splits_by_weight_and_keeps_each_contact_in_its_variant(db):
    a, b = email_with_content(name="A"), email_with_content(name="B")
    sequence = live_sequence(
        [
            {
                "key": "ab",
                "kind": "split",
                "config": {
                    "variants": [
                        {"name": "A", "weight": 50, "next": "send-a"},
                        {"name": "B", "weight": 50, "next": "send-b"},
                    ]
                },
            },
            {"key": "send-a", "kind": "send", "email": a},
            {"key": "send-b", "kind": "send", "email": b},
        ]
    )
    enrolments = [
        contact_enrol(actor=None, sequence=sequence, contact=c, now=NOW)
        for c in ContactFactory.create_batch(200)
    ]
    enrolments_run(enrolment_ids=[e.pk for e in enrolments], now=NOW)
    variants = dict(Enrolment.objects.values_list("pk", "variant"))
    assert 70 <= list(variants.values()).count("A") <= 130
    for message in Message.objects.select_related("email", "enrolment"):
        assert message.email.name == message.enrolment.variant


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"lifecycle": Lifecycle.SQL}, "goal reached"),
        ({"unsubscribed": True}, "unsubscribed"),
        ({"bounced": True}, "hard bounce"),
    ],
)
def test_it_leaves_the_sequence_on_goal_unsubscribe_or_hard_bounce(db, change, reason):
    sequence = live_sequence([{"key": "hello", "kind": "send", "email": email_with_content()}])
    contact = ContactFactory.create(**change)
    enrolment = run(contact_enrol(actor=None, sequence=sequence, contact=contact, now=NOW))
    assert (enrolment.status, enrolment.exit_reason) == (EnrolmentStatus.EXITED, reason)
    assert not Message.objects.exists()


def test_it_updates_the_contact_through_an_update_step(db):
    sequence = live_sequence(
        [{"key": "warm", "kind": "update", "config": {"field": "maturity", "value": "consideration"}}]
    )
    contact = ContactFactory.create(maturity="awareness")
    run(contact_enrol(actor=None, sequence=sequence, contact=contact, now=NOW))
    contact.refresh_from_db()
    assert contact.maturity == "consideration"


@pytest.mark.parametrize(
    ("owner_language", "workspace_language", "subject"),
    [
        ("fr", "en", "ana@lima.example dans la séquence « Onboarding »"),
        ("", "fr", "ana@lima.example dans la séquence « Onboarding »"),
        ("", "en", "ana@lima.example in the sequence “Onboarding”"),
    ],
)
def test_it_notifies_the_owner_in_their_language_else_the_workspaces(
    db, django_capture_on_commit_callbacks, owner_language, workspace_language, subject
):
    Workspace.objects.update_or_create(pk=1, defaults={"default_language": workspace_language})
    owner = UserFactory.create(email="sales@orbitale.example", language=owner_language)
    sequence = live_sequence([{"key": "tell", "kind": "notify", "config": {"message": "Call her."}}],
                             name="Onboarding")
    contact = ContactFactory.create(email="ana@lima.example", owner=owner)
    with django_capture_on_commit_callbacks(execute=True):
        run(contact_enrol(actor=None, sequence=sequence, contact=contact, now=NOW))
    [sent] = mail.outbox
    assert (sent.to, sent.subject) == (["sales@orbitale.example"], subject)
    assert sent.body.startswith("Call her.")


def test_it_waits_until_a_weekday_and_time_in_the_contacts_time_zone():
    # Wednesday 08:00 UTC is 09:00 in Paris: "Thursday 09:30" is the next day, 08:30 UTC.
    due = wait_until({"weekday": 4, "at": "09:30"}, NOW, "Europe/Paris")
    assert due == datetime(2027, 3, 11, 8, 30, tzinfo=UTC)
    # The same weekday, time already past: a week later.
    assert wait_until({"weekday": 3, "at": "08:00"}, NOW, "Europe/Paris").date().isoformat() == "2027-03-17"


def test_it_keeps_enrolled_contacts_on_their_version_when_the_sequence_is_edited(db):
    first, second = email_with_content(name="First"), email_with_content(name="Second")
    sequence = live_sequence(
        [
            {"key": "pause", "kind": "wait", "config": {"days": 1}, "next": "mail"},
            {"key": "mail", "kind": "send", "email": first},
        ]
    )
    early = run(contact_enrol(actor=None, sequence=sequence, contact=ContactFactory.create(), now=NOW))
    sequence_publish(
        actor=None,
        sequence=sequence,
        steps=[
            {"key": "pause", "kind": "wait", "config": {"days": 1}, "next": "mail"},
            {"key": "mail", "kind": "send", "email": second},
        ],
    )
    late = run(contact_enrol(actor=None, sequence=sequence, contact=ContactFactory.create(), now=NOW))
    for enrolment in (early, late):
        run(enrolment, NOW + timedelta(days=1))
    sent = dict(Message.objects.values_list("enrolment_id", "email__name"))
    assert sent == {early.pk: "First", late.pk: "Second"}


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([], "at least one step"),
        ([{"key": "a", "kind": "send"}], "step a: choose the email"),
        ([{"key": "a", "kind": "wait", "config": {"days": 1}, "next": "b"}], "points to 'b'"),
        ([{"key": "a", "kind": "wait", "config": {}}], "step a: wait for"),
        ([{"key": "a", "kind": "branch", "config": {"expression": "score >>= 3"}}], "step a:"),
        ([{"key": "a", "kind": "teleport"}], "unknown kind 'teleport'"),
        ([{"key": "a", "kind": "wait", "config": {"days": 1}}, {"key": "a", "kind": "goal"}], "own key"),
    ],
)
def test_it_refuses_a_broken_flow_and_names_the_step(db, steps, message):
    from fusee.nurturing.models import Sequence, SequenceVersion

    sequence = Sequence.objects.create(name="Broken")
    with pytest.raises(DomainError, match=message):
        sequence_publish(actor=None, sequence=sequence, steps=steps)
    assert not SequenceVersion.objects.exists()


def test_it_refuses_to_enrol_twice_unless_reentry_is_allowed(db):
    sequence = live_sequence([{"key": "w", "kind": "wait", "config": {"days": 1}}])
    contact = ContactFactory.create()
    contact_enrol(actor=None, sequence=sequence, contact=contact, now=NOW)
    with pytest.raises(DomainError, match="already"):
        contact_enrol(actor=None, sequence=sequence, contact=contact, now=NOW)
