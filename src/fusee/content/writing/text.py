"""Small text helpers shared by the writers: escaping, slugs, shortening, hashtags, keywords.

Everything here is deterministic and offline; nothing invents words: helpers only cut, escape
or re-case what the source says.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable

from django.utils.text import slugify

from fusee.content.understanding.cleaning import DELIMITED, HESITATIONS
from fusee.content.understanding.features import lemma, stopwords

LANGUAGE_NAMES = ("fr", "en", "es", "it", "de")
ELLIPSIS = "…"

# --- Markdown and YAML ---

# Characters Python-Markdown treats as syntax inside a paragraph; a backslash makes them literal.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]#])")
# At the start of a line they open a list or a heading ("- ", "+ ", "1. ", "2) ").
_BULLET_START = re.compile(r"^\s*[-+](?=\s|$)")
_NUMBER_START = re.compile(r"^\s*\d+(?=[.)](\s|$))")
# An entity ("&lt;", "&#60;") would be decoded by Markdown: keep its ampersand literal.
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape_markdown(text: str) -> str:
    """Source text as literal Markdown: no emphasis, link, heading, list or raw HTML can come from it."""
    text = _ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")  # no raw HTML, no block quote
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    if bullet := _BULLET_START.match(text):
        text = text[: bullet.end() - 1] + "\\" + text[bullet.end() - 1 :]
    elif number := _NUMBER_START.match(text):
        text = text[: number.end()] + "\\" + text[number.end() :]
    return text


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar; JSON's string syntax is a subset of YAML's."""
    return json.dumps(value, ensure_ascii=False)


def yaml_list(values: Iterable[str | int | float]) -> str:
    return "[" + ", ".join(yaml_string(v) if isinstance(v, str) else json.dumps(v) for v in values) + "]"


# --- lengths, cuts ---

_WORD = re.compile(r"[\w'’-]*\w[\w'’-]*")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


_TRAILING_PUNCTUATION = " ,;:—–-([«“\"'"


def shorten(text: str, limit: int, *, ellipsis: str = ELLIPSIS) -> str:
    """`text` if it fits, else cut at the last word boundary that leaves room for the ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    cut = text[: room + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut[:room]
    return cut.rstrip(_TRAILING_PUNCTUATION + ".") + ellipsis


_CLAUSE_BREAKS = (": ", " : ", " — ", " – ", ", ", "? ")


def shorten_title(title: str, limit: int, language: str) -> str:
    """A title that fits `limit`: cut at a clause break when one keeps most of it, else at a word,
    never ending on a function word ("… and", "… de la")."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    for mark in _CLAUSE_BREAKS:
        head = title[: title.rfind(mark, 0, limit + 1)] if mark in title[: limit + 1] else ""
        if len(head) >= limit // 2:
            return head.rstrip(_TRAILING_PUNCTUATION)
    words = title[: limit + 1].split()
    if title[limit] != " ":
        words = words[:-1]  # the last word was cut
    function_words = stopwords(language)
    while len(words) > 1 and words[-1].strip(_TRAILING_PUNCTUATION + ".").lower() in function_words:
        words.pop()
    return " ".join(words).rstrip(_TRAILING_PUNCTUATION)


# --- slugs ---

# Letters that Unicode does not decompose to ASCII: without this, slugify drops them.
_TRANSLITERATION = str.maketrans(
    {"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
     "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ð": "d", "ı": "i", "€": " euros ", "%": " percent ",
     "&": " and "}
)  # fmt: skip


# A French or Italian elided article or pronoun ("l'", "d'", "qu'"): a word of its own in a slug.
_ELIDED = re.compile(r"\b([a-zA-Z]|qu|Qu|QU)['’](?=\w)")


def make_slug(text: str, *, max_length: int = 60, taken: Iterable[str] = ()) -> str:
    """ASCII slug (Django's slugify after transliteration), cut at a hyphen, unique among `taken`."""
    text = _ELIDED.sub(
        r"\1 ", unicodedata.normalize("NFKC", text)
    )  # "l'oral" -> "l-oral", "buyer's" -> "buyers"
    ascii_text = text.translate(_TRANSLITERATION)
    slug = slugify(ascii_text) or "article"
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    taken = set(taken)
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


# --- keywords and hashtags ---

