"""Send mail over one persistent SMTP connection, and say for each message what became of it.

`SmtpSender.send` never raises for what the server answers about a message: it returns a
`SendResult` whose outcome is accepted (2xx), retry (4xx, or no answer before the message was
complete), bounce (5xx) or unknown (the connection was lost after the whole message was sent and
before the server's answer: the server may have kept it, so a retry may be a duplicate).
It raises `SmtpConfigurationError` only when no message can go until someone fixes the settings.

Pooling: a sender is not thread-safe; each worker task holds one sender (one connection) for
its batch, inside a `with` block, so N concurrent tasks use N connections.
"""

from __future__ import annotations

import contextlib
import logging
import re
import smtplib
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from types import TracebackType
from typing import Literal

# The URL is read in fusee.config (the settings need it too); its names stay importable from here.
from fusee.config.smtp_url import InvalidSmtpUrl as InvalidSmtpUrl
from fusee.config.smtp_url import SmtpUrl as SmtpUrl
from fusee.config.smtp_url import smtp_url_from_env as smtp_url_from_env
from fusee.core.errors import DomainError

log = logging.getLogger(__name__)

Stage = Literal["connect", "mail", "rcpt", "data"]

LINE_END = re.compile(rb"\r\n|\r|\n")
LEADING_DOT = re.compile(rb"^\.", re.MULTILINE)

LINE_END = re.compile(rb"\r\n|\r|\n")
LEADING_DOT = re.compile(rb"^\.", re.MULTILINE)


class SmtpConfigurationError(DomainError):
    """The server refuses our settings (credentials, TLS): nothing can be sent until they are fixed."""


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    RETRY = "retry"
    BOUNCE = "bounce"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    code: int | None  # None when no answer came: no connection, or the connection was lost
    text: str
    stage: Stage  # where it ended; a bounce at "mail" is about the sender, not the recipient
    refused_recipients: dict[str, tuple[int, str]] = field(default_factory=dict)

    @property
    def is_final(self) -> bool:
        return self.outcome in (Outcome.ACCEPTED, Outcome.BOUNCE)


def outcome_of(code: int) -> Outcome:
    if 200 <= code < 300:
        return Outcome.ACCEPTED
    if 500 <= code < 600:
        return Outcome.BOUNCE
    return Outcome.RETRY  # 4xx, and any odd code: worth another try later


def wire_format(message: bytes) -> bytes:
    """The DATA payload: CRLF line ends only (bare CR or LF invite SMTP smuggling), dots doubled."""
    body = LEADING_DOT.sub(b"..", LINE_END.sub(b"\r\n", message))
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


