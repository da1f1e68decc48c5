from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fusee.core.demo import demo_load, demo_logins
from fusee.core.errors import DomainError
from fusee.core.management.checks import ensure_migrated
from fusee.core.management.progress import progress_bar


class Command(BaseCommand):
    help = "Load the demo company (Orbitale) into the configured database; safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=42, help="same seed, same company")
        parser.add_argument(
            "--contacts", type=int, default=40_000,
            help="size of the contact base, for the areas that generate contacts",
        )

    def handle(self, *args: Any, seed: int, contacts: int, **options: Any) -> None:
        ensure_migrated()
        try:
            with progress_bar("Loading the demo company", counts=False) as progress:
                demo_load(seed=seed, options={"contacts": contacts}, progress=progress)
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Demo company Orbitale is loaded. Log in as:"))
        for email, password, role in demo_logins():
            self.stdout.write(f"  {role:<9} {email}  password: {password}")
