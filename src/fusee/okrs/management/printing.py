"""Rich output for the OKR commands, through the command's stdout so call_command captures it."""

from __future__ import annotations

import io
import shutil
from typing import Any

from django.core.management.base import BaseCommand
from rich.console import Console


def print_rich(command: BaseCommand, renderable: Any, options: dict[str, Any]) -> None:
    """Colours only on a terminal and without --no-color; as wide as the terminal."""
    no_color = bool(options.get("no_color"))
    buffer = io.StringIO()
    console = Console(file=buffer, width=shutil.get_terminal_size((120, 24)).columns,
                      force_terminal=command.stdout.isatty() and not no_color, no_color=no_color)
    console.print(renderable)
    command.stdout.write(buffer.getvalue(), ending="")
