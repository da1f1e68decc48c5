"""Nurturing emails from the webinar: the ebook offer, then one article digest per email.

Bodies are Markdown in the nurturing templates' language, personalised with the contact's first
name. Sentences from the script are escaped twice: for Markdown (a "*" or "<" stays text) and for
the template engine (a "{{" in the script can never become template code). Every body is compiled
and tried on a blank contact, exactly as the email editor does before saving.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from email.utils import parseaddr
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from fusee.content.understanding.model import Section, Understanding
from fusee.core.errors import DomainError
from fusee.core.models import User, Workspace
from fusee.nurturing import authoring, editing
from fusee.nurturing.models import BodyFormat, Email, SequenceVersion, StepKind
from fusee.nurturing.models import Sequence as NurturingSequence
from fusee.nurturing.services import sequence_create

from .assets import Asset, Check
from .clips import shorten
from .ebook import standalone, substantial, takeaway, takeaway_sentences

MAX_DIGESTS = 4
SUBJECT_CHARS, PREHEADER_CHARS = 60, 110
WAIT_DAYS = (0, 4, 7, 7, 7)  # before each email: the offer at once, then a digest a week
GREETING_NAME = '{% if contact.first_name %} {{ contact.first_name|default:"" }}{% endif %}'

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "hello": "Hello",
        "ebook_subject": "Your ebook: {title}",
        "ebook_intro": "We turned our webinar into an ebook you can read at your own pace. Inside:",
        "ebook_link": "Download the ebook",
        "digest_intro": "Our new article goes deeper into one point of the webinar:",
        "article_link": "Read the article",
        "close": "Enjoy the read!",
    },
    "fr": {
        "hello": "Bonjour",
        "ebook_subject": "Votre ebook : {title}",
        "ebook_intro": "Nous avons fait de notre webinar un ebook à lire à votre rythme. Au programme :",
        "ebook_link": "Télécharger l'ebook",
        "digest_intro": "Notre nouvel article approfondit un point du webinar :",
        "article_link": "Lire l'article",
        "close": "Bonne lecture !",
    },
    "es": {
        "hello": "Hola",
        "ebook_subject": "Su ebook: {title}",
        "ebook_intro": "Hemos convertido nuestro webinar en un ebook para leer a su ritmo. En su interior:",
        "ebook_link": "Descargar el ebook",
        "digest_intro": "Nuestro nuevo artículo profundiza en un punto del webinar:",
        "article_link": "Leer el artículo",
        "close": "¡Buena lectura!",
    },
    "it": {
        "hello": "Ciao",
        "ebook_subject": "Il tuo ebook: {title}",
        "ebook_intro": "Abbiamo trasformato il nostro webinar in un ebook da leggere con calma. Dentro:",
        "ebook_link": "Scarica l'ebook",
        "digest_intro": "Il nostro nuovo articolo approfondisce un punto del webinar:",
        "article_link": "Leggi l'articolo",
        "close": "Buona lettura!",
    },
    "de": {
        "hello": "Hallo",
        "ebook_subject": "Ihr E-Book: {title}",
        "ebook_intro": "Wir haben unser Webinar in ein E-Book zum Nachlesen verwandelt. Darin:",
        "ebook_link": "E-Book herunterladen",
        "digest_intro": "Unser neuer Artikel vertieft einen Punkt des Webinars:",
        "article_link": "Artikel lesen",
        "close": "Viel Spaß beim Lesen!",
    },
}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_LIST_START = re.compile(r"^(\d+)([.)])(\s)|^([-+>])(\s)")


def emails_write(
    understanding: Understanding,
    *,
    ebook_url: str,
    article_urls: Mapping[int, str],
    article_titles: Mapping[int, str] | None = None,
    ebook_title: str = "",
) -> list[Asset]:
    """The offer of the ebook, then up to four article digests (section index → article URL and title)."""
    phrases = PHRASES.get(understanding.language, PHRASES["en"])
    titles = article_titles or {}
    chosen = digest_sections(understanding, article_urls)
    title = ebook_title or understanding.script.title or understanding.sections[0].title
    emails = [offer_email(understanding, phrases, url_checked(ebook_url, "ebook_url"), title, chosen)]
    for section in chosen:
        url = url_checked(article_urls[section.index], f"article_urls[{section.index}]")
        emails.append(
            digest_email(understanding, phrases, section, url, titles.get(section.index) or section.title)
        )
    return [email_asset(position, email, understanding.language) for position, email in enumerate(emails, 1)]


def digest_sections(understanding: Understanding, article_urls: Mapping[int, str]) -> list[Section]:
    """At most four sections with an article: the richest (quotes, figures), sent in script order."""
    with_article = [s for s in understanding.sections if article_urls.get(s.index)]
    richest = sorted(with_article, key=lambda s: (-(len(s.quotes) + len(s.figures)), s.index))[:MAX_DIGESTS]
    return sorted(richest, key=lambda s: s.index)


def offer_email(
    understanding: Understanding, phrases: dict[str, str], url: str, title: str, digests: list[Section]
) -> dict[str, str]:
    points = offer_takeaways(understanding)
    body = "\n\n".join(
        [
            f"{phrases['hello']}{GREETING_NAME},",
            phrases["ebook_intro"],
            "\n".join(f"- {text_escape(point)}" for point in points),
            f"**[{text_escape(phrases['ebook_link'])}]({url})**",
            phrases["close"],
        ]
    )
    return {
        "subject": shorten(phrases["ebook_subject"].format(title=title), SUBJECT_CHARS),
        # A quote the digests' preheaders do not already use.
        "preheader": preheader(
            understanding, [s for s in understanding.sections if s not in digests] or understanding.sections
        ),
        "body": body,
        "link": url,
        "section": "",
    }


def offer_takeaways(understanding: Understanding) -> list[str]:
    """2–3 key lines from different chapters: the first substantial key sentence of the richest ones."""
    ranked = sorted(understanding.sections, key=lambda s: (-(len(s.quotes) + len(s.figures)), s.index))
    points = []
    for section in ranked:
        keys = substantial(understanding, section.key_sentences)
        if keys:
            points.append((keys[0], takeaway(understanding.sentences[keys[0]].text)))
        if len(points) == 3:
            break
    return [text for _index, text in sorted(points)]


def digest_email(
    understanding: Understanding, phrases: dict[str, str], section: Section, url: str, title: str
) -> dict[str, str]:
    lines = [
        takeaway(understanding.sentences[i].text) for i in takeaway_sentences(understanding, section)[:3]
    ]
    body = "\n\n".join(
        [
            f"{phrases['hello']}{GREETING_NAME},",
            f"{text_escape(phrases['digest_intro'])} **{text_escape(title)}**",
            "\n".join(f"- {text_escape(line)}" for line in lines),
            f"**[{text_escape(phrases['article_link'])}]({url})**",
        ]
    )
    return {
        "subject": shorten(title, SUBJECT_CHARS),
        "preheader": preheader(understanding, [section]),
        "body": body,
        "link": url,
        "section": str(section.index),
    }


def preheader(understanding: Understanding, sections: Sequence[Section]) -> str:
    """The strongest quote of the sections, shortened: it shows next to the subject in the inbox."""
    for section in sections:
        for index in section.quotes[:1]:
            return shorten(standalone(understanding.sentences[index].text), PREHEADER_CHARS)
    return ""


def text_escape(text: str) -> str:
    """Source text as literal Markdown text that no template engine will read as code."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _LIST_START.sub(lambda m: f"{m[1]}\\{m[2]}{m[3]}" if m[1] else f"\\{m[4]}{m[5]}", text)
    return template_escape(text)


