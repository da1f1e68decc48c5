"""Per section: its key sentences, quotable lines, figures and the questions asked."""

from __future__ import annotations

import re

import numpy as np

from .features import cosine
from .model import Figure, Sentence

# Words that set one idea against another: the lines people quote.
CONTRAST = {
    "fr": r"mais|plutôt|au lieu|sans|seulement|plus que|moins que|bat|battent",
    "en": r"but|instead|rather|without|not just|only|versus|vs|beats|more than|less than",
    "es": r"pero|sino|en lugar|sin|solo|más que|menos que",
    "it": r"ma|invece|piuttosto|senza|solo|più che|meno che",
    "de": r"aber|sondern|statt|anstatt|ohne|nur|mehr als|weniger als",
}
# Negation sets one thing against another too, but it is everywhere in speech ("je sais pas"): half weight.
NEGATION = {
    "fr": r"pas|jamais|non|personne|rien|aucun|aucune",
    "en": r"not|never|no|don't|doesn't|isn't|won't|can't|nobody|nothing",
    "es": r"no|nunca|nadie|nada|ningún|ninguna",
    "it": r"non|mai|nessuno|niente|nulla",
    "de": r"nicht|nie|kein|keine|keinen|niemand|nichts",
}
# Absolutes make a line assertive; hedges make it weak.
ABSOLUTE = {
    "fr": r"toujours|jamais|chaque|tous|toutes|aucun|aucune|doit|faut",
    "en": r"always|never|every|all|none|must|the only|nobody",
    "es": r"siempre|nunca|cada|todos|todas|ninguno|debe|hay que",
    "it": r"sempre|mai|ogni|tutti|tutte|nessuno|deve|bisogna",
    "de": r"immer|nie|jeder|jede|alle|keiner|muss",
}
HEDGE = {
    "fr": r"je pense|je crois|peut-être|un peu|sais pas|je dirais|enfin bref|il me semble",
    "en": r"i think|i guess|maybe|perhaps|i'm not sure|probably|i don't know|i suppose|sort of|kind of",
    "es": r"creo que|quizás|tal vez|no sé|un poco|supongo",
    "it": r"penso|credo|forse|non so|un po'|direi",
    "de": r"ich glaube|ich denke|vielleicht|weiß nicht|wahrscheinlich|irgendwie",
}
# A sentence opening on these leans on the one before: it does not stand alone as a quote.
BACK_REFERENCE = {
    "fr": r"ça|cela|ce|il|elle|ils|elles|et|donc|alors|puis|mais|parce|ou",
    "en": r"it|this|that|these|those|they|he|she|and|so|then|which|but|because|or",
    "es": r"eso|esto|ello|él|ella|y|entonces|pero|porque|o",
    "it": r"questo|quello|lui|lei|e|quindi|allora|ma|perché|o",
    "de": r"das|dies|es|er|sie|und|dann|also|aber|weil|oder",
}

_NUMBER = r"\d+(?:[ \u00a0\u202f.,]\d{3})*(?:[.,]\d+)?"
_SCALE = r"(?:k|K|M|Md|bn|m|millions?|milliards?|billions?|thousands?|mille|mil|millones|milioni|miliardi|Millionen|Milliarden|Mio\.?|Mrd\.?)"  # noqa: E501
_CURRENCY_WORD = r"(?:€|\$|£|euros?|dollars?|EUR|USD|GBP|dólares|dollari|Euro)"
_UNITS = (
    r"days?|weeks?|months?|years?|hours?|minutes?|seconds?|jours?|semaines?|mois|ans|années?|heures?|"
    r"días?|semanas?|meses|años|horas?|giorni|settimane|mesi|anni|ore|Tage?n?|Wochen?|Monate?n?|Jahre?n?|Stunden?|"
    r"leads?|contacts?|clients?|customers?|e-?mails?|pages?|words?|mots|people|personnes|employees|salariés|"
    r"webinars?|webinaires?|articles?|posts?|accounts?|comptes|deals?|opportunit(?:y|ies|és?)|meetings?|"
    r"users?|utilisateurs?|visit(?:s|es|eurs)?|visitors|subscribers|abonnés|downloads?|téléchargements?|"
    r"points?|sessions?|calls?|appels|demos?|démos?|trials?|signups?|inscrits?|inscriptions?|participants?|"
    r"attendees|countries|pays|markets?|marchés?|GPUs?|servers?|serveurs?|lines?|lignes?|steps?|étapes?"
)
_PERCENT = r"%|percent\b|per cent\b|pour ?cent\b|por ciento\b|per cento\b|Prozent\b"
_AMOUNT = rf"[€$£]\s?{_NUMBER}(?:\s?{_SCALE}\b)?|{_NUMBER}\s?(?:{_SCALE}\s?)?(?:d'|de\s)?{_CURRENCY_WORD}"
_TIMES = rf"[x×]\s?{_NUMBER}\b|{_NUMBER}\s?[x×](?!\w)|{_NUMBER}\s(?:times|fois|veces|volte|mal)\b"
FIGURE_PATTERNS = (
    ("percent", re.compile(rf"{_NUMBER}\s?(?:{_PERCENT})", re.I)),
    ("currency", re.compile(rf"(?:{_AMOUNT})(?!\w)")),
    ("multiplier", re.compile(rf"(?<!\w)(?:{_TIMES})", re.I)),
    ("quantity", re.compile(rf"{_NUMBER}\s?(?:{_SCALE}\s)?(?:de |d'|of )?(?:{_UNITS})\b", re.I)),
)


