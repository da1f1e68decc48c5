"""Whole-database backup and restore: SQLite's online backup API, or pg_dump / pg_restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from django.db import connections

from fusee.core.errors import DomainError

Progress = Callable[[int, int], None]
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


def settings_dict() -> dict:
    return connections["default"].settings_dict


def is_sqlite() -> bool:
    return settings_dict()["ENGINE"].endswith("sqlite3")


def database_backup(*, target: Path, progress: Progress | None = None) -> Path:
    if target.exists():
        raise DomainError(f"{target} already exists: choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite():
        sqlite_copy(Path(settings_dict()["NAME"]), target, progress)
    else:
        pg_run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}"])
    return target


def database_restore(*, source: Path, progress: Progress | None = None) -> None:
    kind = backup_kind(source)
    if (kind == "sqlite") != is_sqlite():
        database = "SQLite" if is_sqlite() else "PostgreSQL"
        raise DomainError(f"{source} is a {kind} backup but DATABASE_URL points to {database}")
    connections.close_all()
    if kind == "sqlite":
        sqlite_copy(source, Path(settings_dict()["NAME"]), progress)
    else:
        pg_run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                f"--dbname={settings_dict()['NAME']}", str(source)])


def backup_kind(source: Path) -> str:
    if not source.is_file():
        raise DomainError(f"{source} does not exist")
    with source.open("rb") as file:
        head = file.read(16)
    if head.startswith(SQLITE_MAGIC):
        check_sqlite_backup(source)
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise DomainError(f"{source} is neither a Fusée SQLite backup nor a pg_dump archive")


def check_sqlite_backup(source: Path) -> None:
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as db:
        found = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'"
        ).fetchone()
    if not found:
        raise DomainError(f"{source} is an SQLite file but not a Fusée database")


def sqlite_copy(source: Path, target: Path, progress: Progress | None) -> None:
    """Page by page, consistent even while the app writes to the source."""
    def report(_status: int, remaining: int, total: int) -> None:
        if progress:
            progress(total - remaining, total)

    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst, pages=256, progress=report)
    finally:
        src.close()
        dst.close()


def pg_run(command: list[str]) -> None:
    db = settings_dict()
    if shutil.which(command[0]) is None:
        raise DomainError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)")
    env = {**os.environ, "PGHOST": db.get("HOST") or "", "PGPORT": str(db.get("PORT") or ""),
           "PGUSER": db.get("USER") or "", "PGPASSWORD": db.get("PASSWORD") or "",
           "PGDATABASE": db["NAME"]}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DomainError(f"{command[0]} failed: {done.stderr.strip().splitlines()[-1:]}")
