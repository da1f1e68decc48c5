from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fusee.core.errors import DomainError
from fusee.segments import selectors, services
from fusee.segments.exports import export_format, export_to_file
from fusee.segments.language import SegmentSyntaxError, segment_queryset
from fusee.segments.models import Segment


class Command(BaseCommand):
    help = "Count, save, list and export segments of contacts (see docs/segments.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        count = commands.add_parser("count", help="print how many contacts match EXPR")
        count.add_argument("expression", metavar="EXPR")
        create = commands.add_parser("create", help="save EXPR as the segment NAME")
        create.add_argument("name", metavar="NAME")
        create.add_argument("expression", metavar="EXPR")
        create.add_argument("--description", default="")
        commands.add_parser("list", help="list the saved segments with their counts")
        export = commands.add_parser("export", help="write the contacts of segment NAME to FILE (.csv/.xlsx)")
        export.add_argument("name", metavar="NAME")
        export.add_argument("file", metavar="FILE", type=Path)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"do_{action}")(**options)
        except SegmentSyntaxError as error:
            self.stderr.write(error.caret())
            raise CommandError(str(error)) from error
        except DomainError as error:
            raise CommandError(str(error)) from error

    def do_count(self, *, expression: str, **options: Any) -> None:
        self.stdout.write(str(segment_queryset(expression).count()))

    def do_create(self, *, name: str, expression: str, description: str, **options: Any) -> None:
        segment = services.segment_create(
            actor=None, name=name, expression=expression, description=description
        )
        count = selectors.segment_count(segment)
        self.stdout.write(self.style.SUCCESS(f'Segment "{segment.name}" saved: {count} contacts'))

    def do_list(self, **options: Any) -> None:
        for segment in selectors.segment_list():
            count = selectors.segment_count(segment)
            self.stdout.write(f"{count:>9}  {segment.name}  —  {segment.expression}")

    def do_export(self, *, name: str, file: Path, **options: Any) -> None:
        export_format(file.name)
        segment = Segment.objects.filter(name__iexact=name).first()
        if segment is None:
            raise DomainError(f'no segment is named "{name}"; `fusee segments list` shows them')
        count = export_to_file(selectors.segment_contacts(segment), file)
        self.stdout.write(self.style.SUCCESS(f"{count} contacts written to {file}"))
