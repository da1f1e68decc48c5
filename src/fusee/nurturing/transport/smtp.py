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
import os
import re
import smtplib
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from types import TracebackType
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from fusee.config.env import FALSE_WORDS, TRUE_WORDS, ConfigError, redact
from fusee.core.errors import DomainError

log = logging.getLogger(__name__)

Security = Literal["none", "starttls", "ssl"]
Stage = Literal["connect", "mail", "rcpt", "data"]

SECURITY_BY_SCHEME: dict[str, Security] = {"smtp": "none", "smtp+tls": "starttls", "smtps": "ssl"}
DEFAULT_PORTS: dict[Security, int] = {"none": 25, "starttls": 587, "ssl": 465}
URL_OPTIONS = ("starttls", "verify", "timeout")
EXAMPLE_URL = "smtp://user:pass@mail.example.com:587?starttls=1"

LINE_END = re.compile(rb"\r\n|\r|\n")
LEADING_DOT = re.compile(rb"^\.", re.MULTILINE)


class InvalidSmtpUrl(DomainError, ValueError):
    """An SMTP URL that cannot be used as written; the message names the wrong part."""


class SmtpConfigurationError(DomainError):
    """The server refuses our settings (credentials, TLS): nothing can be sent until they are fixed."""


@dataclass(frozen=True)
class SmtpUrl:
    host: str
    port: int
    security: Security = "none"
    username: str = ""
    password: str = field(default="", repr=False)
    verify_certificate: bool = True
    timeout: float = 30.0

    @classmethod
    def parse(cls, raw: str) -> SmtpUrl:
        """Read smtp://[user:pass@]host[:port][?starttls=1&verify=0&timeout=30], smtp+tls:// or smtps://."""
        shown = redact(raw.strip())
        parts = urlsplit(raw.strip())
        options = parse_options(parts.query, shown)
        security = security_of(parts.scheme, options, shown)
        if not parts.hostname:
            raise InvalidSmtpUrl(f"the host is missing in {shown!r}; expected a URL like {EXAMPLE_URL}")
        if parts.path not in ("", "/"):
            raise InvalidSmtpUrl(f"unexpected path {parts.path!r} in {shown!r}; expected {EXAMPLE_URL}")
        return cls(
            host=parts.hostname,
            port=port_of(parts.netloc, security, shown),
            security=security,
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            verify_certificate=flag(options, "verify", shown, default=True),
            timeout=timeout_of(options, shown),
        )

    def __str__(self) -> str:
        scheme = {"none": "smtp", "starttls": "smtp+tls", "ssl": "smtps"}[self.security]
        user = f"{self.username}:***@" if self.username else ""
        return f"{scheme}://{user}{self.host}:{self.port}"


def smtp_url_from_env() -> SmtpUrl | None:
    """FUSEE_SMTP_URL, or None when mail should go to the built-in mail sink."""
    raw = os.environ.get("FUSEE_SMTP_URL", "").strip()
    if not raw:
        return None
    try:
        return SmtpUrl.parse(raw)
    except InvalidSmtpUrl as error:
        raise ConfigError("FUSEE_SMTP_URL", str(error)) from error


def parse_options(query: str, shown: str) -> dict[str, str]:
    options = dict(parse_qsl(query, keep_blank_values=True))
    if unknown := sorted(set(options) - set(URL_OPTIONS)):
        raise InvalidSmtpUrl(
            f"unknown option {unknown[0]!r} in {shown!r}; the options are {', '.join(URL_OPTIONS)}"
        )
    return options


def security_of(scheme: str, options: dict[str, str], shown: str) -> Security:
    if scheme not in SECURITY_BY_SCHEME:
        raise InvalidSmtpUrl(
            f"the scheme must be smtp, smtp+tls or smtps, got {scheme or 'none'!r} in {shown!r}"
        )
    security = SECURITY_BY_SCHEME[scheme]
    if flag(options, "starttls", shown, default=False):
        if security == "ssl":
            raise InvalidSmtpUrl(f"smtps:// is already encrypted; remove starttls=1 from {shown!r}")
        security = "starttls"
    return security


def port_of(netloc: str, security: Security, shown: str) -> int:
    raw = netloc.rpartition("@")[2].rpartition("]")[2].partition(":")[2]
    if not raw:
        return DEFAULT_PORTS[security]
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise InvalidSmtpUrl(f"the port must be a number from 1 to 65535, got {raw!r} in {shown!r}")
    return int(raw)


def flag(options: dict[str, str], name: str, shown: str, *, default: bool) -> bool:
    word = options.get(name, "1" if default else "0").strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise InvalidSmtpUrl(f"the option {name} must be 1 or 0, got {word!r} in {shown!r}")
    return word in TRUE_WORDS


def timeout_of(options: dict[str, str], shown: str) -> float:
    raw = options.get("timeout", "30")
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 3600:
        raise InvalidSmtpUrl(f"the option timeout must be seconds from 1 to 3600, got {raw!r} in {shown!r}")
    return seconds


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