def template_escape(text: str) -> str:
    # Every tag, variable and comment starts with "{": spelling each brace with templatetag is enough.
    return text.replace("{", "{% templatetag openbrace %}")


def url_checked(url: str, where: str) -> str:
    """An http(s) URL, with the characters Markdown or the template engine would read percent-encoded."""
    if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc:
        raise DomainError(f"{where}: {url!r} must be an http:// or https:// address")
    return quote(url.strip(), safe=":/?#@!$&'*+,;=%-._~")


def email_asset(position: int, email: dict[str, str], language: str) -> Asset:
    wait = WAIT_DAYS[min(position - 1, len(WAIT_DAYS) - 1)]
    # JSON strings are valid YAML: the front matter reads back whatever the subject holds.
    front = (
        f"---\nsubject: {json.dumps(email['subject'], ensure_ascii=False)}\n"
        f"preheader: {json.dumps(email['preheader'], ensure_ascii=False)}\nwait_days: {wait}\n---\n\n"
    )
    return Asset(
        kind="email",
        key=f"email-{position}",
        title=email["subject"],
        files={f"emails/email-{position}.md": front + email["body"] + "\n"},
        meta={
            "position": position,
            "language": language,
            "subject": email["subject"],
            "preheader": email["preheader"],
            "body": email["body"],
            "body_format": BodyFormat.MARKDOWN,
            "wait_days": wait,
            "link": email["link"],
            "section": email["section"],
        },
        checks=email_checks(email),
    )


