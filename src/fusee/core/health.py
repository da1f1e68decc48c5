"""What /healthz and `fusee serve` check: the database and, when configured, the broker."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from fusee.config.env import redact


def database_problem() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return first_line(exc)
    return None


def broker_problem() -> str | None:
    if not settings.FUSEE_BROKER_URL:
        return None
    import redis

    try:
        redis.Redis.from_url(settings.FUSEE_BROKER_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        return first_line(exc)
    return None


def first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def health_report() -> dict:
    database = database_problem()
    broker = broker_problem()
    return {
        "ok": database is None and broker is None,
        "database": database or "ok",
        "broker": broker or ("ok" if settings.FUSEE_BROKER_URL else "in-process"),
        "broker_url": redact(settings.FUSEE_BROKER_URL) if settings.FUSEE_BROKER_URL else None,
    }
