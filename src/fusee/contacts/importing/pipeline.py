"""Import a file's rows into contacts and companies: set-based, in chunks, all or nothing.

Each chunk of rows costs a fixed number of queries whatever its size: one for suppressed
addresses, one for existing contacts, at most two to find companies, then bulk inserts and
bulk updates. The reading and cleaning (RowSource) is apart from the writing (ChunkWriter), so
the writer can later load a chunk with COPY into a staging table and merge it with SQL.
"""

from __future__ import annotations

import csv
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import IO

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from fusee.contacts.importing.mapping import mapping_check
from fusee.contacts.importing.normalise import CleanRow, RowRejected, row_clean
from fusee.contacts.importing.reading import Row, Table
from fusee.contacts.importing.services import batch_table, batch_transition
from fusee.contacts.importing.writing import ids_reserve, rows_insert
from fusee.contacts.models import (
    Company,
    Contact,
    DuplicatePolicy,
    ImportBatch,
    ImportStatus,
    LegalBasis,
    Source,
    Suppression,
)
from fusee.core.services import audit_record

CHUNK_ROWS = 2_000
Progress = Callable[[int, int], None]
COMPANY_FIELDS = ("name", "industry", "employees", "employee_band", "sites")
COMPANY_COLUMNS = Company._meta.concrete_fields


def import_run(*, batch: ImportBatch, progress: Progress | None = None) -> ImportBatch:
    """Run a queued batch; on any error nothing is imported and the batch says why."""
    batch_transition(batch=batch, status=ImportStatus.RUNNING)
    try:
        with transaction.atomic():
            report = ImportRun(batch=batch, table=batch_table(batch)).execute(progress or no_progress)
            batch_finish(batch=batch, report=report)
    except Exception as error:
        failed_at = timezone.now()
        batch_transition(batch=batch, status=ImportStatus.FAILED, error=str(error), finished_at=failed_at)
        raise
    return batch


def no_progress(done: int, total: int) -> None:
    pass


def batch_finish(*, batch: ImportBatch, report: Report) -> None:
    if report.rejected_file is not None:
        with report.rejected_file as stream:
            stream.seek(0)
            name = f"{Path(batch.file_name).stem or 'import'}-rejected.csv"
            # With a byte-order mark, so that Excel opens accents right.
            text = ContentFile(("\ufeff" + stream.read()).encode())
            batch.rejected_file.save(name, text, save=False)
    counts = report.counts()
    batch_transition(
        batch=batch, status=ImportStatus.DONE, finished_at=timezone.now(),
        rejected_file=batch.rejected_file.name or "", **counts,
    )
    audit_record(actor=batch.created_by, action="contacts.imported", target=batch, changes=counts)


@dataclass
class Report:
    headers: list[str]
    total_rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejected_file: IO[str] | None = None
    writer: csv.DictWriter | None = None

    def counts(self) -> dict[str, int]:
        names = ("total_rows", "imported", "updated", "unchanged", "rejected")
        return {name: getattr(self, name) for name in names}

    def reject(self, number: int, raw: dict[str, str], reason: str) -> None:
        self.rejected += 1
        if self.writer is None:
            # Closed by batch_finish, or with the process if the import fails.
            self.rejected_file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
            columns = [*self.headers, "row", "reason"]
            self.writer = csv.DictWriter(self.rejected_file, columns, extrasaction="ignore")
            self.writer.writeheader()
        self.writer.writerow({**raw, "row": number, "reason": reason})


@dataclass
class Pending:
    """The rows of one chunk that passed the checks, and what became of them."""

    rows: list[tuple[CleanRow, dict[str, str]]] = field(default_factory=list)
    created: list[dict[str, object]] = field(default_factory=list)
    # fields that changed -> contacts, so each bulk_update writes only those columns
    changed: dict[frozenset[str], list[Contact]] = field(default_factory=lambda: defaultdict(list))


