"""Clean the oral tics of a transcript, per language, with word lists and token rules.

Conservative by design: a filler that can carry meaning ("like", "you know", "voilà", "tu vois")
is removed only where it stands alone between commas, dashes or sentence ends ("I like it",
"voilà le résultat", "tu vois le problème" stay). Written prose only loses repeated words.

The text is cut into tokens that remember their offset, rules mark tokens deleted, and the
cleaned text keeps, for every character, the offset it came from: timestamps survive cleaning.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .model import SourceKind


def _words(text: str) -> set[str]:
    return set(text.split())


# Removed wherever they stand as a word: they never carry meaning.
HESITATIONS = {
    "fr": {"euh", "euhm", "heu", "hum", "mmh", "bah", "hein"},
    "en": {"um", "umm", "uh", "uhm", "erm", "er", "hmm", "mm"},
    "es": {"eh", "em", "emm", "mmm", "ehh"},
    "it": {"ehm", "eh", "uhm", "mmm", "ehh"},
    "de": {"äh", "ähm", "ähh", "öh", "öhm", "hm"},
}
# Removed only where they stand alone: between commas, dashes or sentence ends.
DELIMITED = {
    "fr": [
        "tu vois",
        "vous voyez",
        "tu sais",
        "vous savez",
        "et voilà",
        "voilà",
        "genre",
        "quoi",
        "bon",
        "non",
    ],
    "en": ["you know", "i mean", "you see", "like", "sort of", "kind of", "basically", "right"],
    "es": ["o sea", "bueno", "pues", "sabes", "vale", "digamos", "este", "tipo"],
    "it": ["cioè", "tipo", "diciamo", "insomma", "ecco", "praticamente", "allora", "vabbè"],
    "de": ["weißt du", "sozusagen", "quasi", "also", "irgendwie", "ne", "gell", "halt"],
}
# Delimited fillers that may only close a sentence ("c'est dur, quoi."): elsewhere they are words.
CLOSING_ONLY = {"quoi", "gell"}
# Tags that are fillers only before a question mark ("c'est simple, non ?", "that's it, right?");
# "Moi, non." or "Right, let's start" keep them.
TAGS = {"non", "right", "ne"}
# "I think that that works", "nous nous sommes", "die Frau, die die Zeitung liest".
LEGITIMATE_REPEATS = {
    "fr": {"nous", "vous"},
    "en": {"that", "had", "is", "do", "bye"},
    "es": {"que"},
    "it": {"che"},
    "de": {"die", "der", "das", "sie"},
}
# Before "sort of"/"kind of", these make it a noun phrase ("a kind of bridge", "what sort of tool").
_KIND_OF_KEEPERS = _words(
    "a an the this that what which some any every one same these those no each another certain particular "
    "all of right new first very so too how really"
)
_KIND_OF_NOUNS = _words("thing things stuff person people you him her them us me it yours")
_FUNCTION_WORDS = {
    "fr": _words("je j' tu il elle on nous vous ils elles le la les un une des ce c'est ça et mais donc "
                 "qui que en de du à au si"),
    "en": _words("i we you he she it they the a an this that and but so to in on of if it's i'm we're "
                 "there what when how"),
    "es": _words("yo tú él ella nosotros el la los las un una y pero que en de es si"),
    "it": _words("io tu lui lei noi voi il lo la i gli le un una e ma che in di è se"),
    "de": _words("ich du er sie es wir ihr der die das ein eine und aber dass in zu ist wenn"),
}  # fmt: skip
_MARKER_WORDS = _words(
    "rires rire laughter laughs laughing applause applaudissements inaudible crosstalk music musique silence "
    "pause risas aplausos música risate applausi musica lachen gelächter applaus musik unverständlich coughs "
    "toux sighs soupir noise bruit indistinct unintelligible chuckles silencio silenzio incomprensible"
)

_TOKEN = re.compile(r"(?P<word>\w[\w'’]*(?:-\w[\w'’]*)*-?)|(?P<space>\s+)|(?P<punct>\.\.\.|--|[^\w\s])")
_SENTENCE_END = {".", "!", "?", "...", "…"}
_PAUSES = {",", "...", "…", "--", "—", "–", "-", ";", ":"}
_DASHES = {"--", "—", "–", "-", "...", "…"}
_OPENERS = {"(", "["}
_CLOSERS = {")": "(", "]": "["}


@dataclass
class Token:
    text: str
    start: int
    kind: str  # word | space | punct
    deleted: bool = False
    replacement: str | None = None

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def shown(self) -> str:
        return self.replacement if self.replacement is not None else self.text


@dataclass
class Cleaned:
    text: str
    origin: list[int]  # origin[i] = offset in the input of the cleaned text's i-th character
    removed: Counter[str] = field(default_factory=Counter)


def clean(text: str, *, language: str, kind: SourceKind) -> Cleaned:
    tokens = [Token(m.group(), m.start(), m.lastgroup or "punct") for m in _TOKEN.finditer(text)]
    cleaner = _Cleaner(tokens, language)
    if kind is SourceKind.SPOKEN:
        cleaner.markers()
        cleaner.delimited()  # before hesitations take the commas that delimit "pues, eh, o sea,"
        cleaner.hesitations()
        cleaner.contextual()
        cleaner.delimited()  # and after, for "you know" freed by a removed "um"
        cleaner.truncations()
        cleaner.repeats(max_length=4)
        cleaner.false_starts()
    else:
        cleaner.repeats(max_length=1)
    return _rebuild(tokens, cleaner.removed)


class _Cleaner:
    def __init__(self, tokens: list[Token], language: str) -> None:
        self.tokens = tokens
        self.language = language if language in HESITATIONS else "en"
        self.removed: Counter[str] = Counter()

    # --- navigation over kept tokens ---

    def _kept(self) -> list[int]:
        return [i for i, t in enumerate(self.tokens) if not t.deleted and t.kind != "space"]

    def _words_at(self, kept: list[int], k: int, n: int) -> list[str] | None:
        window = kept[k : k + n]
        if len(window) < n or any(self.tokens[i].kind != "word" for i in window):
            return None
        return [self.tokens[i].lower for i in window]

    def _before(self, kept: list[int], k: int) -> Token | None:
        return self.tokens[kept[k - 1]] if k > 0 else None

    def _after(self, kept: list[int], k: int) -> Token | None:
        return self.tokens[kept[k]] if k < len(kept) else None

    def _at_sentence_start(self, kept: list[int], k: int) -> bool:
        before = self._before(kept, k)
        return before is None or before.text in _SENTENCE_END

    def _left_bounded(self, kept: list[int], k: int) -> bool:
        before = self._before(kept, k)
        return before is None or before.text in _SENTENCE_END | _PAUSES | {"(", '"', "«", "“"}

    def _right_bounded(self, kept: list[int], k: int) -> bool:
        after = self._after(kept, k)
        return after is None or after.text in _SENTENCE_END | _PAUSES | {"?", "!", ")", '"', "»", "”"}

    # --- deletion, with the punctuation around ---

    def _delete(self, kept: list[int], k: int, n: int, label: str) -> None:
        """Delete n kept tokens from position k, the space before, and the pause that went with them."""
        first, last = kept[k], kept[k + n - 1]
        starts_sentence = self._at_sentence_start(kept, k)
        capitalised = self.tokens[first].shown[:1].isupper()
        for i in range(first, last + 1):
            self.tokens[i].deleted = True
        if first > 0 and self.tokens[first - 1].kind == "space":
            self.tokens[first - 1].deleted = True
        after, before = self._after(kept, k + n), self._before(kept, k)
        if after is not None and after.text in {"...", "…"} and self._ends_sentence(kept, k + n):
            if before is not None and before.text == ",":
                before.deleted = True  # "the lesson I learned, basically... And" keeps its full stop
        elif after is not None and after.text in _PAUSES:
            after.deleted = True
            if before is not None and before.text == "," and after.text == ",":
                before.deleted = True  # "it was, like, huge" -> "it was huge"
        elif after is not None and after.text == "?" and before is not None and before.text == ",":
            # A tag question ("c'est simple, hein ?") is an assertion once the tag is gone.
            before.deleted, after.replacement = True, "."
        elif (
            (after is None or after.text in _SENTENCE_END | {"!", "?"})
            and before is not None
            and before.text == ","
        ):
            before.deleted = True
        if starts_sentence and capitalised:
            self._capitalise_next(last)
        self.removed[label] += 1

    def _ends_sentence(self, kept: list[int], k: int) -> bool:
        """An ellipsis followed by a capital (or nothing) ends a sentence; otherwise it is a pause."""
        following = self._after(kept, k + 1)
        return following is None or following.text[:1].isupper()

    def _capitalise_next(self, index: int) -> None:
        for token in self.tokens[index + 1 :]:
            if token.deleted or token.kind == "space":
                continue
            if token.kind == "word":
                token.replacement = token.shown[:1].upper() + token.shown[1:]
            return

    # --- rules ---

    def markers(self) -> None:
        """[Rires], (applause), [inaudible 00:12]: transcribers' notes, not speech."""
        kept = self._kept()
        for k, index in enumerate(kept):
            opener = self.tokens[index]
            if opener.deleted or opener.text not in _OPENERS:
                continue
            for length in range(2, 8):
                if k + length >= len(kept):
                    break
                closer = self.tokens[kept[k + length]]
                if _CLOSERS.get(closer.text) == opener.text:
                    inside = [self.tokens[i].lower for i in kept[k + 1 : k + length]]
                    if any(word in _MARKER_WORDS for word in inside):
                        self._delete(kept, k, length + 1, "marker")
                    break

    def hesitations(self) -> None:
        words = HESITATIONS[self.language]
        kept = self._kept()
        for k, index in enumerate(kept):
            token = self.tokens[index]
            if not token.deleted and token.kind == "word" and token.lower in words:
                self._delete(kept, k, 1, f"filler:{token.lower}")
        if self.language == "fr":
            self._french_ben()

    def _french_ben(self) -> None:
        """Lower-case "ben" is a filler, and "Ben" opening a sentence before a comma or "oui"; else a name."""
        openers = {
            ",",
            "oui",
            "non",
            "voilà",
            "alors",
            "moi",
            "là",
            "si",
            "c'est",
            "ça",
            "du",
            "on",
            "je",
            "j'ai",
        }
        kept = self._kept()
        for k, index in enumerate(kept):
            token = self.tokens[index]
            if token.deleted or token.lower != "ben":
                continue
            after = self._after(kept, k + 1)
            opening = self._at_sentence_start(kept, k) and after is not None and after.lower in openers
            if token.text == "ben" or opening:
                previous = self._before(kept, k)
                if previous is not None and previous.lower == "eh" and not previous.deleted:
                    self._delete(kept, k - 1, 2, "filler:eh ben")
                else:
                    self._delete(kept, k, 1, "filler:ben")

    def contextual(self) -> None:
        kept = self._kept()
        for k in range(len(kept)):
            pair = self._words_at(kept, k, 2)
            if pair is None or self.tokens[kept[k]].deleted:
                continue
            if self.language == "en" and pair in (["sort", "of"], ["kind", "of"]):
                self._kind_of(kept, k, " ".join(pair))
            elif self.language == "fr" and pair == ["du", "coup"]:
                after = self._after(kept, k + 2)
                if after is None or not re.match(r"d(e|')", after.lower):  # "du coup de fil" stays
                    self._delete(kept, k, 2, "filler:du coup")

    def _kind_of(self, kept: list[int], k: int, phrase: str) -> None:
        before, after = self._before(kept, k), self._after(kept, k + 2)
        if before is not None and before.kind == "word" and before.lower in _KIND_OF_KEEPERS:
            return
        if after is None or after.kind != "word" or after.lower in _KIND_OF_NOUNS:
            return  # "that kind of thing", "very kind of you"
        if self._left_bounded(kept, k):  # "Kind of." as an answer
            return
        self._delete(kept, k, 2, f"filler:{phrase}")

    def delimited(self) -> None:
        for phrase in sorted(DELIMITED[self.language], key=lambda p: -len(p.split())):
            words = phrase.split()
            kept = self._kept()
            for k in range(len(kept)):
                if self._words_at(kept, k, len(words)) != words or self.tokens[kept[k]].deleted:
                    continue
                if not (self._left_bounded(kept, k) and self._right_bounded(kept, k + len(words))):
                    continue
                at_start = self._at_sentence_start(kept, k)
                after = self._after(kept, k + len(words))
                if phrase in CLOSING_ONLY and (
                    at_start or after is None or after.text not in _SENTENCE_END | {"?"}
                ):
                    continue
                if phrase in TAGS and (at_start or after is None or after.text != "?"):
                    continue
                alone = at_start and after is not None and after.text in _SENTENCE_END | {"?", "!"}
                if alone and phrase in {"bon", "vale", "ecco", "also", "bueno"}:
                    continue  # "Bon." alone: an answer, not a filler
                self._delete(kept, k, len(words), f"filler:{phrase}")
                kept = self._kept()

    def truncations(self) -> None:
        """ "we go- going": a word cut short and said again."""
        kept = self._kept()
        for k in range(len(kept) - 1):
            token, after = self.tokens[kept[k]], self.tokens[kept[k + 1]]
            if token.deleted or token.kind != "word" or not token.text.endswith("-") or after.kind != "word":
                continue
            stem = token.lower.rstrip("-")
            if stem and after.lower.startswith(stem):
                self._delete(kept, k, 1, "false_start")

    def repeats(self, *, max_length: int) -> None:
        """ "le le", "the the", "I was, I was going": say it once."""
        keep = LEGITIMATE_REPEATS[self.language]
        for n in range(max_length, 0, -1):
            kept = self._kept()
            k = 0
            while k < len(kept):
                first = self._words_at(kept, k, n)
                gap = 1 if k + n < len(kept) and self.tokens[kept[k + n]].text in _PAUSES else 0
                second = self._words_at(kept, k + n + gap, n)
                if first and first == second and not (n == 1 and (first[0] in keep or first[0].isdigit())):
                    self._delete(kept, k, n, "repeat")
                    kept = self._kept()
                    continue
                k += 1

    def false_starts(self) -> None:
        """ "we were going — we went": a short fragment abandoned at a dash and restarted."""
        function_words = _FUNCTION_WORDS[self.language]
        kept = self._kept()
        k = 0
        while k < len(kept):
            dash = self.tokens[kept[k]]
            if dash.deleted or dash.text not in _DASHES or k + 1 >= len(kept):
                k += 1
                continue
            restart = self.tokens[kept[k + 1]]
            start = k
            while start > 0 and self.tokens[kept[start - 1]].kind == "word":
                start -= 1
            if start > 0 and self.tokens[kept[start - 1]].text in _DASHES:
                k += 1  # "- which you should go -": a parenthesis between dashes, not a false start
                continue
            fragment = [self.tokens[i].lower for i in kept[start:k]]
            match = next((j for j, w in enumerate(fragment[:2]) if w == restart.lower), None)
            if (
                restart.kind == "word"
                and restart.lower in function_words
                and match is not None
                and 1 <= len(fragment) - match <= 5
                and self._clause_length(kept, k + 1) > len(fragment) - match  # the restart says more
            ):
                self._delete(kept, start + match, len(fragment) - match, "false_start")
                kept = self._kept()
                continue
            k += 1

    def _clause_length(self, kept: list[int], k: int) -> int:
        length = 0
        while k + length < len(kept) and self.tokens[kept[k + length]].kind == "word":
            length += 1
        return length


