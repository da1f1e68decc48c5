"""Short readable titles for sections without a heading, from YAKE keyphrases.

A keyphrase that ranks high in every section ("marketing" in a marketing webinar) says nothing
about this one: candidates are penalised by how many sections contain them, and a title never
repeats another section's.
"""

from __future__ import annotations

import re
from functools import cache

import yake

from .features import content_words, lemma, stopwords

AND = {"fr": "et", "en": "and", "es": "y", "it": "e", "de": "und"}
_CANDIDATES = 20
_MAX_TITLE_WORDS = 6


@cache
def _extractor(language: str) -> yake.KeywordExtractor:
    # Without YAKE's position feature: in a talk, the opening small talk is not the topic.
    return yake.KeywordExtractor(
        lan=language,
        n=3,
        dedup_lim=0.7,
        top=_CANDIDATES,
        stopwords=set(stopwords(language)),
        features=["wfreq", "wrel", "tf", "wcase", "wspread"],
    )


# "m'appelle", "j'ai", "qu'une", "c'est": a pronoun or conjunction glued to a verb, never a title.
_CLITIC = re.compile(r"^(?:j|m|t|s|n|c|qu|jusqu|lorsqu|puisqu)['’]", re.I)
_ARTICLE = re.compile(r"^(?:l|d)['’]", re.I)  # "l'écran d'accueil" -> "écran d'accueil"


def keyphrases(text: str, language: str) -> list[tuple[str, float]]:
    """(phrase, score) best first; YAKE's scores are lower for better phrases."""
    found = []
    for phrase, score in _extractor(language).extract_keywords(text):
        words = phrase.split()
        if any(_CLITIC.match(w) for w in words) or any(w.isdigit() for w in words):
            continue
        phrase = _ARTICLE.sub("", phrase)
        if not content_words(phrase, language):
            continue
        found.append((phrase, float(score)))
    return found


def make_titles(texts: list[str], language: str, *, fixed: list[str]) -> list[tuple[str, list[str]]]:
    """(title, keywords) per section; a non-empty `fixed[i]` (the author's heading) is kept as the title."""
    candidates = [keyphrases(text, language) for text in texts]
    bags = [set(content_words(text, language)) for text in texts]
    used: list[frozenset[str]] = [_key(title, language) for title in fixed if title]
    results = []
    for index, text in enumerate(texts):
        ranked = _rank(candidates[index], bags, text, language)
        keywords = [_readable(phrase, text) for phrase, _ in ranked[:5]]
        if fixed[index]:
            results.append((fixed[index], keywords))
            continue
        title = _title(ranked, used, text, language)
        used.append(_key(title, language))
        results.append((title, keywords))
    return results


def _key(phrase: str, language: str) -> frozenset[str]:
    return frozenset(content_words(phrase, language))


def _rank(
    candidates: list[tuple[str, float]], bags: list[set[str]], text: str, language: str
) -> list[tuple[str, float]]:
    ranked = []
    for phrase, score in candidates:
        key = _key(phrase, language)
        spread = sum(1 for bag in bags if key <= bag)  # sections that contain every word of the phrase
        adjusted = score * (1 + 1.5 * max(spread - 1, 0))
        if sum(1 for word in content_words(text, language) if word in key) < 2 * len(key):
            adjusted *= 2  # said once in passing: not what the section is about
        if 2 <= len(phrase.split()) <= 3:
            adjusted *= 0.7  # "lead scoring" reads as a title; "scoring" alone rarely does
        if _ends_on_verb(phrase, language):
            adjusted *= 3  # "webinar converted", "contact télécharge": a clause, not a topic
        ranked.append((phrase, adjusted))
    return sorted(ranked, key=lambda item: (item[1], item[0]))


def _ends_on_verb(phrase: str, language: str) -> bool:
    """A guess without a tagger: an inflected form of an infinitive (fr/es/it/de), a past form (en)."""
    words = phrase.lower().split()
    last = words[-1]
    base = lemma(last, language)
    if base == last:
        return False
    if language == "en":  # "lead scoring" is a topic, "including" alone is not
        return last.endswith("ed") or (len(words) == 1 and last.endswith("ing"))
    endings = {"fr": ("er", "ir", "re"), "es": ("ar", "er", "ir"), "it": ("are", "ere", "ire"), "de": ("en",)}
    return base.endswith(endings.get(language, ()))


def _title(ranked: list[tuple[str, float]], used: list[frozenset[str]], text: str, language: str) -> str:
    fresh = [(p, s) for p, s in ranked if not any(_key(p, language) & key for key in used)]
    pool = fresh or ranked
    if not pool:
        return ""
    first = pool[0][0]
    title = _readable(first, text)
    if len(first.split()) == 1:
        partner = next((p for p, _ in pool[1:] if not _key(p, language) & _key(first, language)), None)
        if partner and len(first.split()) + len(partner.split()) + 1 <= _MAX_TITLE_WORDS:
            title = f"{title} {AND.get(language, 'and')} {_readable(partner, text)}"
    return title[:1].upper() + title[1:]


def _readable(phrase: str, text: str) -> str:
    """Keep acronyms and proper names as written; lower-case words the text also writes in lower case."""
    words = []
    for word in phrase.split():
        lowered = word.lower()
        if word.isupper() and len(word) > 1:
            words.append(word)
        elif re.search(rf"(?<![\w'’]){re.escape(lowered)}(?![\w'’])", text):
            words.append(lowered)
        else:
            words.append(word)
    return " ".join(words)
