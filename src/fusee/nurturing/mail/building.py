"""Turn an already personalised subject and HTML fragment into a complete MIME message.

Pipeline: brand layout (sandboxed engine) → CSS inlined → every http(s) link gets UTM parameters
then goes through the caller's link rewriter (click tracking) → open pixel → plain-text part from
that final HTML → multipart/alternative with List-Unsubscribe (RFC 2369/8058) and a stable
Message-ID. DKIM signing, when configured, is applied by the caller on the returned bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as html_lib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime
from importlib.resources import files
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import css_inline
import markdown
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from inscriptis import get_text
from inscriptis.model.config import ParserConfig

from fusee.core.errors import DomainError
from fusee.nurturing.mail.mime import (
    checked_addr_spec,
    encode_header_text,
    format_address,
    multipart_alternative,
)
from fusee.nurturing.mail.templating import CompiledTemplate, compile_template

LinkRewriter = Callable[[str], str]

UTM_SOURCE = "fusee"
UTM_MEDIUM = "email"
UNSUBSCRIBE_LABELS = {
    "fr": "Se désabonner ou gérer vos préférences",
    "en": "Unsubscribe or manage your preferences",
    "es": "Darse de baja o gestionar sus preferencias",
    "it": "Annulla l'iscrizione o gestisci le tue preferenze",
    "de": "Abmelden oder Einstellungen verwalten",
}
# With a preference centre link beside it, the unsubscribe link says just that.
UNSUBSCRIBE_ONLY_LABELS = {
    "fr": "Se désabonner",
    "en": "Unsubscribe",
    "es": "Darse de baja",
    "it": "Annulla l'iscrizione",
    "de": "Abmelden",
}
PREFERENCES_LABELS = {
    "fr": "Gérer vos préférences",
    "en": "Manage preferences",
    "es": "Gestionar preferencias",
    "it": "Gestisci le preferenze",
    "de": "Einstellungen verwalten",
}
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
_TEXT_CONFIG = ParserConfig(display_links=True)

_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_MESSAGE_ID = re.compile(r"<[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+>")
_MESSAGE_ID_KEY = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_UNSAFE_IN_HEADER_URL = re.compile(r"[\s<>,]")
# One start tag of <a> or <area>, attribute by attribute so a quoted ">" cannot end it early.
_ATTRIBUTE = r"""\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_LINK_HREF = re.compile(
    rf"""(<(?:a|area)(?:{_ATTRIBUTE})*?\s+href\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
    re.IGNORECASE,
)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)
_TEMPLATE_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_TEMPLATE_PLACEHOLDER = re.compile(r"FUSEETEMPLATE(\d+)X")
_PARAGRAPH_OF_BLOCK_TAGS = re.compile(r"<p>\s*((?:\{%(?:(?!%\}).)*%\}\s*)+)</p>", re.DOTALL)


@dataclass(frozen=True, slots=True)
class BrandLayout:
    name: str
    primary_colour: str
    footer_text: str  # the sender's legal name and postal address, one line each
    logo_url: str = ""

    def __post_init__(self) -> None:
        if not _COLOUR.fullmatch(self.primary_colour):
            raise DomainError(f"brand colour {self.primary_colour!r}: expected #rgb or #rrggbb")
        if self.logo_url and not is_web_link(self.logo_url):
            raise DomainError(f"brand logo {self.logo_url!r}: expected an http(s) URL")
        if not self.footer_text.strip():
            raise DomainError("brand footer: the sender's postal address is required in every email")


@dataclass(frozen=True, slots=True)
class OutgoingEmail:
    message_id: str  # from make_message_id: the same on every retry of one (enrolment, step)
    from_name: str
    from_address: str
    to_address: str
    subject: str  # already personalised
    html_body: str  # already personalised HTML fragment
    unsubscribe_url: str  # one-click (RFC 8058) and footer link; never tracked nor given UTM
    unsubscribe_mailto: str  # an address, e.g. "unsubscribe+<token>@mail.example.com"
    utm_campaign: str
    to_name: str = ""
    reply_to: str = ""
    preheader: str = ""
    language: str = "en"
    open_pixel_url: str = ""
    date: dt.datetime | None = None
    preferences_url: str = ""  # the preference centre; like unsubscribe_url, never tracked nor given UTM


def make_message_id(*, key: str, domain: str) -> str:
    """A Message-ID that is the same on every attempt, so a resent message can be recognised."""
    if not _MESSAGE_ID_KEY.fullmatch(key):
        raise ValueError(f"Message-ID key {key!r}: use letters, digits, '-', '_' and '.' only")
    if not _DOMAIN.fullmatch(domain):
        raise ValueError(f"Message-ID domain {domain!r}: not a domain name")
    return f"<{key}@{domain}>"


def build_message(
    *,
    email: OutgoingEmail,
    layout: BrandLayout,
    link_rewriter: LinkRewriter | None = None,
    layout_template: CompiledTemplate | None = None,
) -> bytes:
    html = render_html_document(
        email=email, layout=layout, link_rewriter=link_rewriter, layout_template=layout_template
    )
    return mime_message(email=email, html=html, text=html_to_text(html))


def render_html_document(
    *,
    email: OutgoingEmail,
    layout: BrandLayout,
    link_rewriter: LinkRewriter | None = None,
    layout_template: CompiledTemplate | None = None,
) -> str:
    """The final HTML part; with no rewriter and no pixel it is also what a preview shows."""
    page = _INLINER.inline(laid_out(email=email, layout=layout, layout_template=layout_template))
    page = rewrite_links(page, rewrite=functools.partial(_campaign_link, email=email, rewriter=link_rewriter))
    return _with_open_pixel(page, pixel_url=email.open_pixel_url)


def laid_out(*, email: OutgoingEmail, layout: BrandLayout, layout_template: CompiledTemplate | None) -> str:
    if layout_template is not None:
        return layout_template.render(_layout_context(email=email, layout=layout))
    frame = layout_frame(layout, email.language, bool(email.preheader), bool(email.preferences_url))
    return frame.fill(email)


@functools.cache
def default_layout() -> CompiledTemplate:
    source = files(__package__).joinpath("layout.html").read_text(encoding="utf-8")
    return compile_template(source, html=True)


# The default layout's only per-message values, each shown as `{{ name }}` and only tested
# for being empty: the rest of its context is the same for every message of a brand and language.
_FRAME_SLOTS = ("subject", "preheader", "body", "unsubscribe_url", "preferences_url")
_SLOT_MARK = re.compile(r"\x00fusee-slot-(\w+)\x00")


@dataclass(frozen=True, slots=True)
class LayoutFrame:
    """The default layout rendered once, marks where each message's values go.

    Rendering the layout per message cost as much as rendering the body: the frame is then
    filled by joining strings, escaped as the template's autoescaping would.
    """

    pieces: tuple[str, ...]  # text, slot name, text, slot name, …, text

    def fill(self, email: OutgoingEmail) -> str:
        values = _frame_values(email)
        parts = list(self.pieces)
        parts[1::2] = [values[name] for name in self.pieces[1::2]]
        return "".join(parts)


def _frame_values(email: OutgoingEmail) -> dict[str, str]:
    values = {name: conditional_escape(getattr(email, name)) for name in _FRAME_SLOTS if name != "body"}
    # The body was rendered by the sandbox with autoescaping: contact data in it is escaped.
    return {**values, "body": email.html_body}


@functools.lru_cache(maxsize=64)
def layout_frame(
    layout: BrandLayout, language: str, has_preheader: bool, has_preferences: bool
) -> LayoutFrame:
    """The default layout with a mark in place of each per-message value (an empty one, which
    `{% if %}` tests, stays empty: hence a frame per combination)."""
    shown = {"preheader": has_preheader, "preferences_url": has_preferences}
    mark = {
        name: mark_safe(f"\x00fusee-slot-{name}\x00") if shown.get(name, True) else ""  # noqa: S308
        for name in _FRAME_SLOTS
    }
    marked = OutgoingEmail(
        message_id="",
        from_name="",
        from_address="",
        to_address="",
        unsubscribe_mailto="",
        utm_campaign="",
        language=language,
        subject=mark["subject"],
        preheader=mark["preheader"],
        html_body=mark["body"],
        unsubscribe_url=mark["unsubscribe_url"],
        preferences_url=mark["preferences_url"],
    )
    rendered = default_layout().render(_layout_context(email=marked, layout=layout))
    return LayoutFrame(pieces=tuple(_SLOT_MARK.split(rendered)))


def _layout_context(*, email: OutgoingEmail, layout: BrandLayout) -> dict[str, object]:
    return {
        "language": email.language,
        "subject": email.subject,
        "preheader": email.preheader,
        # The body was rendered by the sandbox with autoescaping: contact data in it is escaped.
        "body": mark_safe(email.html_body),  # noqa: S308
        "brand": {
            "name": layout.name,
            "logo_url": layout.logo_url,
            "primary_colour": layout.primary_colour,
            "footer_text": layout.footer_text,
        },
        "unsubscribe_url": email.unsubscribe_url,
        "unsubscribe_label": label_for(
            UNSUBSCRIBE_ONLY_LABELS if email.preferences_url else UNSUBSCRIBE_LABELS, email.language
        ),
        "preferences_url": email.preferences_url,
        "preferences_label": label_for(PREFERENCES_LABELS, email.language),
    }


def label_for(labels: dict[str, str], language: str) -> str:
    return labels.get(language, labels["en"])


def rewrite_links(html: str, *, rewrite: LinkRewriter) -> str:
    """Apply `rewrite` to the (unescaped) href of every <a> and <area> of an HTML document."""

    def replace(match: re.Match[str]) -> str:
        href = next(value for value in match.groups()[1:] if value is not None)
        new_href = rewrite(html_lib.unescape(href))
        return f'{match[1]}"{html_lib.escape(new_href, quote=True)}"'

    return _LINK_HREF.sub(replace, html)


def _campaign_link(url: str, *, email: OutgoingEmail, rewriter: LinkRewriter | None) -> str:
    if url.strip() in (email.unsubscribe_url, email.preferences_url):
        return url
    campaign_url = _with_campaign(url, campaign=email.utm_campaign)
    if campaign_url is None:
        return url
    return rewriter(campaign_url) if rewriter else campaign_url


@functools.lru_cache(maxsize=4096)  # every message of an email carries the same links
def _with_campaign(url: str, *, campaign: str) -> str | None:
    """The link with its UTM parameters, or None when it is not a web link (mailto:, #…)."""
    return add_utm(url.strip(), campaign=campaign) if is_web_link(url) else None


def is_web_link(url: str) -> bool:
    try:
        return urlsplit(url.strip()).scheme.lower() in ("http", "https")
    except ValueError:  # e.g. "http://[not-an-ip"
        return False


@functools.lru_cache(maxsize=4096)  # every message of an email carries the same links
def add_utm(url: str, *, campaign: str) -> str:
    """Append utm_source/medium/campaign, keeping the existing query as written and the fragment.

    A UTM parameter the author already put in the link wins over ours.
    """
    parts = urlsplit(url)
    present = {name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
    wanted = (("utm_source", UTM_SOURCE), ("utm_medium", UTM_MEDIUM), ("utm_campaign", campaign))
    missing = [(name, value) for name, value in wanted if name not in present]
    if not missing:
        return url
    query = "&".join(part for part in (parts.query, urlencode(missing)) if part)
    return urlunsplit(parts._replace(query=query))


def _with_open_pixel(html: str, *, pixel_url: str) -> str:
    if not pixel_url:
        return html
    pixel = (
        f'<img src="{html_lib.escape(pixel_url, quote=True)}" width="1" height="1" alt="" '
        'style="display:block;width:1px;height:1px;border:0;">'
    )
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + pixel
    at = ends[-1].start()
    return html[:at] + pixel + html[at:]


def html_to_text(html: str) -> str:
    """The plain-text alternative; links read as [label](url) so the URL stays visible."""
    text = get_text(html, _TEXT_CONFIG)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def mime_message(*, email: OutgoingEmail, html: str, text: str) -> bytes:
    return multipart_alternative(headers=message_headers(email), text=text, html=html)


def message_headers(email: OutgoingEmail) -> list[tuple[str, str]]:
    headers = [
        (
            "From",
            _sender_address(email.from_address, name=email.from_name, header_name="From", role="sender"),
        ),
        ("To", format_address(email.to_address, name=email.to_name, header_name="To", role="recipient")),
    ]
    if email.reply_to:
        headers.append(("Reply-To", _sender_address(email.reply_to, header_name="Reply-To", role="reply-to")))
    headers += [
        ("Subject", encode_header_text(email.subject, header_name="Subject")),
        ("Date", format_datetime(email.date) if email.date else _date_now()),
        ("Message-ID", _checked_message_id(email.message_id)),
    ]
    return headers + _list_unsubscribe_headers(url=email.unsubscribe_url, mailto=email.unsubscribe_mailto)


def _date_now() -> str:
    return _date_of_second(int(time.time()))


@functools.lru_cache(maxsize=2)  # the messages of one second share their Date
def _date_of_second(second: int) -> str:
    return format_datetime(dt.datetime.fromtimestamp(second, tz=dt.UTC))


# The sender's addresses are the same in every message of an email: checked and encoded once.
_sender_address = functools.lru_cache(maxsize=256)(format_address)
_sender_addr_spec = functools.lru_cache(maxsize=256)(checked_addr_spec)


def _checked_message_id(message_id: str) -> str:
    if not _MESSAGE_ID.fullmatch(message_id):
        raise ValueError(f"Message-ID {message_id!r}: build it with make_message_id")
    return message_id


def _list_unsubscribe_headers(*, url: str, mailto: str) -> list[tuple[str, str]]:
    if not is_web_link(url) or not url.isascii() or _UNSAFE_IN_HEADER_URL.search(url):
        raise DomainError(f"unsubscribe link {url!r}: expected an ASCII http(s) URL without spaces or ','")
    address = _sender_addr_spec(mailto.removeprefix("mailto:"), role="unsubscribe")
    # Folded between the two URIs, never inside one.
    headers = [("List-Unsubscribe", f"<mailto:{address}>,\r\n <{url}>")]
    if urlsplit(url).scheme.lower() == "https":  # RFC 8058 one-click is defined for HTTPS only
        headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    return headers


def markdown_to_html(text: str) -> str:
    """Markdown to HTML that keeps template syntax intact for `compile_template`.

    Template tags are set aside before Markdown runs (it would escape `<` in `{% if a < b %}`
    or wrap a lone `{% if %}` line in a paragraph), then put back; a paragraph holding only
    block tags is unwrapped.
    """
    stashed: list[str] = []

    def stash(match: re.Match[str]) -> str:
        stashed.append(match[0])
        return f"FUSEETEMPLATE{len(stashed) - 1}X"

    html = markdown.markdown(_TEMPLATE_SYNTAX.sub(stash, text), extensions=["extra", "sane_lists"])
    html = _TEMPLATE_PLACEHOLDER.sub(lambda match: stashed[int(match[1])], html)
    return _PARAGRAPH_OF_BLOCK_TAGS.sub(r"\1", html)