def email_checks(email: dict[str, str]) -> list[Check]:
    try:
        editing.subject_check(subject=email["subject"])
        editing.body_check(body=email["body"], body_format=BodyFormat.MARKDOWN)
        template = Check("template", True, "subject and body compile and render for a contact with no data")
    except DomainError as error:
        template = Check("template", False, str(error))
    words = len(re.sub(r"\{%.*?%\}", "", email["body"]).split())
    return [
        Check(
            "subject_length",
            0 < len(email["subject"]) <= SUBJECT_CHARS,
            f"{len(email['subject'])} characters (max {SUBJECT_CHARS})",
        ),
        Check(
            "preheader_length",
            len(email["preheader"]) <= PREHEADER_CHARS,
            f"{len(email['preheader'])} characters (max {PREHEADER_CHARS})",
        ),
        Check("words", words <= 200, f"{words} words (a nurturing email stays short: max 200)"),
        Check("link", bool(email["link"]), email["link"] or "no link"),
        template,
    ]


@transaction.atomic
def sequence_draft_create(
    *,
    actor: User | None,
    assets: Sequence[Asset],
    name: str,
    language: str,
    from_name: str = "",
    from_email: str = "",
) -> NurturingSequence:
    """A DRAFT sequence sending the email assets in order, with their waits between them.

    Everything goes through the nurturing services (checks, audit log); nothing runs until a
    marketer publishes the draft. Sender: the workspace's name and the actor's address by default.
    """
    emails = sorted((a for a in assets if a.kind == "email"), key=lambda a: a.meta["position"])
    if not emails:
        raise DomainError("a nurturing sequence needs at least one email asset")
    sequence = sequence_create(actor=actor, name=name)
    draft = authoring.draft_open(actor=actor, sequence=sequence)
    sender = {
        "from_name": from_name or Workspace.current().name,
        "from_email": from_email or (actor.email if actor else parseaddr(settings.DEFAULT_FROM_EMAIL)[1]),
        "default_language": language,
        "utm_campaign": slugify(sequence.name)[:100],
    }
    previous = ""
    for asset in emails:
        email = editing.email_save(
            actor=actor,
            email=None,
            settings={"name": f"{sequence.name} · {asset.meta['position']}", **sender},
            contents={language: email_content(asset)},
        )
        if asset.meta["wait_days"]:
            previous = step_append(
                actor, draft, previous, StepKind.WAIT, config={"days": asset.meta["wait_days"]}
            )
        previous = step_append(actor, draft, previous, StepKind.SEND, email=email)
    return sequence


def email_content(asset: Asset) -> dict[str, str]:
    meta = asset.meta
    return {
        "subject": meta["subject"],
        "preheader": meta["preheader"],
        "body": meta["body"],
        "body_format": meta["body_format"],
    }


def step_append(
    actor: User | None,
    draft: SequenceVersion,
    after: str,
    kind: str,
    *,
    config: dict[str, Any] | None = None,
    email: Email | None = None,
) -> str:
    step = authoring.draft_step_add(actor=actor, draft=draft, kind=kind, after=after)
    authoring.draft_step_save(
        actor=actor, step=step, config=config or {}, email=email, next_key=step.next_key
    )
    return step.key
