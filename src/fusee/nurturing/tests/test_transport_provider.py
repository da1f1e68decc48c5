"""ProviderSender through anymail's test backend: what the provider is asked to send, and how
its refusals become SendResults (simulated with anymail's pre_send signal)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from anymail.exceptions import AnymailAPIError, AnymailRequestsAPIError
from anymail.message import AnymailRecipientStatus
from anymail.signals import pre_send
from django.core import mail

from fusee.nurturing.mail.building import BrandLayout, OutgoingEmail, build_message
from fusee.nurturing.transport.provider import ProviderConfigurationError, ProviderSender
from fusee.nurturing.transport.smtp import Outcome

BACKEND = "anymail.backends.test.EmailBackend"
ADDRESS = "dana.lee@example.com"
RAW = build_message(
    email=OutgoingEmail(
        message_id="<e31.welcome@fusee.invalid>",
        from_name="Orbitale",
        from_address="hello@orbitale.example",
        to_address=ADDRESS,
        to_name="Dana Lee",
        reply_to="team@orbitale.example",
        subject="Bienvenue, Dana — voici le guide",
        html_body='<p>Read <a href="https://orbitale.example/guide">the guide</a>.</p>',
        unsubscribe_url="https://fusee.example/u/abc",
        unsubscribe_mailto="hello@orbitale.example",
        utm_campaign="welcome",
    ),
    layout=BrandLayout(name="Orbitale", primary_colour="#1d4ed8", footer_text="Orbitale SAS, Paris"),
)


def send_with_answer(answer: Any = None) -> Any:
    """Send RAW, the test backend answering `answer` (a recipient status or an API error)."""

    def answering(sender: object, message: Any, **kwargs: Any) -> None:
        if isinstance(answer, AnymailAPIError):
            message.anymail_test_response = answer
        elif answer is not None:
            message.anymail_test_response = {"recipient_status": {ADDRESS: answer}}

    pre_send.connect(answering, weak=False)
    try:
        with ProviderSender(backend=BACKEND) as sender:
            return sender.send(message=RAW, sender="hello@orbitale.example", recipients=[ADDRESS])
    finally:
        pre_send.disconnect(answering)


def api_error(status: int, body: bytes = b'{"ErrorCode": 0, "Message": "no"}') -> AnymailRequestsAPIError:
    """The error anymail raises on an HTTP error answer from the provider's API."""
    response = requests.Response()
    response.status_code, response.reason, response._content = status, "Refused", body
    return AnymailRequestsAPIError("API error", response=response, status_code=status)


@pytest.fixture(autouse=True)
def outbox() -> Iterator[list]:
    mail.outbox = []
    yield mail.outbox


def test_it_hands_our_headers_parts_and_metadata_to_the_provider(outbox):
    result = send_with_answer()
    assert result.outcome == Outcome.ACCEPTED and result.is_final
    sent = outbox[0]
    params = sent.anymail_test_params
    assert params["metadata"] == {"fusee_message_id": "<e31.welcome@fusee.invalid>"}
    assert params["subject"] == "Bienvenue, Dana — voici le guide"
    assert params["extra_headers"]["Message-ID"] == "<e31.welcome@fusee.invalid>"
    assert "<https://fusee.example/u/abc>" in params["extra_headers"]["List-Unsubscribe"]
    assert params["extra_headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [str(address) for address in params["to"]] == [ADDRESS]
    assert str(params["from"]) == "Orbitale <hello@orbitale.example>"
    assert [str(address) for address in params["reply_to"]] == ["team@orbitale.example"]
    assert "the guide" in params["text_body"]
    assert 'href="https://orbitale.example/guide' in params["html_body"]
    assert "envelope_sender" not in params


def test_it_bounces_a_recipient_the_provider_rejects():
    result = send_with_answer(AnymailRecipientStatus(message_id=None, status="rejected"))
    assert (result.outcome, result.stage) == (Outcome.BOUNCE, "rcpt")
    assert f"{ADDRESS}: rejected" in result.text


@pytest.mark.parametrize(("status", "outcome", "stage"), [
    (429, Outcome.RETRY, "data"),
    (503, Outcome.RETRY, "data"),
    (422, Outcome.BOUNCE, "mail"),  # the request itself refused: about us, never suppresses the contact
])
def test_it_maps_the_providers_http_answers(status, outcome, stage):
    result = send_with_answer(api_error(status))
    assert (result.outcome, result.stage, result.code) == (outcome, stage, None)
    assert str(status) in result.text


def test_it_retries_when_the_provider_cannot_be_reached_and_is_unsure_after_a_read_timeout():
    def wrapped(cause: Exception) -> AnymailRequestsAPIError:
        try:
            raise AnymailRequestsAPIError("Error posting to provider") from cause
        except AnymailRequestsAPIError as error:
            return error

    assert send_with_answer(wrapped(requests.ConnectionError("refused"))).outcome == Outcome.RETRY
    assert send_with_answer(wrapped(requests.ReadTimeout("slow"))).outcome == Outcome.UNKNOWN


def test_it_stops_everything_when_the_provider_refuses_our_key():
    with pytest.raises(ProviderConfigurationError, match="401"):
        send_with_answer(api_error(401, b'{"ErrorCode": 10, "Message": "Bad or missing API token."}'))


def test_it_names_the_setting_when_the_backend_is_missing_or_wrong(settings):
    settings.FUSEE_EMAIL_PROVIDER = ""
    with pytest.raises(ProviderConfigurationError, match="FUSEE_EMAIL_PROVIDER is not set"):
        ProviderSender()
    wrong = "anymail.backends.nope.EmailBackend"
    with pytest.raises(ProviderConfigurationError, match=f"FUSEE_EMAIL_PROVIDER={wrong}"), ProviderSender(
        backend=wrong
    ):
        pass


def test_the_settings_read_the_provider_and_its_anymail_options_from_the_environment(monkeypatch):
    from fusee.config import env

    monkeypatch.setenv("FUSEE_EMAIL_PROVIDER", "anymail.backends.postmark.EmailBackend")
    monkeypatch.setenv("FUSEE_ANYMAIL_WEBHOOK_SECRET", "postmark:s3cret")
    monkeypatch.setenv("FUSEE_ANYMAIL_POSTMARK_SERVER_TOKEN", "token-1")
    assert env.email_provider() == "anymail.backends.postmark.EmailBackend"
    expected = {"WEBHOOK_SECRET": "postmark:s3cret", "POSTMARK_SERVER_TOKEN": "token-1"}
    assert expected.items() <= env.anymail().items()
    monkeypatch.setenv("FUSEE_EMAIL_PROVIDER", "postmark")
    with pytest.raises(env.ConfigError, match="FUSEE_EMAIL_PROVIDER: expected a backend like"):
        env.email_provider()
