"""Which suites can run here, and a clear line about the ones that cannot.

- browser: Debian's Chromium at /usr/bin/chromium (Playwright drives it, never downloads one)
- broker:  a Redis broker for a real Celery worker (FUSEE_TEST_BROKER_URL)
- ffmpeg:  ffmpeg and ffprobe on the PATH, to cut video clips (Debian: apt-get install ffmpeg)
- sqlite:  tests of SQLite-only behaviour; they run in the SQLite pass only
- postgres: tests of PostgreSQL-only behaviour; they run in the PostgreSQL pass of `make test`
  (FUSEE_TEST_DB=postgres), which needs FUSEE_TEST_DATABASE_URL

On a newcomer's machine a missing piece skips its suite with the reason; in CI (CI=true)
it is an error, because there every suite must run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("FUSEE_TEST_CHROMIUM", "/usr/bin/chromium"))
pytest_plugins = ["fusee.testing.browser"]  # the browser and page fixtures


def missing_reasons() -> dict[str, str]:
    reasons = {}
    if not (CHROMIUM.exists() and shutil.which(str(CHROMIUM))):
        reasons["browser"] = f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")):
        reasons["ffmpeg"] = "no ffmpeg on the PATH (Debian: apt-get install ffmpeg)"
    if not os.environ.get("FUSEE_TEST_BROKER_URL"):
        reasons["broker"] = "FUSEE_TEST_BROKER_URL is not set (a Redis URL, e.g. redis://127.0.0.1:6379/15)"
    if not os.environ.get("FUSEE_TEST_DATABASE_URL"):
        reasons["postgres"] = "FUSEE_TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1/fusee)"
    return reasons


def on_postgres() -> bool:
    return os.environ.get("FUSEE_TEST_DB", "sqlite") == "postgres"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


_not_run: dict[str, str] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reasons = missing_reasons()
    if in_ci() and reasons:
        raise pytest.UsageError("CI must run every suite, but: " + "; ".join(reasons.values()))
    kept, deselected = [], []
    for item in items:
        if "postgres" in item.keywords and not on_postgres() and "postgres" not in reasons:
            deselected.append(item)  # runs in the PostgreSQL pass instead
            continue
        if "sqlite" in item.keywords and on_postgres():
            deselected.append(item)  # ran in the SQLite pass
            continue
        for suite, reason in reasons.items():
            if suite in item.keywords:
                _not_run[suite] = reason
                item.add_marker(pytest.mark.skipif(True, reason=f"{suite} suite not run: {reason}"))
        kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _not_run:
        return
    terminalreporter.section("suites not run here")
    for suite, reason in sorted(_not_run.items()):
        terminalreporter.write_line(f"{suite}: {reason}")
