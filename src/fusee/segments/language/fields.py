"""What a segment can test: the contact's and its company's fields, events, and functions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fusee.contacts.models import (
    EventType,
    Industry,
    JobFunction,
    LegalBasis,
    Lifecycle,
    Maturity,
    Seniority,
    Source,
    Tier,
)


class Kind(StrEnum):
    TEXT = "text"  # free text, compared case-insensitively
    CODE = "code"  # short codes (email, country, language): normalised, compared exactly
    CHOICE = "choice"  # one of a fixed list; ordered ones compare by stage order
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class Field:
    name: str
    path: str  # ORM lookup path from Contact
    kind: Kind
    choices: tuple[str, ...] = ()
    ordered: bool = False  # choices listed in their natural order (lifecycle, maturity…)
    case: str = ""  # "lower" or "upper": how CODE values are stored

    def normalise(self, value: str) -> str:
        if self.case == "upper":
            return value.upper()
        return value.lower() if self.case == "lower" or self.kind == Kind.CHOICE else value


def text(name: str, path: str = "") -> Field:
    return Field(name, path or name, Kind.TEXT)


def code(name: str, path: str = "", case: str = "lower") -> Field:
    return Field(name, path or name, Kind.CODE, case=case)


def choice(name: str, path: str, values: list[str], ordered: bool = False) -> Field:
    return Field(name, path, Kind.CHOICE, tuple(values), ordered)


def number(name: str, path: str = "") -> Field:
    return Field(name, path or name, Kind.NUMBER)


FIELD_LIST = [
    code("email"),
    text("first_name"),
    text("last_name"),
    text("job_title"),
    choice("job_function", "job_function", JobFunction.values),
    choice("seniority", "seniority", Seniority.values, ordered=True),
    code("language"),
    code("country", case="upper"),
    choice("lifecycle", "lifecycle", Lifecycle.values, ordered=True),
    choice("maturity", "maturity", Maturity.values, ordered=True),
    choice("source", "source", Source.values),
    choice("legal_basis", "legal_basis", LegalBasis.values),
    number("score"),
    number("fit_score"),
    number("behaviour_score"),
    Field("created_at", "created_at", Kind.DATE),
    code("owner", "owner__email"),
    Field("unsubscribed", "unsubscribed", Kind.BOOLEAN),
    Field("bounced", "bounced", Kind.BOOLEAN),
    text("company.name", "company__name"),
    code("company.domain", "company__domain"),
    choice("industry", "company__industry", Industry.values),
    number("employees", "company__employees"),
    number("company.sites", "company__sites"),
    code("company.country", "company__country", case="upper"),
    choice("tier", "company__tier", Tier.values, ordered=True),
]
FIELDS = {field.name: field for field in FIELD_LIST}
ALIASES = {"company.industry": "industry", "company.employees": "employees", "company.tier": "tier"}
COMPUTED_FLAGS = ("consented",)
CUSTOM_PREFIX = "custom."

# verb(channel) shorthands; the first argument names the channel.
SHORTHANDS: dict[str, dict[str, str]] = {
    "opened": {"email": EventType.EMAIL_OPENED},
    "clicked": {"email": EventType.EMAIL_CLICKED},
    "received": {"email": EventType.EMAIL_DELIVERED},
    "sent": {"email": EventType.EMAIL_SENT},
    "attended": {"webinar": EventType.WEBINAR_ATTENDED},
    "registered": {"webinar": EventType.WEBINAR_REGISTERED},
    "downloaded": {"content": EventType.CONTENT_DOWNLOADED},
    "submitted": {"form": EventType.FORM_SUBMITTED},
    "visited": {"page": EventType.PAGE_VISITED},
    "booked": {"meeting": EventType.MEETING_BOOKED},
}
FUNCTIONS = ("did", "in_list", *SHORTHANDS)
EVENT_ARGUMENTS = ("within", "since", "campaign", "times")
EVENT_TYPES = tuple(EventType.values)
DURATION_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def known_names() -> list[str]:
    return [*FIELDS, *ALIASES, *COMPUTED_FLAGS]


def find_field(name: str) -> Field | None:
    return FIELDS.get(ALIASES.get(name, name))
