"""The in-process worker: a thread of `fusee serve` (or `fusee worker` without a broker)."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

from fusee.core.jobs.periodic import run_due
from fusee.core.jobs.registry import job_queued
from fusee.core.jobs.runner import recover_abandoned, run_pending

logger = logging.getLogger(__name__)


class InProcessWorker:
    def __init__(self, poll_seconds: float | None = None) -> None:
        self.poll_seconds = poll_seconds or settings.FUSEE_WORKER_POLL_SECONDS
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, name="fusee-worker", daemon=True)

    def start(self) -> InProcessWorker:
        self.thread.start()
        return self

    def stop(self, timeout: float = 10) -> None:
        self.stopping.set()
        job_queued.set()
        self.thread.join(timeout)

    def loop(self) -> None:
        logger.info("in-process worker started")
        recover_abandoned()
        while not self.stopping.is_set():
            self.run_once()
            # Jobs queued by another process (the CLI, a second server) are found by polling.
            job_queued.wait(self.poll_seconds)
            job_queued.clear()

    def run_once(self) -> None:
        close_old_connections()
        try:
            run_due()
            run_pending()
        except Exception:
            logger.exception("in-process worker: unexpected error")
        finally:
            close_old_connections()
