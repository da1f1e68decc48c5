from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rich.console import Console
from rich.table import Table
from rich.text import Text

from fusee.core.errors import DomainError
from fusee.core.management.checks import ensure_migrated
from fusee.core.models import User, Workspace
from fusee.playbooks import calendars, documents, selectors, services
from fusee.playbooks.links import absolute, run_path
from fusee.playbooks.models import Playbook, Run, Task

DEFAULT_MILESTONE_TIME = "09:00"


class DryRun(Exception):
    """Raised inside the dry run's transaction to roll the run back once its tasks are read."""


@dataclass
class Planned:
    run: Run
    tasks: list[Task]
    warnings: list[str]


class Command(BaseCommand):
    help = "Playbooks: list them, validate a YAML file, plan a run back from its milestone, load the library."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="SUBCOMMAND")
        commands.add_parser("list", help="the playbooks, their version, runs and review date")
        validate = commands.add_parser("validate", help="check FILE.yaml against the playbook schema")
        validate.add_argument("file", type=Path, metavar="FILE.yaml")
        plan = commands.add_parser("plan", help="plan a run of a playbook back from its milestone")
        plan.add_argument("name", metavar="NAME", help="the playbook's key or name")
        plan.add_argument("--milestone", required=True,
                          help="date and time of the milestone, like 2027-03-18T11:00 (in --tz)")
        plan.add_argument("--country", default="", help="whose public holidays to skip, like FR "
                                                          "(default: the workspace's)")
        plan.add_argument("--tz", default="", help="the run's time zone, like Europe/Paris "
                                                   "(default: the workspace's)")
        plan.add_argument("--role", action="append", default=[], metavar="ROLE=EMAIL",
                          help="who plays a role, like host=ana@example.com (repeat for each role)")
        plan.add_argument("--name", dest="run_name", default="",
                          help="the run's name (default: playbook · date)")
        plan.add_argument("--ics", type=Path, metavar="FILE", help="also write the run's calendar to FILE")
        plan.add_argument("--force", action="store_true", help="plan even when the lead time is too short")
        plan.add_argument("--dry-run", action="store_true", help="show the plan, create nothing")
        commands.add_parser("load-library", help="load or update Fusée's shipped playbooks")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        ensure_migrated()
        try:
            getattr(self, f"do_{action.replace('-', '_')}")(**options)
        except documents.InvalidPlaybook as invalid:
            for problem in invalid.problems:
                self.stderr.write(problem)
            count = len(invalid.problems)
            raise CommandError(f"{count} problem{'s' if count > 1 else ''}, nothing was loaded") from invalid
        except DomainError as error:
            raise CommandError(" ".join(str(error).split())) from error

    # --- list ---

    def do_list(self, **options: Any) -> None:
        today = timezone.localdate()
        table = Table("Key", "Name", "Version", "Steps", "Runs", "Review by", "")
        playbooks = selectors.playbook_list().prefetch_related("versions")
        for playbook in playbooks:
            version = max(playbook.versions.all(), key=lambda v: v.number, default=None)
            review = Text(f"{playbook.review_on:%Y-%m-%d}",
                          style="bold yellow" if playbook.review_due(today) else "")
            table.add_row(playbook.slug, playbook.name, f"v{version.number}" if version else "–",
                          str(len(version.steps)) if version else "0", str(playbook.runs),  # type: ignore[attr-defined]
                          review, "library" if playbook.shipped else "")
        if not playbooks:
            self.stdout.write("no playbooks yet: load the library with `fusee playbooks load-library`")
            return
        self.print_rich(table, options)

    # --- validate ---

    def do_validate(self, *, file: Path, **options: Any) -> None:
        document = documents.document_read(read_text(file), filename=str(file))
        self.stdout.write(self.style.SUCCESS(
            f"{file}: valid — {document['name']} (key {document['key']}), {len(document['steps'])} steps, "
            f"{len(document['roles'])} roles"))

    # --- plan ---

    def do_plan(self, *, name: str, milestone: str, country: str, tz: str, role: list[str], run_name: str,
                ics: Path | None, force: bool, dry_run: bool, **options: Any) -> None:
        if ics is not None and dry_run:
            raise CommandError("--ics writes a created run's calendar: leave out --dry-run")
        workspace = Workspace.current()
        playbook = find_playbook(name)
        time_zone = tz or workspace.time_zone
        milestone_at = parse_milestone(milestone, services.zone_of(time_zone), playbook)
        planned = plan_run(playbook=playbook, milestone_at=milestone_at, country=country or workspace.country,
                           time_zone=time_zone, people=people_of(role), name=run_name, force=force,
                           dry_run=dry_run)
        self.print_plan(planned, options)
        if dry_run:
            self.stdout.write("Dry run: nothing was created.")
            return
        if ics is not None:
            ics.write_bytes(calendars.run_calendar(planned.run))
            self.stdout.write(f"Calendar written to {ics}")
        url = absolute(run_path(planned.run))
        self.stdout.write(self.style.SUCCESS(f"Run #{planned.run.pk} created: {url}"))

    def print_plan(self, planned: Planned, options: dict[str, Any]) -> None:
        run = planned.run
        zone = ZoneInfo(run.time_zone)
        milestone = run.version.document.get("milestone", "milestone")
        when = f"{run.milestone_at.astimezone(zone):%a %d %b %Y %H:%M}"
        self.stdout.write(f"{run.name} — {milestone} on {when} ({run.time_zone}, {run.country})")
        roles = {item["key"]: item["name"] for item in run.version.roles}
        table = Table("#", "Starts", "Due", "Step", "Role", "Who", "Critical")
        for index, task in enumerate(planned.tasks, start=1):
            table.add_row(str(index), f"{task.starts_at.astimezone(zone):%a %d %b %H:%M}",
                          f"{task.due_at.astimezone(zone):%a %d %b %H:%M}",
                          Text(task.title, style="bold" if task.critical else ""),
                          roles.get(task.role, task.role),
                          task.assignee.email if task.assignee else Text("nobody", style="dim"),
                          Text("★", style="red") if task.critical else "")
        self.print_rich(table, options)
        for warning in planned.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))

    # --- load-library ---

    def do_load_library(self, **options: Any) -> None:
        with transaction.atomic():  # every library playbook, or none when one of them is invalid
            versions = services.library_load(actor=None)
        if not versions:
            self.stdout.write(f"no playbooks in {services.LIBRARY}")
            return
        for version in versions:
            self.stdout.write(f"  {version.playbook.slug:<28} v{version.number:<3} {version.playbook.name}")
        self.stdout.write(self.style.SUCCESS(f"{len(versions)} library playbooks loaded"))

    def print_rich(self, renderable: Any, options: dict[str, Any]) -> None:
        """Colours only on a terminal and without --no-color; as wide as the terminal."""
        no_color = bool(options.get("no_color"))
        buffer = io.StringIO()
        console = Console(file=buffer, width=shutil.get_terminal_size((140, 24)).columns,
                          force_terminal=self.stdout.isatty() and not no_color, no_color=no_color)
        console.print(renderable)
        self.stdout.write(buffer.getvalue(), ending="")


