from __future__ import annotations

from datetime import timedelta

import pytest

from fusee.contacts.tests.factories import ContactFactory
from fusee.core.errors import DomainError, IllegalTransition, NotAllowed
from fusee.core.models import AuditEntry
from fusee.nurturing import authoring, selectors
from fusee.nurturing.engine import enrolments_run
from fusee.nurturing.models import Enrolment, Sequence, SequenceStatus, Step
from fusee.nurturing.scheduler import enrolments_claim
from fusee.nurturing.services import contact_enrol, sequence_status_move
from fusee.nurturing.tests.factories import email_with_content, live_sequence

pytestmark = pytest.mark.django_db


@pytest.fixture
def welcome():
    return email_with_content(name="Welcome")


@pytest.fixture
def sequence(welcome) -> Sequence:
    return live_sequence([
        {"key": "hello", "kind": "send", "email": welcome, "next": "pause"},
        {"key": "pause", "kind": "wait", "config": {"days": 2}},
    ], name="Onboarding")


def keys(draft) -> list[tuple[str, str]]:
    return list(draft.steps.order_by("position").values_list("key", "next_key"))


def test_it_starts_a_draft_from_the_live_steps_once_and_nothing_runs_it(marketer, sequence):
    draft = authoring.draft_open(actor=marketer, sequence=sequence)
    assert authoring.draft_open(actor=marketer, sequence=sequence) == draft
    assert (draft.number, draft.published_at) == (2, None)
    assert keys(draft) == [("hello", "pause"), ("pause", "")]
    assert sequence.live_version().number == 1
    enrolment = contact_enrol(actor=None, sequence=sequence, contact=ContactFactory.create())
    assert enrolment.version.number == 1  # contacts enter the live version, never the draft
    assert AuditEntry.objects.filter(action="sequence.draft_opened").count() == 1


def test_it_links_a_step_added_after_another_into_the_flow(marketer, sequence):
    draft = authoring.draft_open(actor=marketer, sequence=sequence)
    note = authoring.draft_step_add(actor=marketer, draft=draft, kind="notify", after="hello")
    assert keys(draft) == [("hello", note.key), (note.key, "pause"), ("pause", "")]
    branch = authoring.draft_step_add(actor=marketer, draft=draft, kind="branch", after="")
    assert branch.position == 0 and branch.config == {"expression": "", "yes": "hello", "no": "hello"}
    problems = selectors.draft_problems(draft)
    assert list(problems) == [branch.key] and "step branch-4:" in problems[branch.key][0]  # no condition


def test_it_saves_a_step_only_when_it_is_valid(marketer, sequence, welcome):
    draft = authoring.draft_open(actor=marketer, sequence=sequence)
    step = Step.objects.get(version=draft, key="pause")
    with pytest.raises(DomainError, match="points to 'nowhere'"):
        authoring.draft_step_save(actor=marketer, step=step, config={"days": 1}, next_key="nowhere")
    with pytest.raises(DomainError, match="wait for days/hours/minutes"):
        authoring.draft_step_save(actor=marketer, step=step, config={"days": 0})
    assert Step.objects.get(pk=step.pk).config == {"days": 2}
    weekly = {"weekday": 1, "at": "09:30"}
    authoring.draft_step_save(actor=marketer, step=step, config=weekly, next_key="hello")
    assert Step.objects.get(pk=step.pk).next_key == "hello"


def test_it_relinks_what_pointed_to_a_deleted_step(marketer, sequence):
    draft = authoring.draft_open(actor=marketer, sequence=sequence)
    split = authoring.draft_step_add(actor=marketer, draft=draft, kind="split", after="")
    authoring.draft_step_delete(actor=marketer, step=Step.objects.get(version=draft, key="hello"))
    split.refresh_from_db()
    assert [variant["next"] for variant in split.config["variants"]] == ["pause", "pause"]
    assert keys(draft) == [(split.key, ""), ("pause", "")]


def test_it_moves_a_step_and_the_first_is_the_entry(marketer, sequence):
    draft = authoring.draft_open(actor=marketer, sequence=sequence)
    authoring.draft_step_move(actor=marketer, step=Step.objects.get(version=draft, key="pause"), offset=-1)
    assert [key for key, _next in keys(draft)] == ["pause", "hello"]
    authoring.draft_step_move(actor=marketer, step=Step.objects.get(version=draft, key="pause"), offset=-1)
    assert [key for key, _next in keys(draft)] == ["pause", "hello"]


def test_it_publishes_the_draft_as_the_next_version_and_old_enrolments_keep_theirs(marketer, sequence):
    old = contact_enrol(actor=None, sequence=sequence, contact=ContactFactory.create())
    draft = authoring.draft_open(actor=marketer, sequence=sequence)
    authoring.draft_step_delete(actor=marketer, step=Step.objects.get(version=draft, key="pause"))
    version = authoring.draft_publish(actor=marketer, draft=draft)
    assert (version.number, version.published_at is not None) == (2, True)
    assert selectors.sequence_draft(sequence) is None and sequence.live_version() == version
    old.refresh_from_db()
    assert old.version.number == 1 and old.step_key == "hello"
    now = old.entered_at
    enrolments_run(enrolment_ids=enrolments_claim(worker="t", now=now), now=now)
    old.refresh_from_db()
    # Still walking version 1: waiting at its "pause", a step version 2 no longer has.
    assert old.status == "active" and old.due_at == now + timedelta(days=2)
    new = contact_enrol(actor=None, sequence=sequence, contact=ContactFactory.create())
    assert new.version == version


def test_it_refuses_to_publish_a_draft_with_a_problem_and_keeps_it(marketer, sequence):
    draft = authoring.draft_open(actor=marketer, sequence=sequence)
    authoring.draft_step_add(actor=marketer, draft=draft, kind="send", after="pause")
    with pytest.raises(DomainError, match="choose the email to send"):
        authoring.draft_publish(actor=marketer, draft=draft)
    assert sequence.versions.count() == 2 and selectors.sequence_draft(sequence) == draft
    assert draft.steps.count() == 3 and sequence.live_version().number == 1


def test_it_keeps_a_paused_sequence_paused_when_publishing_and_refuses_an_archived_one(marketer, sequence):
    sequence_status_move(actor=marketer, sequence=sequence, status=SequenceStatus.PAUSED)
    authoring.draft_publish(actor=marketer, draft=authoring.draft_open(actor=marketer, sequence=sequence))
    sequence.refresh_from_db()
    assert sequence.status == SequenceStatus.PAUSED and sequence.live_version().number == 2
    draft = authoring.draft_open(actor=marketer, sequence=sequence)
    sequence_status_move(actor=marketer, sequence=sequence, status=SequenceStatus.ARCHIVED)
    with pytest.raises(IllegalTransition):
        authoring.draft_publish(actor=marketer, draft=draft)
    with pytest.raises(DomainError, match="archived"):
        authoring.draft_open(actor=marketer, sequence=Sequence.objects.get(pk=sequence.pk))


def test_it_lets_no_viewer_edit_a_draft(viewer, marketer, sequence):
    draft = authoring.draft_open(actor=marketer, sequence=sequence)
    with pytest.raises(NotAllowed):
        authoring.draft_step_add(actor=viewer, draft=draft, kind="goal")
    with pytest.raises(NotAllowed):
        authoring.draft_publish(actor=viewer, draft=draft)
    assert draft.steps.count() == 2 and not Enrolment.objects.exists()
