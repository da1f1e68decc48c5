"""The demo company, Orbitale: a B2B SaaS scale-up selling to multi-site businesses.

Each app may ship a `demo` module with `load(*, seed, options, progress)`; `fusee demo`
runs them in app order. Everything is derived from the seed, and keyed so that loading
twice changes nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import transaction
from faker import Faker

from fusee.core.errors import DomainError
from fusee.core.models import Role, Team, User, Workspace

DEMO_DOMAIN = "orbitale.example"
DEMO_PASSWORD = "fusee-demo"  # noqa: S105 - printed to the newcomer; only ever set by `fusee demo`
LOCALES = {"FR": "fr_FR", "ES": "es_ES", "IT": "it_IT", "DE": "de_DE", "GB": "en_GB", "IN": "en_IN"}
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Position:
    key: str
    title: str
    team: Team
    role: Role
    country: str
    manager: str | None = None
    login: str | None = None  # fixed email for the people a newcomer logs in as


POSITIONS = [
    Position("ceo", "Chief Executive Officer", Team.MANAGEMENT, Role.VIEWER, "FR"),
    Position("cmo", "Chief Marketing Officer", Team.MARKETING, Role.ADMIN, "FR", "ceo", "admin"),
    Position("demand", "Head of Demand Generation", Team.MARKETING, Role.MARKETER, "FR", "cmo", "marketer"),
    Position("ops", "Marketing Operations Manager", Team.MARKETING, Role.ADMIN, "FR", "demand"),
    Position("nurture", "Emailing & Nurturing Specialist", Team.MARKETING, Role.MARKETER, "FR", "demand"),
    Position("seo", "SEO & SEA Manager", Team.MARKETING, Role.MARKETER, "FR", "demand"),
    Position("social", "Paid Social Manager", Team.MARKETING, Role.MARKETER, "FR", "demand"),
    Position("events", "Events & Webinars Manager", Team.MARKETING, Role.MARKETER, "FR", "demand"),
    Position("content", "Head of Content", Team.MARKETING, Role.MARKETER, "FR", "cmo"),
    Position("writer-fr", "Content Writer (French)", Team.MARKETING, Role.MARKETER, "FR", "content"),
    Position("writer-en", "Content Writer (English)", Team.MARKETING, Role.MARKETER, "GB", "content"),
    Position("video", "Video Producer", Team.MARKETING, Role.MARKETER, "FR", "content"),
    Position("design", "Graphic Designer", Team.MARKETING, Role.MARKETER, "FR", "content"),
    Position("pmm", "Head of Product Marketing", Team.MARKETING, Role.MARKETER, "FR", "cmo"),
    Position("pmm-retail", "Product Marketing Manager, Retail", Team.MARKETING, Role.MARKETER, "FR", "pmm"),
    Position(
        "pmm-hotels", "Product Marketing Manager, Hospitality", Team.MARKETING, Role.MARKETER, "ES", "pmm"
    ),
    Position("intl", "Head of International Marketing", Team.MARKETING, Role.MARKETER, "FR", "cmo"),
    Position("country-es", "Country Marketing Manager, Spain", Team.MARKETING, Role.MARKETER, "ES", "intl"),
    Position("country-it", "Country Marketing Manager, Italy", Team.MARKETING, Role.MARKETER, "IT", "intl"),
    Position("country-de", "Country Marketing Manager, Germany", Team.MARKETING, Role.MARKETER, "DE", "intl"),
    Position("country-gb", "Country Marketing Manager, UK", Team.MARKETING, Role.MARKETER, "GB", "intl"),
    Position("country-in", "Country Marketing Manager, India", Team.MARKETING, Role.MARKETER, "IN", "intl"),
    Position("sales", "VP Sales", Team.SALES, Role.VIEWER, "FR", "ceo", "viewer"),
    Position("rep-fr", "Account Executive, France", Team.SALES, Role.VIEWER, "FR", "sales"),
    Position("rep-es", "Account Executive, Spain", Team.SALES, Role.VIEWER, "ES", "sales"),
    Position("rep-it", "Account Executive, Italy", Team.SALES, Role.VIEWER, "IT", "sales"),
    Position("rep-de", "Account Executive, Germany", Team.SALES, Role.VIEWER, "DE", "sales"),
    Position("rep-gb", "Account Executive, UK", Team.SALES, Role.VIEWER, "GB", "sales"),
    Position("rep-in", "Account Executive, India", Team.SALES, Role.VIEWER, "IN", "sales"),
]


def demo_logins() -> list[tuple[str, str, str]]:
    """(email, password, role) of the people a newcomer can log in as."""
    return [(f"{p.login}@{DEMO_DOMAIN}", DEMO_PASSWORD, p.role.value) for p in POSITIONS if p.login]


STEPS = 1000  # of the progress bar per app


def demo_load(*, seed: int, options: dict[str, Any], progress: Progress | None = None) -> None:
    loaders = [loader for config in apps.get_app_configs() if (loader := demo_loader(config.name))]
    for index, loader in enumerate(loaders):
        loader(seed=seed, options=options, progress=share(progress, index, len(loaders)))
        if progress:
            progress((index + 1) * STEPS, len(loaders) * STEPS)


def share(progress: Progress | None, index: int, count: int) -> Progress | None:
    """A loader's own (done, total), drawn as its share of the whole demo's bar."""
    if progress is None:
        return None
    return lambda done, total: progress(index * STEPS + STEPS * done // max(total, 1), count * STEPS)


def demo_loader(app_module: str) -> Callable[..., None] | None:
    if not app_module.startswith("fusee."):
        return None
    try:
        module = import_module(f"{app_module}.demo")
    except ModuleNotFoundError as error:
        if error.name == f"{app_module}.demo":
            return None
        raise
    return getattr(module, "load", None)


@transaction.atomic
def load(*, seed: int, options: dict[str, Any], progress: Progress | None = None) -> None:
    """The core's part: the workspace and the people who work there."""
    workspace = claim_workspace(seed)
    people: dict[str, User] = {}
    for index, position in enumerate(POSITIONS):
        people[position.key] = person_upsert(position, seed, index, people)
    workspace.save()


