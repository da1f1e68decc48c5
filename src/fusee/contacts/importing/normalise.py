"""Turn one mapped row of text into clean contact and company values, or say what is wrong.

Every rejection names the field: `email: "jean.dupont@" is not a valid address`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from babel import Locale
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation

from fusee.contacts.importing.mapping import CUSTOM_PREFIX, simplify
from fusee.contacts.models import (
    Contact,
    EmployeeBand,
    Industry,
    LegalBasis,
    Lifecycle,
    Seniority,
)


class RowRejected(Exception):
    """The row cannot be imported; the message names the field and the value."""


@dataclass
class CleanRow:
    number: int
    email: str
    contact: dict[str, object] = field(default_factory=dict)
    company: dict[str, object] = field(default_factory=dict)
    custom: dict[str, str] = field(default_factory=dict)

    @property
    def company_key(self) -> tuple[str, str] | None:
        """("domain", d) or ("name", n): how the row's company is found."""
        if domain := str(self.company.get("domain") or ""):
            return ("domain", domain)
        if name := str(self.company.get("name") or ""):
            return ("name", name)
        return None


# Free-mail providers: their domain says nothing about the contact's company.
FREE_MAIL = {
    "gmail.com", "googlemail.com", "icloud.com", "me.com", "mac.com", "aol.com", "msn.com",
    "protonmail.com", "proton.me", "orange.fr", "free.fr", "wanadoo.fr", "laposte.net", "sfr.fr",
    "neuf.fr", "bbox.fr", "numericable.fr", "web.de", "t-online.de", "mail.com", "zoho.com",
    "yandex.com", "yandex.ru", "qq.com", "163.com",
}
FREE_MAIL_PREFIXES = ("yahoo.", "ymail.", "hotmail.", "outlook.", "live.", "gmx.", "libero.", "tutanota.")

# French words CRMs export, on top of the codes and the English labels.
FRENCH_WORDS = {
    "lifecycle": {
        "abonne": "subscriber", "prospect": "lead", "piste": "lead", "client": "customer",
        "opportunite": "opportunity", "lead marketing": "mql", "lead commercial": "sql",
        "marketing qualified lead": "mql", "sales qualified lead": "sql",
    },
    "seniority": {
        "debutant": "entry", "junior": "entry", "employe": "entry", "responsable": "manager",
        "directeur": "director", "directrice": "director", "direction": "director",
        "vice president": "vp", "dirigeant": "c_level", "c level": "c_level", "cxo": "c_level",
        "proprietaire": "owner", "fondateur": "owner", "fondatrice": "owner", "founder": "owner",
    },
    "legal_basis": {
        "consentement": "consent", "interet legitime": "legitimate_interest", "aucune": "none",
    },
    "company_industry": {
        "commerce": "retail", "distribution": "retail", "commerce de detail": "retail",
        "hotellerie": "hospitality", "sante": "healthcare", "banque": "banking",
        "assurance": "banking", "banque assurance": "banking", "immobilier": "real_estate",
        "sport": "fitness", "sport et loisirs": "fitness", "logistique": "logistics",
        "transport": "logistics", "industrie": "manufacturing", "education": "education",
        "enseignement": "education", "secteur public": "public_sector", "administration": "public_sector",
        "automobile": "automotive", "autre": "other",
    },
}
CHOICES = {
    "lifecycle": Lifecycle, "seniority": Seniority, "legal_basis": LegalBasis, "company_industry": Industry,
}
COUNTRY_ALIASES = {"uk": "GB", "usa": "US", "u s a": "US", "u s": "US", "england": "GB", "angleterre": "GB"}
PLAIN_FIELDS = ("first_name", "last_name", "job_title", "phone")
MAX_LENGTHS: dict[str, int] = {name: Contact._meta.get_field(name).max_length or 0 for name in PLAIN_FIELDS}  # type: ignore[union-attr]


def row_clean(number: int, values: dict[str, str]) -> CleanRow:
    """values: {target: raw text}, already mapped. Raises RowRejected."""
    values = {target: text.strip() for target, text in values.items() if text and text.strip()}
    row = CleanRow(number=number, email=clean_email(values.get("email", "")))
    for name in PLAIN_FIELDS:
        if name in values:
            row.contact[name] = clean_text(name, values[name])
    clean_coded_fields(row, values)
    clean_company(row, values)
    row.custom = {t[len(CUSTOM_PREFIX):]: v for t, v in values.items() if t.startswith(CUSTOM_PREFIX)}
    return row


def clean_coded_fields(row: CleanRow, values: dict[str, str]) -> None:
    if "country" in values:
        row.contact["country"] = clean_country(values["country"])
    if "language" in values:
        row.contact["language"] = clean_language(values["language"])
    for name in ("lifecycle", "seniority", "legal_basis"):
        if name in values:
            row.contact[name] = clean_choice(name, values[name])


