from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table
from rich.text import Text

from fusee.core.errors import DomainError
from fusee.core.management.checks import ensure_migrated
from fusee.okrs import selectors, services
from fusee.okrs.management.printing import print_rich
from fusee.okrs.models import Idea, IdeaSource, IdeaStatus


class Command(BaseCommand):
    help = "The idea backlog: add an idea, list the ideas with how they were triaged."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="SUBCOMMAND")
        add = commands.add_parser("add", help="add an idea to the backlog, to be triaged")
        add.add_argument("title", metavar="TITLE")
        add.add_argument("--description", default="")
        add.add_argument("--source", choices=IdeaSource.values, default=IdeaSource.OTHER,
                         help="who asks for it (default: other)")
        add.add_argument("--requester", default="", metavar="NAME", help="the person who asks for it")
        listing = commands.add_parser("list", help="list the ideas, newest first, and the tally by source")
        listing.add_argument("--status", choices=IdeaStatus.values, help="only the ideas in this status")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        ensure_migrated()
        try:
            getattr(self, f"do_{action}")(**options)
        except DomainError as error:
            raise CommandError(str(error)) from error

    def do_add(self, *, title: str, description: str, source: str, requester: str, **options: Any) -> None:
        idea = services.idea_submit(actor=None, title=title, description=description, source=source,
                                    requester=requester)
        who = f", asked by {idea.requester}" if idea.requester else ""
        self.stdout.write(self.style.SUCCESS(
            f'Idea #{idea.pk} added: "{idea.title}" ({idea.get_source_display()}{who}), to be triaged'
        ))

    def do_list(self, *, status: str | None, **options: Any) -> None:
        ideas = list(selectors.ideas_by_status(status))
        if not ideas:
            self.stdout.write("No ideas yet: add one with `fusee ideas add TITLE`")
            return
        table = Table("#", "Idea", "Requested by", "Status", "Serves / why parked", "Added")
        for idea in ideas:
            table.add_row(*cells(idea.pk, idea.title, requested_by(idea), idea.get_status_display(),
                                 outcome(idea), f"{idea.created_at:%Y-%m-%d}"))
        tally = Table("Source", "Ideas", "Accepted", "Parked", "To triage")
        for row in selectors.ideas_tally_by_source():
            counts = (row[name] for name in ("total", "accepted", "parked", "new"))
            tally.add_row(*cells(IdeaSource(row["source"]).label, *counts))
        print_rich(self, table, options)
        print_rich(self, tally, options)



def cells(*values: Any) -> list[Text]:
    """Plain text cells: a title with [brackets] is not read as rich markup."""
    return [Text(str(value)) for value in values]


def requested_by(idea: Idea) -> str:
    source = str(idea.get_source_display())
    return f"{source} ({idea.requester})" if idea.requester else source


def outcome(idea: Idea) -> str:
    if idea.status == IdeaStatus.ACCEPTED and idea.key_result:
        return f"{idea.key_result} ({idea.key_result.objective})"
    if idea.status == IdeaStatus.PARKED:
        return idea.park_reason
    return ""
