"""A segment's contacts as CSV or XLSX, streamed in chunks so a million rows fit in memory."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook

from fusee.contacts.models import Contact
from fusee.core.errors import DomainError

COLUMNS = ("email", "first_name", "last_name", "job_title", "company", "country", "lifecycle", "score")
PATHS = ("email", "first_name", "last_name", "job_title", "company__name", "country", "lifecycle", "score")
CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_format(file_name: str) -> str:
    suffix = Path(file_name).suffix.lower().lstrip(".")
    if suffix not in ("csv", "xlsx"):
        raise DomainError(f'cannot export to "{file_name}": name a .csv or .xlsx file')
    return suffix


def export_rows(contacts: QuerySet[Contact]) -> Iterator[tuple[Any, ...]]:
    rows = contacts.order_by("pk").values_list(*PATHS).iterator(chunk_size=CHUNK)
    for row in rows:
        yield tuple(safe_cell(value) for value in row)


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is kept as text (CSV/formula injection)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(contacts: QuerySet[Contact], stream: IO[str]) -> int:
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for row in export_rows(contacts):
        writer.writerow(row)
        count += 1
    return count


def csv_lines(contacts: QuerySet[Contact]) -> Iterator[str]:
    """CSV text line by line, for a streaming HTTP response."""
    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    yield writer.writerow(COLUMNS)
    for row in export_rows(contacts):
        yield writer.writerow(row)


def write_xlsx(contacts: QuerySet[Contact], target: Path | IO[bytes]) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Contacts")
    sheet.append(COLUMNS)
    count = 0
    for row in export_rows(contacts):
        sheet.append(row)
        count += 1
    book.save(target)
    return count


def export_to_file(contacts: QuerySet[Contact], path: Path) -> int:
    if export_format(path.name) == "xlsx":
        return write_xlsx(contacts, path)
    with path.open("w", newline="", encoding="utf-8") as stream:
        return write_csv(contacts, stream)
