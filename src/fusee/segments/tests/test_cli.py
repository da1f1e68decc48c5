from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from fusee.contacts.tests.factories import ContactFactory
from fusee.segments.models import Segment

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("segments", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_count():
    ContactFactory.create_batch(3, score=70)
    ContactFactory.create(score=10)
    assert run("count", "score >= 50")[0].strip() == "3"


def test_it_shows_a_caret_under_a_syntax_error():
    err = StringIO()
    with pytest.raises(CommandError, match='unknown field "scor" at column 18'):
        call_command("segments", "count", "country = FR and scor > 3", stderr=err)
    assert err.getvalue() == "country = FR and scor > 3\n" + " " * 17 + "^\n"


def test_it_exits_with_status_1_on_a_syntax_error(capsys):
    from fusee.segments.management.commands.segments import Command

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["fusee", "segments", "count", "score >="])
    assert exited.value.code == 1
    assert 'expected a value after ">="' in capsys.readouterr().err


def test_it_creates_and_lists_segments():
    ContactFactory.create(score=70)
    assert 'Segment "Hot" saved: 1 contacts' in run("create", "Hot", "score >= 50")[0]
    assert Segment.objects.get().expression == "score >= 50"
    listing = run("list")[0]
    assert "Hot" in listing and "score >= 50" in listing


def test_it_exports_csv_and_xlsx(tmp_path):
    ContactFactory.create(email="ana@example.com", first_name="Ana", score=70, company__name="Shop")
    ContactFactory.create(score=10)
    run("create", "Hot", "score >= 50")
    run("export", "Hot", str(tmp_path / "hot.csv"))
    rows = list(csv.reader((tmp_path / "hot.csv").open(encoding="utf-8")))
    assert rows[0] == [
        "email",
        "first_name",
        "last_name",
        "job_title",
        "company",
        "country",
        "lifecycle",
        "score",
    ]
    assert len(rows) == 2 and rows[1][0] == "ana@example.com" and rows[1][4] == "Shop"
    run("export", "hot", str(tmp_path / "hot.xlsx"))
    sheet = load_workbook(tmp_path / "hot.xlsx").active
    values = list(sheet.values)
    assert values[1][0] == "ana@example.com" and values[1][7] == 70


def test_it_refuses_an_unknown_segment_or_format(tmp_path):
    with pytest.raises(CommandError, match="no segment"):
        run("export", "Nope", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        run("export", "Nope", str(tmp_path / "x.pdf"))
