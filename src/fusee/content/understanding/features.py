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


# Frequent verbs (lemmas) that stopwords-iso leaves out: a keyphrase never starts or ends on one.
# English keeps out the verbs that are as often nouns in marketing ("lead", "test", "offer"):
# for those, the words around them in the text decide (see titles.py).
_VERBS = {
    "en": _words("feel leave start hear play live hold bring happen write provide sit stand lose "
                 "pay meet include continue learn understand watch follow create speak read add "
                 "spend grow walk win remember love wait serve expect build stay fall reach remain "
                 "raise pass sell require decide pull talk agree matter perform compete arrive "
                 "convert receive waste underestimate mention reply guess hope care explain send "
                 "cost invite drive deliver bother buy ignore trust rethink design decline delete "
                 "fail assume realise realize tend manage visit happen believe appear seem become "
                 "keep begin tell ask call try give"),
    "fr": _words("savoir venir devoir croire trouver donner prendre aimer passer demander sembler "
                 "rester penser comprendre regarder attendre chercher sortir vivre entendre "
                 "connaître paraître arriver permettre commencer finir montrer écrire lire ouvrir "
                 "envoyer recevoir tester poser concerner télécharger essayer changer garder créer "
                 "proposer expliquer répondre appeler décider travailler utiliser acheter vendre "
                 "payer gagner perdre continuer jouer apprendre ajouter mesurer construire lancer "
                 "compter servir sentir partir revenir devenir retrouver remettre oublier raconter "
                 "présenter visiter parler mettre tenir laisser suivre falloir vérifier déterminer "
                 "citer"),
    "es": _words("ser estar tener hacer poder decir ir ver dar saber querer llegar pasar deber "
                 "poner parecer quedar creer hablar llevar dejar seguir encontrar llamar venir "
                 "pensar salir volver tomar conocer vivir sentir tratar mirar contar empezar "
                 "esperar buscar existir entrar trabajar escribir perder producir ocurrir entender "
                 "pedir recibir recordar terminar permitir enviar"),
    "it": _words("essere avere fare dire potere andare vedere dare sapere volere venire dovere "
                 "parlare trovare sentire lasciare prendere guardare mettere pensare passare "
                 "credere portare tornare sembrare chiamare conoscere finire chiedere restare "
                 "vivere capire scrivere aspettare cercare mandare ricevere provare iniziare "
                 "cominciare usare mostrare spiegare"),
    "de": _words("sein haben werden können müssen sagen machen geben kommen sollen wollen gehen "
                 "wissen sehen lassen stehen finden bleiben liegen heißen denken nehmen tun dürfen "
                 "glauben halten nennen mögen zeigen führen sprechen bringen leben fahren meinen "
                 "fragen kennen gelten stellen spielen arbeiten brauchen folgen lernen bestehen "
                 "verstehen setzen bekommen beginnen erzählen versuchen schreiben laufen erklären "
                 "schicken senden"),
}  # fmt: skip


# Adverbs that neither stopwords-iso nor their ending give away.
_ADVERBS = {
    "en": _words("barely ahead anyway worse better"),
    "fr": _words("mal déjà presque jamais vite mieux ensemble bientôt aussitôt ensuite tard tôt "
                 "partout"),
    "es": _words("ya casi nunca pronto mejor juntos después tarde temprano"),
    "it": _words("già quasi mai presto meglio insieme dopo tardi subito"),
    "de": _words("schon fast nie bald besser zusammen später früh sofort"),
}  # fmt: skip


@cache
def verbs(language: str) -> frozenset[str]:
    return frozenset(_VERBS.get(language, set()))


def is_adverb(word: str, language: str) -> bool:
    """By its ending: "quickly", "rapidement", "rápidamente", "veramente", "möglicherweise"."""
    word = word.lower()
    if word in _ADVERBS.get(language, set()):
        return True
    if language == "en":  # "family", "supply", "reply" have no base that is a word
        if len(word) <= 5 or not word.endswith("ly"):
            return False
        bases = (word[:-2], word[:-3] + "y", word[:-4])  # "quickly", "easily", "automatically"
        return any(_known(base, language) for base in bases)
    if language == "fr":  # the adverbs in -ment are missing from simplemma's French list, the nouns are not
        return word.endswith("ment") and len(word) > 6 and not _known(word, language)
    if language in ("es", "it"):
        return word.endswith("mente") and len(word) >= 8
    if language == "de":
        return word.endswith(("weise", "lich"))  # uninflected: "wirklich", "möglicherweise"
    return False


@lru_cache(maxsize=50_000)
def _known(word: str, language: str) -> bool:
    return len(word) >= 4 and bool(simplemma.is_known(word, lang=language))


def is_known(word: str, language: str) -> bool:
    """In simplemma's dictionary for the language (as written, or in lower case)."""
    return _known(word, language) or _known(word.lower(), language)


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
