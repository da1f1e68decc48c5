"""Opens and clicks, written in batches: a burst of clicks costs one INSERT per batch, not one
per click, and the redirect never waits for the database.

The tracking views only check the token and append an `Engagement` to the process's buffer. A
flusher thread writes what is pending every `FLUSH_SECONDS`, or at once when `BATCH_SIZE` are
waiting: one SELECT of the batch's messages (contact, Message-ID, campaign, delivery time) and
one `bulk_create` of their events. The machine flag is settled there, from the message's real
delivery time, so it is the same as when each click read its message.

What can be lost: the buffer lives in memory. A normal stop (Ctrl+C, `sys.exit`, the end of the
interpreter) flushes it (`atexit`); a process killed outright (SIGKILL, the OOM killer, power
loss) loses what was pending, at most `FLUSH_SECONDS` of clicks (or `BATCH_SIZE`, whichever
comes first). A database that refuses a batch keeps it pending and retried, up to `MAX_PENDING`.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.db import close_old_connections, connection, connections

from fusee.contacts.models import Event, EventType
from fusee.contacts.services import apply_side_effects
from fusee.nurturing.models import Message

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
FLUSH_SECONDS = 0.5
MAX_PENDING = 200_000  # ~60 MB: past this, during a long database outage, the oldest are dropped
SCANNER_WINDOW = timedelta(seconds=10)  # a human does not click within seconds of delivery


@dataclass(frozen=True, slots=True)
class Engagement:
    """One open or click as the view saw it; the rest is read from its message when written."""

    message_pk: int
    kind: EventType
    occurred_at: datetime
    machine_agent: bool  # the User-Agent already gave a machine away
    url: str = ""


def engagements_write(*, engagements: list[Engagement]) -> int:
    """Record a batch as events in one query per table; those of deleted messages are dropped."""
    messages = delivered_messages({item.message_pk for item in engagements})
    known = [item for item in engagements if item.message_pk in messages]
    events = [engagement_event(item, messages[item.message_pk]) for item in known]
    created = Event.objects.bulk_create(events, batch_size=BATCH_SIZE)
    apply_side_effects(created)  # nothing for opens and clicks today; kept so every event path is one
    return len(created)


class Delivered(NamedTuple):
    """What an event needs of its message."""

    contact_id: int
    message_id: str
    campaign: str
    delivered_at: datetime | None  # the server's answer, else the moment it was handed over


def delivered_messages(pks: set[int]) -> dict[int, Delivered]:
    rows = Message.objects.filter(pk__in=pks).values_list(
        "pk", "contact_id", "message_id", "email__utm_campaign", "sent_at", "handed_at"
    )
    return {
        pk: Delivered(contact_id, message_id, campaign, sent_at or handed_at)
        for pk, contact_id, message_id, campaign, sent_at, handed_at in rows
    }


def engagement_event(item: Engagement, message: Delivered) -> Event:
    properties: dict[str, Any] = {"message": message.message_id, "machine": is_machine(item, message)}
    if item.url:
        properties["url"] = item.url
    return Event(
        contact_id=message.contact_id,
        type=item.kind,
        occurred_at=item.occurred_at,
        campaign=message.campaign,
        properties=properties,
    )


def is_machine(item: Engagement, message: Delivered) -> bool:
    """A proxy or scanner by its agent, or anything within seconds of delivery (or before the
    server's answer was even recorded: the receiving side's scanners click during the SMTP talk)."""
    delivered = message.delivered_at
    return item.machine_agent or (delivered is not None and item.occurred_at - delivered < SCANNER_WINDOW)


class EngagementBuffer:
    """The process's pending engagements and the thread that writes them."""

    def __init__(
        self, *, batch_size: int = BATCH_SIZE, flush_seconds: float = FLUSH_SECONDS, background: bool = True
    ) -> None:
        self.batch_size, self.flush_seconds, self.background = batch_size, flush_seconds, background
        self._pending: list[Engagement] = []
        self._lock = threading.Lock()  # guards _pending and _thread
        self._writing = threading.Lock()  # one batch in flight at a time, in arrival order
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, item: Engagement) -> None:
        with self._lock:
            self._pending.append(item)
            full = len(self._pending) >= self.batch_size
            if self.background and self._thread is None and not self._stopping.is_set():
                self._thread = threading.Thread(target=self._run, name="fusee-engagements", daemon=True)
                self._thread.start()
        if full:
            self._wake.set()

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def flush(self) -> int:
        """Write everything pending now, in this thread; how many events were recorded."""
        with self._writing:
            written = 0
            while batch := self._take():
                try:
                    written += engagements_write(engagements=batch)
                except Exception:
                    self._put_back(batch)
                    raise
            return written

    def stop(self, timeout: float = 10) -> int:
        """Stop the thread and write what is left (at exit)."""
        self._stopping.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        return self.flush()

    def forget(self) -> None:
        """In a forked child: the parent writes its own pending engagements, its thread is not ours."""
        self._pending, self._thread = [], None
        self._lock, self._writing = threading.Lock(), threading.Lock()
        self._wake, self._stopping = threading.Event(), threading.Event()

    def _take(self) -> list[Engagement]:
        with self._lock:
            batch, self._pending = self._pending[: self.batch_size], self._pending[self.batch_size :]
            return batch

    def _put_back(self, batch: Iterable[Engagement]) -> None:
        with self._lock:
            self._pending[:0] = batch
            if (excess := len(self._pending) - MAX_PENDING) > 0:
                del self._pending[:excess]
                logger.error("engagement buffer full: %d oldest opens and clicks dropped", excess)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            try:
                self.flush()
            except Exception:
                # Kept pending; a dead connection is replaced before the next try.
                logger.exception("could not record opens and clicks; retrying")
                connection.close()
                self._stopping.wait(self.flush_seconds)
            finally:
                close_old_connections()
        connections.close_all()  # this thread's own: nothing else would close it


buffer = EngagementBuffer()


def record(item: Engagement) -> None:
    buffer.add(item)


def flush() -> int:
    return buffer.flush()


@atexit.register
def flush_at_exit() -> None:
    try:
        buffer.stop()
    except Exception:
        logger.exception("at exit, %d opens and clicks could not be recorded", buffer.pending())


os.register_at_fork(after_in_child=lambda: buffer.forget())
