"""A test send: one email built as a contact would get it, sent at once to a tester's address.

The bytes come from the pieces real sending uses (sending/preparing.py: the compiled content,
personalisation, brand, text part, DKIM signature) and go through the same transport (the
provider, else FUSEE_SMTP_URL, else the built-in mail sink). What differs, on purpose:

- the subject starts with "[Test] " and the message goes to the tester's address only;
- nothing is recorded about the contact: no Message row, no event, no open pixel, and links keep
  their UTM parameters without the click redirect (a tester's clicks are not the contact's);
- the unsubscribe and preference links must not act on the contact previewed, and there is no
  message to sign an unsubscribe token for. They lead to the email's preview page in Fusée
  (behind the login, changing nothing), a footer note says the links are disabled, and there is
  no List-Unsubscribe header: a mail client's unsubscribe button would promise what cannot happen.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from fusee.contacts.models import Contact, Suppression
from fusee.core.errors import DomainError
from fusee.core.models import User
from fusee.core.services import audit_record
from fusee.nurturing.editing import BLANK_PERSONALISATION, require_marketer
from fusee.nurturing.mail.building import (
    BrandLayout,
    OutgoingEmail,
    add_utm,
    html_to_text,
    is_web_link,
    label_for,
    make_message_id,
    message_headers,
    render_html_document,
)
from fusee.nurturing.mail.mime import multipart_alternative
from fusee.nurturing.mail.text import rewrite_text_links
from fusee.nurturing.models import Email
from fusee.nurturing.sending.pipeline import sender_open
from fusee.nurturing.sending.preparing import Batch, PreparedContent, framed_text, personalisation
from fusee.nurturing.sending.recording import smtp_url
from fusee.nurturing.transport.smtp import Outcome, SendResult, SmtpUrl

# In the email's language, like the footer's other labels (building.py), not the tester's.
TEST_NOTES = {
    "fr": "Envoi de test : les liens de désabonnement et de préférences ci-dessous ne font rien.",
    "en": "Test send: the unsubscribe and preference links below do nothing.",
    "es": "Envío de prueba: los enlaces de baja y de preferencias de abajo no hacen nada.",
    "it": "Invio di prova: i link di disiscrizione e delle preferenze qui sotto non fanno nulla.",
    "de": "Testversand: Die Abmelde- und Einstellungslinks unten bewirken nichts.",
}


def email_test_send(
    *,
    actor: User | None,
    email: Email,
    contact: Contact | None,
    language: str,
    to_address: str,
    url: SmtpUrl | None = None,
) -> SendResult:
    """Send `email` as `contact` (None: every field empty) would get it in `language` (empty: the
    contact's) to `to_address`, now; return the server's answer. Raises DomainError when the
    address may not be mailed, the email cannot be built or the server refuses our settings."""
    require_marketer(actor)
    address = checked_test_address(to_address)
    raw = testsend_build(email=email, contact=contact, language=language, to_address=address)
    with sender_open(url or smtp_url()) as sender:
        result = sender.send(message=raw, sender=email.from_email, recipients=[address])
    audit_record(actor=actor, action="email.test_sent", target=email, changes={
        "to": address,
        "as": contact.email if contact else "",
        "language": language,
        "answer": answer_text(result),
    })
    return result


def checked_test_address(to_address: str) -> str:
    address = to_address.strip()
    try:
        validate_email(address)
    except ValidationError:
        raise DomainError(
            _("%(address)s is not a valid email address.") % {"address": repr(to_address)}
        ) from None
    if Suppression.covers(address):
        raise DomainError(
            _("%(address)s is on the suppression list: no email may be sent to it.") % {"address": address}
        )
    return address


def answer_text(result: SendResult) -> str:
    return f"{result.code} {result.text}" if result.code is not None else result.text


def is_accepted(result: SendResult) -> bool:
    return result.outcome == Outcome.ACCEPTED


def testsend_build(*, email: Email, contact: Contact | None, language: str, to_address: str) -> bytes:
    """The MIME bytes, DKIM-signed when real mail is (see the module for what differs)."""
    batch = Batch()
    content = email.content_for(language or (contact.language if contact else ""))
    if content is None:
        raise DomainError(_("This email has no content yet: there is nothing to send."))
    prepared = batch.prepared(content)
    context = personalisation(contact) if contact else BLANK_PERSONALISATION
    with translation.override(prepared.language):
        outgoing = testsend_outgoing(email, prepared, context, to_address)
        text = prepared.text.render(context) if prepared.text else None
    brand = testsend_brand(batch.brand(), prepared.language)
    html = render_html_document(email=outgoing, layout=brand)  # no link rewriter, no pixel: untracked
    if text is None:
        text = html_to_text(html)
    else:
        framed = framed_text(text, outgoing, brand)
        text = rewrite_text_links(framed, rewrite=lambda url: text_link(url, outgoing))
    raw = multipart_alternative(headers=testsend_headers(outgoing), text=text, html=html)
    return batch.signer.sign(raw) if batch.signer else raw


def testsend_outgoing(
    email: Email, prepared: PreparedContent, context: dict[str, Any], to_address: str
) -> OutgoingEmail:
    nowhere = settings.FUSEE_BASE_URL.rstrip("/") + reverse("nurturing:email_preview", args=[email.pk])
    return OutgoingEmail(
        message_id=make_message_id(key=f"test.{uuid.uuid4().hex}", domain=settings.FUSEE_MESSAGE_ID_DOMAIN),
        from_name=email.from_name,
        from_address=email.from_email,
        to_address=to_address,
        reply_to=email.reply_to,
        # In the email's language: testsend_build calls this under translation.override.
        subject=_("[Test] %(subject)s") % {"subject": prepared.subject.render(context).strip()},
        html_body=prepared.body.render(context),
        preheader=prepared.preheader.render(context).strip(),
        language=prepared.language,
        unsubscribe_url=nowhere,
        preferences_url=nowhere,
        unsubscribe_mailto=email.from_email,
        utm_campaign=email.utm_campaign or email.name,
    )


def testsend_brand(brand: BrandLayout, language: str) -> BrandLayout:
    """The brand with a note, just above the footer's links, that they are disabled."""
    footer = f"{brand.footer_text}\n{label_for(TEST_NOTES, language)}"
    return BrandLayout(
        name=brand.name, primary_colour=brand.primary_colour, footer_text=footer, logo_url=brand.logo_url
    )


def text_link(url: str, email: OutgoingEmail) -> str:
    """The text part's links as real sending treats them (UTM parameters), without the redirect."""
    if url in (email.unsubscribe_url, email.preferences_url) or not is_web_link(url):
        return url
    return add_utm(url, campaign=email.utm_campaign)


def testsend_headers(email: OutgoingEmail) -> list[tuple[str, str]]:
    headers = message_headers(email)
    return [(name, value) for name, value in headers if not name.startswith("List-Unsubscribe")]
