from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fusee.core.backup import database_restore
from fusee.core.errors import DomainError
from fusee.core.management.progress import progress_bar


class Command(BaseCommand):
    help = "Replace the whole database with the backup in FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        if not yes and input(f"Replace the whole database with {file}? [y/N] ").lower() != "y":
            raise CommandError("restore cancelled")
        try:
            with progress_bar("Restoring") as progress:
                database_restore(source=file, progress=progress)
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Database restored from {file}"))