def key_sentences(sentences: list[Sentence], vectors: np.ndarray, *, first: int, last: int) -> list[int]:
    """The sentences closest to the section's centroid, favouring its opening; in document order."""
    indices = list(range(first, last + 1))
    centroid = vectors[first : last + 1].sum(axis=0)
    scores = {}
    for position, index in enumerate(indices):
        words = sentences[index].words
        length = 1.0 if 8 <= words <= 35 else 0.6
        opening = 0.1 if position < 2 else 0.0
        scores[index] = cosine(vectors[index], centroid) * length + opening
    wanted = min(len(indices), max(2, min(5, round(len(indices) / 8))))
    best = sorted(indices, key=lambda i: (-scores[i], i))[:wanted]
    return sorted(best)


def quote_score(sentence: Sentence, language: str, centrality: float) -> float:
    """How quotable a line is; 0 when it cannot be one (too short or long, a question, a hedge)."""
    text = sentence.text
    if not 6 <= sentence.words <= 25 or text.rstrip().endswith("?") or text.count('"') % 2:
        return 0.0
    lowered = text.lower().replace("’", "'")
    if _has(HEDGE, language, lowered):
        return 0.0
    score = 0.5 * centrality
    score += 1.0 if figures_in(sentence) else 0.0
    if _has(CONTRAST, language, lowered):
        score += 0.8
    elif _has(NEGATION, language, lowered):
        score += 0.4
    score += 0.4 if _has(ABSOLUTE, language, lowered) else 0.0
    score += 0.2 if text.rstrip().endswith("!") else 0.0
    if re.match(rf"(?:{BACK_REFERENCE.get(language, BACK_REFERENCE['en'])})\b", lowered):
        score -= 0.5
    if "..." in text or "…" in text or "--" in text:
        score -= 0.5  # an unfinished thought
    return max(score, 0.0)


QUOTE_THRESHOLD = 0.8  # at least a contrast or a figure, or an absolute line close to the topic


def quotes(
    sentences: list[Sentence], vectors: np.ndarray, language: str, *, first: int, last: int
) -> list[int]:
    centroid = vectors[first : last + 1].sum(axis=0)
    scored = []
    for index in range(first, last + 1):
        score = quote_score(sentences[index], language, cosine(vectors[index], centroid))
        if score >= QUOTE_THRESHOLD:
            scored.append((score, index))
    return [index for _, index in sorted(scored, key=lambda item: (-item[0], item[1]))[:5]]


def figures_in(sentence: Sentence) -> list[Figure]:
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in FIGURE_PATTERNS:
        for match in pattern.finditer(sentence.text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue  # "2 M€" is a currency, not also a quantity
            taken.append(match.span())
            found.append(Figure(match.group().strip(), kind, sentence.index))
    return sorted(found, key=lambda f: sentence.text.find(f.value))


def is_question(sentence: Sentence) -> bool:
    text = sentence.text.rstrip()
    return text.endswith("?") and sentence.words >= 4


def _has(patterns: dict[str, str], language: str, text: str) -> bool:
    pattern = patterns.get(language, patterns["en"])
    return re.search(rf"(?<![\w'’])(?:{pattern})(?![\w'’])", text) is not None
