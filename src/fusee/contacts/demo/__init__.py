"""The demo contact base of Orbitale: companies, contacts and 18 months of engagement.

Called by `fusee demo` after the core demo (which creates the account executives who own
the contacts). Everything comes from random.Random(seed); Faker only fills name pools.
A chunk of contacts at a time goes in with bulk_create, then their events with COPY on
PostgreSQL or executemany on SQLite, all in one transaction: 40,000 contacts and ~0.8 M
events take ~20-25 s.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from fusee.contacts.demo.companies import companies_build, contact_weight, name_pools
from fusee.contacts.demo.engagement import RawEvent, campaign_calendar, contact_timeline, scores_set
from fusee.contacts.demo.people import contact_build
from fusee.contacts.demo.vocabulary import COUNTRIES
from fusee.contacts.models import Company, Contact, Event
from fusee.core.models import Team, User

DEFAULT_CONTACTS = 40_000
CONTACTS_PER_COMPANY = 5
CHUNK = 5000
DEMO_SUFFIXES = tuple(f".{country.tld}.example" for country in COUNTRIES)
Progress = Callable[[int, int], None]
T = TypeVar("T")


def load(*, seed: int, options: dict[str, Any], progress: Progress | None = None) -> None:
    total = int(options.get("contacts", DEFAULT_CONTACTS))
    if total <= 0 or demo_contacts_exist():
        return
    with transaction.atomic():
        DemoBase(seed=seed, total=total, progress=progress).load()


def demo_contacts_exist() -> bool:
    demo_domains = Q()
    for suffix in DEMO_SUFFIXES:
        demo_domains |= Q(domain__endswith=suffix)
    return Company.objects.filter(demo_domains).exists()


def account_executives() -> dict[str, User]:
    """The sales rep of each country, who owns its contacts."""
    reps = User.objects.filter(team=Team.SALES, job_title__startswith="Account Executive").order_by("id")
    return {rep.country: rep for rep in reps}


class DemoBase:
    def __init__(self, *, seed: int, total: int, progress: Progress | None) -> None:
        # Two streams: the people stay the same whatever day the demo is loaded, while the
        # events (laid on the real calendar) may shift with it.
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        self.events_rng = random.Random(f"events-{seed}")  # noqa: S311
        self.total, self.progress = total, progress
        self.now = timezone.now()
        self.pools = name_pools(seed)
        self.owners = account_executives()
        self.countries = {country.code: country for country in COUNTRIES}
        self.calendar = campaign_calendar(self.events_rng, self.now)
        self.emails: set[str] = set()
        self.ops = connection.ops  # looked up once: the proxy costs a thread-local per access
        self.json_values: dict[tuple, Any] = {}

    def load(self) -> None:
        companies = companies_build(self.rng, max(1, self.total // CONTACTS_PER_COMPANY), self.pools)
        Company.objects.bulk_create(companies, batch_size=CHUNK)
        done = 0
        for chunk in batched(self.company_per_contact(companies), CHUNK):
            self.contacts_insert(chunk)
            done += len(chunk)
            if self.progress:
                self.progress(done, self.total)

    def company_per_contact(self, companies: list[Company]) -> Iterator[Company]:
        """Every company gets one contact, the rest go mostly to the bigger networks."""
        yield from companies[: self.total]
        cumulative = list(itertools.accumulate(contact_weight(company) for company in companies))
        for _ in range(self.total - len(companies)):
            yield companies[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]

    def contacts_insert(self, companies: list[Company]) -> None:
        histories = [self.contact_with_history(company) for company in companies]
        Contact.objects.bulk_create([contact for contact, _events in histories], batch_size=CHUNK)
        rows = (self.event_row(contact.pk, raw) for contact, raw_events in histories for raw in raw_events)
        for batch in batched(rows, CHUNK):
            events_insert(batch)

    def contact_with_history(self, company: Company) -> tuple[Contact, list[RawEvent]]:
        country = self.countries[company.country]
        contact = contact_build(
            self.rng, company, country, self.pools[country.code], self.owners.get(country.code),
            self.now, self.emails,
        )
        timeline = contact_timeline(self.events_rng, contact, company.industry, self.calendar, self.now)
        scores_set(contact, company.industry, company.tier, timeline)
        return contact, timeline.events

    def event_row(self, contact_id: int, raw: RawEvent) -> tuple[Any, ...]:
        kind, days_ago, campaign, properties = raw
        occurred_at = self.ops.adapt_datetimefield_value(self.now - timedelta(days=days_ago))
        return contact_id, kind, occurred_at, campaign, self.json_value(properties)

    def json_value(self, properties: dict[str, Any]) -> Any:
        # A few dozen distinct property sets: encode each once.
        key = tuple(properties.items())
        if key not in self.json_values:
            self.json_values[key] = self.ops.adapt_json_value(properties, None)
        return self.json_values[key]


EVENT_COLUMNS = ("contact_id", "type", "occurred_at", "campaign", "properties")


def events_insert(rows: list[tuple[Any, ...]]) -> None:
    """Straight to Event's table: bulk_create spends 3/4 of the demo's time preparing values
    field by field, and events are ~95% of the rows (50 s for 40,000 contacts; this, ~20 s)."""
    quote = connection.ops.quote_name
    table, columns = quote(Event._meta.db_table), ", ".join(quote(column) for column in EVENT_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: several times faster than INSERTs
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(EVENT_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model
        cursor.executemany(sql, rows)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
