"""Keyphrases and short readable titles for sections, without a tagger.

A keyphrase is a noun-phrase-like run of words inside one clause: it neither starts nor ends on a
stopword, a verb or an adverb ("banking track talks", "retail track automatically" are clauses),
holds no person's name ("Léa Fontaine" is who speaks, not what is said), and may link two nouns
with "of"/"de" ("cycle de vente"). Phrases are ranked by how many of the section's sentences say
them, times how specific they are to the section (inverse frequency across sections: "marketing"
in a marketing webinar says nothing about one part of it). A title is the best one or two
keyphrases, in sentence case, and never repeats another section's.

Verbs are told from nouns by short lists of frequent verbs, by inflection (simplemma's lemmas),
and by the words the form follows elsewhere in the script: "we talk" makes "talk" a verb there,
"the talk" a noun. Deterministic: ties are broken by position in the text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .features import content_words, is_adverb, is_known, lemma, stopwords, verbs


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


AND = {"fr": "et", "en": "and", "es": "y", "it": "e", "de": "und"}
_MAX_WORDS = 4  # in a keyphrase
_MAX_TITLE_WORDS = 6
_KEYWORDS = 5
_PHRASE_OVER_WORD = 0.6  # a title takes a phrase over a better single word down to this share of its score
_NAMES = 2  # people's names kept after the keywords: the writers use them to spot vocatives

# Inside a phrase only: "cost of a lead", "cycle de vente", "taux d'ouverture".
_LINKS = {
    "en": _words("of"),
    "fr": _words("de d' du des à"),
    "es": _words("de del"),
    "it": _words("di del della dei degli delle d'"),
    "de": _words("für von"),
}  # fmt: skip
# What a verb follows ("we talk", "on envoie") and what a noun follows ("the talk", "un envoi").
_BEFORE_VERB = {
    "en": _words("i you we they he she to will would can could should must don't doesn't didn't "
                 "won't can't i'll we'll you'll they'll i'm"),
    "fr": _words("je j' tu il elle on nous vous ils elles ne n' se s' qui"),
    "es": _words("yo tú él ella nosotros ellos ellas se no que"),
    "it": _words("io tu lui lei noi voi loro si non che"),
    "de": _words("ich du er sie wir ihr man zu"),
}  # fmt: skip
_BEFORE_NOUN = {
    "en": _words("the a an these those my your our their his its every each"),
    "fr": _words("un une du des cet cette ces mon ma mes ton ta tes son sa ses notre votre nos vos "
                 "leur leurs chaque au aux"),
    "es": _words("el la los las un una unos unas este esta su sus mi nuestro"),
    "it": _words("il lo la i gli le un uno una questo questa suo sua nostro"),
    "de": _words("der die das den dem ein eine einen einem dieser diese unser"),
}  # fmt: skip
# Nouns that fit every topic: never at either end of a keyphrase, fine inside one ("cost per minute
# of video").
_GENERIC = {
    "en": _words("time way thing week month year day hour minute percent example lot bit moment "
                 "people person question answer part end start kind number today morning afternoon "
                 "evening point reason idea case fact place"),
    "fr": _words("fois moment mois semaine année an jour heure minute dizaine moitié exemple façon "
                 "manière gens personne partie fin début question réponse nombre cas sorte genre "
                 "idée raison point matin soir bout coup fait"),
    "es": _words("vez momento mes semana año día hora minuto ejemplo manera forma gente persona "
                 "parte pregunta caso idea"),
    "it": _words("volta momento mese settimana anno giorno ora minuto esempio modo gente persona "
                 "parte domanda caso idea"),
    "de": _words("mal moment monat woche jahr tag stunde minute beispiel art leute person teil "
                 "frage fall idee"),
}  # fmt: skip
# Adjectives that come before the noun in the Romance languages: "un grand", "une bonne".
_BEFORE_NOUN_ADJECTIVES = {
    "fr": _words("grand grande grands grandes petit petite bon bonne bons bonnes mauvais mauvaise "
                 "meilleur meilleure nouveau nouvelle vrai vraie gros grosse beau belle jeune "
                 "vieux vieille premier première dernier dernière seul seule"),
    "es": _words("gran buen buena mejor nuevo nueva primer primera último última mal"),
    "it": _words("grande gran buon buona migliore nuovo nuova primo prima ultimo bel"),
}  # fmt: skip
# "venons-en", "dites-le-nous", "prépare-t-il", "dímelo" aside: a verb with its pronouns.
_CLITICS = re.compile(r"-(?:t-)?(?:le|la|les|lui|leur|nous|vous|moi|toi|en|y|il|elle|on|ils|elles|je|tu)$")
_ELISION = re.compile(
    r"^((?:l|d|j|m|t|s|n|c|qu|jusqu|lorsqu|puisqu|un|dell|all|nell|sull|dall)['’])(.+)$", re.I
)
# A number keeps the letters glued to it ("3ème", "1er", "10x", "5G"): one token, never a word, so
# that no keyphrase or heading starts on a fragment ("Ème type").
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*['’]?|\d[\d.,]*[^\W\d_]*|[.!?]+|[,;:()\[\]«»\"“”…–—/]")
_NUMBER = re.compile(r"\d[\d.,]*[^\W\d_]*")
_INFINITIVE = {"fr": ("er", "ir", "re"), "es": ("ar", "er", "ir"), "it": ("are", "ere", "ire")}
_PARTICIPLE = {"fr": ("é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues")}


@dataclass
class _Token:
    text: str  # as written, elided article split off: "l'" + "écran"
    lower: str
    lemma: str
    sentence: int  # index of its sentence in the section
    starts_sentence: bool
    kind: str = "word"  # word | break (punctuation, number)


@dataclass
class _Document:
    """What the whole script says about each word form: how it is written and what it follows."""

    language: str
    lowercase_seen: set[str] = field(default_factory=set)
    capitalised_inside: set[str] = field(default_factory=set)  # capitalised in mid-sentence somewhere
    after_verb_cue: Counter[str] = field(default_factory=Counter)
    verb_lemmas: Counter[str] = field(default_factory=Counter)  # "we add", "to save": times after a verb cue
    after_noun_cue: Counter[str] = field(default_factory=Counter)
    names: set[str] = field(default_factory=set)  # lower-cased forms that are names of people or places
    noun_lemmas: Counter[str] = field(default_factory=Counter)  # times seen as the noun after an article


def make_titles(texts: list[str], language: str, *, fixed: list[str]) -> list[tuple[str, list[str]]]:
    """(title, keywords) per section; a non-empty `fixed[i]` (the author's heading) is kept as the title."""
    sections = [_tokens(text, language) for text in texts]
    document = _read_document(sections, language)
    phrases = [_phrases(tokens, document) for tokens in sections]
    ranked = _rank(phrases)
    used: list[frozenset[str]] = [_key(title, language) for title in fixed if title]
    results = []
    for index, best in enumerate(ranked):
        keywords = [surface for surface, _ in best[:_KEYWORDS]] + _names(sections[index], document)
        if fixed[index]:
            results.append((fixed[index], keywords))
            continue
        title = _title(best, used, language) or _most_said_word(texts[index], language)
        used.append(_key(title, language))
        results.append((title, keywords))
    return results


def keyphrases(text: str, language: str) -> list[str]:
    """The keyphrases of one text on its own (no other section to compare with), best first."""
    tokens = _tokens(text, language)
    document = _read_document([tokens], language)
    return [surface for surface, _ in _rank([_phrases(tokens, document)])[0]]


# --- reading ---


def _tokens(text: str, language: str) -> list[_Token]:
    tokens: list[_Token] = []
    sentence, at_start = 0, True
    for match in _WORD.finditer(text.replace("’", "'")):
        piece = match.group()
        if piece[0] in ".!?":
            tokens.append(_Token(piece, piece, piece, sentence, False, "break"))
            sentence, at_start = sentence + 1, True
            continue
        if not piece[0].isalpha():
            tokens.append(_Token(piece, piece, piece, sentence, False, "break"))
            continue
        parts = [piece]
        elided = _ELISION.match(piece) if language in ("fr", "it") else None
        if elided:
            parts = [elided.group(1), elided.group(2)]
        for part in parts:
            lower = part.lower()
            tokens.append(_Token(part, lower, lemma(lower, language), sentence, at_start))
            at_start = False
    return tokens


def _read_document(sections: list[list[_Token]], language: str) -> _Document:
    document = _Document(language)
    for tokens in sections:
        previous = ""
        for position, token in enumerate(tokens):
            if token.kind != "word":
                previous = ""
                continue
            if token.text[:1].islower():
                document.lowercase_seen.add(token.lower)
            elif not token.starts_sentence:
                document.capitalised_inside.add(token.lower)
            if previous in _BEFORE_VERB.get(language, set()):
                document.after_verb_cue[token.lower] += 1
                document.verb_lemmas[token.lemma] += 1
            if previous in _BEFORE_NOUN.get(language, set()):
                document.after_noun_cue[token.lower] += 1
                head = _head(tokens, position, language)
                if head is not None:
                    document.noun_lemmas[head.lemma] += 1
            previous = token.lower
    for tokens in sections:
        document.names |= _name_forms(tokens, document)
    return document


def _head(tokens: list[_Token], position: int, language: str) -> _Token | None:
    """The noun of the group an article opens at `position`: the last of its words in English and
    German ("a short summary"), the first in the Romance languages ("un score élevé")."""
    stop = stopwords(language)
    if language in ("fr", "es", "it"):
        first = tokens[position]
        return None if first.lower in _BEFORE_NOUN_ADJECTIVES.get(language, set()) else first
    end = position
    while end + 1 < len(tokens) and end < position + 2:  # "a translated email feels": not "feels"
        following = tokens[end + 1]
        if following.kind != "word" or following.lower in stop or following.lemma in verbs(language):
            break
        end += 1
    return tokens[end]


def _name_forms(tokens: list[_Token], document: _Document) -> set[str]:
    """Capitalised words never written in lower case: unknown to the dictionary ("Okafor"), or next
    to another such word ("Camille Roux", "Walt Disney"). Acronyms and "LinkedIn" are not names."""
    if document.language == "de":  # every German noun is capitalised: only unknown pairs are names
        return _name_runs(tokens, document, lone=False, unknown_only=True)
    return _name_runs(tokens, document, lone=True, unknown_only=False)


def _name_runs(tokens: list[_Token], document: _Document, *, lone: bool, unknown_only: bool) -> set[str]:
    names: set[str] = set()
    run: list[_Token] = []
    for token in [*tokens, _Token("", "", "", -1, False, "break")]:
        if token.kind == "word" and _capitalised(token, document, unknown_only):
            run.append(token)
            continue
        unknown = [t for t in run if not is_known(t.lower, document.language)]
        if len(run) >= 2 or (lone and unknown and not run[0].starts_sentence):
            names |= {t.lower for t in run}
        run = []
    return names


def _capitalised(token: _Token, document: _Document, unknown_only: bool) -> bool:
    word = token.text
    if not word[:1].isupper() or word.isupper() or any(c.isupper() for c in word[1:]):
        return False
    if token.lower in document.lowercase_seen or token.lower in stopwords(document.language):
        return False
    return not unknown_only or not is_known(token.lower, document.language)


def _names(tokens: list[_Token], document: _Document) -> list[str]:
    """ "Camille Roux", the people's full names the section mentions, most mentioned first."""
    found: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    run: list[str] = []
    for position, token in enumerate([*tokens, _Token("", "", "", -1, False, "break")]):
        if token.kind == "word" and token.lower in document.names and token.text[:1].isupper():
            run.append(token.text)
            continue
        if len(run) >= 2:
            name = " ".join(run)
            found[name] += 1
            first_seen.setdefault(name, position)
        run = []
    return sorted(found, key=lambda n: (-found[n], first_seen[n]))[:_NAMES]


# --- candidates ---


def _phrases(tokens: list[_Token], document: _Document) -> dict[tuple[str, ...], _Phrase]:
    """Every keyphrase candidate of a section, by its lemmas."""
    found: dict[tuple[str, ...], _Phrase] = {}
    language = document.language
    for start in range(len(tokens)):
        if not _can_open(tokens[start], document):
            continue
        for end in range(start, min(start + _MAX_WORDS, len(tokens))):
            token = tokens[end]
            if token.kind != "word" or not (end == start or _can_continue(token, document)):
                break
            words = tokens[start : end + 1]
            if not _can_close(words, document) or _cut_short(tokens, end, document):
                continue
            key = tuple(t.lemma for t in words if t.lower not in _LINKS.get(language, set()))
            phrase = found.setdefault(key, _Phrase(key, start))
            phrase.sentences.add(token.sentence)
            phrase.forms[_surface(words, document)] += 1
    return found


@dataclass
class _Phrase:
    key: tuple[str, ...]
    first: int  # token position of its first occurrence
    sentences: set[int] = field(default_factory=set)
    forms: Counter[str] = field(default_factory=Counter)

    @property
    def surface(self) -> str:
        return min(self.forms, key=lambda f: (-self.forms[f], f))


def _is_content(token: _Token, document: _Document) -> bool:
    language = document.language
    stop = stopwords(language)
    if token.kind != "word" or (len(token.lower) < 3 and not token.text.isupper()):
        return False
    if (
        token.lower in stop
        or token.lemma in stop
        or token.lower.endswith("'")
        or _CLITICS.search(token.lower)
    ):
        return False
    return token.lower not in document.names


def _can_open(token: _Token, document: _Document) -> bool:
    if not _is_content(token, document) or is_adverb(token.lower, document.language):
        return False
    return not _is_verb(token, document, final=False)


def _can_continue(token: _Token, document: _Document) -> bool:
    if token.lower in _LINKS.get(document.language, set()):
        return True
    return _is_content(token, document) and not is_adverb(token.lower, document.language)


def _can_close(words: list[_Token], document: _Document) -> bool:
    last = words[-1]
    if last.lower in _LINKS.get(document.language, set()) or not _is_content(last, document):
        return False
    generic = _GENERIC.get(document.language, frozenset())
    if words[0].lemma in generic or last.lemma in generic:  # "fourteen months", "semaine prochaine"
        return False
    if any(_is_verb(t, document, final=True) for t in words[1:]):
        return False
    if document.language == "en" and len(words) >= 2 and _english_clause(words, document):
        return False
    return len(words) > 1 or _is_noun(last, document)


def _is_noun(token: _Token, document: _Document) -> bool:
    """A keyword on its own must be a noun: "checklist", not "local", "requires" or "déjà"."""
    generic = _GENERIC.get(document.language, frozenset())
    if token.lemma in generic or _is_participle(token, document.language):
        return False
    if token.lower not in document.lowercase_seen:  # "CRM", "Python"; "Bonjour" only opens sentences
        return token.lower in document.capitalised_inside
    return document.noun_lemmas[token.lemma] >= 2  # "a generous one" once does not make a noun


def _cut_short(tokens: list[_Token], end: int, document: _Document) -> bool:
    """ "backlog of candidate" before "topics": in English and German the noun comes last."""
    if document.language not in ("en", "de") or end + 1 >= len(tokens):
        return False
    following = tokens[end + 1]
    if not _is_content(following, document) or is_adverb(following.lower, document.language):
        return False
    return not _is_verb(following, document, final=True) and not _english_clause(
        [tokens[end], following], document
    )


def _is_verb(token: _Token, document: _Document, *, final: bool) -> bool:
    """A verb form here: from the lists, its inflection, or what it follows in the script."""
    language = document.language
    if token.text.isupper():
        return False
    as_verb = document.after_verb_cue[token.lower]
    as_noun = document.after_noun_cue[token.lower]
    if as_verb > as_noun:
        return True
    if as_noun >= 2:  # "a start", "the talks", "un envoi": used as a noun in this script
        return False
    if token.lemma in verbs(language) or token.lower in verbs(language):
        return True
    if language == "en":  # "webinar converted"; an adjective before its noun ("qualified lead") is fine
        return final and token.lower.endswith("ed") and token.lemma != token.lower
    endings = _INFINITIVE.get(language)
    if not endings or not token.lemma.endswith(endings):
        return False
    if token.lemma == token.lower:  # an infinitive not in the list, or a noun: "calendrier", "titre"
        return False
    return not (final and _is_participle(token, language))  # "contacts perdus" is a noun phrase


def _is_participle(token: _Token, language: str) -> bool:
    if language == "en":
        return token.lower.endswith("ed") and token.lemma != token.lower
    endings = _PARTICIPLE.get(language)
    return endings is not None and token.lemma != token.lower and token.lower.endswith(endings)


def _english_clause(words: list[_Token], document: _Document) -> bool:
    """ "webinars cost", "summary saves", "email feels": a subject and its verb, not a compound noun
    ("replay views", "sales reps": the script also says "the views", "a rep")."""
    last, before = words[-1], words[-2]
    as_noun = document.noun_lemmas[last.lemma] >= 2 or document.after_noun_cue[last.lower] >= 2
    if last.lemma in verbs("en"):
        return not as_noun or _plural(before)
    if as_noun:
        return False
    if _plural(before) and last.lemma == last.lower:  # "campaigns compete"
        return True
    third_person = last.lower.endswith("s") and last.lemma != last.lower
    return third_person and document.verb_lemmas[last.lemma] > 0  # not "hiring engineers", "test skills"


def _plural(token: _Token) -> bool:
    return token.lower == "people" or (token.lower.endswith("s") and token.lemma != token.lower)


def _surface(words: list[_Token], document: _Document) -> str:
    """As written, in lower case except acronyms and names of things ("LinkedIn", "Python")."""
    parts = []
    for token in words:
        keep = token.text.isupper() and len(token.text) > 1
        keep = keep or any(c.isupper() for c in token.text[1:])
        keep = keep or (token.text[:1].isupper() and token.lower not in document.lowercase_seen)
        parts.append(token.text if keep else token.lower)
    return " ".join(parts).replace("' ", "'")


# --- ranking ---


def _rank(sections: list[dict[tuple[str, ...], _Phrase]]) -> list[list[tuple[str, float]]]:
    """(surface, score) per section, best first, without near-duplicates.

    A phrase weighs what its words weigh in the section (sentences that say them, times how specific
    they are to it: TF-IDF against the other sections), more when it is longer and said again."""
    count = len(sections)
    said = [_sentences_by_lemma(phrases) for phrases in sections]
    spread: Counter[str] = Counter(word for words in said for word in words)
    ranked = []
    for phrases, words in zip(sections, said, strict=True):
        weight = {
            word: (1 + math.log(len(where)))
            * (math.log((count + 1) / spread[word]) + 0.2 if count > 1 else 1.0)
            for word, where in words.items()
        }
        scored = []
        for key, phrase in phrases.items():
            # "lead scoring" says more than "scoring" when "lead" weighs something here too
            content = sum(weight[word] for word in key) / math.sqrt(len(key))
            again = 1.0
            if len(key) > 1:  # a phrase said once may be a turn of speech; said again, it is a term
                again = 0.7 + 0.5 * math.log(len(phrase.sentences))
            scored.append((phrase, content * again))
        scored.sort(key=lambda item: (-item[1], item[0].first))
        ranked.append(_distinct(scored))
    return ranked


def _sentences_by_lemma(phrases: dict[tuple[str, ...], _Phrase]) -> dict[str, set[int]]:
    where: dict[str, set[int]] = {}
    for key, phrase in phrases.items():
        for word in key:
            where.setdefault(word, set()).update(phrase.sentences)
    return where


def _distinct(scored: list[tuple[_Phrase, float]]) -> list[tuple[str, float]]:
    kept: list[tuple[str, float]] = []
    keys: list[set[str]] = []
    for phrase, score in scored:
        key = set(phrase.key)
        if any(key <= k or k <= key for k in keys):
            continue
        kept.append((phrase.surface, score))
        keys.append(key)
    return kept


# --- titles ---


def _most_said_word(text: str, language: str) -> str:
    """The last resort when no phrase qualifies: the content word the section says most."""
    counts = Counter(content_words(_NUMBER.sub(" ", text), language))  # not "ème" from "3ème"
    word = min(counts, key=lambda w: (-counts[w], w)) if counts else ""
    return word[:1].upper() + word[1:]


def _key(phrase: str, language: str) -> frozenset[str]:
    return frozenset(content_words(phrase, language))


def _title(ranked: list[tuple[str, float]], used: list[frozenset[str]], language: str) -> str:
    fresh = [(p, score) for p, score in ranked if not any(_key(p, language) & key for key in used)]
    pool = fresh or ranked
    if not pool:
        return ""
    title, best = pool[0]
    phrase = next(
        (p for p, score in pool[1:4] if len(p.split()) > 1 and score >= best * _PHRASE_OVER_WORD), None
    )
    if len(title.split()) == 1 and phrase:  # "Unsubscribe rate" reads better than "Cliff and attention"
        title = phrase
    elif len(title.split()) == 1:  # one word is a tag, not a title: "Pipeline and programme"
        first = _key(title, language)
        partner = next((p for p, _ in pool[1:4] if not _key(p, language) & first), None)
        if partner and len(title.split()) + len(partner.split()) + 1 <= _MAX_TITLE_WORDS:
            title = f"{title} {AND.get(language, 'and')} {partner}"
    return title[:1].upper() + title[1:]
