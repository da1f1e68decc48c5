"""Emails and sequences for the nurturing tests."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from fusee.nurturing.models import Email, EmailContent, Sequence
from fusee.nurturing.services import sequence_publish


class EmailFactory(DjangoModelFactory[Email]):
    class Meta:
        model = Email

    name = factory.Sequence(lambda n: f"Email {n}")
    from_name = "Orbitale"
    from_email = "hello@orbitale.example"
    utm_campaign = "nurture"


class EmailContentFactory(DjangoModelFactory[EmailContent]):
    class Meta:
        model = EmailContent

    email = factory.SubFactory(EmailFactory)
    language = "en"
    subject = 'Hello {{ contact.first_name|default:"there" }}'
    body = "Read [our guide](https://orbitale.example/guide)."


def live_sequence(steps: list[dict[str, Any]], **fields: Any) -> Sequence:
    """A published sequence; sends at any hour unless the test asks for the sending window."""
    fields.setdefault("business_hours_only", False)
    sequence = Sequence.objects.create(
        name=fields.pop("name", f"Sequence {Sequence.objects.count() + 1}"), **fields
    )
    sequence_publish(actor=None, sequence=sequence, steps=steps)
    return sequence


def email_with_content(**fields: Any) -> Email:
    return EmailContentFactory.create(email=EmailFactory.create(**fields)).email
