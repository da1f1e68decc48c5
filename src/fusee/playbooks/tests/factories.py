"""Factories for playbooks data.

`PlaybookVersionFactory` holds a small valid document (4 steps, 2 roles, dependencies);
`make_run()` plans a run through `services.run_create`, so its tasks carry real dates.
`RunFactory` and `TaskFactory` bypass the services on purpose (bulk data, odd states).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import factory
import yaml
from django.utils import timezone
from factory.django import DjangoModelFactory

from fusee.core.models import User
from fusee.playbooks import services
from fusee.playbooks.models import Playbook, PlaybookVersion, Run, RunRole, Task
from fusee.testing.factories import UserFactory

SMALL_DOCUMENT: dict[str, Any] = {
    "key": "small-webinar",
    "name": "Small webinar",
    "language": "en",
    "purpose": "Run a **short** webinar that brings leads.",
    "milestone": "Webinar live",
    "milestone_time": "11:00",
    "review_months": 5,
    "roles": [
        {"key": "host", "name": "Host", "description": "Owns the webinar."},
        {"key": "designer", "name": "Designer"},
    ],
    "steps": [
        {"key": "topic", "title": "Choose the topic", "offset": -15, "duration": 2, "role": "host",
         "tutorial": "Pick **one** problem your buyers have.\n\n- ask sales\n- read the tickets",
         "best_practices": ["One problem, one promise"],
         "checklist": ["Topic written down", "Sales agree"],
         "deliverables": ["A one-line promise"],
         "actions": ["add_key_result"]},
        {"key": "landing", "title": "Build the landing page", "offset": -10, "duration": 3,
         "role": "designer", "depends_on": ["topic"], "checklist": ["Form tested"],
         "actions": ["create_form"]},
        {"key": "invite", "title": "Send the invitations", "offset": -5, "duration": 0, "role": "host",
         "depends_on": ["landing"], "actions": ["create_nurturing_sequence", "create_segment"]},
        {"key": "live", "title": "Go live", "offset": 0, "duration": 0, "role": "host",
         "depends_on": ["invite"], "actions": ["recycle_webinar"]},
    ],
}


def small_document(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(SMALL_DOCUMENT)
    document.update(changes)
    return document


def small_yaml(**changes: Any) -> str:
    return yaml.safe_dump(small_document(**changes), sort_keys=False, allow_unicode=True)


class PlaybookFactory(DjangoModelFactory[Playbook]):
    class Meta:
        model = Playbook
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"playbook-{n}")
    name = factory.Sequence(lambda n: f"Playbook {n}")


class PlaybookVersionFactory(DjangoModelFactory[PlaybookVersion]):
    """A version whose document is SMALL_DOCUMENT under the playbook's key and name."""

    class Meta:
        model = PlaybookVersion

    playbook = factory.SubFactory(PlaybookFactory)
    number = factory.Sequence(lambda n: n + 1)
    document = factory.LazyAttribute(lambda o: small_document(key=o.playbook.slug, name=o.playbook.name))
    source = factory.LazyAttribute(lambda o: yaml.safe_dump(o.document, sort_keys=False, allow_unicode=True))


class RunFactory(DjangoModelFactory[Run]):
    class Meta:
        model = Run

    version = factory.SubFactory(PlaybookVersionFactory)
    name = factory.Sequence(lambda n: f"Run {n}")
    milestone_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    time_zone = "Europe/Paris"
    country = "FR"


class RunRoleFactory(DjangoModelFactory[RunRole]):
    class Meta:
        model = RunRole

    run = factory.SubFactory(RunFactory)
    role = "host"
    person = factory.SubFactory(UserFactory)


class TaskFactory(DjangoModelFactory[Task]):
    class Meta:
        model = Task

    run = factory.SubFactory(RunFactory)
    step_key = factory.Sequence(lambda n: f"step-{n}")
    title = factory.Sequence(lambda n: f"Task {n}")
    role = "host"
    due_at = factory.LazyAttribute(lambda o: o.run.milestone_at - timedelta(days=7))
    starts_at = factory.LazyAttribute(lambda o: o.due_at - timedelta(days=2))
    checklist = factory.LazyFunction(list)
    position = factory.Sequence(lambda n: n)


def make_playbook(*, actor: User | None = None, **changes: Any) -> Playbook:
    """The small playbook saved through `services.playbook_save` (a real, validated version 1)."""
    return services.playbook_save(actor=actor, text=small_yaml(**changes)).playbook


def next_weekday_at(days: int, hour: int = 11, zone: str = "Europe/Paris") -> datetime:
    """A working-day moment `days` ahead (moved to the Tuesday after when it lands on a weekend)."""
    moment = (timezone.now().astimezone(ZoneInfo(zone)) + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0)
    while moment.weekday() >= 5:
        moment += timedelta(days=1)
    return moment


def make_run(
    *,
    actor: User | None = None,
    playbook: Playbook | None = None,
    milestone_at: datetime | None = None,
    people: Mapping[str, User] | None = None,
    country: str = "FR",
    time_zone: str = "Europe/Paris",
    name: str = "",
    force: bool = False,
) -> Run:
    """A run planned by `services.run_create` (the small playbook, 60 days ahead, by default)."""
    return services.run_create(
        actor=actor,
        playbook=playbook or make_playbook(),
        milestone_at=milestone_at or next_weekday_at(60),
        country=country,
        time_zone=time_zone,
        people=people,
        name=name,
        force=force,
    )
