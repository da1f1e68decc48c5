from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from fusee.webforms.models import Form, FormKind


class FormFactory(DjangoModelFactory[Form]):
    class Meta:
        model = Form

    name = factory.Sequence(lambda n: f"Newsletter {n}")
    kind = FormKind.NEWSLETTER
    fields = factory.LazyFunction(lambda: ["first_name", "company", "country"])
    consent_text = "I agree to receive the newsletter."
    thank_you_message = "Thanks for signing up!"
    campaign = "newsletter-2025"
