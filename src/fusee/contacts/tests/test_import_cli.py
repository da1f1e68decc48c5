from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from fusee.contacts.models import Contact, ImportBatch, ImportMapping

CSV = "E-mail;First name;Langue\njean@acme.fr;Jean;Français\nbad@;Bad;fr\n"


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    return path


def test_it_imports_a_file_and_prints_the_report(db, csv_file, capsys):
    call_command("contacts", "import", str(csv_file), "--policy", "overwrite")
    out = capsys.readouterr().out
    assert "Import done: 2 rows in export.csv" in out and "imported   1" in out and "rejected   1" in out
    assert "Rejected rows, with the reason for each:" in out and "export-rejected" in out
    assert Contact.objects.get().language == "fr"
    assert ImportBatch.objects.get().policy == "overwrite"


def test_it_changes_nothing_on_a_dry_run(db, csv_file, capsys):
    call_command("contacts", "import", str(csv_file), "--dry-run")
    assert "Dry run, nothing was changed: 2 rows" in capsys.readouterr().out
    assert not Contact.objects.exists() and not ImportBatch.objects.exists()


def test_it_uses_a_saved_mapping(db, csv_file):
    ImportMapping.objects.create(name="crm", mapping={"E-mail": "email", "First name": "custom:nickname"})
    call_command("contacts", "import", str(csv_file), "--mapping", "crm")
    assert Contact.objects.get().custom == {"nickname": "Jean"}


def test_it_fails_with_the_file_and_the_problem(db, tmp_path):
    with pytest.raises(CommandError, match=r"missing\.csv: no such file"):
        call_command("contacts", "import", str(tmp_path / "missing.csv"))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match=r"empty\.csv: the file is empty"):
        call_command("contacts", "import", str(empty))
    with pytest.raises(CommandError, match="no saved mapping is named 'nope'"):
        call_command("contacts", "import", str(empty), "--mapping", "nope")


def test_it_is_listed_by_fusee_help():
    result = subprocess.run(
        [sys.executable, "-m", "fusee", "--help"], capture_output=True, text=True, check=True, timeout=60
    )
    assert "contacts" in result.stdout and "Import contacts from a CSV or XLSX file" in result.stdout
