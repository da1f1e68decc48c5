"""Imports of a CSV file: 1,000,000 rows into the big PostgreSQL base vs `COPY` of the same
file into a bare table, and 100,000 rows into a fresh SQLite base (an absolute target)."""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.db import connection, transaction

HEADERS = ["Email", "Prénom", "Nom", "Société", "Site web", "Fonction", "Pays", "Téléphone"]
COUNTRIES = ["FR", "ES", "IT", "DE", "GB", "IN"]


def csv_file(rows: int) -> Path:
    """A French CRM export: `;`-separated, 1 row in 200 with a bad address, four contacts per
    company (at a million rows, 250,000 companies: 200,000 match the base's by domain, 50,000
    are new). Written once and kept."""
    path = work() / f"contacts-{rows}-v2.csv"
    if path.exists():
        return path
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(HEADERS)
        for n in range(1, rows + 1):
            company = 1 + n % max(rows // 4, 1)
            email = f"nouveau{n}@company{company}.example" if n % 200 else f"nouveau{n}-at-nowhere"
            writer.writerow([email, f"Prénom{n}", f"Nom{n % 40_000}", f"Company {company}",
                             f"https://www.company{company}.example/", "Directrice des opérations",
                             COUNTRIES[n % 6], f"+33 1 {n % 100:02d} {n % 97:02d} 00 00"])
    return path


def work() -> Path:
    """Where the generated files and SQLite bases go: the data folder (FUSEE_DATA_DIR)."""
    from django.conf import settings

    folder = Path(settings.DATA_DIR) / "bench-import"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def import_csv(args: argparse.Namespace) -> dict[str, Any]:
    from cases import row

    rows = args.contacts  # as many rows as the base holds contacts
    path = csv_file(rows)
    ours, base, imported = [], [], 0
    for _ in range(args.repeat):
        seconds, imported = import_rolled_back(path)
        ours.append(seconds)
        base.append(copy_bare(path))
    vacuum()  # the rolled-back imports left a million dead rows per run behind
    if imported != rows - rows // 200:
        raise AssertionError(f"{imported:,} contacts imported out of {rows:,} rows")
    note = f"{rows:,} rows, {imported:,} new contacts; base holds {count_contacts():,}"
    return row(f"import {rows:,}-row CSV vs COPY", statistics.median(ours), statistics.median(base), 3, note)


def import_rolled_back(path: Path) -> tuple[float, int]:
    """What `fusee contacts import` does, timed, then rolled back so the base stays the same."""
    from django.core.files import File

    from fusee.contacts.importing.pipeline import import_run
    from fusee.contacts.importing.services import batch_create, batch_transition
    from fusee.contacts.models import ImportStatus

    with transaction.atomic():
        started = time.perf_counter()
        with path.open("rb") as stream:
            batch = batch_create(actor=None, file=File(stream), file_name=path.name)
        batch = batch_transition(batch=batch, status=ImportStatus.QUEUED)
        batch = import_run(batch=batch)
        seconds = time.perf_counter() - started
        stored = batch.file.path
        transaction.set_rollback(True)
    Path(stored).unlink(missing_ok=True)
    return seconds, batch.imported


def copy_bare(path: Path) -> float:
    """COPY of the same file into a table of text columns with no index or constraint."""
    columns = ", ".join(f"c{i} text" for i in range(len(HEADERS)))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy ({columns})")
        started = time.perf_counter()
        sql = "COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')"
        with cursor.cursor.copy(sql) as copy, path.open("rb") as stream:
            while data := stream.read(1 << 20):
                copy.write(data)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy")
    return seconds


def vacuum() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE contacts_contact")
        cursor.execute("VACUUM ANALYZE contacts_company")


def count_contacts() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM contacts_contact")
        return int(cursor.fetchone()[0])


def import_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    """`fusee contacts import` of 100,000 rows into a fresh SQLite base, as a user runs it."""
    from cases import row

    path = csv_file(100_000)
    template = work() / "sqlite-template"
    fusee(template, "migrate", "--verbosity", "0")
    ours, base = [], []
    for _ in range(args.repeat):
        target = work() / "sqlite-run"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(template, target)
        started = time.perf_counter()
        fusee(target, "contacts", "import", str(path))
        ours.append(time.perf_counter() - started)
        base.append(sqlite_executemany(path, target / "bare.sqlite3"))
    median = statistics.median(ours)
    result = row("import 100,000-row CSV, SQLite (CLI)", median, statistics.median(base), 0, "")
    result.update(limit="20 s", ok=median < 20, note="baseline: csv + executemany into a bare table")
    return result


def fusee(data_dir: Path, *command: str) -> None:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    environment["FUSEE_DATA_DIR"] = str(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    executable = Path(sys.executable).with_name("fusee")
    subprocess.run([str(executable), *command], env=environment, check=True, capture_output=True)


def sqlite_executemany(path: Path, database: Path) -> float:
    started = time.perf_counter()
    with sqlite3.connect(database) as db, path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream, delimiter=";")
        next(reader)
        db.execute(f"CREATE TABLE bare ({', '.join(f'c{i} text' for i in range(len(HEADERS)))})")
        marks = ", ".join("?" * len(HEADERS))
        db.executemany(f"INSERT INTO bare VALUES ({marks})", reader)  # noqa: S608
    return time.perf_counter() - started
