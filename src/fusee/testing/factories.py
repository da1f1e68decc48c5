from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from fusee.core.models import Job, Role, Team, User

PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")
    role = Role.MARKETER
    team = Team.MARKETING
    password = factory.django.Password(PASSWORD)


class JobFactory(DjangoModelFactory[Job]):
    class Meta:
        model = Job

    name = "core.ping"
    kwargs = factory.LazyFunction(lambda: {"nonce": "n"})
