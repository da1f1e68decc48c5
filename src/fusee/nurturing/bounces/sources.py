"""Where bounce reports are read from: a Maildir folder, an mbox file, or an IMAP folder.

Each source yields the messages not yet processed and marks a message done once its report
was applied (or was a report about nobody we know). Unreadable messages and mail that is not
a report stay as they were, for a person to look at.

- Maildir: reads new/ and cur/, skips messages flagged Seen (S); done = moved to cur/ with S.
- mbox: read-only (rewriting an mbox file that a mail server may be appending to is not worth
  the risk); every run reads every message and the database keeps it from applying one twice.
- IMAP (`imaps://user:password@host[:port]/Folder`, folder INBOX when left out;
  `imap://` without TLS, for a server on the same machine only): reads UNSEEN messages without
  marking them, then flags each done message \\Seen. Messages are never moved nor deleted.
"""

from __future__ import annotations

import contextlib
import imaplib
import mailbox
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Protocol
from urllib.parse import unquote, urlsplit

from fusee.config.env import redact
from fusee.core.errors import DomainError

IMAP_EXAMPLE = "imaps://bounces%40example.com:password@imap.example.com/INBOX"
MAILDIR_INFO = ":2,"


class MailboxError(DomainError):
    """The source cannot be read: a wrong path or URL, a refused login; the message names it."""


@dataclass(frozen=True)
class Item:
    key: str
    raw: bytes


class Mailbox(Protocol):
    def unread(self) -> Iterator[Item]: ...

    def mark_done(self, item: Item) -> None: ...


@contextlib.contextmanager
def mailbox_open(source: str) -> Iterator[Mailbox]:
    """The mailbox named by `source`: an imap(s):// URL, a Maildir folder or an mbox file."""
    if source.startswith(("imap://", "imaps://")):
        with ImapMailbox(url=ImapUrl.parse(source)) as imap:
            yield imap
        return
    path = Path(source).expanduser()
    if path.is_dir():
        yield MaildirMailbox(path=path)
    elif path.is_file():
        yield MboxMailbox(path=path)
    else:
        raise MailboxError(
            f"{redact(source)!r}: no such Maildir folder or mbox file, and not an imap:// or imaps:// URL"
        )


class MaildirMailbox:
    def __init__(self, *, path: Path) -> None:
        if not all((path / folder).is_dir() for folder in ("new", "cur", "tmp")):
            raise MailboxError(f"{path} is a folder but not a Maildir (it needs new/, cur/ and tmp/)")
        self.path = path

    def unread(self) -> Iterator[Item]:
        for folder in ("new", "cur"):
            for file in sorted((self.path / folder).iterdir()):
                if file.name.startswith(".") or "S" in maildir_flags(file.name):
                    continue
                with contextlib.suppress(FileNotFoundError):  # another client moved it meanwhile
                    yield Item(key=str(file), raw=file.read_bytes())

    def mark_done(self, item: Item) -> None:
        file = Path(item.key)
        unique = file.name.partition(MAILDIR_INFO)[0]
        flags = "".join(sorted(set(maildir_flags(file.name)) | {"S"}))
        os.replace(file, self.path / "cur" / f"{unique}{MAILDIR_INFO}{flags}")


def maildir_flags(name: str) -> str:
    return name.partition(MAILDIR_INFO)[2]


class MboxMailbox:
    def __init__(self, *, path: Path) -> None:
        with path.open("rb") as file:
            start = file.read(5)
        if start and start != b"From ":
            raise MailboxError(f"{path} is not an mbox file (it should start with a 'From ' line)")
        self.path = path

    def unread(self) -> Iterator[Item]:
        box = mailbox.mbox(self.path, create=False)
        try:
            for key in box.iterkeys():
                yield Item(key=str(key), raw=box.get_bytes(key))
        finally:
            box.close()

    def mark_done(self, item: Item) -> None:
        """Nothing: an mbox is only read (see the module's docstring)."""


@dataclass(frozen=True)
class ImapUrl:
    host: str
    port: int
    username: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    tls: bool = True

    @classmethod
    def parse(cls, raw: str) -> ImapUrl:
        shown = redact(raw)
        parts = urlsplit(raw.strip())
        if parts.scheme not in ("imap", "imaps"):
            raise MailboxError(f"{shown!r}: expected imaps:// (imap:// only on this machine): {IMAP_EXAMPLE}")
        if not parts.hostname or not parts.username:
            raise MailboxError(f"{shown!r}: the host and the user name are needed, as in {IMAP_EXAMPLE}")
        try:
            port = parts.port
        except ValueError as error:
            raise MailboxError(f"{shown!r}: the port is not a number") from error
        tls = parts.scheme == "imaps"
        return cls(
            host=parts.hostname,
            port=port or (993 if tls else 143),
            username=unquote(parts.username),
            password=unquote(parts.password or ""),
            folder=unquote(parts.path.strip("/")) or "INBOX",
            tls=tls,
        )

    def __str__(self) -> str:
        return f"{'imaps' if self.tls else 'imap'}://{self.username}:***@{self.host}:{self.port}/{self.folder}"


class ImapMailbox:
    def __init__(self, *, url: ImapUrl, timeout: float = 60.0) -> None:
        self.url = url
        self.timeout = timeout
        self.connection: imaplib.IMAP4 | None = None

    def __enter__(self) -> ImapMailbox:
        try:
            self.connection = self._connect()
        except (OSError, imaplib.IMAP4.error) as error:
            raise MailboxError(f"{self.url}: {error}") from error
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.connection is not None:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):  # already gone
                self.connection.close()
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                self.connection.logout()
            self.connection = None

    def _connect(self) -> imaplib.IMAP4:
        url = self.url
        if url.tls:
            connection: imaplib.IMAP4 = imaplib.IMAP4_SSL(url.host, url.port, timeout=self.timeout)
        else:
            connection = imaplib.IMAP4(url.host, url.port, timeout=self.timeout)
        try:
            connection.login(url.username, url.password)
            status, answer = connection.select(quoted(url.folder))
            if status != "OK":
                raise MailboxError(f"{url}: cannot open the folder {url.folder!r} ({answer_text(answer)})")
        except BaseException:
            connection.shutdown()
            raise
        return connection

    def unread(self) -> Iterator[Item]:
        connection = self._open()
        status, answer = connection.uid("SEARCH", "UNSEEN")
        if status != "OK":
            raise MailboxError(f"{self.url}: the search for unread messages failed ({answer_text(answer)})")
        for uid in answer[0].split() if answer and answer[0] else []:
            raw = fetched_message(connection.uid("FETCH", uid.decode(), "(BODY.PEEK[])"))
            if raw is not None:
                yield Item(key=uid.decode(), raw=raw)

    def mark_done(self, item: Item) -> None:
        self._open().uid("STORE", item.key, "+FLAGS", "(\\Seen)")

    def _open(self) -> imaplib.IMAP4:
        if self.connection is None:
            raise MailboxError(f"{self.url}: use the mailbox inside a with block")
        return self.connection


def fetched_message(response: tuple[str, list]) -> bytes | None:
    """The message bytes in imaplib's answer to FETCH (BODY.PEEK[]), None if it vanished."""
    status, data = response
    if status != "OK":
        return None
    return next((part[1] for part in data if isinstance(part, tuple) and len(part) == 2), None)


def quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def answer_text(answer: list) -> str:
    return b" ".join(part for part in answer if isinstance(part, bytes)).decode("utf-8", "replace")
