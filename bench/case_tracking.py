"""The click redirect under load: `fusee serve` in its own process, as production runs it.

The server is `fusee serve --no-worker` (waitress, 8 threads, the production settings, the
bench PostgreSQL base) on a free port; the load comes from this process: 8 keep-alive
connections (one per server thread) sending GETs back to back over asyncio, a browser's
User-Agent. Fixtures: 2,000 contacts of their own (`click<n>@bench-click.example`), each with
one sent message of a bench email; the click URLs are the ones sending puts in emails
(`tracking.click_url`, 3 links a message), so every request checks a signature and records an
event.

Each run sends REQUESTS clicks, then waits until all of them are events in the database (the
server writes them in batches); the baseline, in the same run and the same server, is the
login redirect an anonymous visitor gets at /contacts/: the whole middleware stack and a 302,
no database. Last, a burst of clicks right before the server is stopped (SIGINT, like Ctrl+C):
they must be in the database once it has exited. Everything the case made is deleted at the
end (the contacts cascade to their events and messages).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

CONTACTS = 2_000
LINKS = (
    "https://orbitale.example/guide",
    "https://orbitale.example/pricing",
    "https://orbitale.example/demo",
)
REQUESTS = 10_000
WARM_UP = 1_000
RUNS = 3
CONNECTIONS = 8  # `fusee serve`'s threads
BURST_BEFORE_STOP = 300
TARGET = 1_000  # requests per second
DOMAIN = "bench-click.example"
EMAIL_NAME = "Bench: click redirect"
CAMPAIGN = "bench-click"
BASELINE_PATH = "/contacts/"
BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15"


def click_redirect(args: Any) -> dict[str, Any]:
    fixtures_delete()  # what a crashed run may have left
    try:
        paths = fixtures_create()
        with Server() as server:
            ours, base = measure(server, paths)
            clicks_send(server.port, paths[:BURST_BEFORE_STOP])
        expected = WARM_UP + RUNS * REQUESTS + BURST_BEFORE_STOP
        recorded = clicks_recorded()  # the server has exited: its last batch was written at exit
        if recorded != expected:
            raise AssertionError(f"{recorded:,} clicks recorded of {expected:,} answered")
    finally:
        fixtures_delete()
    return result_row(ours=ours, base=base, recorded=recorded)


def measure(server: Server, paths: list[str]) -> tuple[list[float], list[float]]:
    """Seconds for REQUESTS clicks, and for as many baseline redirects, RUNS times."""
    clicks_send(server.port, paths[:WARM_UP])
    wait_recorded(WARM_UP)
    baseline_paths = [BASELINE_PATH] * REQUESTS
    ours, base = [], []
    for run in range(RUNS):
        ours.append(clicks_send(server.port, paths))
        wait_recorded(WARM_UP + (run + 1) * REQUESTS)
        base.append(load(server.port, baseline_paths, expect=302))
    return ours, base


def result_row(*, ours: list[float], base: list[float], recorded: int) -> dict[str, Any]:
    seconds, baseline = statistics.median(ours), statistics.median(base)
    rate = REQUESTS / seconds
    note = (
        f"req/s: clicks {rate:,.0f} (runs {', '.join(f'{REQUESTS / s:,.0f}' for s in ours)}), "
        f"login redirect {REQUESTS / baseline:,.0f}; {CONNECTIONS} keep-alive connections; "
        f"{recorded:,} of {recorded:,} clicks recorded, incl. {BURST_BEFORE_STOP} flushed at shutdown"
    )
    return {
        "name": f"click redirect, {REQUESTS:,} requests",
        "seconds": seconds,
        "baseline": baseline,
        "ratio": seconds / baseline,
        "limit": f"{TARGET}/s",
        "ok": rate >= TARGET,
        "note": note,
    }


# The server


class Server:
    """`fusee serve` on a free port in its own process; stopped with SIGINT, as by Ctrl+C."""

    def __init__(self) -> None:
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="fusee-bench-serve-", suffix=".log")  # noqa: SIM115
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        command = [
            str(Path(sys.executable).with_name("fusee")),
            "serve",
            "--port",
            str(self.port),
            "--no-worker",
        ]
        self._process = subprocess.Popen(
            command,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
            # A shell running us in the background ignores SIGINT, and so would the server.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.monotonic() + 60
        while not self.answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"fusee serve did not start:\n{self.output()}")
            time.sleep(0.2)
        return self

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                return True
        except OSError:
            return False

    def __exit__(self, *_exc: object) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGINT)
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            raise RuntimeError(f"fusee serve did not stop on SIGINT:\n{self.output()}") from None
        finally:
            self.log.close()

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-3000:]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# The load: keep-alive connections, each sending its next GET when the last answer is in


def clicks_send(port: int, paths: list[str]) -> float:
    return load(port, paths, expect=302)


def load(port: int, paths: list[str], *, expect: int) -> float:
    """Seconds to get an answer to every path; raises unless all answered `expect`."""
    requests = [
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {BROWSER}\r\n\r\n".encode() for path in paths
    ]
    started = time.perf_counter()
    statuses = asyncio.run(load_async(port, requests))
    seconds = time.perf_counter() - started
    if statuses != Counter({expect: len(paths)}):
        raise AssertionError(f"expected {len(paths):,} answers {expect}, got {dict(statuses)}")
    return seconds


async def load_async(port: int, requests: list[bytes]) -> Counter[int]:
    statuses: Counter[int] = Counter()
    await asyncio.gather(
        *(connection_run(port, requests[start::CONNECTIONS], statuses) for start in range(CONNECTIONS))
    )
    return statuses


async def connection_run(port: int, requests: list[bytes], statuses: Counter[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for request in requests:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            statuses[int(head[9:12])] += 1
            if length := content_length(head):
                await reader.readexactly(length)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


def content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _colon, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


# The contacts, their messages, and the clicks recorded


def fixtures_create() -> list[str]:
    """The click paths of CONTACTS sent messages, REQUESTS of them, each link in turn."""
    from fusee.contacts.models import Contact, LegalBasis
    from fusee.nurturing.models import Email, Message, MessageStatus
    from fusee.nurturing.tracking import click_url

    email = Email.objects.create(
        name=EMAIL_NAME, from_name="Orbitale", from_email="hello@orbitale.example", utm_campaign=CAMPAIGN
    )
    contacts = Contact.objects.bulk_create(
        Contact(email=f"click{n}@{DOMAIN}", legal_basis=LegalBasis.CONSENT) for n in range(CONTACTS)
    )
    sent_at = timezone.now() - timedelta(hours=1)  # long enough ago for a person, not a scanner
    messages = Message.objects.bulk_create(
        Message(
            email=email,
            contact=contact,
            message_id=f"<click{contact.pk}@{DOMAIN}>",
            status=MessageStatus.SENT,
            sent_at=sent_at,
        )
        for contact in contacts
    )
    urls = [click_url(message.pk, link) for link in LINKS for message in messages]
    return ["/" + url.split("://", 1)[1].split("/", 1)[1] for url in islice_cycle(urls, REQUESTS)]


def islice_cycle(items: list[str], count: int) -> Iterator[str]:
    return (items[index % len(items)] for index in range(count))


def clicks_recorded() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE properties->>'machine' = 'true') FROM contacts_event "
            "WHERE campaign = %s AND type = 'email_clicked'",
            [CAMPAIGN],
        )
        count, machine = cursor.fetchone()
    if machine:
        raise AssertionError(f"{machine:,} clicks of a browser an hour after delivery flagged as a machine's")
    return int(count)


def wait_recorded(expected: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while (recorded := clicks_recorded()) < expected:
        if time.monotonic() > deadline:
            raise AssertionError(f"{recorded:,} clicks recorded of {expected:,} answered after {timeout:g} s")
        time.sleep(0.1)
    if recorded != expected:
        raise AssertionError(f"{recorded:,} clicks recorded for {expected:,} answered")


def fixtures_delete() -> None:
    from fusee.contacts.models import Contact
    from fusee.nurturing.models import Email

    Contact.objects.filter(email__endswith=f"@{DOMAIN}").delete()  # cascades to events and messages
    Email.objects.filter(name=EMAIL_NAME).delete()
