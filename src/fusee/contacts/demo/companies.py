"""Demo companies: multi-site businesses in six countries, named and sized plausibly."""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass, field

from faker import Faker

from fusee.contacts.demo.vocabulary import (
    CITIES,
    COUNTRIES,
    INDUSTRY_WEIGHTS,
    NAME_PATTERNS,
    STAFF_PER_SITE,
    Country,
)
from fusee.contacts.models import Company, EmployeeBand, Industry, Tier

POOL_SIZE = 400  # names per locale and gender: Faker is slow, random.choice on a pool is not


@dataclass(frozen=True)
class NamePool:
    male: list[str]
    female: list[str]
    last: list[str]


def name_pools(seed: int) -> dict[str, NamePool]:
    pools = {}
    for index, country in enumerate(COUNTRIES):
        fake = Faker(country.locale)
        fake.seed_instance(seed * 100 + index)
        pools[country.code] = NamePool(
            male=[fake.first_name_male() for _ in range(POOL_SIZE)],
            female=[fake.first_name_female() for _ in range(POOL_SIZE)],
            last=[fake.last_name() for _ in range(POOL_SIZE)],
        )
    return pools


def slugify_ascii(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


@dataclass
class Taken:
    names: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)


def company_build(rng: random.Random, country: Country, pools: dict[str, NamePool], taken: Taken) -> Company:
    industry = rng.choices(list(INDUSTRY_WEIGHTS), weights=list(INDUSTRY_WEIGHTS.values()))[0]
    name = fresh_name(rng, country, industry, pools[country.code], taken.names)
    employees = max(3, min(250_000, int(math.exp(rng.gauss(5.2, 1.4)))))
    sites = max(1, round(employees / STAFF_PER_SITE[industry] * rng.uniform(0.6, 1.4)))
    return Company(
        name=name, domain=unique_domain(name, country, taken.domains), industry=industry, employees=employees,
        employee_band=EmployeeBand.for_count(employees), sites=sites, country=country.code,
        tier=tier_for(employees),
    )


def fresh_name(rng: random.Random, country: Country, industry: str, pool: NamePool, taken: set[str]) -> str:
    """A name not used yet, if a few draws find one (two "Sparkasse Leipzig" would look odd)."""
    for _attempt in range(8):
        name = company_name(rng, country, industry, pool)
        if name not in taken:
            break
    taken.add(name)
    return name


def company_name(rng: random.Random, country: Country, industry: str, pool: NamePool) -> str:
    patterns = NAME_PATTERNS[country.language]
    pattern = rng.choice(patterns.get(industry, patterns["*"]) if rng.random() < 0.7 else patterns["*"])
    return pattern.format(last=rng.choice(pool.last), city=rng.choice(CITIES[country.code]))


def unique_domain(name: str, country: Country, taken: set[str]) -> str:
    # Reserved ".example" names: the demo looks real but can never mail a real company.
    slug = slugify_ascii(name)[:50].strip("-") or "company"
    domain, suffix = f"{slug}.{country.tld}.example", 2
    while domain in taken:
        domain, suffix = f"{slug}-{suffix}.{country.tld}.example", suffix + 1
    taken.add(domain)
    return domain


def tier_for(employees: int) -> str:
    if employees >= 2000:
        return Tier.ENTERPRISE
    return Tier.MID_MARKET if employees >= 200 else Tier.SMB


def companies_build(rng: random.Random, count: int, pools: dict[str, NamePool]) -> list[Company]:
    countries = rng.choices(COUNTRIES, weights=[c.weight for c in COUNTRIES], k=count)
    taken = Taken()
    return [company_build(rng, country, pools, taken) for country in countries]


def contact_weight(company: Company) -> float:
    """Bigger networks have more people in the base (head office, regions, sites)."""
    return 1.0 + math.log10(company.employees or 1) + (0.5 if company.industry != Industry.OTHER else 0)
