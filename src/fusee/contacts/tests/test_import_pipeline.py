from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fusee.contacts.importing import pipeline
from fusee.contacts.importing.pipeline import import_run
from fusee.contacts.importing.services import batch_transition
from fusee.contacts.models import (
    Company,
    Contact,
    DuplicatePolicy,
    ImportBatch,
    ImportStatus,
    LegalBasis,
    Source,
    Suppression,
    email_hash,
)
from fusee.contacts.tests.factories import CompanyFactory, ContactFactory, queued_batch
from fusee.core.errors import DomainError, IllegalTransition
from fusee.core.models import AuditEntry

HEADER = ["Email", "First name", "Last name", "Company", "Website", "Country", "Employees"]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])
    return path


def run(path: Path, policy: str = DuplicatePolicy.FILL_EMPTY) -> ImportBatch:
    return import_run(batch=queued_batch(path, policy=policy))


def counts(batch: ImportBatch) -> tuple[int, int, int, int, int]:
    return batch.total_rows, batch.imported, batch.updated, batch.unchanged, batch.rejected


def rejected_rows(batch: ImportBatch) -> list[dict[str, str]]:
    with batch.rejected_file.open("rb") as stream:
        return list(csv.DictReader(io.StringIO(stream.read().decode("utf-8-sig"), newline="")))


def test_it_imports_contacts_and_creates_their_companies(db, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["Jean@Acme.fr", "Jean", "Dupont", "Acme", "www.acme.fr", "France", "1 200"],
            ["marie@acme.fr", "Marie", "Curie", "", "", "", ""],
            ["paul@gmail.com", "Paul", "Martin", "", "", "Belgique", ""],
        ],
    )
    batch = run(path)
    assert counts(batch) == (3, 3, 0, 0, 0) and batch.status == ImportStatus.DONE
    jean = Contact.objects.get(email="jean@acme.fr")
    assert (jean.first_name, jean.country, jean.source, jean.legal_basis) == (
        "Jean",
        "FR",
        Source.IMPORT,
        "none",
    )
    assert (jean.company.name, jean.company.domain, jean.company.employees) == ("Acme", "acme.fr", 1200)
    assert Contact.objects.get(email="marie@acme.fr").company == jean.company
    assert Contact.objects.get(email="paul@gmail.com").company is None
    assert Company.objects.count() == 1


def test_it_matches_existing_companies_by_domain_then_by_name(db, tmp_path):
    by_domain = CompanyFactory.create(name="Acme Group", domain="acme.fr")
    by_name = CompanyFactory.create(name="Bistro Paul", domain="")
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["jean@acme.fr", "", "", "", "", "", ""],
            ["lea@gmail.com", "", "", "Bistro Paul", "", "", ""],
        ],
    )
    run(path)
    assert Contact.objects.get(email="jean@acme.fr").company == by_domain
    assert Contact.objects.get(email="lea@gmail.com").company == by_name
    assert Company.objects.count() == 2


def test_it_fills_only_empty_fields_with_the_fill_empty_policy(db, tmp_path):
    ContactFactory.create(email="jean@acme.fr", first_name="Jean", last_name="", country="FR", company=None)
    path = write_csv(tmp_path / "a.csv", [["JEAN@acme.fr", "Johnny", "Dupont", "", "", "Germany", ""]])
    batch = run(path, DuplicatePolicy.FILL_EMPTY)
    jean = Contact.objects.get()
    assert counts(batch) == (1, 0, 1, 0, 0)
    assert (jean.first_name, jean.last_name, jean.country, jean.company.domain) == (
        "Jean",
        "Dupont",
        "FR",
        "acme.fr",
    )


def test_it_overwrites_with_the_files_non_empty_values_with_the_overwrite_policy(db, tmp_path):
    ContactFactory.create(email="jean@acme.fr", first_name="Jean", last_name="Dupont", job_title="CMO")
    path = write_csv(tmp_path / "a.csv", [["jean@acme.fr", "Johnny", "", "", "", "Germany", ""]])
    batch = run(path, DuplicatePolicy.OVERWRITE)
    jean = Contact.objects.get()
    assert counts(batch) == (1, 0, 1, 0, 0)
    assert (jean.first_name, jean.last_name, jean.country, jean.job_title) == (
        "Johnny",
        "Dupont",
        "DE",
        "CMO",
    )


