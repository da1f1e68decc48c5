"""The extractive article writer: one blog article per section, built only from the source's sentences.

Each article is the section's own sentences, cleaned and arranged: an intro from its key
sentences, H2 parts (the author's sub-headings, else keyword titles) of short paragraphs, a pull
quote, the key figures, a closing sentence, then links to its sibling articles and the ebook.
A sentence goes to one article only; a section too short for 600 words borrows only sentences
that no article uses, and otherwise stays short and says so in its checks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import markdown

from fusee.content.understanding import BlockKind, Section, Understanding
from fusee.content.understanding.titles import make_titles

from . import checks
from .assets import Asset
from .labels import label
from .text import (
    distinct_keywords,
    escape_markdown,
    is_anaphoric,
    is_filler_only,
    is_proper_name,
    make_slug,
    shorten,
    shorten_title,
    standalone,
    yaml_list,
    yaml_string,
)

MIN_ARTICLES, MAX_ARTICLES = 5, 6
MIN_WORDS, MAX_WORDS = 600, 1200
TITLE_LIMIT, DESCRIPTION_LIMIT = 60, 155
_PARAGRAPH_WORDS, _PARAGRAPH_SENTENCES = 110, 5
_PART_WORDS = 220  # an untitled run of paragraphs gets a keyword heading every ~220 words
_H3_FROM_WORDS = 380  # an author's part longer than this is cut into H3 sub-parts
_INTRO_WORDS = 80
_LEDE_WORDS = 250  # a first untitled run shorter than this reads as the rest of the intro

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


@dataclass
class Plan:
    """What one article is made of, before it is written."""

    sections: list[Section]
    sentences: list[int] = field(default_factory=list)  # sorted; own and borrowed
    borrowed: list[int] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)  # stage talk, or cut for length
    title: str = ""
    slug: str = ""

    @property
    def main(self) -> Section:
        """The largest of the merged sections: its title names the article."""
        return max(self.sections, key=lambda s: (s.last - s.first, -s.index))


@dataclass
class Part:
    heading: str  # "" for the paragraphs that follow the intro directly
    level: int
    paragraphs: list[list[int]]


# --- choosing what goes where ---


def group_sections(sections: list[Section], words: list[int]) -> list[list[Section]]:
    """At most six groups: the smallest section merges with its smaller neighbour until it fits."""
    groups = [[s] for s in sections]

    def size(group: list[Section]) -> int:
        return sum(words[i] for s in group for i in s.sentence_indices)

    while len(groups) > MAX_ARTICLES:
        smallest = min(range(len(groups)), key=lambda g: (size(groups[g]), g))
        neighbours = [g for g in (smallest - 1, smallest + 1) if 0 <= g < len(groups)]
        other = min(neighbours, key=lambda g: (size(groups[g]), g))
        first, second = sorted((smallest, other))
        groups[first : second + 1] = [groups[first] + groups[second]]
    return groups


def _priority(u: Understanding, index: int, group: list[Section]) -> tuple[int, int]:
    """Which sentences an over-long article keeps first: key sentences, quotes, figures."""
    score = 0
    for section in group:
        score += 3 * (index in section.key_sentences) + 2 * (index in section.quotes)
        score += any(f.sentence == index for f in section.figures)
    score -= u.sentences[index].words < 5
    return score, -index


def plan_articles(u: Understanding) -> list[Plan]:
    words = [s.words for s in u.sentences]
    plans = [Plan(sections=group) for group in group_sections(u.sections, words)]
    names, ads = speaker_names(u), ad_reads(u)
    spare: set[int] = set()
    for plan in plans:
        own = [i for s in plan.sections for i in s.sentence_indices]
        kept = [i for i in own if not is_left_out(u, i, names, ads)]
        plan.left_out = [i for i in own if i not in set(kept)]
        ranked = sorted(kept, key=lambda i: _priority(u, i, plan.sections), reverse=True)
        total = 0
        for i in ranked:  # the best sentences up to the word budget
            if total + words[i] <= MAX_WORDS:
                plan.sentences.append(i)
                total += words[i]
            else:
                plan.left_out.append(i)
                spare.add(i)
        plan.sentences.sort()
        plan.left_out.sort()
    _borrow(plans, spare, words)
    return plans


def _borrow(plans: list[Plan], spare: set[int], words: list[int]) -> None:
    """A short article takes the sentences its neighbours cut, nearest to its borders first."""
    for position, plan in enumerate(plans):
        total = sum(words[i] for i in plan.sentences)
        if total >= MIN_WORDS:
            continue
        before = plans[position - 1].left_out[::-1] if position > 0 else []
        after = plans[position + 1].left_out if position + 1 < len(plans) else []
        candidates = [i for pair in _interleave(before, after) for i in pair if i in spare]
        for i in candidates:
            if total >= MIN_WORDS or total + words[i] > MAX_WORDS:
                break
            spare.discard(i)
            plan.borrowed.append(i)
            total += words[i]
        plan.sentences = sorted(plan.sentences + plan.borrowed)
        plan.borrowed.sort()
    for plan in plans:
        taken = {i for other in plans for i in other.borrowed}
        plan.left_out = [i for i in plan.left_out if i not in taken]


def _interleave(first: list[int], second: list[int]) -> list[list[int]]:
    return [[x for x in pair if x is not None] for pair in _zip_longest(first, second)]


def _zip_longest(first: list[int], second: list[int]) -> list[tuple[int | None, int | None]]:
    length = max(len(first), len(second))
    return [
        (first[k] if k < len(first) else None, second[k] if k < len(second) else None) for k in range(length)
    ]


# --- arranging one article ---


def _paragraphs(u: Understanding, indices: list[int]) -> list[list[int]]:
    """Consecutive sentences of one source paragraph (or of one speaker), at most ~90 words."""
    paragraphs: list[list[int]] = []
    for i in indices:
        sentence = u.sentences[i]
        current = paragraphs[-1] if paragraphs else None
        if current is not None:
            previous = u.sentences[current[-1]]
            same_block = previous.last_block == sentence.block or previous.block == sentence.block
            spoken = u.script.blocks[sentence.block].kind is BlockKind.CUE
            same_voice = u.script.blocks[previous.block].speaker == u.script.blocks[sentence.block].speaker
            fits = (
                len(current) < _PARAGRAPH_SENTENCES
                and sum(u.sentences[k].words for k in current) + sentence.words <= _PARAGRAPH_WORDS
            )
            if fits and ((spoken and same_voice and previous.index + 1 == i) or same_block):
                current.append(i)
                continue
        paragraphs.append([i])
    return paragraphs


def _sub_heading(u: Understanding, index: int, section_titles: set[str]) -> tuple[str, int]:
    """The author's heading above a sentence, unless it is the section's own; with its level."""
    block = u.sentences[index].block
    for position in range(block, -1, -1):
        candidate = u.script.blocks[position]
        if candidate.kind is BlockKind.HEADING:
            if candidate.text in section_titles or candidate.level <= 1:
                return "", 0
            return candidate.text, candidate.level
    return "", 0


def arrange(u: Understanding, plan: Plan, body: list[int]) -> list[Part]:
    """Parts under the author's sub-headings, else runs of paragraphs titled by their keywords."""
    titles = {s.title for s in plan.sections}
    runs: list[tuple[str, int, list[int]]] = []
    for i in body:
        heading, level = _sub_heading(u, i, titles) if i not in plan.borrowed else ("", 0)
        if runs and runs[-1][0] == heading and runs[-1][2][-1] < i:
            runs[-1][2].append(i)
        else:
            runs.append((heading, level, [i]))
    levels = sorted({level for heading, level, _ in runs if heading})
    parts: list[Part] = []
    for heading, level, indices in runs:
        paragraphs = _paragraphs(u, indices)
        if not heading:
            parts.extend(_chunks(paragraphs, u, level=2))
            continue
        depth = 2 if level == levels[0] else 3
        subs = _chunks(paragraphs, u, level=3) if depth == 2 and _words(u, indices) > _H3_FROM_WORDS else []
        if len(subs) > 1:  # a long part keeps its heading over its first run, then H3s
            parts.append(Part(heading, 2, subs[0].paragraphs))
            parts.extend(subs[1:])
        else:
            parts.append(Part(heading, depth, paragraphs))
    parts = [p for p in parts if p.paragraphs]
    _title_untitled(u, plan, parts)
    return parts


