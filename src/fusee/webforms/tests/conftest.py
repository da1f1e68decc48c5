from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from fusee.webforms.models import Form
from fusee.webforms.protection import form_token


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def submit(client: Client, form: Form, *, seconds_ago: float = 30, **fields: Any):
    """POST the public form as a person would: a token rendered a while ago, consent ticked."""
    data = {
        "email": "ana@example.com", "first_name": "Ana", "company": "Orbitale", "country": "FR",
        "consent": "on", "website": "", "token": form_token(form, issued_at=time.time() - seconds_ago),
    } | fields
    return client.post(reverse("webforms:public", args=[form.slug]), data)
