from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fusee.core.backup import database_backup
from fusee.core.errors import DomainError
from fusee.core.management.progress import progress_bar


class Command(BaseCommand):
    help = "Back the whole database up into FILE (SQLite copy or pg_dump archive)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            with progress_bar("Backing up") as progress:
                database_backup(target=file, progress=progress)
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {file}"))
