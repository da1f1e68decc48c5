from __future__ import annotations

from pathlib import Path

import pytest

from fusee.core.backup import database_backup, database_restore, is_sqlite
from fusee.core.errors import DomainError
from fusee.core.models import AuditEntry, User
from fusee.testing.factories import UserFactory

roundtrip = pytest.mark.django_db(transaction=True)


def round_trip(tmp_path: Path) -> None:
    UserFactory.create(email="kept@example.com", full_name="Kept Person")
    AuditEntry.objects.create(actor_label="t", action="x", target_type="t")
    reports: list[tuple[int, int]] = []
    backup = database_backup(target=tmp_path / "fusee.backup", progress=lambda *p: reports.append(p))
    User.objects.all().delete()
    UserFactory.create(email="added-after@example.com")
    database_restore(source=backup)
    assert list(User.objects.values_list("email", flat=True)) == ["kept@example.com"]
    assert AuditEntry.objects.filter(action="x").count() == 1
    if is_sqlite():
        assert reports and reports[-1][0] == reports[-1][1]


@pytest.mark.sqlite
@roundtrip
def test_it_round_trips_the_sqlite_database(tmp_path):
    round_trip(tmp_path)


@pytest.mark.postgres
@roundtrip
def test_it_round_trips_the_postgresql_database_with_pg_dump(tmp_path):
    round_trip(tmp_path)


def test_it_refuses_to_overwrite_an_existing_file(db, tmp_path):
    target = tmp_path / "exists"
    target.write_text("precious")
    with pytest.raises(DomainError, match="already exists"):
        database_backup(target=target)
    assert target.read_text() == "precious"


def test_it_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("hello")
    with pytest.raises(DomainError, match="neither a Fusée SQLite backup nor a pg_dump archive"):
        database_restore(source=junk)


def test_it_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(DomainError, match="does not exist"):
        database_restore(source=tmp_path / "nope")
