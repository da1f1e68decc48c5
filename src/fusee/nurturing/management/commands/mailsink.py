from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fusee.nurturing.transport.sink import Faults, SinkHandler, default_sink_dir, serve


class Command(BaseCommand):
    help = "Run the built-in mail catcher: an SMTP server keeping every message for the outbox page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=1025, help="0 picks a free port (printed)")
        parser.add_argument("--dir", type=Path, help="Maildir to fill (default <FUSEE_DATA_DIR>/mailsink)")
        faults = parser.add_argument_group("faults, to test a sender against a misbehaving server")
        faults.add_argument(
            "--fail-rate",
            type=float,
            default=0,
            metavar="PERCENT",
            help="answer this share of messages with --fail-code",
        )
        faults.add_argument("--fail-code", type=int, default=451, help="default 451 (try again later)")
        faults.add_argument(
            "--bounce",
            default="",
            metavar="PATTERN",
            help='answer 550 to recipients matching it, e.g. "bounce*@*"',
        )
        faults.add_argument(
            "--drop-rate",
            type=float,
            default=0,
            metavar="PERCENT",
            help="keep this share of messages but cut the connection before answering",
        )
        faults.add_argument(
            "--faults",
            type=Path,
            metavar="FILE",
            help="JSON file of faults (fail_percent, fail_code, bounce_pattern, "
            "drop_percent), re-read when it changes; overrides the options above",
        )

    def handle(self, *args: Any, host: str, port: int, dir: Path | None, **options: Any) -> None:
        directory = (dir or default_sink_dir()).resolve()
        handler = SinkHandler(directory=directory, faults=faults_of(options), faults_file=options["faults"])

        def ready(bound_port: int) -> None:
            self.stdout.write(f"Mail sink listening on smtp://{host}:{bound_port}, saving to {directory}")
            self.stdout.write("Press Ctrl+C to stop.")
            self.stdout.flush()  # a parent process may be waiting for the port on a pipe

        try:
            serve(host=host, port=port, handler=handler, on_ready=ready)
        except OSError as error:
            raise CommandError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
        self.stdout.write(f"Mail sink stopped after {handler.received} messages.")


def faults_of(options: dict[str, Any]) -> Faults:
    try:
        return Faults(
            fail_percent=options["fail_rate"],
            fail_code=options["fail_code"],
            bounce_pattern=options["bounce"],
            drop_percent=options["drop_rate"],
        )
    except ValueError as error:
        raise CommandError(str(error)) from error
