"""Template filters of the playbooks pages: a playbook's Markdown rendered safely, step offsets in words."""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

register = template.Library()

SAFE_SCHEMES = {"http", "https", "mailto"}
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these inside a URL's scheme ("java\tscript:")


def is_safe_url(url: str) -> bool:
    """A relative URL, or one whose scheme is http(s) or mailto: never javascript:, data: or vbscript:."""
    compact = INVISIBLE.sub("", url)
    scheme, colon, _rest = compact.partition(":")
    if not colon or any(mark in scheme for mark in "/?#"):
        return True
    return scheme.lower() in SAFE_SCHEMES


class SafeLinks(Treeprocessor):
    """Drops a link or image address that would run script, and keeps links from steering the opener."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_url(value):
                    del element.attrib[attribute]
            if element.tag == "a" and element.get("href"):
                element.set("rel", "noopener noreferrer nofollow")


class NoRawHtml(Extension):
    """Raw HTML in the Markdown shows as text: the playbook's author writes Markdown, not markup."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(SafeLinks(md), "safe_links", 0)


def markdown_html(text: str) -> SafeString:
    html = markdown.markdown(text or "", extensions=[NoRawHtml(), "sane_lists", "fenced_code", "tables"],
                             output_format="html")
    return mark_safe(html)  # noqa: S308 - raw HTML is escaped and unsafe addresses dropped above


def count_of(number: float) -> int:
    """The count that picks the plural form: 1.5 days is plural, and gettext wants an integer."""
    return int(number) if float(number).is_integer() else 2


@register.filter
def as_markdown(text: str) -> SafeString:
    return markdown_html(text)


@register.filter
def step_offset(step: dict[str, Any]) -> str:
    """“15 business days before”, “the milestone's day, 1 hour before”, “3 business days after”."""
    days = int(step.get("offset", 0))
    hours = float(step.get("offset_hours", 0) or 0)
    if days < 0:
        text = ngettext("%(n)s business day before", "%(n)s business days before", -days) % {"n": -days}
    elif days > 0:
        text = ngettext("%(n)s business day after", "%(n)s business days after", days) % {"n": days}
    else:
        text = gettext("the milestone's day")
    if hours:
        shown = f"{abs(hours):g}"
        hours_text = (ngettext("%(n)s hour before", "%(n)s hours before", count_of(abs(hours))) if hours < 0
                      else ngettext("%(n)s hour after", "%(n)s hours after", count_of(abs(hours))))
        text += ", " + hours_text % {"n": shown}
    return text


@register.filter
def step_duration(step: dict[str, Any]) -> str:
    duration = float(step.get("duration", 1))
    if not duration:
        return gettext("a moment")
    return ngettext("%(n)s business day", "%(n)s business days", count_of(duration)) % {"n": f"{duration:g}"}


@register.filter
def lateness(mean: float) -> str:
    """A step's mean lateness across runs in words (business days; negative is early)."""
    rounded = round(mean, 1)
    if rounded == 0:
        return gettext("on time on average")
    shown = f"{abs(rounded):g}"
    if rounded > 0:
        return ngettext("%(n)s business day late on average", "%(n)s business days late on average",
                        count_of(abs(rounded))) % {"n": shown}
    return ngettext("%(n)s business day early on average", "%(n)s business days early on average",
                    count_of(abs(rounded))) % {"n": shown}


@register.filter
def days_late(days: int) -> str:
    """How late one task finished, in business days (negative is early)."""
    if days == 0:
        return gettext("on time")
    if days > 0:
        return ngettext("%(n)s business day late", "%(n)s business days late", days) % {"n": days}
    return ngettext("%(n)s business day early", "%(n)s business days early", -days) % {"n": -days}


@register.filter
def ticked(checklist: list[dict[str, Any]]) -> int:
    """How many items of a task's checklist are ticked."""
    return sum(1 for item in checklist if item.get("done"))
