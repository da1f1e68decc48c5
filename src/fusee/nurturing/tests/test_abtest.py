from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest

from fusee.contacts.models import Contact, Event, EventType
from fusee.contacts.tests.factories import ContactFactory
from fusee.core.errors import DomainError
from fusee.core.models import AuditEntry
from fusee.nurturing import abtest
from fusee.nurturing.abtest import (
    VariantResult,
    chi_square_independence,
    chi_square_survival,
    sample_size_per_variant,
    two_proportion_z,
    verdict,
)
from fusee.nurturing.engine import enrolments_run
from fusee.nurturing.models import Enrolment, Message, MessageStatus, Sequence, SequenceStatus, SplitDecision
from fusee.nurturing.services import contact_enrol
from fusee.nurturing.tests.test_reports import NOW, ab_sequence, live

AUTO = {"after_hours": 72, "metric": "clicked", "confidence": 0.95}


# The statistics ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statistic", "dof"),  # the 5 % critical values of chi-square tables
    [(3.841459, 1), (5.991465, 2), (7.814728, 3), (9.487729, 4), (11.070498, 5), (18.307038, 10)],
)
def test_it_gives_the_textbook_chi_square_tail(statistic, dof):
    assert chi_square_survival(statistic, dof) == pytest.approx(0.05, abs=1e-6)


def test_it_computes_a_two_by_two_table_as_by_hand():
    # 20/100 against 35/100: expected 27.5 and 72.5 in each row, so
    # chi² = 2 × 7.5² / 27.5 + 2 × 7.5² / 72.5 = 5.6426…, p = erfc(√(chi²/2)) = 0.01753…
    statistic, dof, p = chi_square_independence([(20, 80), (35, 65)])
    assert (round(statistic, 4), dof, round(p, 5)) == (5.6426, 1, 0.01753)
    z, p_z = two_proportion_z(20, 100, 35, 100)
    assert z**2 == pytest.approx(statistic) and p_z == pytest.approx(p)


def test_it_finds_no_difference_in_identical_or_empty_tables():
    assert chi_square_independence([(10, 90), (10, 90)])[2] == pytest.approx(1.0)
    assert chi_square_independence([(0, 100), (0, 100)]) == (0.0, 1, 1.0)
    assert two_proportion_z(0, 0, 3, 10) == (0.0, 1.0)


def test_it_estimates_the_sample_size_of_the_usual_formula():
    # 5 % against 8 %, alpha 5 %, power 80 %: about 1,057 per variant (Fleiss, without correction)
    assert sample_size_per_variant(0.05, 0.08, alpha=0.05) == pytest.approx(1057, abs=2)


def test_it_declares_a_winner_when_significant():
    result = verdict([VariantResult("A", 1000, 300, 50), VariantResult("B", 1000, 310, 80)], metric="clicked")
    assert result.winner == "B"
    assert result.p_value == pytest.approx(math.erfc(2.7214 / math.sqrt(2)), rel=1e-3)
    assert result.text == "B wins on clicks with 95% confidence."


def test_it_asks_for_more_recipients_when_not_significant():
    result = verdict([VariantResult("A", 100, 30, 5), VariantResult("B", 100, 31, 7)], metric="clicked")
    assert result.winner == "" and result.p_value is not None and result.p_value > 0.05
    assert result.more_needed is not None and result.more_needed > 1000
    assert f"need about {result.more_needed} more recipients per variant" in result.text


def test_it_corrects_for_several_comparisons():
    # B beats A alone at p ≈ 0.035 (and C by more), but it took two comparisons to say so.
    variants = [VariantResult(name, 500, 0, clicked) for name, clicked in (("A", 40), ("B", 60), ("C", 35))]
    _z, plain = two_proportion_z(60, 500, 40, 500)
    result = verdict(variants, metric="clicked")
    assert plain < 0.05 and result.p_value == pytest.approx(min(1.0, 2 * plain))
    assert result.winner == "" and result.chi_square_p is not None


def test_it_refuses_an_unknown_metric():
    with pytest.raises(DomainError, match="metric"):
        verdict([VariantResult("A"), VariantResult("B")], metric="replied")


# Split data from the database -------------------------------------------------------------


def populate(sequence: Sequence, counts: dict[str, tuple[int, int]], at: datetime = NOW) -> None:
    """Per variant (recipients, human clickers), sent the variant's email at `at`; every
    recipient also gets a machine click, which must not count."""
    version = live(sequence)
    for variant, (recipients, clickers) in counts.items():
        contacts = Contact.objects.bulk_create(
            Contact(email=f"{variant.lower()}{index}-{sequence.pk}@example.com")
            for index in range(recipients)
        )
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(sequence=sequence, version=version, contact=contact, step_key="", variant=variant,
                      status="completed") for contact in contacts
        )
        email = version.steps.get(key=variant.lower()).email
        messages = Message.objects.bulk_create(
            Message(enrolment=enrolment, step_key=variant.lower(), email=email, contact=enrolment.contact,
                    message_id=f"<e{enrolment.pk}.{variant}@t>", status=MessageStatus.SENT, sent_at=at,
                    created_at=at) for enrolment in enrolments
        )
        Event.objects.bulk_create(
            Event(contact_id=message.contact_id, type=EventType.EMAIL_CLICKED,
                  occurred_at=at + timedelta(hours=1),
                  properties={"message": message.message_id, "machine": index >= clickers})
            for index, message in enumerate(messages)
        )