def read_text(file: Path) -> str:
    if not file.is_file():
        raise CommandError(f"{file}: no such file")
    try:
        return file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{file}: not a UTF-8 text file") from None


def find_playbook(name: str) -> Playbook:
    playbook = Playbook.objects.filter(Q(slug=name.strip().lower()) | Q(name__iexact=name.strip())).first()
    if playbook is None:
        known = ", ".join(Playbook.objects.filter(archived=False).values_list("slug", flat=True)[:12])
        known = known or "none yet: run `fusee playbooks load-library`"
        raise CommandError(f'no playbook "{name}" (playbooks: {known})')
    return playbook


def parse_milestone(value: str, zone: ZoneInfo, playbook: Playbook) -> datetime:
    """An ISO date and time, in the run's zone unless it says its own offset; a date alone takes the
    playbook's usual milestone time."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"--milestone: {value!r} is not a date and time like 2027-03-18T11:00") from None
    if "T" not in value and " " not in value.strip():
        version = playbook.current_version()
        usual = (version.document.get("milestone_time") if version else None) or DEFAULT_MILESTONE_TIME
        moment = datetime.combine(moment.date(), time.fromisoformat(usual))
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=zone)


def people_of(pairs: list[str]) -> dict[str, User]:
    people = {}
    for pair in pairs:
        role, equals, email = pair.partition("=")
        if not equals or not role.strip() or not email.strip():
            raise CommandError(f"--role {pair}: write it as ROLE=EMAIL, like host=ana@example.com")
        person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if person is None:
            raise CommandError(f"--role {pair}: nobody active has the email {email.strip()}")
        people[role.strip()] = person
    return people


def plan_run(*, playbook: Playbook, milestone_at: datetime, country: str, time_zone: str,
             people: dict[str, User], name: str, force: bool, dry_run: bool) -> Planned:
    """The run as `services.run_create` makes it; in a dry run, rolled back once read, so the
    preview went through exactly the same checks and planning as the real thing."""
    now = timezone.now()
    planned: Planned | None = None
    try:
        with transaction.atomic():
            run = services.run_create(actor=None, playbook=playbook, milestone_at=milestone_at,
                                      country=country, time_zone=time_zone, people=people, name=name,
                                      force=force, now=now)
            plan = services.plan_version(run.version, milestone_at=milestone_at, time_zone=time_zone,
                                         country=run.country, now=now)
            planned = Planned(run=run, tasks=list(selectors.run_tasks(run)), warnings=plan.warnings)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    assert planned is not None
    return planned
