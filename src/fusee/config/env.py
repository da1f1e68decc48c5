"""Read and validate Fusée's configuration from the environment.

Every problem raises ConfigError naming the variable and what is expected, so the CLI
can print one clear line instead of a traceback.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")
BROKER_SCHEMES = ("redis", "rediss")
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
ANYMAIL_EXAMPLE = "anymail.backends.postmark.EmailBackend"
# A domain as a Message-ID or DKIM d= can carry it: dot-separated labels, no IP literal.
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
DOMAIN = re.compile(rf"{LABEL}(?:\.{LABEL})*")


class ConfigError(ImproperlyConfigured):
    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        super().__init__(f"{variable}: {problem}")


def data_dir() -> Path:
    path = Path(os.environ.get("FUSEE_DATA_DIR") or Path.cwd() / "var").resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError("FUSEE_DATA_DIR", f"cannot create {path} ({exc.strerror})") from exc
    return path


def boolean(variable: str, default: bool = False) -> bool:
    raw = os.environ.get(variable)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise ConfigError(variable, f"expected true or false, got {raw!r}")


def choice(variable: str, allowed: tuple[str, ...], default: str) -> str:
    value = os.environ.get(variable, default).strip().lower()
    if value not in allowed:
        raise ConfigError(variable, f"expected one of {', '.join(allowed)}, got {value!r}")
    return value


def url(variable: str, schemes: tuple[str, ...], default: str | None = None) -> str | None:
    raw = os.environ.get(variable, "").strip() or default
    if raw is None:
        return None
    scheme = urlsplit(raw).scheme
    if scheme not in schemes:
        expected = " or ".join(f"{s}://…" for s in schemes)
        raise ConfigError(variable, f"expected a URL starting with {expected}, got {redact(raw)!r}")
    return raw


def redact(raw_url: str) -> str:
    """Hide the password of a URL shown in messages and logs."""
    parts = urlsplit(raw_url)
    if parts.password is None:
        return raw_url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


def secret_key(directory: Path) -> str:
    if key := os.environ.get("SECRET_KEY", "").strip():
        if len(key) < 32:
            raise ConfigError("SECRET_KEY", "expected at least 32 characters")
        return key
    key_file = directory / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def database(default_sqlite: Path) -> dict:
    raw = url("DATABASE_URL", DATABASE_SCHEMES, f"sqlite:///{default_sqlite}")
    assert raw is not None
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:
        raise ConfigError("DATABASE_URL", f"cannot parse {redact(raw)!r} ({exc})") from exc
    if config["ENGINE"].endswith("sqlite3"):
        return sqlite_options(config)
    if not config.get("NAME"):
        raise ConfigError("DATABASE_URL", "expected a database name, as in postgres://user@host/fusee")
    config.setdefault("CONN_MAX_AGE", 60)
    config["CONN_HEALTH_CHECKS"] = True
    config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    return config


def sqlite_options(config: dict) -> dict:
    path = Path(config["NAME"])
    if not path.parent.is_dir():
        raise ConfigError("DATABASE_URL", f"the folder {path.parent} does not exist")
    config["OPTIONS"] = {
        # WAL lets the in-process worker write while pages read; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    return config


@dataclass(frozen=True)
class Dkim:
    domain: str
    selector: str
    key_file: Path


def dkim() -> Dkim | None:
    """FUSEE_DKIM_DOMAIN, FUSEE_DKIM_SELECTOR, FUSEE_DKIM_KEY_FILE (a PEM RSA key): all or none."""
    names = ("FUSEE_DKIM_DOMAIN", "FUSEE_DKIM_SELECTOR", "FUSEE_DKIM_KEY_FILE")
    values = {name: os.environ.get(name, "").strip() for name in names}
    if not any(values.values()):
        return None
    for name, value in values.items():
        if not value:
            raise ConfigError(name, f"DKIM signing needs all of {', '.join(names)}")
    if not DOMAIN.fullmatch(values["FUSEE_DKIM_DOMAIN"]):
        raise ConfigError("FUSEE_DKIM_DOMAIN", f"expected a domain name, got {values['FUSEE_DKIM_DOMAIN']!r}")
    key_file = Path(values["FUSEE_DKIM_KEY_FILE"])
    if not key_file.is_file():
        raise ConfigError("FUSEE_DKIM_KEY_FILE", f"no such file: {key_file}")
    return Dkim(domain=values["FUSEE_DKIM_DOMAIN"], selector=values["FUSEE_DKIM_SELECTOR"], key_file=key_file)


def message_id_domain(dkim: Dkim | None, base_url: str) -> str:
    """FUSEE_MESSAGE_ID_DOMAIN, else the DKIM domain (the Message-ID then matches the signature),
    else the host of FUSEE_BASE_URL: receivers and bounce notices see a domain that is ours."""
    if raw := os.environ.get("FUSEE_MESSAGE_ID_DOMAIN", "").strip():
        if not DOMAIN.fullmatch(raw):
            raise ConfigError("FUSEE_MESSAGE_ID_DOMAIN", f"expected a domain name, got {raw!r}")
        return raw.lower()
    if dkim is not None:
        return dkim.domain.lower()
    host = urlsplit(base_url).hostname or ""
    return host if DOMAIN.fullmatch(host) else "localhost"  # an IPv6 base URL has no domain to give


def email_provider() -> str:
    """FUSEE_EMAIL_PROVIDER: the django-anymail backend nurturing email goes through, or ""."""
    value = os.environ.get("FUSEE_EMAIL_PROVIDER", "").strip()
    if value and not value.endswith(".EmailBackend"):
        raise ConfigError("FUSEE_EMAIL_PROVIDER", f"expected a backend like {ANYMAIL_EXAMPLE}, got {value!r}")
    return value


def anymail() -> dict[str, str]:
    """The ANYMAIL setting from FUSEE_ANYMAIL_<NAME> variables, e.g. FUSEE_ANYMAIL_WEBHOOK_SECRET
    (user:password the provider's webhooks must send) or FUSEE_ANYMAIL_POSTMARK_SERVER_TOKEN."""
    prefix = "FUSEE_ANYMAIL_"
    variables = os.environ.items()
    return {name.removeprefix(prefix): value.strip() for name, value in variables if name.startswith(prefix)}


def bounce_mailbox() -> str:
    """FUSEE_BOUNCE_MAILBOX: a Maildir, an mbox file or an imaps:// URL read every few minutes."""
    return os.environ.get("FUSEE_BOUNCE_MAILBOX", "").strip()


def base_url() -> str:
    raw = url("FUSEE_BASE_URL", ("http", "https"), "http://127.0.0.1:8000")
    assert raw is not None
    if not urlsplit(raw).hostname:
        raise ConfigError("FUSEE_BASE_URL", "expected a host, as in https://fusee.example.com")
    return raw.rstrip("/")


def rate(variable: str) -> float | None:
    """A positive number of messages per second, or None when the variable is unset."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise ConfigError(variable, f"expected messages per second above 0 (e.g. 20 or 0.5), got {raw!r}")
    return value


def hours(variable: str, default: tuple[int, int]) -> tuple[int, int]:
    """An "OPEN-CLOSE" pair of hours of the day such as "8-18" (from 8:00 to 17:59)."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    opening, _, closing = raw.partition("-")
    if not (opening.strip().isdigit() and closing.strip().isdigit()):
        raise ConfigError(variable, f'expected hours like "8-18", got {raw!r}')
    window = int(opening), int(closing)
    if not 0 <= window[0] < window[1] <= 24:
        problem = f"the opening hour must come before the closing one, within 0–24; got {raw!r}"
        raise ConfigError(variable, problem)
    return window


def llm_base_url() -> str:
    """FUSEE_LLM_BASE_URL: the root of an OpenAI-compatible API (…/v1), or "" (no llm writer)."""
    raw = url("FUSEE_LLM_BASE_URL", ("http", "https"))
    if raw is None:
        return ""
    if not urlsplit(raw).hostname:
        raise ConfigError("FUSEE_LLM_BASE_URL", "expected a host, as in http://127.0.0.1:11434/v1")
    return raw.rstrip("/")


def llm_model() -> str:
    """FUSEE_LLM_MODEL: the model name the endpoint knows ("llama3.1:8b", "gpt-4o-mini"), or ""."""
    return os.environ.get("FUSEE_LLM_MODEL", "").strip()


def llm_api_key() -> str:
    """FUSEE_LLM_API_KEY: sent as a Bearer token when set; local servers need none."""
    return os.environ.get("FUSEE_LLM_API_KEY", "").strip()


def llm_timeout() -> float:
    """FUSEE_LLM_TIMEOUT: seconds to wait for one answer (a long article on a small GPU is slow)."""
    raw = os.environ.get("FUSEE_LLM_TIMEOUT", "").strip()
    if not raw:
        return 120.0
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise ConfigError("FUSEE_LLM_TIMEOUT", f"expected seconds above 0 (e.g. 120), got {raw!r}")
    return value
