"""The nurturing scheduler: claim and dispatch 40,000 due steps out of 1,000,000 enrolments.

One enrolment per contact of the bench base in a bench sequence (created once, kept: nothing
else counts enrolments), 4 % of them due. A run resets the due ones (untimed), then times
`scheduler.tick()`: release stale claims, dispatch retries, triggers, claim in batches of 500
with `FOR UPDATE SKIP LOCKED`, one job per batch. The baseline is the bare claim: the same
UPDATE … RETURNING in one statement, no jobs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

NAME = "Bench: scheduler"
DUE_EVERY = 25  # one enrolment in 25 is due: 40,000 of 1,000,000


def scheduler_tick(args: argparse.Namespace) -> dict[str, Any]:
    from fusee.core.models import Job
    from fusee.nurturing.scheduler import tick

    sequence_id = enrolments_prepare()
    ours, base, claimed = [], [], 0
    for _ in range(args.repeat):
        due = reset(sequence_id)
        started = time.perf_counter()
        claimed = tick()
        ours.append(time.perf_counter() - started)
        Job.objects.filter(name="nurturing.run_steps", status="queued").delete()
        reset(sequence_id)
        base.append(bare_claim(sequence_id))
    if claimed != due:
        raise AssertionError(f"the tick claimed {claimed:,} of {due:,} due enrolments")
    median = statistics.median(ours)
    return {
        "name": "scheduler: claim + dispatch due steps",
        "seconds": median,
        "baseline": statistics.median(base),
        "ratio": median / statistics.median(base),
        "limit": "5 s",
        "ok": median < 5,
        "note": f"{claimed:,} due of {count(sequence_id):,} enrolments, batches of 500",
    }


def enrolments_prepare() -> int:
    """The bench sequence with one enrolment per contact (made once)."""
    from fusee.nurturing.models import Sequence
    from fusee.nurturing.services import sequence_publish

    sequence = Sequence.objects.filter(name=NAME).first()
    if sequence is None:
        sequence = Sequence.objects.create(name=NAME)
        sequence_publish(
            actor=None, sequence=sequence, steps=[{"key": "pause", "kind": "wait", "config": {"days": 1}}]
        )
    if count(sequence.pk) == 0:
        version = sequence.live_version()
        assert version is not None
        execute(
            """INSERT INTO nurturing_enrolment (sequence_id, version_id, contact_id, status, step_key, due_at,
                   claimed_by, entered_at, exit_reason, variant)
               SELECT %s, %s, id, 'active', 'pause', now() + interval '1 day', '', now(), '', ''
               FROM contacts_contact""",
            [sequence.pk, version.pk],
        )
        execute("VACUUM ANALYZE nurturing_enrolment", [])
    return sequence.pk


def reset(sequence_id: int) -> int:
    """Every enrolment unclaimed, one in DUE_EVERY due a minute ago; how many are due."""
    execute(
        "UPDATE nurturing_enrolment SET claimed_by = '', claimed_at = NULL, "
        "due_at = now() + interval '1 day' WHERE sequence_id = %s AND (claimed_by <> '' OR due_at <= now())",
        [sequence_id],
    )
    execute(
        "UPDATE nurturing_enrolment SET due_at = %s WHERE sequence_id = %s AND id %% %s = 0",
        [timezone.now() - timedelta(minutes=1), sequence_id, DUE_EVERY],
    )
    execute("VACUUM ANALYZE nurturing_enrolment", [])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM nurturing_enrolment WHERE sequence_id = %s AND due_at <= now()",
            [sequence_id],
        )
        return int(cursor.fetchone()[0])


def bare_claim(sequence_id: int) -> float:
    started = time.perf_counter()
    execute(
        """UPDATE nurturing_enrolment SET claimed_by = 'bench', claimed_at = now()
               WHERE id IN (SELECT id FROM nurturing_enrolment WHERE status = 'active' AND claimed_by = ''
                            AND due_at <= now() FOR UPDATE SKIP LOCKED)
               RETURNING id""",
        [],
    )
    return time.perf_counter() - started


def count(sequence_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM nurturing_enrolment WHERE sequence_id = %s", [sequence_id])
        return int(cursor.fetchone()[0])


def execute(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