def clean_company(row: CleanRow, values: dict[str, str]) -> None:
    company = row.company
    if "company_name" in values:
        company["name"] = clean_text("company_name", values["company_name"], 200)
    company["domain"] = clean_domain(values["company_domain"]) if "company_domain" in values else ""
    company["domain"] = company["domain"] or domain_of_email(row.email)
    if "company_industry" in values:
        company["industry"] = clean_choice("company_industry", values["company_industry"])
    if "company_employees" in values:
        company["employees"] = clean_number("company_employees", values["company_employees"])
        company["employee_band"] = EmployeeBand.for_count(int(str(company["employees"])))
    if "company_sites" in values:
        company["sites"] = clean_number("company_sites", values["company_sites"])
    if not company["domain"] and not company.get("name"):
        company.clear()  # nothing to find or create a company by


# Addresses of this shape are valid for Django's validate_email too (a stricter subset of its
# dot-atom and domain patterns); the full validator only runs for the rest.
PLAIN_ADDRESS = re.compile(
    r"[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)


def clean_email(text: str) -> str:
    if not text:
        raise RowRejected("email: missing")
    email = text.strip().lower()
    if len(email) > 254:
        raise RowRejected("email: longer than 254 characters")
    if not PLAIN_ADDRESS.fullmatch(email):
        try:
            validate_email(email)
        except ValidationError:
            raise RowRejected(f"email: {quoted(text)} is not a valid address") from None
    return email


def clean_text(name: str, text: str, max_length: int | None = None) -> str:
    limit = max_length or MAX_LENGTHS[name]
    if len(text) > limit:
        raise RowRejected(f"{name}: longer than {limit} characters")
    return text


@lru_cache(maxsize=1 << 16)  # websites and email domains repeat across a file's rows
def clean_domain(text: str) -> str:
    """"https://www.Acme.fr/contact" -> "acme.fr"."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text.strip().lower())
    host = re.split(r"[/?#:\s]", host, maxsplit=1)[0].removeprefix("www.").strip(".")
    well_formed = re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}", host)
    if not well_formed or len(host) > 253:
        raise RowRejected(f"company_domain: {quoted(text)} is not a website or domain")
    return host


def domain_of_email(email: str) -> str:
    return company_domain_of(email.rsplit("@", 1)[1])


@lru_cache(maxsize=1 << 16)
def company_domain_of(domain: str) -> str:
    if domain in FREE_MAIL or domain.startswith(FREE_MAIL_PREFIXES):
        return ""
    try:
        return clean_domain(domain)
    except RowRejected:
        return ""  # e.g. an IP-literal address: valid to mail, no company domain


def clean_number(name: str, text: str) -> int:
    """Whole numbers as spreadsheets write them: "1 200", "1,200", "1.200", "1200.0"."""
    compact = re.sub(r"[\s\u00a0\u202f']", "", text)
    if re.fullmatch(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*", compact):
        compact = re.sub(r"[.,]", "", compact)
    compact = re.sub(r"[.,]0+$", "", compact)
    if not re.fullmatch(r"\d{1,9}", compact):
        raise RowRejected(f"{name}: {quoted(text)} is not a whole number")
    return int(compact)


@lru_cache(maxsize=4096)  # a column of choices holds a handful of distinct values
def clean_choice(name: str, text: str) -> str:
    value = choice_index(name).get(simplify(text))
    if value is None:
        raise RowRejected(f"{name}: {quoted(text)} is not a known value")
    return value


@cache
def choice_index(name: str) -> dict[str, str]:
    """Codes, English labels and French words of one choice field, simplified."""
    choices = CHOICES[name]
    index = {simplify(value): value for value in choices.values}
    with translation.override("en"):
        index |= {simplify(str(label)): value for value, label in choices.choices}
    with translation.override("fr"):
        index |= {simplify(str(label)): value for value, label in choices.choices}
    return index | FRENCH_WORDS[name]


@lru_cache(maxsize=4096)
def clean_country(text: str) -> str:
    code = country_index().get(simplify(text))
    if code is None:
        raise RowRejected(f"country: {quoted(text)} is not a known country")
    return code


@cache
def country_index() -> dict[str, str]:
    """ISO 3166 alpha-2 codes and English and French country names -> code."""
    index = dict(COUNTRY_ALIASES)
    for locale in ("en", "fr"):
        territories = Locale(locale).territories
        index |= {simplify(name): code for code, name in territories.items() if code.isalpha()}
    return index | {code.lower(): code for code in set(index.values())}


@lru_cache(maxsize=4096)
def clean_language(text: str) -> str:
    code = language_index().get(simplify(text)) or language_index().get(simplify(re.split(r"[-_]", text)[0]))
    if code is None:
        raise RowRejected(f"language: {quoted(text)} is not a known language")
    return code


@cache
def language_index() -> dict[str, str]:
    """Two-letter language codes and their English and French names -> code."""
    index: dict[str, str] = {}
    for locale in ("en", "fr"):
        languages = Locale(locale).languages
        index |= {simplify(name): code for code, name in languages.items() if len(code) == 2}
    return index | {code: code for code in set(index.values())}


def quoted(text: str) -> str:
    """The value as the user wrote it, cut short so a report line stays readable."""
    short = text if len(text) <= 60 else text[:57] + "…"
    return '"' + short.replace('"', "'") + '"'
