"""The plain-text part of a message, converted once per content rather than once per message.

Converting each message's HTML to text costs about as much as the rest of building it. The body
template is converted instead, its template tags carried through as text, and compiled without
autoescaping: each message then only renders it. When the conversion would move or drop a tag
(one inside an attribute, say), the caller converts each message's HTML as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fusee.nurturing.mail.building import html_to_text

_TEMPLATE_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_TEXT_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


def text_template_source(html_source: str) -> str | None:
    """The body template as text with every template tag where it was, or None."""
    text = html_to_text(html_source)
    return text if _TEMPLATE_SYNTAX.findall(text) == _TEMPLATE_SYNTAX.findall(html_source) else None


def text_document(*, body: str, brand_name: str, footer: str, links: list[tuple[str, str]]) -> str:
    """The text part around a rendered body, as the HTML layout frames it: brand, footer, links."""
    lines = [f"[{label}]({url})" for label, url in links if url]
    return "\n\n".join([brand_name, body.strip(), footer.strip(), "\n".join(lines)]) + "\n"


def rewrite_text_links(text: str, *, rewrite: Callable[[str], str]) -> str:
    """Apply `rewrite` to the URL of every `[label](url)` link, as the HTML's links were."""
    return _TEXT_LINK.sub(lambda match: f"]({rewrite(match[1])})", text)
