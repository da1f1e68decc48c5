"""Sentences as bags of lemmas (simplemma), without stopwords (stopwords-iso), weighted by TF-IDF."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np
import simplemma
import stopwordsiso
from sklearn.feature_extraction.text import TfidfVectorizer

from .cleaning import DELIMITED, HESITATIONS


def _words(text: str) -> set[str]:
    return set(text.split())


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Words that fill talks in every topic: they would make every section look alike.
_SPOKEN_COMMON = {
    "fr": _words("oui ouais ok okay truc chose faire aller dire voir vouloir pouvoir falloir mettre "
                 "petit vraiment juste alors donc aujourd'hui hui bien"),
    "en": _words("yeah yes okay ok gonna wanna thing really just lot get go know think say make want kind "
                 "sort actually pretty stuff mean right little"),
    "es": _words("sí vale cosa hacer decir ir bueno entonces"),
    "it": _words("sì cosa fare dire andare allora quindi"),
    "de": _words("ja okay ding machen sagen gehen halt mal eben"),
}  # fmt: skip


@cache
def stopwords(language: str) -> frozenset[str]:
    words = set(stopwordsiso.stopwords(language)) | _SPOKEN_COMMON.get(language, set())
    words |= HESITATIONS.get(language, set())
    words |= {w for phrase in DELIMITED.get(language, []) for w in phrase.split()}
    return frozenset(w.lower() for w in words)


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str:
    return simplemma.lemmatize(word, lang=language).lower()


def content_words(text: str, language: str) -> list[str]:
    """Lemmas of the words that carry the topic."""
    stop = stopwords(language)
    found = []
    for match in _WORD.finditer(text.lower().replace("’", "'")):
        word = match.group()
        if "'" in word:  # l'entreprise, d'abord: the elided article is not the word
            word = word.split("'")[-1]
        if len(word) < 3 or word in stop:
            continue
        base = lemma(word, language)
        if base not in stop and len(base) >= 3:
            found.append(base)
    return found


def tfidf_matrix(texts: Sequence[str], language: str) -> np.ndarray:
    """One row per text, L2-normalised; an all-zero row for a text with no content word."""
    documents = [content_words(t, language) for t in texts]
    if not any(documents):
        return np.zeros((len(texts), 1))
    vectorizer = TfidfVectorizer(analyzer=lambda words: words, sublinear_tf=True)
    return vectorizer.fit_transform(documents).toarray()


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / norm if norm else 0.0
