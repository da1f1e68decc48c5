"""FUSEE_SMTP_URL, read once for both senders: Django's mail (notifications) and nurturing's SMTP
transport. Pure parsing, importable from the settings."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from fusee.config.env import FALSE_WORDS, TRUE_WORDS, ConfigError, redact
from fusee.core.errors import DomainError

Security = Literal["none", "starttls", "ssl"]

SECURITY_BY_SCHEME: dict[str, Security] = {"smtp": "none", "smtp+tls": "starttls", "smtps": "ssl"}
DEFAULT_PORTS: dict[Security, int] = {"none": 25, "starttls": 587, "ssl": 465}
URL_OPTIONS = ("starttls", "verify", "timeout")
EXAMPLE_URL = "smtp://user:pass@mail.example.com:587?starttls=1"


class InvalidSmtpUrl(DomainError, ValueError):
    """An SMTP URL that cannot be used as written; the message names the wrong part."""


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
