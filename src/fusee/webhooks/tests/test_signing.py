from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from fusee.core.jobs.runner import run_pending
from fusee.webhooks.models import EventKind
from fusee.webhooks.services import webhooks_emit
from fusee.webhooks.signing import secret_generate, signature
from fusee.webhooks.tests.factories import endpoint_for

DOC = Path(__file__).resolve().parents[4] / "docs" / "webhooks.md"


@pytest.fixture(scope="module")
def documented_verify() -> Callable[..., bool]:
    """The receivers' snippet of docs/webhooks.md, run as written."""
    snippet = re.search(r"```python\n(import base64.*?)```", DOC.read_text(), re.DOTALL)
    assert snippet, "docs/webhooks.md lost its verification snippet"
    namespace: dict = {}
    exec(snippet.group(1), namespace)  # noqa: S102 - our own documentation
    return namespace["verify"]


def test_it_signs_the_test_vector_of_the_standard_webhooks_spec():
    # From the reference libraries' tests (standard-webhooks/standard-webhooks).
    assert signature(
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", webhook_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330, body=b'{"test": 2432232314}',
    ) == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_it_signs_deliveries_so_the_documented_snippet_verifies_them(db, receiver, documented_verify):
    endpoint = endpoint_for(receiver.url, EventKind.CONTACT_MQL)
    webhooks_emit(kind=EventKind.CONTACT_MQL, payload={"contact_id": 7, "email": "ana@client.example"})
    run_pending()
    [request] = receiver.received
    assert documented_verify(endpoint.secret, request.headers, request.body)
    assert not documented_verify(secret_generate(), request.headers, request.body)
    assert not documented_verify(endpoint.secret, request.headers, request.body.replace(b"ana", b"bob"))
    assert request.json["data"] == {"contact_id": 7, "email": "ana@client.example"}
    assert abs(int(request.headers["webhook-timestamp"]) - time.time()) < 300


def test_it_makes_a_new_secret_for_every_endpoint():
    first, second = secret_generate(), secret_generate()
    assert first.startswith("whsec_") and first != second
