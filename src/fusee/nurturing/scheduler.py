"""Claim due enrolments atomically and hand them to workers in batches.

One statement claims a batch: `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)
RETURNING id` on PostgreSQL, so any number of schedulers and workers on any number of
machines never claim the same row; SQLite has one writer at a time, so the same UPDATE
without the lock clause is already exclusive. A claim is a lease: rows a dead worker left
claimed are released after LEASE and claimed again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from fusee.nurturing.models import Enrolment, EnrolmentStatus, Sequence, SequenceStatus

BATCH = 500  # enrolments per task: one SMTP connection's worth of work
LEASE = timedelta(minutes=15)

CLAIM_SQL = """
UPDATE {table} SET claimed_by = %s, claimed_at = %s
WHERE id IN (
    SELECT id FROM {table}
    WHERE status = %s AND claimed_by = '' AND due_at <= %s
      AND sequence_id IN (SELECT id FROM {sequences} WHERE status = %s)
    ORDER BY due_at LIMIT %s {lock}
)
RETURNING id
"""


def enrolments_claim(*, worker: str, now: datetime, limit: int = BATCH) -> list[int]:
    """Claim up to `limit` due enrolments of live sequences for `worker`; their ids.

    A paused sequence's contacts wait where they are until it is live again."""
    lock = "FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    quote = connection.ops.quote_name
    sql = CLAIM_SQL.format(
        table=quote(Enrolment._meta.db_table), sequences=quote(Sequence._meta.db_table), lock=lock
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [worker, now, EnrolmentStatus.ACTIVE, now, SequenceStatus.LIVE, limit])
        return sorted(row[0] for row in cursor.fetchall())


def enrolments_release_abandoned(*, now: datetime) -> int:
    """Release claims older than the lease: their worker died or hung."""
    stale = Enrolment.objects.filter(claimed_at__lt=now - LEASE).exclude(claimed_by="")
    return stale.update(claimed_by="", claimed_at=None)


def tick(*, now: datetime | None = None, batch: int = BATCH) -> int:
    """Claim everything due and enqueue one task per batch; the number of enrolments claimed."""
    from fusee.core.jobs import enqueue
    from fusee.nurturing.tasks import run_steps_task
    from fusee.nurturing.triggers import sequences_trigger

    now = now or timezone.now()
    enrolments_release_abandoned(now=now)
    retries_dispatch(now=now, batch=batch)
    sequences_trigger(now=now)
    claimed = 0
    while ids := enrolments_claim(worker=f"tick:{now.isoformat()}", now=now, limit=batch):
        with transaction.atomic():
            enqueue(run_steps_task, enrolment_ids=ids)
        claimed += len(ids)
    return claimed


def retries_dispatch(*, now: datetime, batch: int) -> int:
    """Queue again what dead workers left in flight, and the messages whose retry is due."""
    from fusee.core.jobs import enqueue
    from fusee.nurturing.sending import messages_recover, retries_due
    from fusee.nurturing.tasks import send_task

    messages_recover(now=now)
    due = retries_due(now=now)
    for start in range(0, len(due), batch):
        with transaction.atomic():
            enqueue(send_task, message_ids=due[start : start + batch])
    return len(due)
