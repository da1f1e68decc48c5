"""Everything a message is built from, prepared once per batch, then each message built from it.

Per batch: the suppressed addresses, the brand layout, the DKIM signer; per content (one email
in one language): the compiled subject, preheader and body templates and the body's text-part
template. Per message: personalisation, rendering, tracked links, MIME, signature.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation

from fusee.contacts.models import Contact
from fusee.core.models import Workspace
from fusee.nurturing.links import unsubscribe_url
from fusee.nurturing.mail.building import (
    UNSUBSCRIBE_LABELS,
    BrandLayout,
    OutgoingEmail,
    add_utm,
    html_to_text,
    is_web_link,
    markdown_to_html,
    mime_message,
    render_html_document,
)
from fusee.nurturing.mail.dkim import DkimSigner
from fusee.nurturing.mail.templating import CompiledTemplate, compile_template
from fusee.nurturing.mail.text import rewrite_text_links, text_document, text_template_source
from fusee.nurturing.models import BodyFormat, EmailContent, Message
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
    """The workspace's DKIM key when FUSEE_DKIM_* are set (read once per batch)."""
    config = settings.FUSEE_DKIM
    if config is None:
        return None
    key = config.key_file.read_bytes()
    return DkimSigner(domain=config.domain, selector=config.selector, private_key_pem=key)


@dataclass
class Batch:
    suppressed: set[str] = field(default_factory=set)
    signer: DkimSigner | None = field(default_factory=dkim_signer)
    contents: dict[int, PreparedContent] = field(default_factory=dict)
    layout: BrandLayout | None = None

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
    content = message.email.content_for(message.contact.language)
    if content is None:
        raise ValueError(
            f"{message.email}: no content in {message.contact.language} nor the default language"
        )
    prepared = batch.prepared(content)
    context = personalisation(message.contact)
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
    label = UNSUBSCRIBE_LABELS.get(email.language, UNSUBSCRIBE_LABELS["en"])
    return text_document(
        body=body, brand_name=brand.name, footer=brand.footer_text, links=[(label, email.unsubscribe_url)]
    )


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
        """For the text part: the same treatment as the HTML's links, unsubscribe left alone."""
        if url == self.email.unsubscribe_url or not is_web_link(url):
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


def outgoing(message: Message, prepared: PreparedContent, context: dict[str, Any]) -> OutgoingEmail:
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
        unsubscribe_mailto=email.from_email,
        utm_campaign=email.utm_campaign or email.name,
        open_pixel_url=open_url(message.pk),
    )