def demo_people() -> dict[str, User]:
    """The demo's people by their position's key (found by job title), for the apps' own demos."""
    titles = [position.title for position in POSITIONS]
    users = User.objects.filter(job_title__in=titles, email__endswith=f"@{DEMO_DOMAIN}").order_by("pk")
    by_title = {user.job_title: user for user in users}
    missing = [title for title in titles if title not in by_title]
    if missing:
        raise DomainError(f"the core demo's people are missing ({', '.join(missing)}): load it first")
    return {position.key: by_title[position.title] for position in POSITIONS}


def claim_workspace(seed: int) -> Workspace:
    workspace = Workspace.current()
    if not workspace.is_demo and User.objects.exists():
        raise DomainError("this database holds a real workspace; load the demo into an empty one")
    if workspace.is_demo and workspace.demo_seed != seed:
        raise DomainError(
            f"the demo here was loaded with --seed {workspace.demo_seed}; "
            "use that seed, or an empty database for another one"
        )
    workspace.name, workspace.website, workspace.country = "Orbitale", "https://orbitale.example", "FR"
    workspace.postal_address = "Orbitale SAS\n12 quai Saint-Antoine\n69002 Lyon\nFrance"
    workspace.is_demo, workspace.demo_seed = True, seed
    return workspace


def person_upsert(position: Position, seed: int, index: int, people: dict[str, User]) -> User:
    fake = Faker(LOCALES[position.country])
    fake.seed_instance(seed * 1000 + index)
    first, last = fake.first_name(), fake.last_name()
    email = f"{position.login}@{DEMO_DOMAIN}" if position.login else person_email(first, last)
    values = {
        "full_name": f"{first} {last}", "job_title": position.title, "team": position.team,
        "role": position.role, "country": position.country,
        "manager": people.get(position.manager or ""),
    }
    user, created = User.objects.update_or_create(email=email, defaults=values)
    if created:
        if position.login:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def person_email(first: str, last: str) -> str:
    local = f"{first}.{last}".lower().replace(" ", "-")
    ascii_local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
    return f"{ascii_local}@{DEMO_DOMAIN}"
