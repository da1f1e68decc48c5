"""Reads of the contacts app, kept fast at a million contacts.

The contact list pages by keyset on (created_at, id) — the `contact_recent` index — never
by OFFSET, and searches by prefix ranges that the email, name and company indexes serve.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import OperationalError, connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from fusee.contacts.models import Company, Contact

PAGE_SIZE = 50
LIST_COLUMNS = (
    "id", "email", "first_name", "last_name", "job_title", "country", "lifecycle", "score",
    "created_at", "company__id", "company__name", "owner__id", "owner__full_name", "owner__email",
)
HIGHEST_CHARACTER = "\U0010ffff"
MAX_COMPANIES = 500  # companies a search term may match; a broader term is not a search
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ESTIMATE_ABOVE = 100_000  # below this an exact count is cheap enough
COUNT_BUDGET_MS = 100  # an exact count of a filtered list may take this long, then it is estimated
FEW = 40_000  # matches that are cheaper to sort than to look for along the date index (measured)


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last row's (created_at, id), carried in the "next" link."""

    created_at: datetime
    id: int

    def encode(self) -> str:
        micros = (self.created_at - EPOCH) // timedelta(microseconds=1)  # exact, unlike a float
        return f"{micros}_{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        """None for anything malformed: a tampered link shows the first page."""
        micros, _, pk = text.partition("_")
        if not (micros.lstrip("-").isdigit() and pk.isdigit()):
            return None
        try:
            created_at = EPOCH + timedelta(microseconds=int(micros))
        except (OverflowError, OSError, ValueError):
            return None
        return cls(created_at=created_at, id=int(pk))

    @classmethod
    def after(cls, contact: Contact) -> Cursor:
        return cls(created_at=contact.created_at, id=contact.pk)


def prefix(field: str, text: str) -> Q:
    """`field` starts with `text`, as a range a plain b-tree index serves (LIKE may not)."""
    return Q(**{f"{field}__gte": text, f"{field}__lt": text + HIGHEST_CHARACTER})


def case_variants(text: str) -> list[str]:
    """Names are stored as typed ("Dupont", "de la Fuente", "DUPONT"): the usual capitalisations."""
    return list(dict.fromkeys([text, text.lower(), text.capitalize(), text.title(), text.upper()]))


def any_case_prefix(field: str, text: str) -> Q:
    query = Q()
    for variant in case_variants(text):
        query |= prefix(field, variant)
    return query


def name_search(text: str) -> Q:
    """Last name starts with the text, or "first last" / "last first".

    Kept a flat OR of terms that each start with a last-name range, so that both databases
    answer it from the (last_name, first_name) index (SQLite's multi-index OR does not look
    into an OR nested inside an AND).
    """
    query = any_case_prefix("last_name", text)
    first, _, rest = text.partition(" ")
    for given, family in ((first, rest), (rest, first)) if rest else ():
        for variant in case_variants(family):
            query |= prefix("last_name", variant) & Q(first_name__istartswith=given)
    return query


def contact_search(text: str) -> Q:
    """Email prefix, name prefix or company-name prefix; never a leading-wildcard scan."""
    text = " ".join(text.split())
    if "@" in text:
        return prefix("email", text.lower())
    # Company ids as a list, not a subquery: PostgreSQL cannot turn "IN (SELECT …)" inside an
    # OR into an index scan, and would read every contact.
    companies = Company.objects.filter(any_case_prefix("name", text)).order_by()
    company_ids = list(companies.values_list("id", flat=True)[:MAX_COMPANIES])
    return prefix("email", text.lower()) | name_search(text) | Q(company_id__in=company_ids)


def contact_list(
    *, search: str = "", lifecycle: str = "", country: str = "", industry: str = "",
    owner_id: int | None = None, min_score: int | None = None,
) -> QuerySet[Contact]:
    contacts = Contact.objects.select_related("company", "owner").only(*LIST_COLUMNS)
    if search.strip():
        # As a subquery: the planners then look the matches up by index and sort those few,
        # rather than walk the whole table in date order hoping to meet 50 of them.
        contacts = contacts.filter(id__in=Contact.objects.filter(contact_search(search)).values("id"))
    exact = {"lifecycle": lifecycle, "country": country.upper(), "company__industry": industry}
    contacts = contacts.filter(**{field: value for field, value in exact.items() if value})
    if owner_id is not None:
        contacts = contacts.filter(owner_id=owner_id)
    if min_score is not None:
        contacts = contacts.filter(score__gte=min_score)
    return contacts.order_by("-created_at", "-id")


def contact_page(
    contacts: QuerySet[Contact], *, after: Cursor | None, size: int = PAGE_SIZE, few: bool = False
) -> tuple[list[Contact], Cursor | None]:
    """One page after the cursor, and the cursor of the next page (None on the last).

    `few`: the filters match a few thousand rows at most. Walking the date index until 50
    of them turn up could then read the whole table (the planners assume filters independent,
    so a rare combination looks common); ordering by an expression that index cannot serve
    makes them fetch the matches through the filters' indexes and sort those instead.
    """
    if after:
        contacts = contacts.filter(
            Q(created_at__lt=after.created_at) | Q(created_at=after.created_at, id__lt=after.id)
        )
    if few:
        contacts = contacts.order_by(Coalesce("created_at", "created_at").desc(), "-id")
    rows = list(contacts[: size + 1])
    return rows[:size], Cursor.after(rows[size - 1]) if len(rows) > size else None


def contact_count(contacts: QuerySet[Contact], *, filtered: bool) -> tuple[int, bool]:
    """(count, is_estimate). SQLite counts exactly (an embedded base is small). PostgreSQL
    estimates the whole table from its statistics, and counts a filtered list exactly when
    that takes less than COUNT_BUDGET_MS; past that (a broad filter at a million contacts)
    the planner's estimate is shown instead. A LIMIT-capped count is no answer: with filters
    the planner wrongly takes as independent, it can read the whole table to find nothing."""
    if connection.vendor != "postgresql":
        return contacts.count(), False
    if not filtered:
        estimate = contact_table_estimate()
        return (estimate, True) if estimate >= ESTIMATE_ABOVE else (contacts.count(), False)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {COUNT_BUDGET_MS}")
            return contacts.order_by().values("pk").count(), False
    except OperationalError:  # the budget ran out
        return planned_rows(contacts), True


def planned_rows(contacts: QuerySet[Contact]) -> int:
    sql, params = contacts.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def contact_table_estimate() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [Contact._meta.db_table]
        )
        row = cursor.fetchone()
    return int(row[0]) if row else -1