def _rebuild(tokens: list[Token], removed: Counter[str]) -> Cleaned:
    pieces: list[str] = []
    origin: list[int] = []
    previous: Token | None = None  # last kept token that is not a space
    pending_space: Token | None = None
    cut = False  # something was deleted since the last kept token
    for token in tokens:
        if token.deleted:
            cut = cut or token.kind != "space"
            continue
        if token.kind == "space":
            if previous is not None and pending_space is None:
                pending_space = token
            continue
        after_end = previous is None or previous.text in _SENTENCE_END
        stray_end = token.text in _SENTENCE_END and after_end
        after_pause = previous is not None and previous.text in {",", ";"}
        stray_pause = token.text in {",", ";"} and (after_end or after_pause)
        if cut and (stray_end or stray_pause):
            continue  # what is left of a sentence or clause made only of fillers
        cut = False
        if token.shown in {",", ".", "..."}:
            pending_space = None  # no language here puts a space before these; deletions can leave one
        if pending_space is not None:
            pieces.append(pending_space.text)
            origin.extend(range(pending_space.start, pending_space.start + len(pending_space.text)))
            pending_space = None
        pieces.append(token.shown)
        origin.extend(range(token.start, token.start + len(token.shown)))
        previous = token
    return Cleaned("".join(pieces), origin, removed)
