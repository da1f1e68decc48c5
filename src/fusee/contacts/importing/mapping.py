"""Which column of the file goes into which field: guessed from English and French headers.

A mapping is {column header: target}; a target is a field below, `custom:<key>` for a custom
field, or "" for a column left out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from django.utils.translation import gettext_lazy as _

from fusee.core.errors import DomainError

TARGETS = {
    "email": _("Email"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "job_title": _("Job title"),
    "phone": _("Phone"),
    "country": _("Country"),
    "language": _("Language"),
    "lifecycle": _("Lifecycle stage"),
    "seniority": _("Seniority"),
    "legal_basis": _("Legal basis"),
    "company_name": _("Company"),
    "company_domain": _("Company website or domain"),
    "company_industry": _("Company industry"),
    "company_employees": _("Company employees"),
    "company_sites": _("Company sites"),
}
CUSTOM_PREFIX = "custom:"
CUSTOM_KEY = re.compile(r"^[a-z][a-z0-9_]{0,49}$")

# Headers as written by CRMs in English and French, compared after simplify().
SYNONYMS = {
    "email": ["email", "e-mail", "mail", "email address", "courriel", "adresse e-mail",
              "adresse email", "adresse mail", "adresse electronique", "work email"],
    "first_name": ["first name", "firstname", "given name", "prenom"],
    "last_name": ["last name", "lastname", "surname", "family name", "nom", "nom de famille"],
    "job_title": ["job title", "title", "position", "role", "fonction", "poste", "titre",
                  "intitule de poste"],
    "phone": ["phone", "phone number", "telephone", "tel", "mobile", "numero de telephone", "portable"],
    "country": ["country", "pays", "country code", "code pays"],
    "language": ["language", "langue", "preferred language", "langue preferee"],
    "lifecycle": ["lifecycle", "lifecycle stage", "cycle de vie", "etape du cycle de vie", "statut",
                  "status"],
    "seniority": ["seniority", "seniorite", "niveau", "niveau hierarchique", "level"],
    "legal_basis": ["legal basis", "legal basis for processing", "base legale", "base juridique"],
    "company_name": ["company", "company name", "account", "account name", "organization", "organisation",
                     "societe", "entreprise", "nom de l entreprise", "nom de la societe", "raison sociale"],
    "company_domain": ["website", "web site", "domain", "company domain", "company website", "url",
                       "site web", "site internet", "domaine", "site"],
    "company_industry": ["industry", "sector", "secteur", "secteur d activite", "industrie"],
    "company_employees": ["employees", "number of employees", "employee count", "headcount", "company size",
                          "effectif", "effectifs", "nombre de salaries", "nombre d employes"],
    "company_sites": ["sites", "number of sites", "locations", "etablissements", "nombre de sites",
                      "nombre d etablissements"],
}


def simplify(text: str) -> str:
    """Lower case, no accents, punctuation as single spaces: "Adresse E-mail" -> "adresse e mail"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W_]+", " ", plain.casefold()).split())


@cache
def header_index() -> dict[str, str]:
    return {simplify(name): target for target, names in SYNONYMS.items() for name in names}


def mapping_guess(headers: list[str]) -> dict[str, str]:
    """The automatic mapping; the first column wins when two headers name the same field."""
    mapping: dict[str, str] = {}
    for header in headers:
        target = header_index().get(simplify(header), "")
        mapping[header] = "" if target in mapping.values() else target
    return mapping


def mapping_for(headers: list[str], saved: dict[str, str] | None = None) -> dict[str, str]:
    """A saved mapping where it names the file's columns, the guess for the others."""
    guessed = mapping_guess(headers)
    if not saved:
        return guessed
    return {header: saved.get(header, guessed[header]) for header in headers}


def mapping_check(mapping: dict[str, str]) -> dict[str, str]:
    """Refuse unknown targets, a field used twice, or no email column."""
    used: dict[str, str] = {}
    for header, target in mapping.items():
        if not target:
            continue
        if target not in TARGETS and not is_custom(target):
            raise DomainError(f"column {header!r}: {target!r} is not a field contacts have")
        if target in used:
            raise DomainError(f"columns {used[target]!r} and {header!r} both go into {target}")
        used[target] = header
    if "email" not in used:
        raise DomainError("no column is mapped to the email: every contact needs one")
    return {header: target for header, target in mapping.items() if target}


def is_custom(target: str) -> bool:
    return target.startswith(CUSTOM_PREFIX) and bool(CUSTOM_KEY.match(target[len(CUSTOM_PREFIX):]))


def custom_target(text: str) -> str:
    """A custom-field target from a user's words: "Lead source" -> "custom:lead_source"."""
    key = simplify(text).replace(" ", "_")[:50]
    if not CUSTOM_KEY.match(key):
        raise DomainError(f"{text!r} cannot name a custom field: start with a letter")
    return CUSTOM_PREFIX + key


def target_choices() -> list[tuple[str, str]]:
    return [("", str(_("— leave out —"))), *((key, str(label)) for key, label in TARGETS.items())]