def auto_sequence(**auto: object) -> Sequence:
    split = {**abtest_split(), "auto_winner": {**AUTO, **auto}}
    return ab_sequence(split=split)


def abtest_split() -> dict:
    return {"variants": [{"name": "A", "weight": 50, "next": "a"}, {"name": "B", "weight": 50, "next": "b"}]}


def test_it_counts_recipients_and_human_clicks_per_variant(db, django_assert_max_num_queries):
    sequence = ab_sequence()
    populate(sequence, {"A": (30, 3), "B": (20, 8)})
    step = abtest.split_step(live(sequence), "ab")
    with django_assert_max_num_queries(2):
        results = abtest.split_results(step)
    assert [(r.name, r.recipients, r.clicked) for r in results] == [("A", 30, 3), ("B", 20, 8)]


def test_it_decides_the_winner_automatically_once_significant_and_old_enough(db):
    sequence = auto_sequence()
    populate(sequence, {"A": (200, 10), "B": (200, 40)})
    assert abtest.auto_winners_decide(now=NOW + timedelta(hours=71)) == []  # too early
    [decision] = abtest.auto_winners_decide(now=NOW + timedelta(hours=73))
    assert (decision.winner, decision.metric, decision.decided_by) == ("B", "clicked", None)
    assert decision.p_value is not None and decision.p_value < 0.001
    assert decision.details["automatic"] is True
    assert [v["clicked"] for v in decision.details["variants"]] == [10, 40]
    entry = AuditEntry.objects.get(action="split.decided")
    assert (entry.actor_label, entry.changes["winner"]) == ("system", "B")
    assert abtest.auto_winners_decide(now=NOW + timedelta(hours=80)) == []  # decided once


def test_it_keeps_waiting_while_the_test_is_not_significant(db):
    sequence = auto_sequence()
    populate(sequence, {"A": (50, 5), "B": (50, 7)})
    assert abtest.auto_winners_decide(now=NOW + timedelta(days=30)) == []
    assert not SplitDecision.objects.exists()


@pytest.mark.parametrize("change", ["paused", "bad rule", "no rule"])
def test_it_leaves_paused_sequences_and_splits_without_a_valid_rule_alone(db, change):
    sequence = ab_sequence(split=abtest_split()) if change == "no rule" else auto_sequence(
        confidence=2 if change == "bad rule" else 0.95
    )
    populate(sequence, {"A": (200, 10), "B": (200, 40)})
    if change == "paused":
        Sequence.objects.filter(pk=sequence.pk).update(status=SequenceStatus.PAUSED)
    assert abtest.auto_winners_decide(now=NOW + timedelta(days=5)) == []


def test_it_checks_the_auto_winner_rule_and_names_the_fault():
    step = abtest.Step(key="ab", config={"auto_winner": {"after_hours": 72, "metric": "replied"}})
    with pytest.raises(DomainError, match="step ab: auto_winner: metric"):
        abtest.auto_winner_rule(step)


def test_it_lets_a_marketer_pick_a_winner_once(db, marketer, viewer):
    sequence = ab_sequence()
    step = abtest.split_step(live(sequence), "ab")
    with pytest.raises(DomainError, match="marketer"):
        abtest.split_decide(actor=viewer, step=step, winner="A")
    with pytest.raises(DomainError, match="no variant named 'C'"):
        abtest.split_decide(actor=marketer, step=step, winner="C")
    decision = abtest.split_decide(actor=marketer, step=step, winner="A", metric="opened")
    assert (decision.decided_by, decision.p_value) == (marketer, None)  # no data: no p-value yet
    with pytest.raises(DomainError, match="already"):
        abtest.split_decide(actor=marketer, step=step, winner="B")


def new_arrivals_run(sequence: Sequence, count: int = 12) -> None:
    """Enrol new contacts and run them through the steps that are due at once."""
    enrolments = [contact_enrol(actor=None, sequence=sequence, contact=contact, now=NOW)
                  for contact in ContactFactory.create_batch(count)]
    enrolments_run(enrolment_ids=[enrolment.pk for enrolment in enrolments], now=NOW)


def test_it_sends_every_new_arrival_down_the_winners_path(db):
    sequence = ab_sequence()
    SplitDecision.objects.create(version=live(sequence), step_key="ab", winner="B")
    new_arrivals_run(sequence)
    assert set(Enrolment.objects.values_list("variant", flat=True)) == {"B"}
    assert set(Message.objects.values_list("step_key", flat=True)) == {"welcome", "b"}


def test_it_ignores_a_decision_naming_a_variant_the_split_no_longer_has(db):
    sequence = ab_sequence()
    SplitDecision.objects.create(version=live(sequence), step_key="ab", winner="Z")
    new_arrivals_run(sequence)
    assert set(Enrolment.objects.values_list("variant", flat=True)) == {"A", "B"}
