"""Space out messages: a global rate and a rate per recipient domain, both token buckets.

The buckets are kept as the "generic cell rate algorithm": each remembers when its next
message is due, which is a token bucket without a refill loop. Limits hold within one
process; with several worker processes, give each its share of the rate.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Past this many domains, forget the idle ones: an idle bucket behaves exactly like a new one.
MAX_REMEMBERED_DOMAINS = 10_000


@dataclass
class Pace:
    interval: float  # seconds between two messages at the steady rate
    tolerance: float  # how far ahead of the steady rate a burst may run
    due: float = -math.inf  # when the next message would go at the steady rate

    @classmethod
    def per_second(cls, rate: float, burst: int) -> Pace:
        if rate <= 0 or burst < 1:
            raise ValueError(f"a rate must be above 0 and a burst at least 1, got {rate} and {burst}")
        return cls(interval=1 / rate, tolerance=(burst - 1) / rate)

    def earliest(self, now: float) -> float:
        return max(now, self.due - self.tolerance)

    def take(self, at: float) -> None:
        self.due = max(self.due, at) + self.interval


class RateLimiter:
    """Says when the next message to an address may go, and books that moment."""

    def __init__(
        self,
        *,
        per_second: float | None = None,
        per_domain_per_second: float | None = None,
        burst: int = 1,
        domain_burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        # None means no limit; 0 is refused rather than read as "no limit" or "never".
        self._global = Pace.per_second(per_second, burst) if per_second is not None else None
        per_domain = per_domain_per_second
        self._domain_rate = (per_domain, domain_burst) if per_domain is not None else None
        if self._domain_rate:
            Pace.per_second(*self._domain_rate)  # refuse a bad rate now, not at the first message
        self._domains: dict[str, Pace] = {}
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()

    def reserve(self, *, recipient: str, max_wait: float = math.inf) -> float | None:
        """Book the next slot for this recipient and return the seconds to wait for it.

        None when the wait would be longer than max_wait; nothing is booked then, so the
        caller can put the message back for later instead of holding a worker asleep.
        """
        with self._lock:
            now = self._clock()
            paces = self._paces(recipient, now)
            at = max((pace.earliest(now) for pace in paces), default=now)
            if at - now > max_wait:
                return None
            for pace in paces:
                pace.take(at)
            return at - now

    def wait(self, *, recipient: str) -> float:
        """Sleep until this recipient's next slot; returns the seconds slept."""
        delay = self.reserve(recipient=recipient)
        assert delay is not None
        if delay > 0:
            self._sleep(delay)
        return delay

    def _paces(self, recipient: str, now: float) -> list[Pace]:
        paces = [self._global] if self._global else []
        if self._domain_rate:
            paces.append(self._domain_pace(recipient.rpartition("@")[2].lower(), now))
        return paces

    def _domain_pace(self, domain: str, now: float) -> Pace:
        pace = self._domains.get(domain)
        if pace is None:
            assert self._domain_rate is not None
            if len(self._domains) >= MAX_REMEMBERED_DOMAINS:
                self._domains = {name: kept for name, kept in self._domains.items() if kept.due > now}
            pace = self._domains[domain] = Pace.per_second(*self._domain_rate)
        return pace