def _words(u: Understanding, indices: list[int]) -> int:
    return sum(u.sentences[i].words for i in indices)


def _chunks(paragraphs: list[list[int]], u: Understanding, *, level: int) -> list[Part]:
    chunks: list[Part] = []
    for paragraph in paragraphs:
        if chunks and _words(u, [i for p in chunks[-1].paragraphs for i in p]) < _PART_WORDS:
            chunks[-1].paragraphs.append(paragraph)
        else:
            chunks.append(Part("", level, [paragraph]))
    if len(chunks) > 1 and _words(u, [i for p in chunks[-1].paragraphs for i in p]) < _PART_WORDS // 2:
        chunks[-2].paragraphs.extend(chunks.pop().paragraphs)  # no stub part at the end
    return chunks


def _title_untitled(u: Understanding, plan: Plan, parts: list[Part]) -> None:
    untitled = [p for p in parts if not p.heading]
    if not untitled:
        return
    texts = [" ".join(u.sentences[i].text for p in part.paragraphs for i in p) for part in untitled]
    # The article's own title is passed as fixed so that no part repeats it.
    titles = make_titles(
        [" ".join(texts), *texts], u.language, fixed=[plan.sections[0].title, *[""] * len(texts)]
    )
    for part, (title, _) in zip(untitled, titles[1:], strict=True):
        part.heading = title
    first = parts[0]
    if (
        first is untitled[0]
        and first.level == 2
        and _words(u, [i for p in parts[0].paragraphs for i in p]) < _LEDE_WORDS
    ):
        first.heading = ""  # a short first run reads as the rest of the intro


