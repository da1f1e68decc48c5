"""Send through an email provider's API (Mailgun, Postmark, SES …) with django-anymail.

`ProviderSender` has the interface of `SmtpSender`: a context manager whose `send(message=raw,
sender=…, recipients=[…])` takes the MIME bytes we built and returns a `SendResult`. The raw
message is taken apart into an anymail message that keeps our headers (Message-ID,
List-Unsubscribe, Feedback-ID …) and the text and HTML parts; the provider builds and signs
the final MIME itself, so a DKIM signature of ours is dropped. The metadata
`{"fusee_message_id": <Message-ID>}` travels with it and comes back in the provider's
webhooks (see fusee.nurturing.provider_events).

Outcomes: accepted; every recipient refused by the provider → bounce at "rcpt" (sending then
suppresses the address); throttled (429), provider errors (5xx) or no answer → retry; any other
refusal of the request (4xx: unverified sender domain, bad payload) → bounce at "mail", which
is about us, not the contact. A refused API key raises `ProviderConfigurationError`.
`SendResult.code` stays None: HTTP statuses are not SMTP codes; the text says what happened.
"""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage
from types import TracebackType

import requests
from anymail.exceptions import (
    AnymailAPIError,
    AnymailConfigurationError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
    AnymailUnsupportedFeature,
)
from anymail.message import AnymailMessage
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

from fusee.nurturing.transport.smtp import Outcome, SendResult, SmtpConfigurationError, reply_text

# Set by Django and the provider from the message's fields, or meaningless once re-rendered.
HEADERS_NOT_COPIED = {
    "from", "to", "cc", "bcc", "subject", "reply-to", "mime-version", "content-type",
    "content-transfer-encoding", "dkim-signature", "return-path",
}
RETRY_STATUSES = {408, 409, 425, 429}
REFUSED_KEY_STATUSES = {401, 403}


class ProviderConfigurationError(SmtpConfigurationError):
    """The provider refuses our settings (API key, backend name): nothing can go until fixed."""


class ProviderSender:
    def __init__(self, *, backend: str = "") -> None:
        self.backend = backend or settings.FUSEE_EMAIL_PROVIDER
        if not self.backend:
            raise ProviderConfigurationError(
                "FUSEE_EMAIL_PROVIDER is not set; expected an anymail backend such as "
                "anymail.backends.postmark.EmailBackend"
            )
        self._connection: BaseEmailBackend | None = None

    def __enter__(self) -> ProviderSender:
        try:
            self._connection = get_connection(self.backend, fail_silently=False)
            self._connection.open()
        except (ImportError, ImproperlyConfigured) as error:
            raise ProviderConfigurationError(f"FUSEE_EMAIL_PROVIDER={self.backend}: {error}") from error
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def send(self, *, message: bytes, sender: str, recipients: list[str]) -> SendResult:
        if not recipients:
            raise ValueError("a message needs at least one recipient")
        if self._connection is None:
            raise RuntimeError("use ProviderSender inside a with block")
        outgoing = provider_message(message, sender=sender, recipients=recipients)
        outgoing.connection = self._connection
        try:
            outgoing.send()
        except AnymailRecipientsRefused as error:
            return SendResult(Outcome.BOUNCE, None, reply_text(f"{error} {refusals(outgoing)}"), "rcpt")
        except AnymailAPIError as error:
            return api_error_result(error, self.backend)
        except AnymailInvalidAddress as error:
            return SendResult(Outcome.BOUNCE, None, reply_text(str(error)), "mail")
        except (AnymailConfigurationError, AnymailUnsupportedFeature) as error:
            raise ProviderConfigurationError(f"FUSEE_EMAIL_PROVIDER={self.backend}: {error}") from error
        return accepted(outgoing)


def provider_message(raw: bytes, *, sender: str, recipients: list[str]) -> AnymailMessage:
    """Our MIME message as an anymail message: same headers, parts and attachments."""
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)  # what policy.default builds
    text, html = body_of(parsed, "plain"), body_of(parsed, "html")
    outgoing = AnymailMessage(
        subject=str(parsed.get("Subject", "")),
        body=text or html,
        from_email=str(parsed.get("From", "")) or sender,
        to=recipients,
        reply_to=[str(parsed["Reply-To"])] if parsed.get("Reply-To") else None,
        headers=kept_headers(parsed),
        metadata={"fusee_message_id": str(parsed.get("Message-ID", "")).strip()},
    )
    if text and html:
        outgoing.attach_alternative(html, "text/html")
    elif html:
        outgoing.content_subtype = "html"
    for part in parsed.iter_attachments():
        outgoing.attach(part.get_filename(), part.get_payload(decode=True), part.get_content_type())
    if sender.lower() not in outgoing.from_email.lower():
        outgoing.envelope_sender = sender
    return outgoing


def body_of(parsed: EmailMessage, subtype: str) -> str:
    part = parsed.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return ""
    content = part.get_content()
    return content if isinstance(content, str) else content.decode("utf-8", "replace")


def kept_headers(parsed: EmailMessage) -> dict[str, str]:
    return {name: str(value) for name, value in parsed.items() if name.lower() not in HEADERS_NOT_COPIED}


def accepted(outgoing: AnymailMessage) -> SendResult:
    status = outgoing.anymail_status
    esp_id = status.message_id if isinstance(status.message_id, str | int) else ""
    text = f"accepted by the provider ({', '.join(sorted(status.status or ()))})"
    return SendResult(Outcome.ACCEPTED, None, f"{text}, id {esp_id}" if esp_id != "" else text, "data")


def refusals(outgoing: AnymailMessage) -> str:
    statuses = getattr(getattr(outgoing, "anymail_status", None), "recipients", {})
    return ", ".join(f"{address}: {status.status}" for address, status in sorted(statuses.items()))


def api_error_result(error: AnymailAPIError, backend: str) -> SendResult:
    status = error.status_code
    text = reply_text(f"the provider answered {status}: {error}" if status else f"no answer: {error}")
    if status in REFUSED_KEY_STATUSES:
        raise ProviderConfigurationError(f"FUSEE_EMAIL_PROVIDER={backend}: {text}") from error
    if status is None:
        # A read time-out means the request went out: the provider may have taken the message.
        timed_out = isinstance(error.__cause__, requests.ReadTimeout)
        return SendResult(Outcome.UNKNOWN if timed_out else Outcome.RETRY, None, text, "data")
    if status in RETRY_STATUSES or status >= 500:
        return SendResult(Outcome.RETRY, None, text, "data")
    return SendResult(Outcome.BOUNCE, None, text, "mail")
