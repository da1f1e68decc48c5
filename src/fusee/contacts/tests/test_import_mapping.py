from __future__ import annotations

import pytest

from fusee.contacts.importing.mapping import custom_target, mapping_check, mapping_for, mapping_guess
from fusee.contacts.importing.normalise import RowRejected, clean_number, row_clean
from fusee.core.errors import DomainError


def test_it_maps_english_and_french_headers_whatever_their_case_accents_and_punctuation():
    headers = [
        "Adresse E-mail",
        "PRÉNOM",
        "Nom de famille",
        "Société",
        "Site web",
        "Fonction",
        "Tél.",
        "Pays",
        "Langue",
        "Secteur d'activité",
        "Nombre de salariés",
        "Établissements",
        "Cycle de vie",
        "Séniorité",
        "Ville",
    ]
    assert mapping_guess(headers) == {
        "Adresse E-mail": "email",
        "PRÉNOM": "first_name",
        "Nom de famille": "last_name",
        "Société": "company_name",
        "Site web": "company_domain",
        "Fonction": "job_title",
        "Tél.": "phone",
        "Pays": "country",
        "Langue": "language",
        "Secteur d'activité": "company_industry",
        "Nombre de salariés": "company_employees",
        "Établissements": "company_sites",
        "Cycle de vie": "lifecycle",
        "Séniorité": "seniority",
        "Ville": "",
    }


def test_it_maps_only_the_first_of_two_columns_naming_the_same_field():
    assert mapping_guess(["Email", "Courriel"]) == {"Email": "email", "Courriel": ""}


def test_it_prefers_a_saved_mapping_for_the_columns_it_knows():
    saved = {"Ville": "custom:city", "Mail": "email"}
    assert mapping_for(["Mail", "Ville", "Nom"], saved) == {
        "Mail": "email",
        "Ville": "custom:city",
        "Nom": "last_name",
    }


def test_it_refuses_a_mapping_without_email_or_with_a_field_twice_or_unknown():
    with pytest.raises(DomainError, match="no column is mapped to the email"):
        mapping_check({"Nom": "last_name"})
    with pytest.raises(DomainError, match="'A' and 'B' both go into email"):
        mapping_check({"A": "email", "B": "email"})
    with pytest.raises(DomainError, match="'password' is not a field"):
        mapping_check({"A": "email", "B": "password"})


def test_it_turns_words_into_a_custom_field_target():
    assert custom_target("Lead source (CRM)") == "custom:lead_source_crm"
    with pytest.raises(DomainError, match="cannot name a custom field"):
        custom_target("2024")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 200", 1200),
        ("1,200", 1200),
        ("1.200", 1200),
        ("1\u202f200", 1200),
        ("35", 35),
        ("35.0", 35),
        ("1.234.567", 1234567),
    ],
)
def test_it_parses_whole_numbers_as_spreadsheets_write_them(text, expected):
    assert clean_number("company_employees", text) == expected


@pytest.mark.parametrize("text", ["1,5", "about 10", "-3", "1.2.3"])
def test_it_refuses_what_is_not_a_whole_number(text):
    with pytest.raises(RowRejected, match=f'company_employees: "{text}" is not a whole number'):
        clean_number("company_employees", text)


def test_it_normalises_a_row_from_french_values():
    row = row_clean(
        2,
        {
            "email": "  Jean.Dupont@ACME.fr ",
            "country": "Royaume-Uni",
            "language": "Français",
            "lifecycle": "Client",
            "seniority": "Directeur",
            "company_name": "Acme",
            "company_domain": "https://www.acme.fr/contact",
            "company_industry": "Santé",
            "company_employees": "1 200",
            "custom:city": "Lyon",
        },
    )
    assert row.email == "jean.dupont@acme.fr"
    assert row.contact == {
        "country": "GB",
        "language": "fr",
        "lifecycle": "customer",
        "seniority": "director",
    }
    assert row.company == {
        "name": "Acme",
        "domain": "acme.fr",
        "industry": "healthcare",
        "employees": 1200,
        "employee_band": "1001-5000",
    }
    assert row.custom == {"city": "Lyon"}


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("a@acme.fr", "acme.fr"),
        ("a@gmail.com", ""),
        ("a@yahoo.co.uk", ""),
        ("a@hotmail.fr", ""),
        ("a@orange.fr", ""),
        ("a@gmx.de", ""),
        ("a@mail.acme.io", "mail.acme.io"),
    ],
)
def test_it_takes_the_company_domain_from_the_email_unless_free_mail(email, domain):
    assert row_clean(2, {"email": email}).company.get("domain", "") == domain


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"email": "jean.dupont@"}, 'email: "jean.dupont@" is not a valid address'),
        ({"first_name": "Jean"}, "email: missing"),
        ({"email": "a@b.fr", "country": "Atlantis"}, 'country: "Atlantis" is not a known country'),
        ({"email": "a@b.fr", "lifecycle": "hot"}, 'lifecycle: "hot" is not a known value'),
        (
            {"email": "a@b.fr", "company_domain": "not a site"},
            'company_domain: "not a site" is not a website',
        ),
        ({"email": "a@b.fr", "first_name": "x" * 101}, "first_name: longer than 100 characters"),
    ],
)
def test_it_rejects_a_row_naming_the_field(values, reason):
    with pytest.raises(RowRejected, match=reason):
        row_clean(2, values)