# --- choosing the intro, the pull quote, the closing sentence ---


def _intro(u: Understanding, plan: Plan) -> list[int]:
    """Up to two key sentences, those that stand on their own first ("During all that time…" does not)."""
    candidates = [
        i
        for s in plan.sections
        for i in s.key_sentences
        if i in plan.sentences and i not in plan.borrowed and not u.sentences[i].text.endswith("?")
    ]
    independent = [i for i in candidates if not is_anaphoric(article_sentence(u, i, opens=True), u.language)]
    chosen: list[int] = []
    for i in sorted(independent or candidates):
        if _words(u, [*chosen, i]) <= _INTRO_WORDS and len(chosen) < 2:
            chosen.append(i)
    if not chosen and plan.sentences:
        chosen = [plan.sentences[0]]
    return chosen


def ends_paragraph(u: Understanding, index: int) -> bool:
    return index + 1 >= len(u.sentences) or u.sentences[index + 1].block != u.sentences[index].block


def _pull_quote(u: Understanding, plan: Plan, taken: set[int]) -> tuple[int | None, bool]:
    """The best quote, and whether it moves out of the body: only a paragraph's last line moves,
    so that no paragraph loses a sentence in its middle; any other is repeated as a pull quote."""
    quotes = [
        i
        for s in plan.sections
        for i in s.quotes
        if i in plan.sentences and i not in taken and u.sentences[i].words <= 40
    ]
    for i in quotes:
        if ends_paragraph(u, i):
            return i, True
    return (quotes[0], False) if quotes else (None, False)


