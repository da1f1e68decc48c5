"""Demo contacts: who they are, where they come from, what they agreed to."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta

from fusee.contacts.demo.companies import NamePool, slugify_ascii
from fusee.contacts.demo.vocabulary import JOB_TITLES, Country
from fusee.contacts.models import Company, Contact, LegalBasis, Lifecycle, Maturity, Source
from fusee.core.models import User

MAX_AGE_DAYS = 540  # the base was built over the last 18 months
LIFECYCLE_WEIGHTS: dict[str, float] = {
    Lifecycle.SUBSCRIBER: 44, Lifecycle.LEAD: 36, Lifecycle.MQL: 9, Lifecycle.SQL: 5,
    Lifecycle.OPPORTUNITY: 3.5, Lifecycle.CUSTOMER: 2.5,
}
# (awareness, consideration, decision) weights: further down the funnel, further along.
MATURITY_BY_LIFECYCLE: dict[str, tuple[int, int, int]] = {
    Lifecycle.SUBSCRIBER: (75, 20, 5), Lifecycle.LEAD: (50, 40, 10), Lifecycle.MQL: (10, 50, 40),
    Lifecycle.SQL: (0, 25, 75), Lifecycle.OPPORTUNITY: (0, 20, 80), Lifecycle.CUSTOMER: (0, 30, 70),
}
SOURCE_WEIGHTS: dict[str, float] = {
    Source.PROSPECTING: 28, Source.SCRAPING: 17, Source.WEBINAR: 15, Source.FORM: 22, Source.IMPORT: 18,
}
# (consent, legitimate interest, none) weights by where the contact came from.
LEGAL_BASIS_BY_SOURCE: dict[str, tuple[int, int, int]] = {
    Source.PROSPECTING: (0, 88, 12), Source.SCRAPING: (0, 75, 25), Source.WEBINAR: (95, 5, 0),
    Source.FORM: (97, 3, 0), Source.IMPORT: (25, 55, 20),
}
CONSENT_METHODS: dict[str, str] = {
    Source.WEBINAR: "Webinar registration form, marketing box ticked",
    Source.FORM: "Website form, newsletter box ticked",
    Source.IMPORT: "Trade show badge scan, consent on the stand's form",
}


def contact_build(
    rng: random.Random, company: Company, country: Country, pool: NamePool, owner: User | None,
    now: datetime, emails: set[str],
) -> Contact:
    female = rng.random() < 0.5
    first = rng.choice(pool.female if female else pool.male)
    last = rng.choice(pool.last)
    title, function, seniority = job_title(rng, country.language, female)
    lifecycle = weighted(rng, LIFECYCLE_WEIGHTS)
    source = weighted(rng, SOURCE_WEIGHTS)
    created_at = now - timedelta(days=MAX_AGE_DAYS * rng.random() ** 1.3)
    contact = Contact(
        email=unique_email(first, last, company.domain, emails), first_name=first, last_name=last,
        job_title=title, job_function=function, seniority=seniority, country=country.code,
        language=country.language, time_zone=country.time_zone, company=company, owner=owner,
        lifecycle=lifecycle, maturity=maturity_for(rng, lifecycle), source=source,
        phone=phone(rng, country) if rng.random() < 0.6 else "", created_at=created_at,
        updated_at=created_at,
    )
    legal_basis_set(rng, contact)
    contact.bounced = rng.random() < (0.06 if source == Source.SCRAPING else 0.015)
    contact.unsubscribed = not contact.bounced and rng.random() < 0.035
    return contact


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def job_title(rng: random.Random, language: str, female: bool) -> tuple[str, str, str]:
    titles = JOB_TITLES[language]
    title, function, seniority, _weight = rng.choices(titles, weights=[t[3] for t in titles])[0]
    variants = title.split("|")
    return variants[-1] if female else variants[0], function, seniority


def maturity_for(rng: random.Random, lifecycle: str) -> str:
    return rng.choices(Maturity.values, weights=MATURITY_BY_LIFECYCLE[lifecycle])[0]


def unique_email(first: str, last: str, domain: str, emails: set[str]) -> str:
    first_slug, last_slug = slugify_ascii(first) or "contact", slugify_ascii(last) or "demo"
    candidates = itertools.chain(
        [f"{first_slug}.{last_slug}", f"{first_slug[0]}.{last_slug}", f"{first_slug}{last_slug}"],
        (f"{first_slug}.{last_slug}{n}" for n in itertools.count(2)),
    )
    local = next(c for c in candidates if f"{c}@{domain}" not in emails)
    emails.add(f"{local}@{domain}")
    return f"{local}@{domain}"


def phone(rng: random.Random, country: Country) -> str:
    return f"{country.phone_prefix}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def legal_basis_set(rng: random.Random, contact: Contact) -> None:
    bases = [LegalBasis.CONSENT, LegalBasis.LEGITIMATE_INTEREST, LegalBasis.NONE]
    contact.legal_basis = rng.choices(bases, weights=LEGAL_BASIS_BY_SOURCE[contact.source])[0]
    if contact.legal_basis == LegalBasis.CONSENT:
        contact.consent_at = contact.created_at
        contact.consent_method = CONSENT_METHODS.get(contact.source, CONSENT_METHODS[Source.FORM])
        contact.consent_proof = f"form submission from 198.51.100.{rng.randint(1, 254)}"
