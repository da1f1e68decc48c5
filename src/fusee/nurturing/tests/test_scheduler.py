from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from django.db import connections
from django.utils import timezone

from fusee.contacts.tests.factories import ContactFactory
from fusee.core.jobs.runner import run_pending
from fusee.core.models import Job
from fusee.nurturing.models import Enrolment, Message
from fusee.nurturing.scheduler import LEASE, enrolments_claim, enrolments_release_abandoned, tick
from fusee.nurturing.services import contact_enrol
from fusee.nurturing.tests.factories import email_with_content, live_sequence

NOW = datetime(2027, 3, 10, 8, 0, tzinfo=UTC)


def enrol_many(count: int, *, due: datetime = NOW) -> list[Enrolment]:
    sequence = live_sequence([{"key": "hello", "kind": "send", "email": email_with_content()}])
    return [
        contact_enrol(actor=None, sequence=sequence, contact=contact, now=due)
        for contact in ContactFactory.create_batch(count)
    ]


def test_it_claims_only_due_unclaimed_enrolments_oldest_first(db):
    due = enrol_many(3)
    enrol_many(2, due=NOW + timedelta(hours=1))
    first = enrolments_claim(worker="w1", now=NOW, limit=2)
    second = enrolments_claim(worker="w2", now=NOW, limit=10)
    assert first + second == sorted(e.pk for e in due) and len(first) == 2
    assert enrolments_claim(worker="w3", now=NOW, limit=10) == []
    assert set(Enrolment.objects.filter(pk__in=second).values_list("claimed_by", flat=True)) == {"w2"}


def test_it_never_gives_a_row_to_two_claimers_at_once(transactional_db):
    ids = {e.pk for e in enrol_many(300)}

    def claim_all(worker: str) -> list[int]:
        try:
            mine: list[int] = []
            while batch := enrolments_claim(worker=worker, now=NOW, limit=7):
                mine += batch
            return mine
        finally:
            connections.close_all()

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(claim_all, ["a", "b", "c", "d"]))
    claimed = [pk for result in results for pk in result]
    assert len(claimed) == len(set(claimed)) and set(claimed) == ids


def test_it_releases_the_claims_of_a_worker_that_died(db):
    enrol_many(2)
    enrolments_claim(worker="dead", now=NOW)
    assert enrolments_release_abandoned(now=NOW + LEASE / 2) == 0
    assert enrolments_release_abandoned(now=NOW + LEASE + timedelta(seconds=1)) == 2
    assert len(enrolments_claim(worker="alive", now=NOW + LEASE)) == 2


def test_it_dispatches_due_work_in_batches_that_the_workers_run(db):
    enrol_many(5, due=timezone.now() - timedelta(minutes=1))
    assert tick(batch=2) == 5
    assert Job.objects.filter(name="nurturing.run_steps").count() == 3
    assert run_pending() == 3
    assert Message.objects.count() == 5
    assert not Enrolment.objects.exclude(claimed_by="").exists()


def test_it_leaves_a_paused_sequences_contacts_where_they_are(db):
    from fusee.nurturing.models import Sequence, SequenceStatus

    enrol_many(2)
    Sequence.objects.update(status=SequenceStatus.PAUSED)
    assert enrolments_claim(worker="w", now=NOW) == []
    Sequence.objects.update(status=SequenceStatus.LIVE)
    assert len(enrolments_claim(worker="w", now=NOW)) == 2
