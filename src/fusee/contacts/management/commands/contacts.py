from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from fusee.contacts.importing.pipeline import import_run
from fusee.contacts.importing.services import batch_create, batch_transition
from fusee.contacts.models import DuplicatePolicy, ImportBatch, ImportMapping, ImportStatus
from fusee.core.errors import DomainError
from fusee.core.management.checks import ensure_migrated
from fusee.core.management.progress import progress_bar


class DryRunDone(Exception):
    """Raised to roll a dry run back once its report is printed."""


class Command(BaseCommand):
    help = "Import contacts from a CSV or XLSX file (contacts import FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        importing = commands.add_parser("import", help="import contacts from a CSV or XLSX file")
        importing.add_argument("file", type=Path)
        importing.add_argument(
            "--policy", choices=DuplicatePolicy.values, default=DuplicatePolicy.FILL_EMPTY,
            help="what to do with contacts already in the base (default: fill_empty)",
        )
        importing.add_argument("--mapping", default="", help="name of a saved column mapping")
        importing.add_argument("--dry-run", action="store_true", help="check the file, change nothing")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        ensure_migrated()
        self.import_file(options["file"], options["policy"], options["mapping"], options["dry_run"])

    def import_file(self, path: Path, policy: str, mapping_name: str, dry_run: bool) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        saved = self.saved_mapping(mapping_name)
        try:
            with transaction.atomic():
                batch = self.run(path, policy, saved)
                if dry_run:
                    transaction.set_rollback(True)
        except DomainError as error:
            raise CommandError(str(error)) from error
        if dry_run:
            batch.file.delete(save=False)  # its row is rolled back; keep only the rejected rows
        self.print_report(batch, dry_run)

    def saved_mapping(self, name: str) -> ImportMapping | None:
        if not name:
            return None
        try:
            return ImportMapping.objects.get(name=name)
        except ImportMapping.DoesNotExist:
            known = ", ".join(ImportMapping.objects.values_list("name", flat=True)) or "none saved yet"
            raise CommandError(f"no saved mapping is named {name!r} ({known})") from None

    def run(self, path: Path, policy: str, saved: ImportMapping | None) -> ImportBatch:
        with path.open("rb") as stream:
            batch = batch_create(
                actor=None, file=File(stream), file_name=path.name, policy=policy, saved_mapping=saved
            )
        batch_transition(batch=batch, status=ImportStatus.QUEUED)
        with progress_bar(f"Importing {path.name}") as progress:
            return import_run(batch=batch, progress=progress)

    def print_report(self, batch: ImportBatch, dry_run: bool) -> None:
        title = "Dry run, nothing was changed" if dry_run else "Import done"
        self.stdout.write(self.style.SUCCESS(f"{title}: {batch.total_rows} rows in {batch.file_name}"))
        for name in ("imported", "updated", "unchanged", "rejected"):
            self.stdout.write(f"  {name:<10} {getattr(batch, name)}")
        if batch.rejected_file:
            self.stdout.write(f"Rejected rows, with the reason for each: {batch.rejected_file.path}")