class ImportRun:
    def __init__(self, *, batch: ImportBatch, table: Table) -> None:
        self.policy = DuplicatePolicy(batch.policy)
        self.table = table
        self.mapping = mapping_check(batch.mapping)
        self.report = Report(headers=table.headers)
        self.first_row_of: dict[str, int] = {}  # email -> the row it was first seen on
        self.companies = CompanyBook(policy=self.policy)
        self.now = timezone.now()

    def execute(self, progress: Progress) -> Report:
        total = self.table.count_rows()
        progress(0, total)
        for chunk in chunked(self.table.rows(), CHUNK_ROWS):
            self.import_chunk(chunk)
            progress(self.report.total_rows, max(total, self.report.total_rows))
        return self.report

    def import_chunk(self, chunk: list[Row]) -> None:
        self.report.total_rows += len(chunk)
        pending = self.without_suppressed(self.cleaned(chunk))
        existing = contacts_by_email([row.email for row, _raw in pending.rows])
        skipped = existing if self.policy == DuplicatePolicy.SKIP else {}
        self.companies.resolve([row for row, _raw in pending.rows if row.email not in skipped])
        for row, _raw in pending.rows:
            self.place(row, existing.get(row.email), pending)
        contacts_write(created=pending.created, changed=pending.changed)
        self.report.imported += len(pending.created)
        self.report.updated += sum(len(contacts) for contacts in pending.changed.values())

    def cleaned(self, chunk: list[Row]) -> Pending:
        pending = Pending()
        for number, raw in chunk:
            try:
                row = row_clean(number, {target: raw.get(h, "") for h, target in self.mapping.items()})
                self.check_not_seen(row)
            except RowRejected as rejection:
                self.report.reject(number, raw, str(rejection))
            else:
                pending.rows.append((row, raw))
        return pending

    def check_not_seen(self, row: CleanRow) -> None:
        first = self.first_row_of.setdefault(row.email, row.number)
        if first != row.number:
            raise RowRejected(f"email: duplicate of row {first}")

    def without_suppressed(self, pending: Pending) -> Pending:
        suppressed = Suppression.among([row.email for row, _raw in pending.rows])
        for row, raw in pending.rows:
            if row.email in suppressed:
                self.report.reject(row.number, raw, "email: suppressed address")
        pending.rows = [(row, raw) for row, raw in pending.rows if row.email not in suppressed]
        return pending

    def place(self, row: CleanRow, contact: Contact | None, pending: Pending) -> None:
        company = self.companies.find(row)
        if contact is None:
            pending.created.append(contact_new(row, company, self.now))
            return
        values = {**row.contact, "company_id": company.pk if company else None}
        changed = contact_merge(contact, values, row.custom, self.policy)
        if changed:
            contact.updated_at = timezone.now()
            pending.changed[frozenset([*changed, "updated_at"])].append(contact)
        else:
            self.report.unchanged += 1