def test_it_leaves_existing_contacts_untouched_with_the_skip_policy(db, tmp_path):
    ContactFactory.create(email="jean@acme.fr", first_name="Jean", last_name="")
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["jean@acme.fr", "Johnny", "Dupont", "", "", "", ""],
            ["new@acme.fr", "New", "", "", "", "", ""],
        ],
    )
    batch = run(path, DuplicatePolicy.SKIP)
    assert counts(batch) == (2, 1, 0, 1, 0)
    assert Contact.objects.filter(email="jean@acme.fr", first_name="Jean", last_name="").exists()


def test_it_rejects_a_later_row_with_the_same_email(db, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["jean@acme.fr", "Jean", "", "", "", "", ""],
            ["x@acme.fr", "", "", "", "", "", ""],
            ["JEAN@acme.fr", "Other", "", "", "", "", ""],
        ],
    )
    batch = run(path)
    assert counts(batch) == (3, 2, 0, 0, 1)
    assert Contact.objects.get(email="jean@acme.fr").first_name == "Jean"
    assert [(r["row"], r["reason"]) for r in rejected_rows(batch)] == [("4", "email: duplicate of row 2")]


def test_it_never_imports_a_suppressed_address(db, tmp_path):
    Suppression.objects.create(email_hash=email_hash("gone@acme.fr"), reason="erased")
    path = write_csv(
        tmp_path / "a.csv", [["Gone@Acme.fr", "", "", "", "", "", ""], ["ok@acme.fr"] + [""] * 6]
    )
    batch = run(path)
    assert counts(batch) == (2, 1, 0, 0, 1)
    assert not Contact.objects.filter(email="gone@acme.fr").exists()
    assert rejected_rows(batch)[0]["reason"] == "email: suppressed address"


def test_it_keeps_valid_rows_and_reports_invalid_ones_with_the_field_and_original_columns(db, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["jean.dupont@", "Jean", "", "", "", "", ""],
            ["ok@acme.fr", "Ok", "", "", "", "", ""],
            ["bad@acme.fr", "Bad", "", "", "", "Atlantis", ""],
            ["num@acme.fr", "", "", "", "", "", "lots"],
        ],
    )
    batch = run(path)
    assert counts(batch) == (4, 1, 0, 0, 3)
    report = rejected_rows(batch)
    assert list(report[0]) == [*HEADER, "row", "reason"]
    assert [(r["row"], r["First name"], r["reason"]) for r in report] == [
        ("2", "Jean", 'email: "jean.dupont@" is not a valid address'),
        ("4", "Bad", 'country: "Atlantis" is not a known country'),
        ("5", "", 'company_employees: "lots" is not a whole number'),
    ]


def test_it_sets_the_legal_basis_and_custom_fields_when_mapped(db, tmp_path):
    path = write_csv(
        tmp_path / "a.csv", [["a@acme.fr", "Intérêt légitime", "Lyon"]], ["Email", "Base légale", "City"]
    )
    batch = queued_batch(path)
    batch.mapping["City"] = "custom:city"
    batch.save()
    import_run(batch=batch)
    contact = Contact.objects.get()
    assert (contact.legal_basis, contact.custom) == (LegalBasis.LEGITIMATE_INTEREST, {"city": "Lyon"})


@pytest.mark.parametrize("policy", DuplicatePolicy.values)
def test_it_changes_nothing_when_the_same_file_is_imported_again(db, tmp_path, policy):
    rows = [[f"p{i}@acme{i % 3}.fr", f"P{i}", "Nom", f"Acme {i % 3}", "", "FR", "1.200"] for i in range(30)]
    path = write_csv(tmp_path / "a.csv", rows)
    assert counts(run(path, policy)) == (30, 30, 0, 0, 0)
    before = list(Contact.objects.order_by("pk").values())
    assert counts(run(path, policy)) == (30, 0, 0, 30, 0)
    assert list(Contact.objects.order_by("pk").values()) == before
    assert Company.objects.count() == 3


def test_it_imports_in_chunks_with_a_fixed_number_of_queries(
    db, tmp_path, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 10)
    path = write_csv(tmp_path / "a.csv", [[f"p{i}@acme{i}.fr", "", "", "", "", "", ""] for i in range(50)])
    batch = queued_batch(path)
    with django_assert_max_num_queries(5 * 8 + 10):
        import_run(batch=batch)
    assert Contact.objects.count() == 50 and Company.objects.count() == 50


