"""The built-in mail catcher: an SMTP server (aiosmtpd) that keeps every message in a Maildir.

Each stored message starts with two added headers carrying the SMTP envelope, which can differ
from the From and To headers: X-Fusee-Envelope-From and X-Fusee-Envelope-To.

It can misbehave on purpose (`Faults`) so the sender's retry, bounce and duplicate handling are
tested against a real server: answer 4xx to a share of messages, 550 to recipients matching a
pattern, or cut the connection after a message was received and before answering.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import signal
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, fields
from fnmatch import fnmatchcase
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session, syntax

log = logging.getLogger(__name__)

ENVELOPE_FROM = "X-Fusee-Envelope-From"
ENVELOPE_TO = "X-Fusee-Envelope-To"
SERVER_NAME = "fusee-mailsink"
FAULTS_FILE_CHECK_SECONDS = 0.5
READ_SIZE = 256 * 1024
DATA_END = b"\r\n.\r\n"
STUFFED_DOT = re.compile(rb"(?:^|(?<=\r\n))\.")  # the dot a sender doubled at the start of a line


def default_sink_dir() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / "mailsink"


@dataclass(frozen=True)
class Faults:
    """How the sink misbehaves; the default accepts everything."""

    fail_percent: float = 0  # this share of messages is answered fail_code after their data
    fail_code: int = 451
    bounce_pattern: str = ""  # recipients matching it (fnmatch, e.g. "bounce*@*") get 550 at RCPT
    drop_percent: float = 0  # this share is kept, then the connection is cut before the answer

    def __post_init__(self) -> None:
        for name in ("fail_percent", "drop_percent"):
            if not 0 <= getattr(self, name) <= 100:
                raise ValueError(f"{name} must be a percentage from 0 to 100, got {getattr(self, name)}")
        if not 400 <= self.fail_code <= 599:
            raise ValueError(f"fail_code must be a 4xx or 5xx SMTP code, got {self.fail_code}")

    @classmethod
    def from_json(cls, text: str) -> Faults:
        values = json.loads(text)
        known = {field.name for field in fields(cls)}
        if not isinstance(values, dict) or set(values) - known:
            raise ValueError(f"expected a JSON object with some of {', '.join(sorted(known))}")
        return cls(**values)

    def to_json(self) -> str:
        return json.dumps(asdict(self))


def hits(percent: float, count: int) -> bool:
    """True for exactly `percent`% of counts, evenly spread, so tests need no random seed."""
    return int(count * percent) // 100 > int((count - 1) * percent) // 100


class FaultsFile:
    """Faults read from a JSON file, re-read when it changes, so a running sink can be steered."""

    def __init__(self, path: Path, *, fallback: Faults) -> None:
        self.path, self.fallback = path, fallback
        self._faults, self._mtime, self._checked = fallback, -1.0, -FAULTS_FILE_CHECK_SECONDS

    def current(self) -> Faults:
        now = time.monotonic()
        if now - self._checked >= FAULTS_FILE_CHECK_SECONDS:
            self._checked = now
            self._reload()
        return self._faults

    def _reload(self) -> None:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            self._faults, self._mtime = self.fallback, -1.0
            return
        if mtime == self._mtime:
            return
        try:
            self._faults, self._mtime = Faults.from_json(self.path.read_text()), mtime
        except (OSError, ValueError, TypeError) as error:
            log.warning("mail sink: ignoring faults file %s: %s", self.path, error)


class MaildirWriter:
    """Delivers into a Maildir (tmp/ then rename into new/) as mailbox.Maildir names files.

    mailbox.Maildir.add() fsyncs every message, which caps it at a few hundred a second; a
    test sink needs thousands and can lose its last messages in a power cut.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        for sub in ("tmp", "new", "cur"):
            (directory / sub).mkdir(parents=True, exist_ok=True)
        # Plain strings, not Paths: building paths was a tenth of the time spent on a message.
        self._tmp, self._new = os.path.join(directory, "tmp", ""), os.path.join(directory, "new", "")
        self._pid = os.getpid()
        self._host = socket.gethostname().replace("/", "-").replace(":", "-")
        self._count = 0

    def add(self, content: bytes) -> str:
        self._count += 1
        now = time.time()
        key = f"{int(now)}.M{int(now % 1 * 1_000_000):06d}P{self._pid}Q{self._count}.{self._host}"
        with open(self._tmp + key, "xb") as file:
            file.write(content)
        os.rename(self._tmp + key, self._new + key)
        return key


