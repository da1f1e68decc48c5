"""Which key results an idea serves, by text similarity, in French and English; offline, deterministic.

Each text (the idea's title and description; a key result's title with its objective's title and
description) becomes the lemmas of its words (simplemma, in the text's language) without stop words
(stopwords-iso, less a few words that carry a marketing meaning: "site", "page", "click", "clic").
An idea and the key result it serves often share a topic rather than words ("a booth at a trade
show" serves "MQLs from webinars"), so a short bilingual glossary adds a concept token to the
words of a topic (events, leads, emails, website...): this is also what bridges French and English.

Two TF-IDF views are fitted on the candidates and the idea together: lemmas and concepts, and the
lemmas' character 3–5-grams (inflections and cognates: "campagne"/"campaign", "emailing"/"email").
The score is the weighted mean of their cosines, from 0 to 1. The heavy libraries load on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from fusee.okrs.models import Idea, KeyResult

LANGUAGES = ("fr", "en")
MIN_SCORE = 0.08  # below this, the shared letters are chance ("-ation"), not a topic
WORD_WEIGHT, CHAR_WEIGHT = 0.65, 0.35

_WORD = re.compile(r"[^\W_][\w'’-]*")
# In stopwords-iso, but meaningful in a marketing objective.
_MEANINGFUL = frozenset({
    "site", "website", "page", "pages", "click", "clic", "clics", "result", "results", "research",
    "show", "test", "tests", "open", "ouvert", "ouverture", "essai", "home", "case", "number", "numbers",
    "point", "points", "group", "groups", "interest", "world", "nouveau", "nouvelle", "premier", "million",
    "order", "place", "part", "end", "use", "work", "information",
})

# topic → words (lemmas, French and English) that speak of it.
GLOSSARY: dict[str, str] = {
    "events": "event événement évènement salon booth stand exhibition exposition trade tradeshow "
              "conference conférence webinar webinaire webinaires meetup summit sommet workshop "
              "atelier roadshow forum sponsor sponsoring sponsoriser parrainage",
    "leads": "lead leads mql mqls sql sqls prospect prospects prospection pipeline pipe demand "
             "opportunity opportunité inbound",
    "content": "article blog billet seo content contenu ebook whitepaper guide study étude livre "
               "publication publish publier editorial éditorial rédaction rédiger write écrire",
    "email": "email e-mail mail emailing mailing courriel courriels newsletter nurture nurturing "
             "inbox sequence séquence",
    "unsubscribes": "unsubscribe unsubscription désabonner désabonnement désinscrire désinscription "
                    "opt-out preference préférence",
    "website": "website site web page landing homepage domain domaine url",
    "german": "german germany allemand allemande allemagne deutsch dach munich berlin",
    "localisation": "translate translation traduire traduction localisation localization localise "
                    "localize international",
    "social": "linkedin twitter instagram facebook tiktok social réseau post follower followers "
              "abonné community communauté",
    "video": "video vidéo youtube clip podcast",
    "pricing": "price pricing prix tarif tarification tarifaire",
    "customers": "customer client clients upsell onboarding fidélisation fidéliser loyalty",
    "churn": "churn attrition retention rétention renewal renew renouvellement renouveler "
             "résiliation résilier cancel cancellation",
    "satisfaction": "nps satisfaction survey enquête sondage recommend recommander recommandation "
                    "review avis csat",
    "product": "feature fonctionnalité release produit product",
    "partners": "partner partenaire partnership partenariat affiliate affiliation reseller "
                "revendeur distributor distributeur integration intégration",
    "ads": "ads advertising publicité pub ppc adwords retargeting sponsored",
    "sales": "sales vente commercial commerciaux sdr demo démo meeting rdv",
    "press": "press presse journalist journaliste media média interview",
}  # fmt: skip


@cache
def _concepts() -> dict[str, str]:
    return {word: f"§{topic}" for topic, words in GLOSSARY.items() for word in words.split()}


def suggest_key_results(
    *, text: str, key_results: Sequence[KeyResult], limit: int = 3
) -> list[tuple[KeyResult, float]]:
    """The key results closest to `text`, best first, with a score from 0 to 1 (above MIN_SCORE).

    Each key result's objective is read: select_related("objective") when passing a QuerySet.
    """
    candidates = list(key_results)
    if not candidates or not text.strip():
        return []
    scores = similarities(text, [key_result_text(kr) for kr in candidates])
    ranked = sorted(zip(candidates, scores, strict=True), key=lambda pair: (-pair[1], pair[0].pk))
    return [(kr, round(score, 3)) for kr, score in ranked[:limit] if score >= MIN_SCORE]


def idea_suggestions(idea: Idea, *, limit: int = 3) -> list[tuple[KeyResult, float]]:
    """The open cycles' key results the idea most likely serves."""
    from fusee.okrs.selectors import open_key_results

    key_results = list(open_key_results().select_related("objective").order_by("pk"))
    return suggest_key_results(text=idea_text(idea), key_results=key_results, limit=limit)


def idea_text(idea: Idea) -> str:
    return f"{idea.title}\n{idea.description}"


def key_result_text(key_result: KeyResult) -> str:
    # The key result's own title twice: it tells its objective's key results apart.
    objective = key_result.objective
    return "\n".join([key_result.title, key_result.title, objective.title, objective.description])


def similarities(text: str, documents: Sequence[str]) -> list[float]:
    """The similarity of `text` to each document, from 0 to 1."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    lemmas = [lemmas_of(t) for t in (text, *documents)]
    words = [[*doc, *concepts_of(doc)] for doc in lemmas]
    word_scores = _cosines(TfidfVectorizer(analyzer=_identity, sublinear_tf=True), words)
    chars = [" ".join(doc) for doc in lemmas]
    char_scores = _cosines(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True), chars)
    return [WORD_WEIGHT * w + CHAR_WEIGHT * c for w, c in zip(word_scores, char_scores, strict=True)]


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _cosines(vectorizer: TfidfVectorizer, documents: Sequence[object]) -> list[float]:
    """Cosine of the first document with each of the others; 0.0 for an empty vocabulary."""
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # nothing left to compare: every text was stop words
        return [0.0] * (len(documents) - 1)
    rows = (matrix[1:] @ matrix[0].T).toarray().ravel()  # the rows are L2-normalised
    return [min(1.0, max(0.0, float(value))) for value in rows]


def lemmas_of(text: str) -> list[str]:
    """The lemmas of the words that carry the text's topic, in its language (French or English)."""
    from fusee.content.understanding.features import lemma

    language = guess_language(text)
    stop = _stop_words()
    found = []
    for match in _WORD.finditer(text.lower().replace("’", "'")):
        word = match.group().split("'")[-1]  # l'entreprise, d'abord: the elided article goes
        if len(word) < 2 or word.isdigit() or word in stop:
            continue
        base = lemma(word, language)
        if base not in stop:
            found.append(base)
    return found


def concepts_of(lemmas: Iterable[str]) -> list[str]:
    concepts = _concepts()
    return [concepts[word] for word in lemmas if word in concepts]


def guess_language(text: str) -> str:
    """French or English, by the share of each language's known words (English when unsure)."""
    import simplemma

    shares = dict(simplemma.langdetect(text, lang=LANGUAGES))
    return "fr" if shares.get("fr", 0.0) > shares.get("en", 0.0) else "en"


@cache
def _stop_words() -> frozenset[str]:
    """Both languages' stop words: a French idea names English things and the other way round."""
    from fusee.content.understanding.features import stopwords

    return frozenset().union(*(stopwords(language) for language in LANGUAGES)) - _MEANINGFUL
