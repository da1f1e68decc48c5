"""The `fusee` command: Fusée's management commands, with clear one-line errors."""

from __future__ import annotations

import os
import sys

import django
from django.db.utils import OperationalError

from fusee.config.env import ConfigError

# Django's own commands that Fusée offers as its own; every command of a fusee app is offered too.
DJANGO_COMMANDS = {"migrate": "Create or update the database tables."}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fusee.config.settings.production")
    try:
        django.setup()
        return dispatch(argv)
    except ConfigError as error:
        return fail(f"configuration error: {error}", code=2)
    except OperationalError as error:
        return fail(f"cannot reach the database {describe_database()}: {first_line(error)}")
    except KeyboardInterrupt:
        return 130


def dispatch(argv: list[str]) -> int:
    available = commands()
    if not argv or argv[0] in ("-h", "--help", "help"):
        print_help(available)
        return 0
    name, *rest = argv
    if name not in available:
        return fail(f"unknown command {name!r}; `fusee --help` lists them", code=2)
    from django.core.management import load_command_class

    app = "django.core" if name in DJANGO_COMMANDS else available[name][0]
    load_command_class(app, name).run_from_argv(["fusee", name, *rest])
    return 0


def commands() -> dict[str, tuple[str, str]]:
    """name -> (app module, one-line description), for Fusée's commands only."""
    from django.core.management import get_commands, load_command_class

    found = {}
    for name, app in get_commands().items():
        if app.startswith("fusee."):
            help_text = load_command_class(app, name).help
            found[name] = (app, (help_text.strip().splitlines() or [""])[0])
    found.update({name: ("django.core", text) for name, text in DJANGO_COMMANDS.items()})
    return dict(sorted(found.items()))


def print_help(available: dict[str, tuple[str, str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, show_header=False, padding=(0, 2))
    for name, (_app, description) in available.items():
        table.add_row(f"[bold]{name}[/]", description)
    console = Console()
    console.print("Usage: fusee COMMAND [OPTIONS]   (fusee COMMAND --help for its options)\n")
    console.print("Commands:")
    console.print(table)


def describe_database() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"file {db['NAME']} (DATABASE_URL)"
    where = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"
    return f"{where} (DATABASE_URL)"


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def fail(message: str, code: int = 1) -> int:
    print(f"fusee: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
