"""Background tasks of the contacts app: thin, they load and call a service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, connections

from fusee.contacts.importing.pipeline import import_run
from fusee.contacts.models import ImportBatch
from fusee.core.jobs import task
from fusee.core.jobs.progress import side_clear, side_write
from fusee.core.models import Job

COUNTS = ("total_rows", "imported", "updated", "unchanged", "rejected")


@task("contacts.import")
def import_task(*, job: Job, batch_id: int) -> dict[str, int]:
    batch = ImportBatch.objects.get(pk=batch_id)
    with progress_reporter(job) as progress:
        import_run(batch=batch, progress=progress)
    return {name: getattr(batch, name) for name in COUNTS}


@contextmanager
def progress_reporter(job: Job) -> Iterator[Callable[[int, int], None]]:
    """job.set_progress, visible to the progress page while the import transaction is open.

    The import is one transaction: progress written inside it would only show at its end.
    On PostgreSQL progress goes through a second connection, in autocommit. SQLite allows one
    writer at a time, so there it goes to a side file the pages read (core.jobs.progress).
    """
    if connection.vendor != "postgresql":
        try:
            yield lambda done, total: side_write(job.pk, done, total)
        finally:
            side_clear(job.pk)
        return
    side = connections.create_connection("default")
    table = side.ops.quote_name(Job._meta.db_table)
    sql = f"UPDATE {table} SET progress_done = %s, progress_total = %s WHERE id = %s"  # noqa: S608

    def report(done: int, total: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(sql, [done, total, job.pk])

    try:
        yield report
    finally:
        side.close()
