from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fusee.core.management.checks import ensure_migrated
from fusee.nurturing.bounces import bounces_process
from fusee.nurturing.bounces.sources import MailboxError
from fusee.nurturing.scheduler import BATCH, tick


class Command(BaseCommand):
    help = "Nurturing: claim the due steps of every sequence and hand them to the workers (nurture tick)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        ticking = commands.add_parser("tick", help="claim due steps and queue them for the workers")
        ticking.add_argument("--batch", type=int, default=BATCH, help="enrolments per worker task")
        bounces = commands.add_parser("bounces", help="apply the bounces and complaints found in a mailbox")
        bounces.add_argument(
            "--source", required=True, help="a Maildir folder, an mbox file or imaps://user:pass@host/INBOX"
        )

    def handle(self, *args: Any, action: str, batch: int = BATCH, **options: Any) -> None:
        ensure_migrated()
        if action == "bounces":
            self.stdout.write(self.style.SUCCESS(bounces_report(options["source"])))
            return
        claimed = tick(batch=batch)
        self.stdout.write(self.style.SUCCESS(f"Queued {claimed:,} due enrolments in batches of {batch}."))


def bounces_report(source: str) -> str:
    try:
        return f"Bounce mailbox read: {bounces_process(source=source)}."
    except MailboxError as error:
        raise CommandError(str(error)) from error
