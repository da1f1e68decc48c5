from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fusee.core.management.checks import ensure_migrated
from fusee.nurturing.scheduler import BATCH, tick


class Command(BaseCommand):
    help = "Nurturing: claim the due steps of every sequence and hand them to the workers (nurture tick)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        ticking = commands.add_parser("tick", help="claim due steps and queue them for the workers")
        ticking.add_argument("--batch", type=int, default=BATCH, help="enrolments per worker task")

    def handle(self, *args: Any, action: str, batch: int = BATCH, **options: Any) -> None:
        ensure_migrated()
        claimed = tick(batch=batch)
        self.stdout.write(self.style.SUCCESS(f"Queued {claimed:,} due enrolments in batches of {batch}."))