def test_it_writes_nothing_when_the_import_fails_midway(db, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 5)
    path = write_csv(tmp_path / "a.csv", [[f"p{i}@acme.fr", "", "", "Acme", "", "", ""] for i in range(20)])
    write = pipeline.contacts_write
    calls = []

    def write_then_crash(**kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        write(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "contacts_write", write_then_crash)
    batch = queued_batch(path)
    with pytest.raises(RuntimeError, match="disk full"):
        import_run(batch=batch)
    assert not Contact.objects.exists() and not Company.objects.exists()
    batch.refresh_from_db()
    assert (batch.status, batch.error, batch.imported) == (ImportStatus.FAILED, "disk full", 0)


def test_it_fails_the_batch_with_the_reason_when_the_file_cannot_be_read(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["a@b.fr", "", "", "", "", "", ""]])
    batch = queued_batch(path)
    Path(batch.file.path).write_bytes(b"\x00\x01\x02")
    with pytest.raises(DomainError, match=r"a\.csv: not a spreadsheet"):
        import_run(batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and "not a spreadsheet" in batch.error


def test_it_records_one_audit_entry_per_batch(db, tmp_path, marketer):
    path = write_csv(tmp_path / "a.csv", [[f"p{i}@acme.fr", "", "", "", "", "", ""] for i in range(3)])
    batch = import_run(batch=queued_batch(path, user=marketer))
    entry = AuditEntry.objects.get(action="contacts.imported")
    assert (entry.actor, entry.target_id, entry.changes["imported"]) == (marketer, str(batch.pk), 3)


def test_it_refuses_an_illegal_status_change(db, tmp_path):
    batch = import_run(batch=queued_batch(write_csv(tmp_path / "a.csv", [])))
    assert batch.status == ImportStatus.DONE and batch.total_rows == 0
    with pytest.raises(IllegalTransition, match="cannot go from Done to Running"):
        import_run(batch=batch)
    with pytest.raises(IllegalTransition):
        batch_transition(batch=batch, status=ImportStatus.QUEUED)


def test_it_reports_progress_every_chunk(db, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 4)
    path = write_csv(tmp_path / "a.csv", [[f"p{i}@acme.fr", "", "", "", "", "", ""] for i in range(10)])
    seen: list[tuple[int, int]] = []
    import_run(batch=queued_batch(path), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 10), (4, 10), (8, 10), (10, 10)]


# The importer must survive anything a user can upload: either a DomainError about the file,
# or a report whose counts add up, with every row imported or given a reason.
cells = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
emails = st.one_of(
    cells, st.emails().map(str.upper), st.sampled_from(["a@acme.fr", "A@ACME.FR", "b@gmail.com"])
)


def import_outcome(path: Path) -> ImportBatch | None:
    try:
        return import_run(batch=queued_batch(path))
    except DomainError:
        return None


def assert_rows_accounted_for(batch: ImportBatch) -> None:
    assert batch.status == ImportStatus.DONE
    done = batch.imported + batch.updated + batch.unchanged + batch.rejected
    assert done == batch.total_rows
    if batch.rejected:
        reasons = [row["reason"] for row in rejected_rows(batch)]
        assert len(reasons) == batch.rejected and all(": " in reason for reason in reasons)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_it_survives_arbitrary_bytes_as_a_file(db, tmp_path, content):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(content)
    try:
        batch = queued_batch(path)
    except DomainError:
        return
    batch.mapping = {
        header: "email" if position == 0 else "" for position, header in enumerate(batch.mapping)
    }
    batch.save()
    try:
        import_run(batch=batch)
    except DomainError:
        return
    assert_rows_accounted_for(batch)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(emails, cells, cells, cells, cells, cells, cells).map(list), max_size=15))
def test_it_accounts_for_every_row_of_arbitrary_cells(db, tmp_path, rows):
    path = write_csv(tmp_path / "fuzz.csv", rows)
    batch = import_outcome(path)
    if batch is not None:
        assert_rows_accounted_for(batch)
        assert batch.imported <= Contact.objects.count()


def test_it_imports_an_xlsx_file_with_french_headers(db, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Adresse e-mail", "Prénom", "Entreprise", "Nombre de salariés", "Secteur"])
    workbook.active.append(["lea@bistro.fr", "Léa", "Bistro", 45, "Restaurants"])
    workbook.active.append(["max@bistro.fr", "Max", "Bistro", None, "Banque"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    batch = run(path)
    assert counts(batch) == (2, 2, 0, 0, 0)
    company = Company.objects.get()
    assert (company.name, company.domain, company.employees, company.employee_band, company.industry) == (
        "Bistro",
        "bistro.fr",
        45,
        "11-50",
        "restaurants",
    )
    assert Contact.objects.get(email="lea@bistro.fr").first_name == "Léa"
