from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fusee.core.management.checks import ensure_migrated
from fusee.scoring.services import scores_recompute


def contact_ids(raw: str) -> list[int]:
    try:
        return [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise CommandError(f'--contacts: "{raw}" is not a comma-separated list of contact ids') from None


class Command(BaseCommand):
    help = "Lead scoring: recompute the scores of every contact (or of some) and advance MQLs."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        recompute = commands.add_parser("recompute", help="recompute scores with the active rules")
        recompute.add_argument("--contacts", metavar="ID,ID", default=None, help="only these contacts")

    def handle(self, *args: Any, action: str, contacts: str | None = None, **options: Any) -> None:
        ensure_migrated()
        ids = None if contacts is None else contact_ids(contacts)
        outcome = scores_recompute(contact_ids=ids)
        self.stdout.write(self.style.SUCCESS(
            f"Scored {outcome.scored:,} contacts in {outcome.seconds:.2f} s; "
            f"{len(outcome.became_mql):,} became MQL."
        ))