_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu)['’]", re.I)
_WORD_PARTS = re.compile(r"[^\W_]+")


def keyword_key(keyword: str, language: str) -> tuple[str, ...]:
    """Lemmas of a keyword's words: "candidate topics" and "candidate topic" are one keyword."""
    return tuple(lemma(w.lower(), language) for w in _WORD_PARTS.findall(keyword))


def is_proper_name(keyword: str) -> bool:
    """ "Camille Roux", "Nadia Benali": every word capitalised, more than one word."""
    words = keyword.split()
    return len(words) > 1 and all(w[:1].isupper() and not w.isupper() for w in words)


def distinct_keywords(keywords: Iterable[str], language: str) -> list[str]:
    """Keywords without near-duplicates (same lemmas, or one's lemmas inside the other's)."""
    kept: list[str] = []
    keys: list[tuple[str, ...]] = []
    for keyword in keywords:
        key = keyword_key(keyword, language)
        if not key or any(set(key) <= set(k) or set(k) <= set(key) for k in keys):
            continue
        kept.append(keyword)
        keys.append(key)
    return kept


def hashtag(keyword: str) -> str | None:
    """ "cycle de vente" -> "#CycleDeVente", "équipes" -> "#Équipes"; None if it cannot be one."""
    words = [_ELISION.sub("", w) for w in keyword.split()]
    parts = [p for w in words for p in _WORD_PARTS.findall(w)]
    if not parts or all(p.isdigit() for p in parts):
        return None
    tag = "".join(p if p.isupper() else p[:1].upper() + p[1:] for p in parts)
    if tag[0].isdigit() or len(tag) > 30:
        return None
    return "#" + unicodedata.normalize("NFC", tag)


def hashtags(keywords: Iterable[str], *, most: int = 5) -> list[str]:
    tags: list[str] = []
    for keyword in keywords:
        tag = hashtag(keyword)
        if tag and tag.lower() not in {t.lower() for t in tags}:
            tags.append(tag)
        if len(tags) == most:
            break
    return tags


# --- sentences ---

# Connectors that only make sense after what came before: dropped when a sentence opens a part.
_OPENING_CONNECTORS = {
    "en": ("and", "so", "but", "also", "now", "well", "okay", "ok"),
    "fr": ("et", "donc", "alors", "mais", "bon", "bref", "du coup", "ensuite", "puis"),
    "es": ("y", "pues", "entonces", "pero", "bueno"),
    "it": ("e", "quindi", "allora", "ma", "però", "ecco"),
    "de": ("und", "also", "aber", "nun", "jetzt"),
}


def standalone(sentence: str, language: str) -> str:
    """A sentence that can open a paragraph: "So the question is…" -> "The question is…"."""
    for connector in _OPENING_CONNECTORS.get(language, ()):
        match = re.match(rf"{re.escape(connector)}\b[,]?\s+(?=\w)", sentence, re.I)
        if match:
            rest = sentence[match.end() :]
            return rest[:1].upper() + rest[1:]
    return sentence


# Words that point back at what came before: such a sentence cannot open an article or a post.
_ANAPHORIC = {
    "en": (
        "that",
        "that's",
        "this",
        "those",
        "these",
        "it",
        "it's",
        "they",
        "they're",
        "there",
        "then",
        "which",
    ),
    "fr": ("ça", "cela", "ce", "c'est", "ces", "cette", "il", "elle", "ils", "elles", "puis", "ensuite"),
    "es": ("eso", "esto", "esa", "ese", "esos", "esas", "ello", "luego"),
    "it": ("questo", "questa", "quello", "quella", "ciò", "poi"),
    "de": ("das", "dies", "diese", "dieser", "es", "dann"),
}
# Words that enumerate an agenda ("First, we'll look at…"): no punchline.
_ENUMERATORS = {
    "en": ("first", "second", "third", "then", "finally", "next"),
    "fr": ("d'abord", "premièrement", "deuxièmement", "ensuite", "puis", "enfin"),
    "es": ("primero", "segundo", "luego", "después", "finalmente"),
    "it": ("prima", "secondo", "poi", "infine"),
    "de": ("erstens", "zweitens", "dann", "danach", "schließlich"),
}


def _opens_with(sentence: str, words: tuple[str, ...]) -> bool:
    lowered = sentence.lower().replace("’", "'")
    return any(re.match(rf"{re.escape(w)}(?![\w'])", lowered) for w in words)


def is_anaphoric(sentence: str, language: str) -> bool:
    """ "That matters.", and "In our base, that's 9%.": the main clause points back."""
    words = _ANAPHORIC.get(language, ())
    head, comma, rest = sentence.partition(", ")
    return _opens_with(sentence, words) or bool(comma and len(head.split()) <= 4 and _opens_with(rest, words))


def is_enumeration(sentence: str, language: str) -> bool:
    return _opens_with(sentence, _ENUMERATORS.get(language, ()))


# --- sentences that say nothing ---

# Acknowledgements and discourse markers that, alone, carry nothing: "Yeah.", "Donc voilà.", "Okay, so."
# The cleaner keeps them (they can carry meaning inside a sentence); a sentence made only of them
# has no place in an article, a post or at either end of a clip.
_ACKNOWLEDGEMENTS = {
    "en": "yeah yes yep yup no nope okay ok alright right sure exactly absolutely totally definitely "
    "indeed true cool great nice wow oh ah so well anyway and but mhm uh-huh hmm interesting perfect "
    "awesome fair enough got it i see for sure of course sounds good",
    "fr": "oui ouais ouai non ben bah bon donc voilà voila alors bref enfin quoi ok okay d'accord "
    "exactement effectivement absolument carrément tout à fait et mais ah oh eh super génial parfait "
    "ouf bien très c'est ça",
    "es": "sí si no vale bueno pues claro exacto eso es y pero ah oh vale vale perfecto",
    "it": "sì si no ok okay va bene ecco allora quindi esatto certo e ma ah oh perfetto",
    "de": "ja jawohl nein ok okay genau also gut na und aber ach oh stimmt richtig klar super",
}
_FILLER_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@functools.cache
def _filler_words(language: str) -> frozenset[str]:
    words = set(_ACKNOWLEDGEMENTS.get(language, _ACKNOWLEDGEMENTS["en"]).split())
    words |= HESITATIONS.get(language, set())
    words |= {w for phrase in DELIMITED.get(language, []) for w in phrase.split()}
    return frozenset(words)


def is_filler_only(sentence: str, language: str) -> bool:
    """ "Yeah.", "Donc voilà.", "Okay, right.": every word is a filler or an acknowledgement."""
    words = [w.lower().replace("’", "'") for w in _FILLER_WORD.findall(sentence)]
    if not words or re.search(r"\d", sentence):
        return False
    return all(w in _filler_words(language) for w in words)
