from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from fusee.contacts.importing.reading import table_open
from fusee.core.errors import DomainError

HEADER = "Email;Prénom;Société\n"
ROW = "zoé@exemple.fr;Zoé;Crème brûlée SA\n"


def write(tmp_path: Path, content: bytes, name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("encoding", "expected"), [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")]
)
def test_it_reads_utf8_with_or_without_bom_and_windows_1252(tmp_path, encoding, expected):
    table = table_open(path=write(tmp_path, (HEADER + ROW).encode(encoding)))
    assert table.encoding == expected
    assert table.headers == ["Email", "Prénom", "Société"]
    assert list(table.rows()) == [
        (2, {"Email": "zoé@exemple.fr", "Prénom": "Zoé", "Société": "Crème brûlée SA"})
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_finds_the_delimiter_from_the_header_line(tmp_path, delimiter):
    text = f'Email{delimiter}"Nom, complet"{delimiter}Pays\na@b.fr{delimiter}"Dupont; Jean"{delimiter}FR\n'
    table = table_open(path=write(tmp_path, text.encode()))
    assert table.delimiter == delimiter
    assert list(table.rows()) == [(2, {"Email": "a@b.fr", "Nom, complet": "Dupont; Jean", "Pays": "FR"})]


def test_it_numbers_rows_as_the_spreadsheet_does_and_skips_blank_ones(tmp_path):
    text = "\nEmail,Name\na@b.fr,A\n,\nc@d.fr,C,extra cell\ne@f.fr\n"
    table = table_open(path=write(tmp_path, text.encode()))
    assert list(table.rows()) == [
        (3, {"Email": "a@b.fr", "Name": "A"}),
        (5, {"Email": "c@d.fr", "Name": "C"}),
        (6, {"Email": "e@f.fr", "Name": ""}),
    ]
    assert table.count_rows() == 3


def test_it_names_blank_and_repeated_headers(tmp_path):
    table = table_open(path=write(tmp_path, b"Email,,Email\n"))
    assert table.headers == ["Email", "column 2", "Email (2)"]


def test_it_reads_an_xlsx_workbook(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Courriel", "Effectif", "Nom"])
    sheet.append(["jean@acme.fr", 1200, "Dupont"])
    sheet.append([None, None, None])
    sheet.append(["marie@acme.fr", 35.0, None])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    table = table_open(path=path)
    assert table.kind == "xlsx"
    assert list(table.rows()) == [
        (2, {"Courriel": "jean@acme.fr", "Effectif": "1200", "Nom": "Dupont"}),
        (4, {"Courriel": "marie@acme.fr", "Effectif": "35", "Nom": ""}),
    ]
    assert table.samples() == {
        "Courriel": ["jean@acme.fr", "marie@acme.fr"],
        "Effectif": ["1200", "35"],
        "Nom": ["Dupont"],
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "contacts.csv: the file is empty"),
        (b"\n\n  \n", "contacts.csv: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "contacts.csv: not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel files (.xls) are not supported"),
        (b"PK\x03\x04 broken zip", "contacts.csv: not an Excel workbook"),
    ],
)
def test_it_refuses_a_bad_file_naming_it_and_what_is_wrong(tmp_path, content, message):
    with pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")):
        table_open(path=write(tmp_path, content))


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(DomainError, match=r"gone\.csv: the file cannot be read"):
        table_open(path=tmp_path / "gone.csv")
