"""Everything a message is built from, prepared once per batch, then each message built from it.

Per batch: the suppressed addresses, the brand layout, the DKIM signer; per content (one email
in one language): the compiled subject, preheader and body templates and the body's text-part
template. Per message: personalisation, rendering, tracked links, MIME, signature.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import translation

from fusee.contacts.models import Contact
from fusee.core.models import Workspace
from fusee.nurturing.links import preferences_url, unsubscribe_url
from fusee.nurturing.mail.building import (
    PREFERENCES_LABELS,
    UNSUBSCRIBE_ONLY_LABELS,
    BrandLayout,
    OutgoingEmail,
    add_utm,
    html_to_text,
    is_web_link,
    label_for,
    markdown_to_html,
    mime_message,
    render_html_document,
)
from fusee.nurturing.mail.dkim import DkimSigner
from fusee.nurturing.mail.templating import CompiledTemplate, compile_template, frozen
from fusee.nurturing.mail.text import rewrite_text_links, text_document, text_template_source
from fusee.nurturing.models import BodyFormat, ContactPreference, EmailContent, Message
from fusee.nurturing.preferences import frequency_allowed_at
from fusee.nurturing.tracking import click_url, open_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PreparedContent:
    language: str
    subject: CompiledTemplate
    preheader: CompiledTemplate
    body: CompiledTemplate
    text: CompiledTemplate | None  # None: the text part comes from each message's HTML


def prepare(content: EmailContent) -> PreparedContent:
    source = body_source(content)
    text_source = text_template_source(source)
    return PreparedContent(
        language=content.language,
        subject=compile_template(content.subject, html=False),
        preheader=compile_template(content.preheader, html=False),
        body=compile_template(source, html=True),
        text=compile_template(text_source, html=False) if text_source is not None else None,
    )


def body_source(content: EmailContent) -> str:
    return markdown_to_html(content.body) if content.body_format == BodyFormat.MARKDOWN else content.body


def dkim_signer() -> DkimSigner | None:
    """The workspace's DKIM key when FUSEE_DKIM_* are set (read once per batch).

    None with a provider (FUSEE_EMAIL_PROVIDER): it rebuilds the message and signs it itself.
    """
    config = settings.FUSEE_DKIM
    if config is None or settings.FUSEE_EMAIL_PROVIDER:
        return None
    key = config.key_file.read_bytes()
    return DkimSigner(domain=config.domain, selector=config.selector, private_key_pem=key)


@dataclass
class Batch:
    suppressed: set[str] = field(default_factory=set)
    signer: DkimSigner | None = field(default_factory=dkim_signer)
    contents: dict[int, PreparedContent] = field(default_factory=dict)
    by_language: dict[tuple[int, str], PreparedContent] = field(default_factory=dict)  # by email id
    layout: BrandLayout | None = None
    preferences: dict[int, ContactPreference] = field(default_factory=dict)  # by contact id
    last_sent: dict[int, datetime] = field(default_factory=dict)  # by contact id, kept up to date

    def refusal_by_choice(self, message: Message) -> str:
        """The contact opted out of this email's topic (their frequency cap only delays it)."""
        preference, topic = self.preferences.get(message.contact_id), message.email.topic
        if preference is None or not topic or topic not in preference.topics_opted_out:
            return ""
        return f"topic {topic} opted out"

    def held_by_frequency(self, message: Message, now: datetime) -> datetime | None:
        """When the contact's frequency cap lets this message go, if that is later than now."""
        preference, last = self.preferences.get(message.contact_id), self.last_sent.get(message.contact_id)
        allowed_at = frequency_allowed_at(preference=preference, last_sent_at=last)
        return allowed_at if allowed_at is not None and allowed_at > now else None

    def frequency_reason(self, message: Message) -> str:
        preference = self.preferences.get(message.contact_id)
        return f"frequency cap: {preference.get_frequency_display().lower()}" if preference else ""

    def content_for(self, message: Message) -> PreparedContent:
        """The message's content in its contact's language, looked up once per email and language."""
        key = (message.email_id, message.contact.language)
        if key not in self.by_language:
            content = message.email.content_for(message.contact.language)
            if content is None:
                raise ValueError(
                    f"{message.email}: no content in {message.contact.language} nor the default language"
                )
            self.by_language[key] = self.prepared(content)
        return self.by_language[key]

    def prepared(self, content: EmailContent) -> PreparedContent:
        if content.pk not in self.contents:
            self.contents[content.pk] = prepare(content)
        return self.contents[content.pk]

    def brand(self) -> BrandLayout:
        if self.layout is None:
            workspace = Workspace.current()
            footer = workspace.postal_address.strip() or workspace.name
            self.layout = BrandLayout(
                name=workspace.name, primary_colour=workspace.brand_color, footer_text=footer
            )
        return self.layout


