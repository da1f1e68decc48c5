"""Factories for companies, contacts and events; other apps' tests import these."""

from __future__ import annotations

from pathlib import Path

import factory
from django.core.files import File
from factory.django import DjangoModelFactory

from fusee.contacts.models import (
    Company,
    Contact,
    DuplicatePolicy,
    EmployeeBand,
    Event,
    EventType,
    ImportBatch,
    ImportStatus,
    Industry,
    LegalBasis,
    Lifecycle,
    Source,
)
from fusee.core.models import User


class CompanyFactory(DjangoModelFactory[Company]):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")
    domain = factory.Sequence(lambda n: f"company{n}.example.com")
    industry = Industry.RETAIL
    employees = 120
    employee_band = factory.LazyAttribute(lambda company: EmployeeBand.for_count(company.employees))
    country = "FR"


class ContactFactory(DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    # Stored lower-case, as the services do.
    email = factory.Sequence(lambda n: f"contact{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    job_title = "Marketing manager"
    country = "FR"
    language = "fr"
    company = factory.SubFactory(CompanyFactory)
    lifecycle = Lifecycle.LEAD
    source = Source.IMPORT
    legal_basis = LegalBasis.LEGITIMATE_INTEREST


class EventFactory(DjangoModelFactory[Event]):
    class Meta:
        model = Event

    contact = factory.SubFactory(ContactFactory)
    type = EventType.EMAIL_OPENED


def queued_batch(
    path: Path, *, policy: str = DuplicatePolicy.FILL_EMPTY, user: User | None = None
) -> ImportBatch:
    """An import batch of the file at `path`, mapped automatically and queued."""
    from fusee.contacts.importing.services import batch_create, batch_transition

    with path.open("rb") as stream:
        batch = batch_create(actor=user, file=File(stream), file_name=path.name, policy=policy)
    return batch_transition(batch=batch, status=ImportStatus.QUEUED)
