"""Work that runs by itself every so often (the nurturing scheduler's tick, later digests).

Every worker process calls `run_due()` from its loop; the work itself must tolerate running in
several processes at once (the nurturing tick claims rows atomically, so it does).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass
class Periodic:
    name: str
    every: float
    function: Callable[[], object]
    next_run: float = 0.0


REGISTRY: dict[str, Periodic] = {}


def periodic(name: str, *, every: float) -> Callable[[Callable[[], object]], Callable[[], object]]:
    def register(function: Callable[[], object]) -> Callable[[], object]:
        REGISTRY[name] = Periodic(name, every, function)
        return function

    return register


def run_due(*, clock: Callable[[], float] = time.monotonic) -> list[str]:
    """Run what is due now; one failing never stops the others. The names that ran."""
    ran = []
    for item in REGISTRY.values():
        if clock() < item.next_run:
            continue
        item.next_run = clock() + item.every
        try:
            item.function()
        except Exception:
            logger.exception("periodic work failed", extra={"job": item.name})
        ran.append(item.name)
    return ran


class Ticker(threading.Thread):
    """For `fusee worker` with Celery: the periodic work in a thread beside the Celery worker."""

    def __init__(self, *, interval: float = 5.0) -> None:
        super().__init__(name="fusee-ticker", daemon=True)
        self.interval = interval

    def run(self) -> None:
        from django.db import close_old_connections

        while True:
            close_old_connections()
            run_due()
            time.sleep(self.interval)