def refusal(contact: Contact, suppressed: set[str]) -> str:
    """Why this contact must not get marketing email now, or ""."""
    if contact.unsubscribed:
        return "unsubscribed"
    if contact.bounced:
        return "address bounced"
    if not contact.can_be_emailed:
        return "no consent or legitimate interest recorded"
    if contact.email in suppressed:
        return "address on the suppression list"
    return ""


def message_build(message: Message, batch: Batch) -> bytes:
    prepared = batch.content_for(message)
    context = frozen(personalisation(message.contact))  # once, not once per template rendered
    with translation.override(prepared.language):
        email = outgoing(message, prepared, context)
        text = prepared.text.render(context) if prepared.text else None
    tracked = TrackedLinks(message_pk=message.pk, email=email)
    html = render_html_document(email=email, layout=batch.brand(), link_rewriter=tracked.click)
    if text is None:
        text = html_to_text(html)
    else:
        text = rewrite_text_links(framed_text(text, email, batch.brand()), rewrite=tracked.campaign)
    raw = mime_message(email=email, html=html, text=text)
    return batch.signer.sign(raw) if batch.signer else raw


def framed_text(body: str, email: OutgoingEmail, brand: BrandLayout) -> str:
    links = [
        (label_for(PREFERENCES_LABELS, email.language), email.preferences_url),
        (label_for(UNSUBSCRIBE_ONLY_LABELS, email.language), email.unsubscribe_url),
    ]
    return text_document(body=body, brand_name=brand.name, footer=brand.footer_text, links=links)


@dataclass
class TrackedLinks:
    """One message's links: UTM parameters, then a signed click redirect; each made once."""

    message_pk: int
    email: OutgoingEmail
    made: dict[str, str] = field(default_factory=dict)

    def click(self, url: str) -> str:
        """For the HTML, whose links already carry their UTM parameters."""
        if url not in self.made:
            self.made[url] = click_url(self.message_pk, url)
        return self.made[url]

    def campaign(self, url: str) -> str:
        """For the text part: the same treatment as the HTML's links; unsubscribe and
        preferences left alone."""
        if url in (self.email.unsubscribe_url, self.email.preferences_url) or not is_web_link(url):
            return url
        return self.click(add_utm(url, campaign=self.email.utm_campaign))


def personalisation(contact: Contact) -> dict[str, Any]:
    company = contact.company
    fields = ("first_name", "last_name", "email", "job_title", "country", "language", "lifecycle")
    return {
        "contact": {
            **{name: getattr(contact, name) for name in fields},
            "custom": dict(contact.custom or {}),
        },
        "company": {"name": company.name, "domain": company.domain, "industry": company.industry}
        if company
        else {},
    }


def outgoing(message: Message, prepared: PreparedContent, context: Mapping[str, object]) -> OutgoingEmail:
    email, contact = message.email, message.contact
    return OutgoingEmail(
        message_id=message.message_id,
        from_name=email.from_name,
        from_address=email.from_email,
        to_address=contact.email,
        to_name=contact.full_name,
        reply_to=email.reply_to,
        subject=prepared.subject.render(context).strip(),
        html_body=prepared.body.render(context),
        preheader=prepared.preheader.render(context).strip(),
        language=prepared.language,
        unsubscribe_url=unsubscribe_url(message.pk),
        preferences_url=preferences_url(contact.pk),
        unsubscribe_mailto=email.from_email,
        utm_campaign=email.utm_campaign or email.name,
        open_pixel_url=open_url(message.pk),
    )
