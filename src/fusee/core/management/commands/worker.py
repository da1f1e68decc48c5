from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fusee.core.jobs.registry import uses_celery
from fusee.core.jobs.runner import recover_abandoned
from fusee.core.management.checks import ensure_migrated


class Command(BaseCommand):
    help = "Run background jobs: a Celery worker on the broker, or a database-polling worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=2)
        parser.add_argument("--queues", default="fusee", help="Celery queues to consume")

    def handle(self, *args: Any, concurrency: int, queues: str, **_: Any) -> None:
        ensure_migrated()
        recover_abandoned()
        if uses_celery():
            from fusee.config.celery import app
            from fusee.core.jobs.periodic import Ticker

            Ticker().start()
            app.worker_main(
                ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", f"--queues={queues}",
                 "--hostname=fusee@%h", "--without-mingle", "--without-gossip"]
            )
            return
        from fusee.core.jobs.inprocess import InProcessWorker

        self.stdout.write("No FUSEE_BROKER_URL: running queued jobs from the database. Ctrl+C stops.")
        worker = InProcessWorker().start()
        try:
            worker.thread.join()
        except KeyboardInterrupt:
            worker.stop()
