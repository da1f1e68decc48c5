"""Read the mail sink's Maildir for the outbox page: newest messages first, one message in full."""

from __future__ import annotations

import heapq
import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import parsedate_to_datetime
from glob import escape as glob_escape
from pathlib import Path

from fusee.core.errors import DomainError
from fusee.nurturing.transport.sink import ENVELOPE_FROM, ENVELOPE_TO

# mailbox.Maildir and the sink name files "<seconds>.M<microseconds>P<pid>Q<count>.<host>".
KEY_TIME = re.compile(r"^(\d+)\.M(\d+)P\d+Q(\d+)\.")
HEADER_BYTES = 64 * 1024


@dataclass(frozen=True)
class SinkMessage:
    key: str
    subject: str
    sender: str  # the From header
    to: str  # the To header
    date: datetime | None  # the Date header, when it can be read
    message_id: str
    size: int
    envelope_from: str
    envelope_to: tuple[str, ...]
    received_at: datetime
    text: str = ""
    html: str = ""


@dataclass(frozen=True)
class _Entry:
    key: str
    path: Path
    order: tuple[float, int]


def sink_messages(*, directory: Path, limit: int = 50) -> list[SinkMessage]:
    """The newest `limit` messages, headers only: a Maildir of 40,000 is listed without reading them all."""
    newest = heapq.nlargest(limit, _entries(directory), key=lambda entry: entry.order)
    return [_summary(entry) for entry in newest]


def sink_message(*, directory: Path, key: str) -> SinkMessage:
    """One message with its text and HTML parts; DomainError when there is no such message."""
    path = _find(directory, key)
    if path is None:
        raise DomainError(f"the mail sink in {directory} has no message {key!r}")
    raw = path.read_bytes()
    entry = _Entry(key=key, path=path, order=_order(key, path))
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    summary = _describe(message, entry=entry, size=len(raw))
    return replace(summary, text=_body(message, "plain"), html=_body(message, "html"))


def _entries(directory: Path) -> list[_Entry]:
    entries = []
    for sub in ("new", "cur"):
        try:
            scan = os.scandir(directory / sub)
        except FileNotFoundError:
            continue
        with scan:
            for item in scan:
                if item.is_file() and not item.name.startswith("."):
                    key = item.name.split(":")[0]  # cur/ names end with ":2,<flags>"
                    path = Path(item.path)
                    entries.append(_Entry(key=key, path=path, order=_order(key, path)))
    return entries


def _find(directory: Path, key: str) -> Path | None:
    if not key or key != Path(key).name or key.startswith(".") or ":" in key:
        return None  # not a Maildir key: never let it walk out of the folder
    if (directory / "new" / key).is_file():
        return directory / "new" / key
    cur = directory / "cur"
    matches = [path for path in cur.glob(f"{glob_escape(key)}:*") if path.is_file()] if cur.is_dir() else []
    return matches[0] if matches else None


def _order(key: str, path: Path) -> tuple[float, int]:
    """When the sink received it: from the key's name, or the file's time for foreign names."""
    if match := KEY_TIME.match(key):
        seconds, micro, count = match.groups()
        return (int(seconds) + int(micro) / 1_000_000, int(count))
    return (path.stat().st_mtime, 0)


def _summary(entry: _Entry) -> SinkMessage:
    with entry.path.open("rb") as file:
        head = file.read(HEADER_BYTES)
        size = os.fstat(file.fileno()).st_size
    head = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    message = BytesHeaderParser(policy=policy.default).parsebytes(head)
    assert isinstance(message, EmailMessage)
    return _describe(message, entry=entry, size=size)


def _describe(message: EmailMessage, *, entry: _Entry, size: int) -> SinkMessage:
    return SinkMessage(
        key=entry.key,
        subject=_header(message, "Subject"),
        sender=_header(message, "From"),
        to=_header(message, "To"),
        date=_date(_header(message, "Date")),
        message_id=_header(message, "Message-ID"),
        size=size,
        envelope_from=_header(message, ENVELOPE_FROM),
        envelope_to=tuple(filter(None, (a.strip() for a in _header(message, ENVELOPE_TO).split(",")))),
        received_at=datetime.fromtimestamp(entry.order[0], tz=UTC),
    )


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, ""))
    except (ValueError, IndexError, TypeError):  # a header too broken for the parser: show it raw
        return str(message.get_all(name, [""])[0])


def _date(value: str) -> datetime | None:
    try:
        return parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None


def _body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    if part is None:
        return ""
    try:
        return str(part.get_content())
    except (LookupError, ValueError):  # unknown charset or broken encoding: still show something
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