def _closing(u: Understanding, plan: Plan, taken: set[int]) -> int | None:
    """A key sentence or a quote from the last third, the latest first; else the last statement."""
    body = [i for i in plan.sentences if i not in taken and i not in plan.borrowed]
    if len(body) < 4:
        return None
    late = set(body[len(body) * 2 // 3 :])
    strong = {i for s in plan.sections for i in (*s.key_sentences, *s.quotes)}

    def stands_alone(i: int) -> bool:  # "In our base, that's about 9%" needs what came before it
        text = article_sentence(u, i, opens=True)
        return not text.endswith("?") and not is_anaphoric(text, u.language)

    for i in reversed(body):
        if i in late and i in strong and stands_alone(i):
            return i
    last = body[-1]
    return last if stands_alone(last) else None


# --- metadata ---


def keywords_for(plan: Plan, language: str) -> list[str]:
    """Focus keyword first, then 2–4 secondary ones; names of people are not keywords."""
    found = [k for s in plan.sections for k in s.keywords if not is_proper_name(k)]
    distinct = distinct_keywords(found, language)
    if not distinct:
        distinct = [plan.main.title]
    return distinct[:5]


def best_description(u: Understanding, plan: Plan) -> str:
    """The first key sentence that fits and stands on its own; else the first one, cut."""
    key = [i for s in plan.sections for i in s.key_sentences if i in plan.sentences] or plan.sentences
    texts = {i: article_sentence(u, i, opens=True) for i in key}
    statements = [i for i in key if not texts[i].endswith("?")] or key
    independent = [i for i in statements if not is_anaphoric(texts[i], u.language)] or statements
    fitting = [i for i in independent if 70 <= len(texts[i]) <= DESCRIPTION_LIMIT] or independent
    return shorten(texts[fitting[0]], DESCRIPTION_LIMIT) if fitting else ""


# --- writing ---


def safe_url(url: str) -> str:
    """A URL that cannot break out of a Markdown link: spaces, parentheses and brackets encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~")


def _front_matter(u: Understanding, plan: Plan, description: str, keywords: list[str]) -> str:
    lines = [
        "---",
        f"title: {yaml_string(plan.title)}",
        f"slug: {yaml_string(plan.slug)}",
        f"description: {yaml_string(description)}",
        "keywords:",
        f"  focus: {yaml_string(keywords[0])}",
        f"  secondary: {yaml_list(keywords[1:])}",
        f"language: {yaml_string(u.language)}",
        "source:",
        f"  sections: {yaml_list(s.index for s in plan.sections)}",
        f"  sentences: {yaml_list(plan.sentences)}",
    ]
    if plan.borrowed:
        lines.append(f"  borrowed: {yaml_list(plan.borrowed)}")
    times = [u.sentences[i] for i in plan.sentences if u.sentences[i].start is not None]
    if times:
        lines.append(f"  start: {times[0].start}")
        lines.append(f"  end: {max(s.end or s.start or 0 for s in times)}")
    return "\n".join([*lines, "---", ""])


def article_sentence(u: Understanding, index: int, *, opens: bool) -> str:
    """A source sentence as a blog reader gets it: no vocative, no dangling opening connector."""
    text = without_vocative(u.sentences[index].text, speaker_names(u))
    return standalone(text, u.language) if opens else text


def _sentence(u: Understanding, index: int, *, opens: bool) -> str:
    return escape_markdown(article_sentence(u, index, opens=opens))


def _paragraph(u: Understanding, indices: list[int], *, opens: bool) -> str:
    return " ".join(_sentence(u, i, opens=opens and k == 0) for k, i in enumerate(indices))


def render(u: Understanding, plan: Plan, siblings: list[Plan], *, ebook_url: str) -> tuple[str, list[str]]:
    """The article's Markdown body (without front matter) and the links it holds."""
    intro = _intro(u, plan)
    taken = set(intro)
    quote_index, moved = _pull_quote(u, plan, taken)
    closing = _closing(u, plan, taken | ({quote_index} if quote_index is not None else set()))
    taken |= {i for i in (quote_index, closing) if i is not None}
    body = [i for i in plan.sentences if i not in taken or i == quote_index]
    lines = [f"# {escape_markdown(plan.main.title)}", "", _paragraph(u, intro, opens=True), ""]
    for part in arrange(u, plan, body):
        if part.heading:
            lines += [f"{'#' * part.level} {escape_markdown(part.heading)}", ""]
        for paragraph in part.paragraphs:
            before = [i for i in paragraph if i != quote_index or not moved]
            if before:
                lines += [_paragraph(u, before, opens=paragraph is part.paragraphs[0]), ""]
            if quote_index in paragraph:
                lines += [f"> {_sentence(u, quote_index, opens=True)}", ""]
    figures = _figures(u, plan)
    if figures:
        lines += [f"## {label(u.language, 'key_figures')}", "", *figures, ""]
    if closing is not None:
        lines += [f"## {label(u.language, 'takeaway')}", "", _paragraph(u, [closing], opens=True), ""]
    links = [f"../{other.slug}/" for other in siblings if other is not plan] + [ebook_url]
    read_also = [
        f"- [{escape_markdown(other.title)}](../{other.slug}/)" for other in siblings if other is not plan
    ]
    lines += [f"## {label(u.language, 'read_also')}", "", *read_also]
    lines += ["", f"**[{escape_markdown(label(u.language, 'ebook'))}]({safe_url(ebook_url)})**", ""]
    return "\n".join(lines), links


def _figures(u: Understanding, plan: Plan) -> list[str]:
    """One line per sentence that holds figures: the figures in bold, the sentence for context."""
    by_sentence: dict[int, list[str]] = {}
    for section in plan.sections:
        for figure in section.figures:
            if figure.sentence in plan.sentences:
                values = by_sentence.setdefault(figure.sentence, [])
                if figure.value not in values:
                    values.append(figure.value)
    items = []
    for index, values in sorted(by_sentence.items())[:6]:
        bold = ", ".join(f"**{escape_markdown(v)}**" for v in values)
        context = shorten(article_sentence(u, index, opens=True), 160)
        items.append(f"- {bold}: {escape_markdown(context)}")
    return items


def to_html(body: str, *, title: str, description: str, language: str) -> str:
    content = markdown.markdown(body, output_format="html")
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<meta name="description" content="{html.escape(description)}">\n'
        f"</head>\n<body>\n<article>\n{content}\n</article>\n</body>\n</html>\n"
    )


def write_articles(u: Understanding, *, ebook_url: str) -> list[Asset]:
    """One article asset per section group (5–6 for a full script, fewer for a short one, said in
    `u.notes`)."""
    plans = plan_articles(u)
    if len(plans) < MIN_ARTICLES:
        u.notes.append(
            f"Only {len(plans)} article(s): the script has {len(u.sections)} section(s), 5 are needed."
        )
    slugs: list[str] = []
    for plan in plans:
        plan.title = shorten_title(plan.main.title, TITLE_LIMIT, u.language)
        plan.slug = make_slug(plan.title, taken=slugs)
        slugs.append(plan.slug)
    assets = []
    for plan in plans:
        keywords = keywords_for(plan, u.language)
        description = best_description(u, plan)
        body, links = render(u, plan, plans, ebook_url=ebook_url)
        markdown_text = _front_matter(u, plan, description, keywords) + "\n" + body
        page = to_html(body, title=plan.title, description=description, language=u.language)
        asset = Asset(
            kind="article",
            key=plan.slug,
            title=plan.title,
            files={f"articles/{plan.slug}/index.md": markdown_text, f"articles/{plan.slug}/index.html": page},
            meta={
                "slug": plan.slug,
                "heading": plan.main.title,
                "description": description,
                "focus_keyword": keywords[0],
                "keywords": keywords[1:],
                "language": u.language,
                "sections": [s.index for s in plan.sections],
                "sentences": plan.sentences,
                "borrowed": plan.borrowed,
                "left_out": plan.left_out,
                "words": _words(u, plan.sentences),
                "links": links,
                "start": u.sentences[plan.sentences[0]].start if plan.sentences else None,
                "end": u.sentences[plan.sentences[-1]].end if plan.sentences else None,
            },
        )
        asset.checks = checks.article_checks(asset, u, slugs=slugs)
        assets.append(asset)
    return assets
