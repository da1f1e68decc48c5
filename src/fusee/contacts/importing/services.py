"""Writes of the import wizard: upload a file, set its mapping, start it, save a mapping."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from fusee.contacts.importing.mapping import mapping_check, mapping_for
from fusee.contacts.importing.reading import Table, table_open
from fusee.contacts.models import DuplicatePolicy, ImportBatch, ImportMapping, ImportStatus
from fusee.core.errors import DomainError, IllegalTransition
from fusee.core.models import User

# Which status a batch may move to from each status; anything else is a bug or a race.
TRANSITIONS = {
    ImportStatus.UPLOADED: {ImportStatus.QUEUED},
    ImportStatus.QUEUED: {ImportStatus.RUNNING, ImportStatus.FAILED},
    ImportStatus.RUNNING: {ImportStatus.DONE, ImportStatus.FAILED},
}


def batch_transition(*, batch: ImportBatch, status: ImportStatus, **fields: object) -> ImportBatch:
    """Move the batch on, with a conditional UPDATE so two workers cannot both start it."""
    current = ImportStatus(batch.status)
    if status not in TRANSITIONS.get(current, set()):
        raise IllegalTransition(batch, str(current.label), str(status.label))
    moved = ImportBatch.objects.filter(pk=batch.pk, status=current).update(status=status, **fields)
    if not moved:
        batch.refresh_from_db(fields=["status"])
        raise IllegalTransition(batch, str(ImportStatus(batch.status).label), str(status.label))
    batch.status = status
    for name, value in fields.items():
        setattr(batch, name, value)
    return batch


@transaction.atomic
def batch_create(
    *,
    actor: User | None,
    file: File,
    file_name: str,
    policy: str = DuplicatePolicy.FILL_EMPTY,
    saved_mapping: ImportMapping | None = None,
) -> ImportBatch:
    """Store the uploaded file and guess its mapping; refuse a file that cannot be read."""
    batch = ImportBatch(file_name=file_name[:255], policy=DuplicatePolicy(policy), created_by=actor)
    batch.file.save(Path(file_name).name or "import.csv", file, save=False)
    try:
        table = batch_table(batch)
    except DomainError:
        batch.file.delete(save=False)
        raise
    batch.mapping = mapping_for(table.headers, saved_mapping.mapping if saved_mapping else None)
    batch.save()
    return batch


def batch_table(batch: ImportBatch) -> Table:
    return table_open(path=Path(batch.file.path), name=batch.file_name)


@transaction.atomic
def batch_start(
    *, actor: User | None, batch: ImportBatch, mapping: dict[str, str], save_as: str = ""
) -> ImportBatch:
    """Fix the mapping, optionally save it under a name, and queue the import job."""
    from fusee.contacts.tasks import import_task
    from fusee.core.jobs import enqueue

    mapping_check(mapping)
    if save_as.strip():
        mapping_save(actor=actor, name=save_as, mapping=mapping)
    batch.mapping = mapping
    batch.save(update_fields=["mapping"])
    job = enqueue(import_task, created_by=actor, batch_id=batch.pk)
    return batch_transition(batch=batch, status=ImportStatus.QUEUED, job=job)


def mapping_save(*, actor: User | None, name: str, mapping: dict[str, str]) -> ImportMapping:
    """Save (or replace) a named mapping; only the mapped columns are kept."""
    name = name.strip()[:100]
    if not name:
        raise DomainError("a saved mapping needs a name")
    kept = {header: target for header, target in mapping.items() if target}
    saved, _created = ImportMapping.objects.update_or_create(
        name=name, defaults={"mapping": kept, "created_by": actor, "created_at": timezone.now()}
    )
    return saved