def chunked(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def contacts_by_email(emails: list[str]) -> dict[str, Contact]:
    """The chunk's contacts already in the base, in one query, keyed by lower-case email."""
    found = Contact.objects.annotate(email_key=Lower("email")).filter(email_key__any_of=emails)
    return {contact.email_key: contact for contact in found}


def contact_new(row: CleanRow, company: Company | None, now: datetime) -> dict[str, object]:
    """A new contact's columns; rows_insert gives the others their default."""
    return {
        **row.contact, "email": row.email, "company_id": company.pk if company else None,
        "custom": row.custom, "source": Source.IMPORT, "created_at": now, "updated_at": now,
    }


def contacts_write(
    *, created: list[dict[str, object]], changed: dict[frozenset[str], list[Contact]]
) -> None:
    """The chunk's only writes to contacts: one insert, one update per set of changed fields."""
    rows_insert(Contact, created)
    for fields, contacts in changed.items():
        Contact.objects.bulk_update(contacts, sorted(fields), batch_size=500)


def is_empty(name: str, value: object) -> bool:
    # "none recorded" is the default legal basis: a file that states one fills it in.
    return value in (None, "", {}) or (name == "legal_basis" and value == LegalBasis.NONE)


def merge(obj: object, values: dict[str, object], policy: DuplicatePolicy) -> list[str]:
    """Apply the policy to one existing row; return the fields that changed."""
    changed = []
    for name, value in values.items():
        current = getattr(obj, name)
        if value in (None, "") or value == current:
            continue
        if policy == DuplicatePolicy.OVERWRITE or is_empty(name, current):
            setattr(obj, name, value)
            changed.append(name)
    return changed


def contact_merge(
    contact: Contact, values: dict[str, object], custom: dict[str, str], policy: DuplicatePolicy
) -> list[str]:
    if policy == DuplicatePolicy.SKIP:
        return []
    changed = merge(contact, values, policy)
    custom_now = dict(contact.custom or {})
    for key, value in custom.items():
        if policy == DuplicatePolicy.OVERWRITE or is_empty(key, custom_now.get(key)):
            custom_now[key] = value
    if custom_now != (contact.custom or {}):
        contact.custom = custom_now
        changed.append("custom")
    return changed


def companies_insert(companies: list[Company]) -> None:
    """Insert new companies and give them their primary keys, which the chunk's contacts need."""
    if connection.vendor != "postgresql":
        Company.objects.bulk_create(companies, batch_size=CHUNK_ROWS)  # SQLite returns the ids
        return
    now = timezone.now()
    for company, pk in zip(companies, ids_reserve(Company, len(companies)), strict=True):
        company.pk, company.created_at, company.updated_at = pk, now, now  # COPY runs no pre_save
    rows_insert(Company, [{f.attname: getattr(c, f.attname) for f in COMPANY_COLUMNS} for c in companies])


class CompanyBook:
    """Companies seen so far in the run, by domain and by exact name, so each is fetched once."""

    def __init__(self, *, policy: DuplicatePolicy) -> None:
        self.policy = policy
        self.by_key: dict[tuple[str, str], Company] = {}

    def find(self, row: CleanRow) -> Company | None:
        key = row.company_key
        return self.by_key.get(key) if key else None

    def resolve(self, rows: list[CleanRow]) -> None:
        """Fetch, create and update the companies of a chunk's rows: at most four queries."""
        keys = {row.company_key for row in rows} - {None} - set(self.by_key)
        self.fetch({k for k in keys if k is not None})
        created, changed = self.apply(rows)
        companies_insert(created)
        for fields, companies in changed.items():
            Company.objects.bulk_update(companies, sorted(fields), batch_size=500)

    def fetch(self, keys: set[tuple[str, str]]) -> None:
        domains = [value for kind, value in keys if kind == "domain"]
        # "domain <> ''" spelled out: the planner then uses the partial unique index even for
        # a list of thousands of domains (it cannot prove it from a long IN list by itself).
        for company in Company.objects.filter(domain__any_of=domains).exclude(domain="").order_by():
            self.by_key[("domain", company.domain)] = company
        names = [value for kind, value in keys if kind == "name"]
        for company in Company.objects.filter(name__any_of=names).order_by("-pk"):
            self.by_key[("name", company.name)] = company  # the oldest of same-named ones wins

    def apply(self, rows: list[CleanRow]) -> tuple[list[Company], dict[frozenset[str], list[Company]]]:
        """New companies take the first value of each field; existing ones follow the policy."""
        created: dict[tuple[str, str], Company] = {}
        changed: dict[Company, set[str]] = defaultdict(set)  # model instances hash by pk
        for row in rows:
            if (key := row.company_key) is None:
                continue
            values = {name: row.company[name] for name in COMPANY_FIELDS if name in row.company}
            if key not in self.by_key:
                created[key] = self.by_key[key] = Company(domain=str(row.company["domain"]))
            company = self.by_key[key]
            if key in created:
                merge(company, values, DuplicatePolicy.FILL_EMPTY)
            elif self.policy != DuplicatePolicy.SKIP:
                changed[company].update(merge(company, values, self.policy))
        for company in created.values():
            company.name = company.name or company.domain[:200]
        return list(created.values()), self.grouped(changed)

    def grouped(self, changed: dict[Company, set[str]]) -> dict[frozenset[str], list[Company]]:
        groups: dict[frozenset[str], list[Company]] = defaultdict(list)
        now = timezone.now()
        for company, fields in changed.items():
            if fields:
                company.updated_at = now  # bulk_update skips auto_now
                groups[frozenset([*fields, "updated_at"])].append(company)
        return groups
