from __future__ import annotations

import signal
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from fusee.core.jobs.registry import uses_celery
from fusee.core.management.checks import ensure_migrated


class Command(BaseCommand):
    help = "Serve the web app (with an in-process worker when no broker is configured)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="do not run background jobs here")

    def handle(self, *args: Any, host: str, port: int, threads: int, no_worker: bool, **_: Any) -> None:
        from waitress import serve

        from fusee.config.wsgi import application
        from fusee.core.jobs.inprocess import InProcessWorker

        ensure_migrated()
        # A service manager stops us with SIGTERM: exit as Ctrl+C does, so buffered clicks and
        # opens are written and the in-process worker finishes its job.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        worker = None if (no_worker or uses_celery()) else InProcessWorker().start()
        where = "Celery workers (fusee worker)" if uses_celery() else "the in-process worker"
        if no_worker and not uses_celery():
            where = "nobody: run `fusee worker`"
        self.stdout.write(f"Fusée is serving on http://{host}:{port}/  (base URL {settings.FUSEE_BASE_URL})")
        self.stdout.write(f"Background jobs run in {where}. Press Ctrl+C to stop.")
        try:
            serve(application, host=host, port=port, threads=threads, ident="fusee")
        finally:
            if worker:
                worker.stop()
