"""Checks on every asset and on the pack: lengths, counts, reuse, coverage, oral tics, readability, links.

Each check returns a `Check` whose detail says what was measured, so the UI and the CLI can show
it as is. The oral-tic check reads the cleaner's own word lists but not its code: a second
opinion that catches what the cleaner let through.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from urllib.parse import urlsplit

import markdown
from textstat.textstat import textstatistics

from fusee.content.understanding import Understanding
from fusee.content.understanding.cleaning import (
    CLOSING_ONLY,
    DELIMITED,
    HESITATIONS,
    LEGITIMATE_REPEATS,
    TAGS,
)

from .assets import Asset, Check

ARTICLE_WORDS = (600, 1200)
TITLE_LIMIT, DESCRIPTION_LIMIT = 60, 155
POST_LIMIT, HOOK_LIMIT = 3000, 210
HASHTAGS = (3, 5)
# Flesch reading ease (each language's own formula) under which a text reads as "very difficult".
READABILITY_FLOOR = 30.0


def length_check(
    name: str, value: int, *, low: int | None = None, high: int | None = None, unit: str
) -> Check:
    bounds = f"{low}–{high}" if low is not None and high is not None else f"≤ {high}" if high else f"≥ {low}"
    ok = (low is None or value >= low) and (high is None or value <= high)
    return Check(name, ok, f"{value} {unit} (expected {bounds})")


# --- oral tics ---


def _phrase(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in phrase.split())


# A delimited filler stands between punctuation (or the start of the text) and a pause or a stop.
_BEFORE = r"(?:^|(?<=[.!?…,;:—–(])|(?<=[.!?…,;:—–(]\s))"
_PAUSE = r"(?=\s*[,;:—–…])"
_PAUSE_OR_STOP = r"(?=\s*[,;:—–….!?])"
_ANSWERS = {"bon", "vale", "ecco", "also", "bueno"}  # "Bon." alone is an answer, not a filler


@cache
def _tic_patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    lang = language if language in HESITATIONS else "en"
    flags = re.I | re.M
    patterns = [
        (word, re.compile(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", flags))
        for word in sorted(HESITATIONS[lang])
    ]
    for phrase in DELIMITED[lang]:
        if phrase in TAGS:  # "c'est simple, non ?": a tag only before a question mark
            regex = rf",\s*{_phrase(phrase)}(?=\s*\?)"
        elif phrase in CLOSING_ONLY:  # "c'est dur, quoi."
            regex = rf",\s*{_phrase(phrase)}(?=\s*[.!?…])"
        else:
            regex = _BEFORE + _phrase(phrase) + (_PAUSE if phrase in _ANSWERS else _PAUSE_OR_STOP)
        patterns.append((phrase, re.compile(regex, flags)))
    return patterns


_REPEAT = re.compile(r"(?<![\w'’])(\w+)\s+\1(?![\w'’])", re.I)


def oral_tics(text: str, language: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for name, pattern in _tic_patterns(language):
        found[name] += len(pattern.findall(text))
    keep = LEGITIMATE_REPEATS.get(language, set())
    for match in _REPEAT.finditer(text):
        word = match.group(1).lower()
        if word not in keep and not word.isdigit():
            found[f"repeat:{word}"] += 1
    return +found


def tics_check(text: str, language: str) -> Check:
    found = oral_tics(text, language)
    detail = ", ".join(f"“{name}” ×{n}" for name, n in sorted(found.items())) or "none found"
    return Check("oral_tics", not found, detail)


# --- readability ---


@cache
def _textstat(language: str) -> textstatistics:
    # One instance per language: textstat.set_lang on the module's shared instance is global.
    stats = textstatistics()
    stats.set_lang(language)
    return stats


def reading_ease(text: str, language: str) -> float:
    """Flesch reading ease with the language's own constants (Kandel–Moles for French, Amstad for
    German, Fernández-Huerta for Spanish, Vacca for Italian), via textstat."""
    stats = _textstat(language if language in {"fr", "en", "es", "it", "de"} else "en")
    if language == "es":
        return float(stats.fernandez_huerta(text))
    return float(stats.flesch_reading_ease(text))


def readability_check(text: str, language: str) -> Check:
    score = reading_ease(text, language)
    return Check(
        "readability",
        score >= READABILITY_FLOOR,
        f"Flesch reading ease {score:.0f} ({language}; under {READABILITY_FLOOR:.0f} is very difficult)",
    )


# --- links ---


def link_problem(link: str, *, slugs: Iterable[str]) -> str:
    """ "" when the link is fine, else what is wrong with it."""
    if link.startswith("../"):
        slug = link[3:].rstrip("/")
        return "" if slug in set(slugs) and link.endswith("/") else f"{link}: no article with this slug"
    parts = urlsplit(link)
    if parts.scheme not in {"http", "https"}:
        return f"{link}: not an http(s) address"
    if not parts.hostname or " " in link or ("." not in parts.hostname and parts.hostname != "localhost"):
        return f"{link}: no valid host"
    return ""


def links_check(links: list[str], *, slugs: Iterable[str]) -> Check:
    slugs = list(slugs)
    problems = [p for p in (link_problem(link, slugs=slugs) for link in links) if p]
    return Check("links", bool(links) and not problems, "; ".join(problems) or f"{len(links)} links valid")


# --- assets ---


def plain_text(markdown_text: str) -> str:
    """What a reader reads: Markdown rendered, tags dropped, entities decoded."""
    from html import unescape

    rendered = markdown.markdown(markdown_text)
    return unescape(re.sub(r"<[^>]+>", " ", rendered))


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def article_checks(asset: Asset, u: Understanding, *, slugs: Iterable[str]) -> list[Check]:
    meta = asset.meta
    markdown_text = next(str(v) for k, v in asset.files.items() if k.endswith(".md"))
    reading = plain_text(_body(markdown_text))
    low, high = ARTICLE_WORDS
    words = length_check("words", meta["words"], low=low, high=high, unit="words from the source")
    if not words.ok and meta["words"] < low:
        words = Check(
            words.name, False, words.detail + ": the section's source is too short, nothing was invented"
        )
    secondary = len(meta["keywords"])
    return [
        words,
        length_check("title_length", len(asset.title), high=TITLE_LIMIT, unit="characters"),
        length_check("description_length", len(meta["description"]), high=DESCRIPTION_LIMIT,
                     unit="characters"),
        Check("keywords", bool(meta["focus_keyword"]) and 2 <= secondary <= 4,
              f"focus “{meta['focus_keyword']}”, {secondary} secondary (expected 2–4)"),
        Check("source_only", all(0 <= i < len(u.sentences) for i in meta["sentences"]),
              f"{len(meta['sentences'])} source sentences"),
        tics_check(reading, u.language),
        readability_check(reading, u.language),
        links_check(meta["links"], slugs=slugs),
    ]  # fmt: skip


def post_checks(asset: Asset, *, language: str) -> list[Check]:
    text = str(asset.files[next(iter(asset.files))])
    hook = asset.meta["hook"]
    tags = asset.meta["hashtags"]
    low, high = HASHTAGS
    paragraphs = asset.meta["paragraph_sentences"]
    return [
        length_check("hook_length", len(hook), high=HOOK_LIMIT, unit="characters in the hook"),
        Check("hook_first", text.startswith(hook), "the post opens with its hook"),
        length_check("post_length", len(text), high=POST_LIMIT, unit="characters"),
        length_check("hashtags", len(tags), low=low, high=high, unit="hashtags"),
        Check("short_paragraphs", all(n <= 2 for n in paragraphs),
              f"{len(paragraphs)} paragraphs, {max(paragraphs, default=0)} sentences at most (expected ≤ 2)"),
        tics_check(text, language),
        readability_check(" ".join(asset.meta["sentences_text"]), language),
        links_check([asset.meta["link"]], slugs=()),
    ]  # fmt: skip


# --- the pack ---


def pack_checks(u: Understanding, assets: list[Asset]) -> list[Check]:
    articles = [a for a in assets if a.kind == "article"]
    owners: dict[int, list[str]] = {}
    for article in articles:
        for i in article.meta["sentences"]:
            owners.setdefault(i, []).append(article.key)
    reused = {i: keys for i, keys in owners.items() if len(keys) > 1}
    covered = {s for a in assets for s in a.meta.get("sections", [])}
    missing = [s.title for s in u.sections if s.index not in covered]
    slugs = [a.key for a in articles]
    links = [link for a in assets for link in a.meta.get("links", [])]
    return [
        Check("no_reuse", not reused,
              "no sentence in two articles" if not reused
              else "; ".join(f"sentence {i} in {', '.join(k)}" for i, k in sorted(reused.items())[:5])),
        Check("sections_covered", not missing,
              f"{len(u.sections)} sections covered" if not missing else "not covered: " + "; ".join(missing)),
        links_check(links, slugs=slugs) if links else Check("links", True, "no links"),
    ]  # fmt: skip