def reply_text(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return " ".join(text.split())[:500]


class SmtpSender:
    """One SMTP connection kept open across messages, reopened when the server drops it."""

    def __init__(
        self,
        *,
        url: SmtpUrl,
        local_hostname: str | None = None,
        idle_check_seconds: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.local_hostname = local_hostname
        self.idle_check_seconds = idle_check_seconds
        self.connections_opened = 0
        self._clock = clock
        self._connection: smtplib.SMTP | None = None
        self._last_used = 0.0

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def send(self, *, message: bytes, sender: str, recipients: list[str]) -> SendResult:
        if not recipients:
            raise ValueError("a message needs at least one recipient")
        reused = self._connection is not None
        result = self._send_once(message, sender, recipients)
        if reused and self._lost_before_sending(result):
            # The server closed a connection we kept (restart, idle time-out): nothing went, so one
            # more try on a new connection cannot duplicate the message.
            log.info("smtp connection to %s was closed (%s); reconnecting", self.url, result.text)
            result = self._send_once(message, sender, recipients)
        self._last_used = self._clock()
        return result

    def close(self) -> None:
        if self._connection is None:
            return
        with contextlib.suppress(OSError):  # already gone: nothing left to close politely
            self._connection.quit()
        self._drop()

    def _send_once(self, message: bytes, sender: str, recipients: list[str]) -> SendResult:
        connection = self._live_connection() or self._reconnect()
        if isinstance(connection, SendResult):
            return connection
        try:
            return self._transaction(connection, message, sender, recipients)
        except _ConnectionLost as lost:
            self._drop()
            return lost.result

    @staticmethod
    def _lost_before_sending(result: SendResult) -> bool:
        return result.outcome == Outcome.RETRY and result.stage != "connect" and result.code in (None, 421)

    def _live_connection(self) -> smtplib.SMTP | None:
        """The open connection, checked with a NOOP when it sat idle long enough to be cut."""
        connection = self._connection
        if connection is None or self._clock() - self._last_used < self.idle_check_seconds:
            return connection
        try:
            alive = connection.noop()[0] == 250
        except OSError:
            alive = False
        if not alive:
            self._drop()
        return connection if alive else None

    def _reconnect(self) -> smtplib.SMTP | SendResult:
        self._drop()
        try:
            self._connection = self._connect()
        except OSError as error:
            code = getattr(error, "smtp_code", None)
            return SendResult(Outcome.RETRY, code, f"cannot connect to {self.url}: {error}", "connect")
        self.connections_opened += 1
        return self._connection

    def _connect(self) -> smtplib.SMTP:
        try:
            return self._open_and_greet(self._tls_context())
        except ssl.SSLCertVerificationError as error:
            raise SmtpConfigurationError(
                f"{self.url}: the server's TLS certificate cannot be verified ({error.verify_message}); "
                "add ?verify=0 to FUSEE_SMTP_URL only for a test server"
            ) from error
        except smtplib.SMTPNotSupportedError as error:  # STARTTLS or AUTH asked of a server without it
            raise SmtpConfigurationError(f"{self.url}: {error}") from error

    def _open_and_greet(self, context: ssl.SSLContext) -> smtplib.SMTP:
        url = self.url
        if url.security == "ssl":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                url.host, url.port, self.local_hostname, timeout=url.timeout, context=context
            )
        else:
            connection = smtplib.SMTP(url.host, url.port, self.local_hostname, timeout=url.timeout)
        try:
            connection.ehlo_or_helo_if_needed()
            if url.security == "starttls":
                connection.starttls(context=context)
                connection.ehlo()
            if url.username:
                self._login(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _login(self, connection: smtplib.SMTP) -> None:
        try:
            connection.login(self.url.username, self.url.password)
        except smtplib.SMTPAuthenticationError as error:
            if error.smtp_code < 500:
                raise  # a temporary failure (454): retry later like any 4xx
            raise SmtpConfigurationError(
                f"{self.url}: the server refused the user name or password "
                f"({error.smtp_code} {reply_text(error.smtp_error)})"
            ) from error

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.url.verify_certificate:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def _transaction(
        self, connection: smtplib.SMTP, message: bytes, sender: str, recipients: list[str]
    ) -> SendResult:
        options = self._mail_options(connection, message, sender, recipients)
        if not options.ok:
            return SendResult(Outcome.BOUNCE, None, options.problem, "mail")
        with on_lost_connection(Outcome.RETRY, "mail"):
            code, text = connection.mail(sender, options.values)
        if code != 250:
            return self._abort(connection, code, text, "mail")
        refused = self._refused_recipients(connection, recipients)
        if len(refused) == len(recipients):
            first_code, first_text = refused[recipients[0]]
            return self._abort(connection, first_code, first_text, "rcpt", refused)
        return self._data(connection, message, refused)

    def _mail_options(
        self, connection: smtplib.SMTP, message: bytes, sender: str, recipients: list[str]
    ) -> _MailOptions:
        options = []
        if not message.isascii() and connection.has_extn("8bitmime"):
            options.append("BODY=8BITMIME")
        if not (sender.isascii() and all(address.isascii() for address in recipients)):
            if not connection.has_extn("smtputf8"):
                return _MailOptions(problem=f"{self.url} cannot take non-ASCII addresses (no SMTPUTF8)")
            options.append("SMTPUTF8")
        return _MailOptions(values=options)

    @staticmethod
    def _refused_recipients(connection: smtplib.SMTP, recipients: list[str]) -> dict[str, tuple[int, str]]:
        refused = {}
        for address in recipients:
            with on_lost_connection(Outcome.RETRY, "rcpt"):
                code, text = connection.rcpt(address)
            if code not in (250, 251):
                refused[address] = (code, reply_text(text))
        return refused

    def _data(
        self, connection: smtplib.SMTP, message: bytes, refused: dict[str, tuple[int, str]]
    ) -> SendResult:
        with on_lost_connection(Outcome.RETRY, "data"):
            code, text = connection.docmd("DATA")
            if code != 354:
                return self._abort(connection, code, text, "data", refused)
            connection.send(wire_format(message))
        # The whole message is out: if the answer never comes, the server may have kept it.
        with on_lost_connection(Outcome.UNKNOWN, "data", "after the whole message was sent"):
            code, text = connection.getreply()
        if code == 421:
            self._drop()
        return SendResult(outcome_of(code), code, reply_text(text), "data", refused)

    def _abort(
        self,
        connection: smtplib.SMTP,
        code: int,
        text: bytes | str,
        stage: Stage,
        refused: dict[str, tuple[int, str]] | None = None,
    ) -> SendResult:
        """End a refused transaction so the connection can carry the next message."""
        if code == 421:
            self._drop()  # the server is closing this connection
        else:
            try:
                connection.rset()
            except OSError:
                self._drop()
        return SendResult(outcome_of(code), code, reply_text(text), stage, refused or {})

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class _ConnectionLost(Exception):
    def __init__(self, result: SendResult) -> None:
        super().__init__(result.text)
        self.result = result


@contextlib.contextmanager
def on_lost_connection(outcome: Outcome, stage: Stage, when: str = "") -> Iterator[None]:
    try:
        yield
    except OSError as error:
        code = getattr(error, "smtp_code", None)
        text = f"connection lost{' ' + when if when else ''}: {error}"
        raise _ConnectionLost(SendResult(outcome, code, text, stage)) from error


@dataclass(frozen=True)
class _MailOptions:
    values: list[str] = field(default_factory=list)
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem
