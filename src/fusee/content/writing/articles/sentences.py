"""Which source sentences an article reader gets, and in what form.

A blog reader was not at the live talk: greetings, "drop it in the chat", a podcast's own promotion
and whole sponsor reads are left out, and a sentence keeps no vocative ("Camille, …") nor a
dangling opening connector. The writers of articles and LinkedIn posts share these rules.
"""

from __future__ import annotations

import re

from fusee.content.understanding import Understanding

from ..text import is_filler_only, is_proper_name, standalone

# Sentences that only make sense live ("Thank you for joining", "drop it in the chat"): a blog
# reader was not there. Left out of articles, listed in the article's meta.
_STAGE_TALK = {
    "en": r"thank you|thanks for|hello everyone|hi everyone|good (?:morning|afternoon|evening)|welcome[.!,]|"
    r"(?:drop|type|put|write|answer|tell (?:me|us))\b[^.]{0,60}\bin the chat|link in the chat|for joining|"
    r"see you|today's session|this session|next half hour|you, the audience|quick poll|i've invited|"
    r"keep (?:your questions|them) coming|questions at the end|question for (?:the audience|you)",
    "fr": r"merci|bonjour|bonsoir|bienvenue|lien dans le chat|d'être là|d'être avec nous|à tout de suite|"
    r"(?:répondez|dites|écrivez|mettez|tapez|posez|indiquez)\b[^.]{0,60}dans le chat|cette session|"
    r"cette demi-heure|gardez vos questions|posez vos questions|vos questions à la fin|je vous présente|"
    r"sondage|question pour (?:vous|le public)",
    "es": r"gracias|bienvenid|buenos días|buenas tardes|en el chat|sus preguntas|sus dudas",
    "it": r"grazie|benvenut|buongiorno|buonasera|nella chat|le vostre domande",
    "de": r"danke|willkommen|guten (?:tag|morgen|abend)|im chat|ihre fragen",
}


_URL = r"(?:[\w-]+\.)+(?:com|fm|io|org|net|dev|ai|co|fr|tv)"
# A podcast's own housekeeping and sponsor reads ("This episode is brought to you by…", "use the
# code…", "visit talkpython.fm/sentry"): an ad, not the talk. Left out like the live-only talk.
_PROMOTION = {
    "en": r"brought to you by|sponsored by|for sponsoring|thank you to our sponsors?|our sponsors|"
    r"this is your host|i'm your host|your host,|welcome to [^.]{0,60}\b(?:podcast|show)\b|"
    r"(?:^|(?<=, ))welcome (?:back )?to [^.,!?]{1,40}[.!]$|"
    r"(?:promo|coupon|discount) code|use (?:the|our) (?:code|link)|with the code|episode \d+, recorded|"
    r"subscribe to (?:our|the|my) (?:youtube|channel|podcast|newsletter|show)|follow (?:me|us|the show) on|"
    rf"(?:visit|check out|go to|head (?:over )?to|over at)\s+{_URL}\b|{_URL}/\w|transcripts for this|"
    r"past episodes|leave (?:us )?a (?:review|rating)|free trial|listen to (?:the|this) (?:show|episode)",
    "fr": r"(?:épisode|émission|podcast|vidéo)[^.]{0,40}(?:présentée?|sponsorisée?|offerte?|proposée?) par|"
    r"sponsorisée? par|en partenariat avec|notre (?:sponsor|partenaire)|code promo|avec le code|"
    r"votre hôte|vous écoutez|abonnez-vous|"
    rf"(?:rendez-vous|allez|retrouvez-nous|retrouvez-moi) sur {_URL}\b|{_URL}/\w|"
    r"laissez[^.]{0,20}(?:un avis|une note|étoiles)|épisode \d+,? enregistré",
    "es": rf"patrocinado por|código (?:promocional|de descuento)|suscríbete|{_URL}/\w",
    "it": rf"sponsorizzat[oa] da|codice (?:sconto|promozionale)|iscriviti|{_URL}/\w",
    "de": rf"gesponsert von|präsentiert von|gutscheincode|rabattcode|abonniert|{_URL}/\w",
}
# A sponsor read runs from its announcement to its call to action ("…brought to you by Sentry. How
# would you like… Visit talkpython.fm/sentry."): the sentences between are the ad too.
_AD_OPENS = {
    "en": r"brought to you by|sponsored by|a word from our sponsor|thank you to our sponsors|hosted by|"
    r"this has been another episode",
    "fr": r"(?:présentée?|sponsorisée?|offerte?|proposée?) par|un mot de notre (?:sponsor|partenaire)",
}
_AD_CLOSES = {
    "en": rf"\bvisit\b|{_URL}/\w|\bcode\b|sign up",
    "fr": rf"rendez-vous sur|{_URL}/\w|code promo|avec le code",
}
_AD_SENTENCES = 16  # an ad read longer than this has no call to action we can see: only its first line goes
_AD_GAP = 6  # after a call to action, another within this many sentences continues the same read


def _matches(patterns: dict[str, str], text: str, language: str) -> bool:
    pattern = patterns.get(language, patterns["en"])
    return re.search(rf"(?<!\w)(?:{pattern})", text.replace("’", "'"), re.I) is not None


def is_stage_talk(text: str, language: str, names: frozenset[str] = frozenset()) -> bool:
    """Live-only talk, a podcast's own promotion, or a question put to the other speaker
    ("Daniel, what does the data say?")."""
    if _matches(_STAGE_TALK, text, language) or _matches(_PROMOTION, text, language):
        return True
    return text.endswith("?") and without_vocative(text, names) != text


def ad_reads(u: Understanding) -> set[int]:
    """The sentences of sponsor reads: from "brought to you by" to the ad's last call to action
    (an outro chains several: "…promo code talkpython. Want to level up… Check it out at…")."""
    found: set[int] = set()
    texts = [s.text for s in u.sentences]
    i = 0
    while i < len(texts):
        if _matches(_AD_OPENS, texts[i], u.language):
            last, limit, j = i, i + _AD_SENTENCES, i + 1
            while j < len(texts) and j <= limit:
                if _matches(_AD_CLOSES, texts[j], u.language) or _matches(_PROMOTION, texts[j], u.language):
                    last, limit = j, max(limit, j + _AD_GAP)
                j += 1
            found.update(range(i, last + 1))
            i = last
        i += 1
    return found


def is_left_out(u: Understanding, index: int, names: frozenset[str], ads: set[int]) -> bool:
    """Not for a reader: live-only talk, promotion, an ad read, or a sentence of fillers ("Donc voilà.")."""
    text = u.sentences[index].text
    return index in ads or is_stage_talk(text, u.language, names) or is_filler_only(text, u.language)


def speaker_names(u: Understanding) -> frozenset[str]:
    """First names of the people in the talk: speakers, and the names among the keywords."""
    names = {b.speaker.split()[0] for b in u.script.blocks if b.speaker}
    names |= {k.split()[0] for s in u.sections for k in s.keywords if is_proper_name(k)}
    return frozenset(names)


def without_vocative(text: str, names: frozenset[str]) -> str:
    """ "Camille, I'll start with…" -> "I'll start with…"; "…, Daniel." -> "…." for a blog reader."""
    for name in sorted(names):
        if text.startswith(f"{name}, ") and len(text) > len(name) + 2:
            rest = text[len(name) + 2 :]
            text = rest[:1].upper() + rest[1:]
        text = re.sub(rf",\s+{re.escape(name)}\s*([.!?])$", r"\1", text)
    return text


def article_sentence(u: Understanding, index: int, *, opens: bool) -> str:
    """A source sentence as a blog reader gets it: no vocative, no dangling opening connector."""
    text = without_vocative(u.sentences[index].text, speaker_names(u))
    return standalone(text, u.language) if opens else text


def ends_paragraph(u: Understanding, index: int) -> bool:
    return index + 1 >= len(u.sentences) or u.sentences[index + 1].block != u.sentences[index].block


def words_in(u: Understanding, indices: list[int]) -> int:
    return sum(u.sentences[i].words for i in indices)