class SinkHandler:
    """The aiosmtpd handler: keeps messages, or answers as the faults say."""

    def __init__(self, *, directory: Path, faults: Faults | None = None, faults_file: Path | None = None):
        self.writer = MaildirWriter(directory)
        self._faults = faults or Faults()
        self._faults_file = FaultsFile(faults_file, fallback=self._faults) if faults_file else None
        self.received = 0
        self._failure_count = self._drop_count = 0

    @property
    def faults(self) -> Faults:
        return self._faults_file.current() if self._faults_file else self._faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self._faults = faults
        if self._faults_file:
            self._faults_file.fallback = faults  # in force whenever the file is absent

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        pattern = self.faults.bounce_pattern
        if pattern and fnmatchcase(address.lower(), pattern.lower()):
            return f"550 5.1.1 <{address}>: no such mailbox (mail sink bounce pattern)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        faults = self.faults
        self._failure_count += 1
        if hits(faults.fail_percent, self._failure_count):
            return f"{faults.fail_code} {'4.3.0' if faults.fail_code < 500 else '5.3.0'} mail sink fault"
        key = self.store(envelope)
        self._drop_count += 1
        if hits(faults.drop_percent, self._drop_count) and server.transport is not None:
            server.transport.close()  # kept but never answered: the sender cannot know
        return f"250 2.0.0 OK {key}"

    def store(self, envelope: Envelope) -> str:
        recipients = ", ".join(envelope.rcpt_tos)
        added = f"{ENVELOPE_FROM}: {envelope.mail_from}\n{ENVELOPE_TO}: {recipients}\n".encode()
        content = envelope.original_content or b""
        key = self.writer.add(added + content.replace(b"\r\n", b"\n"))
        self.received += 1
        return key


class SinkSMTP(SMTP):
    """aiosmtpd's server, reading a message's data in large chunks instead of line by line.

    aiosmtpd awaits each line of DATA, about 6 µs a line: 3 ms for a 40 kB HTML email, which
    made the sink slower than the senders it measures. The sink does not offer PIPELINING,
    so nothing follows the final dot until it answers: the chunks hold that message only.
    """

    @syntax("DATA")
    async def smtp_DATA(self, arg: str) -> None:
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None
        if not self.envelope.rcpt_tos:
            return await self.push("503 Error: need RCPT command")
        if arg:
            return await self.push("501 Syntax: DATA")
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        data = await self._read_data()
        if data is None:
            self._set_post_data_state()
            return await self.push("552 Error: Too much mail data")
        self.envelope.content = self.envelope.original_content = STUFFED_DOT.sub(b"", data)
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push(status)

    async def _read_data(self) -> bytes | None:
        """The data up to the lone dot, still dot-stuffed; None when over data_size_limit."""
        buffer, too_big, limit = bytearray(), False, self.data_size_limit
        while not (buffer.endswith(b"\r\n.\r\n") or buffer == b".\r\n"):
            chunk = await self._reader.read(READ_SIZE)
            if not chunk:
                raise ConnectionResetError("connection closed during DATA")
            buffer += chunk
            if limit and len(buffer) > limit + len(DATA_END):
                too_big = True
                del buffer[: -len(DATA_END)]  # keep only what can still hold the end mark
        return None if too_big else bytes(buffer[: -len(DATA_END) + 2])


def smtp_server(handler: SinkHandler, *, loop: asyncio.AbstractEventLoop | None = None) -> SMTP:
    # A fixed hostname: aiosmtpd would otherwise look up the machine's FQDN at every connection.
    return SinkSMTP(handler, hostname=SERVER_NAME, ident="Fusee mail sink", enable_SMTPUTF8=True, loop=loop)


class _CountingController(Controller):
    """aiosmtpd's threaded server, listening on a free port when asked for port 0."""

    connections = 0

    def factory(self) -> SMTP:
        self.connections += 1
        return smtp_server(self.handler, loop=self.loop)

    def _create_server(self) -> Awaitable[asyncio.AbstractServer]:
        return self._listen()

    async def _listen(self) -> asyncio.AbstractServer:
        server = await self.loop.create_server(self._factory_invoker, host=self.hostname, port=self.port)
        self.port = server.sockets[0].getsockname()[1]
        return server


class SinkServer:
    """The sink in a background thread, for tests and benchmarks: `with SinkServer(...) as sink:`."""

    def __init__(
        self,
        *,
        directory: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Faults | None = None,
        faults_file: Path | None = None,
    ) -> None:
        self.handler = SinkHandler(directory=directory, faults=faults, faults_file=faults_file)
        self.directory = directory
        self._controller = _CountingController(self.handler, hostname=host, port=port, ready_timeout=10)

    @property
    def host(self) -> str:
        return self._controller.hostname

    @property
    def port(self) -> int:
        return self._controller.port

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    @property
    def connections(self) -> int:
        """SMTP connections opened by clients since the server started."""
        return self._controller.connections

    @property
    def received(self) -> int:
        return self.handler.received

    @property
    def faults(self) -> Faults:
        return self.handler.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self.handler.faults = faults

    def start(self) -> SinkServer:
        self._controller.start()
        self._controller.connections = 0  # start() opened one to check the server answers
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> SinkServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def serve(*, host: str, port: int, handler: SinkHandler, on_ready: Callable[[int], Any]) -> None:
    """Run the sink in this process until SIGINT or SIGTERM; on_ready gets the port listened on."""
    asyncio.run(_serve(host=host, port=port, handler=handler, on_ready=on_ready))


async def _serve(*, host: str, port: int, handler: SinkHandler, on_ready: Callable[[int], Any]) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: smtp_server(handler, loop=loop), host=host, port=port)
    stopped = asyncio.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stopped.set)
    on_ready(server.sockets[0].getsockname()[1])
    async with server:
        await stopped.wait()
