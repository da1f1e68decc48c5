from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.text import Text
from rich.tree import Tree

from fusee.core.errors import DomainError
from fusee.core.management.checks import ensure_migrated
from fusee.okrs import progress as maths
from fusee.okrs.board import KeyResultRow, ObjectiveRow, alignment_tree, cycle_board
from fusee.okrs.importing import ImportFailed, okrs_import
from fusee.okrs.management.printing import print_rich
from fusee.okrs.models import Cycle, KeyResultKind, Level
from fusee.okrs.selectors import cycle_current

BAND_STYLES = {"green": "green", "amber": "yellow", "red": "red"}
CONFIDENCE_STYLES = {"on_track": ("on track", "green"), "at_risk": ("at risk", "yellow"),
                     "off_track": ("off track", "red")}
KINDS = (("team", "teams"), ("objective", "objectives"), ("key_result", "key results"), ("idea", "ideas"))


class Command(BaseCommand):
    help = "OKRs: import a cycle's objectives and key results from YAML, show a cycle's progress."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="SUBCOMMAND")
        importing = commands.add_parser("import", help="import FILE.yaml (format: docs/okrs-import.md)")
        importing.add_argument("file", type=Path, metavar="FILE.yaml")
        show = commands.add_parser("show", help="a cycle's objectives and key results with their progress")
        show.add_argument("--cycle", default="", help="the cycle, like 2027-Q1 (default: the current one)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        ensure_migrated()
        try:
            getattr(self, f"do_{action}")(**options)
        except ImportFailed as failure:
            for line in failure.lines():
                self.stderr.write(line)
            count = len(failure.problems)
            raise CommandError(f"{failure.filename}: {count} problem{'s' if count > 1 else ''}, "
                               "nothing was imported") from failure
        except DomainError as error:
            raise CommandError(str(error)) from error

    # --- import ---

    def do_import(self, *, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            text = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not a UTF-8 text file") from None
        result = okrs_import(actor=None, text=text, filename=file.name)
        self.stdout.write(self.style.SUCCESS(f"{result.cycle} imported from {file.name}"))
        for name, counts in (("created", result.created), ("updated", result.updated),
                             ("unchanged", result.unchanged)):
            self.stdout.write(f"  {name:<10} {summary(counts)}")
        self.stdout.write(f"Show it with: fusee okrs show --cycle {result.cycle}")

    # --- show ---

    def do_show(self, *, cycle: str, **options: Any) -> None:
        found = self.cycle(cycle)
        today = timezone.localdate()
        board = cycle_board(found, today)
        roots, loose = alignment_tree(board)
        rows = board.all_objectives()
        overall = maths.weighted_mean((row.progress, 1) for row in rows
                                      if row.objective.level != Level.PERSON)
        tree = Tree(Text.assemble((f"{found.key}", "bold"), f"  {found.get_status_display()}  ",
                                  f"{found.starts_on:%d %b} – {found.ends_on:%d %b %Y}  ", bar(overall)))
        for row in [*roots, *loose]:
            add_objective(tree, row)
        if not rows:
            tree.add(Text("no objectives yet", style="dim"))
        print_rich(self, tree, options)
        if board.overdue:
            self.stdout.write(self.style.WARNING(f"{board.overdue} key results are waiting for their weekly "
                                                 "check-in"))

    def cycle(self, key: str) -> Cycle:
        if key:
            found = Cycle.objects.filter(key=key.strip().upper()).first()
            if found is None:
                known = ", ".join(Cycle.objects.values_list("key", flat=True)[:8]) or "none yet"
                raise CommandError(f"no cycle {key.strip().upper()} (cycles: {known})")
            return found
        current = cycle_current(timezone.localdate())
        if current is None:
            raise CommandError("no OKR cycle yet: import one with `fusee okrs import FILE.yaml`")
        return current



def summary(counts: dict[str, int]) -> str:
    parts = [f"{counts[kind]} {label}" for kind, label in KINDS if counts.get(kind)]
    return ", ".join(parts) or "nothing"


def add_objective(parent: Tree, row: ObjectiveRow) -> None:
    objective = row.objective
    who = objective.team.name if objective.team else (str(objective.owner) if objective.owner else "")
    label = Text.assemble(bar(row.progress), "  ", (objective.title, "bold"),
                          (f"  {objective.get_level_display()}", "dim"), (f" · {who}" if who else "", "dim"))
    branch = parent.add(label)
    for key_result in row.key_results:
        branch.add(key_result_label(key_result))
    for child in row.children:
        add_objective(branch, child)


def key_result_label(row: KeyResultRow) -> Text:
    kr = row.key_result
    if kr.kind == KeyResultKind.MILESTONE:
        value = "done" if kr.is_done else "not done"
    else:
        value = f"{kr.current:g} / {kr.target:g} {kr.unit}".rstrip()
    confidence, style = CONFIDENCE_STYLES.get(row.confidence, ("no check-in", "dim"))
    label = Text.assemble(bar(row.progress, width=6), "  ", kr.title, "  ", (value, "cyan"), "  ",
                          (confidence, style))
    if kr.is_automatic:
        label.append(f"  auto: {kr.metric}", style="dim")
    if row.overdue:
        label.append("  check-in due", style="bold yellow")
    return label


def bar(progress: float, *, width: int = 10) -> Text:
    """A progress bar in the band's colour, with the percentage."""
    filled = round(maths.clamp(progress) * width)
    style = BAND_STYLES[maths.band(progress)]
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"),
                         (f" {round(progress * 100):>3} %", style))

