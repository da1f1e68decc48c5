"""The extractive LinkedIn writer: one post per article and three quote posts, from source sentences.

A post opens on a hook that fits before LinkedIn's "…see more" (210 characters): a line with a
figure or the section's most quotable line. Then a few short paragraphs of one or two of the
section's key sentences, a call to action with the article's (or the ebook's) link, and 3–5
hashtags from the section's keywords, in the script's language.
"""

from __future__ import annotations

import re

from fusee.content.understanding import Section, Understanding
from fusee.content.understanding.features import content_words

from . import checks
from .articles import ad_reads, article_sentence, ends_paragraph, is_left_out, speaker_names
from .assets import Asset
from .labels import label
from .text import distinct_keywords, hashtags, is_anaphoric, is_enumeration, is_proper_name, shorten

HOOK_LIMIT = checks.HOOK_LIMIT
_BODY_WORDS = 170  # LinkedIn posts that get read are short: ~150–250 words
_PAIR_WORDS = 40  # two sentences share a paragraph only when short together
QUOTE_POSTS = 3
_QUOTE_MARKS = {"fr": ("«\u00a0", "\u00a0»"), "de": ("„", "“"), "es": ("«", "»"), "it": ("«", "»")}
_STRONG_FIGURES = {"percent", "currency", "multiplier"}
_CONTRAST = {
    "en": r"\b(?:not|never|but|instead|only)\b",
    "fr": r"\b(?:pas|jamais|mais|plutôt|seul(?:e|s|es)?)\b",
    "es": r"\b(?:no|nunca|pero|sino|solo)\b",
    "it": r"\b(?:non|mai|ma|invece|solo)\b",
    "de": r"\b(?:nicht|nie|aber|sondern|nur)\b",
}


def _quoted(text: str, language: str) -> str:
    opening, closing = _QUOTE_MARKS.get(language, ("“", "”"))
    return f"{opening}{text}{closing}"


def _sections(u: Understanding, indices: list[int]) -> list[Section]:
    return [u.sections[i] for i in indices]


def _hook(u: Understanding, sections: list[Section], allowed: set[int]) -> int | None:
    """A quotable line with a figure, else a figure, else the best quote, that fits the hook."""

    def fits(i: int) -> bool:
        text = article_sentence(u, i, opens=True)
        fine = len(text) <= HOOK_LIMIT and not text.endswith("?") and not is_anaphoric(text, u.language)
        return i in allowed and fine

    quotes = [i for s in sections for i in s.quotes if fits(i)]
    figures = [
        f.sentence for s in sections for f in s.figures if f.kind in _STRONG_FIGURES and fits(f.sentence)
    ]
    for i in quotes:
        if i in figures:
            return i
    found = figures or quotes
    return found[0] if found else None


def _paragraphs(u: Understanding, indices: list[int]) -> list[list[int]]:
    paragraphs: list[list[int]] = []
    for i in indices:
        last = paragraphs[-1] if paragraphs else []
        if (
            len(last) == 1
            and last[0] + 1 == i
            and u.sentences[last[0]].words + u.sentences[i].words <= _PAIR_WORDS
        ):
            last.append(i)
        else:
            paragraphs.append([i])
    return paragraphs


def _tags(u: Understanding, sections: list[Section], keywords: list[str]) -> list[str]:
    """Up to four hashtags from the short keywords (1–2 words), then the title's words if too few."""
    found = [*keywords, *(k for s in sections for k in s.keywords if not is_proper_name(k))]
    short = distinct_keywords([k for k in found if len(k.split()) <= 2], u.language)
    tags = hashtags(short, most=4)
    if len(tags) < 3:
        words = [w for s in sections for w in content_words(s.title, u.language)]
        tags = hashtags([*short, *distinct_keywords(words, u.language)], most=3)
    return tags


def _compose(
    u: Understanding, hook: str, paragraphs: list[list[int]], call: str, tags: list[str]
) -> tuple[str, list[list[int]]]:
    """The post's text; the last paragraphs are dropped while it is over LinkedIn's limit."""
    while True:
        blocks = [" ".join(
            article_sentence(u, i, opens=k == 0)
            for k, i in enumerate(p)
        ) for p in paragraphs]  # fmt: skip
        text = "\n\n".join([hook, *blocks, call, " ".join(tags)])
        if len(text) <= checks.POST_LIMIT or not paragraphs:
            return text, paragraphs
        paragraphs = paragraphs[:-1]


def _said(text: str) -> str:
    """A sentence's words, for telling whether two lines say the same thing."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _once(u: Understanding, hook: str, body: list[int]) -> list[int]:
    """The body without the hook's sentence (the hook may be the description, cut with "…") and
    without repeats: a sentence appears once in a post."""
    seen = {_said(hook.rstrip("…"))}
    kept = []
    for i in body:
        said = _said(article_sentence(u, i, opens=True))
        if not said or said in seen or any(s and (said.startswith(s) or s.startswith(said)) for s in seen):
            continue
        seen.add(said)
        kept.append(i)
    return kept


def _post(
    u: Understanding,
    *,
    key: str,
    title: str,
    hook_index: int | None,
    hook: str,
    body: list[int],
    call: str,
    link: str,
    sections: list[Section],
    keywords: list[str],
    extra: dict[str, object],
) -> Asset:
    tags = _tags(u, sections, keywords)
    body = _once(u, hook, body)
    text, paragraphs = _compose(u, hook, _paragraphs(u, body), call, tags)
    used = [i for p in paragraphs for i in p]
    asset = Asset(
        kind="linkedin_post",
        key=key,
        title=title,
        files={f"linkedin/{key}.txt": text},
        meta={
            **extra,
            "language": u.language,
            "hook": hook,
            "hook_sentence": hook_index,
            "hashtags": tags,
            "link": link,
            "sections": [s.index for s in sections],
            "sentences": ([hook_index] if hook_index is not None else []) + used,
            "sentences_text": [hook, *(u.sentences[i].text for i in used)],
            "paragraph_sentences": [1, *(len(p) for p in paragraphs)],
            "characters": len(text),
        },
    )
    asset.checks = checks.post_checks(asset, language=u.language)
    return asset


def article_post(u: Understanding, article: Asset, *, url: str) -> Asset:
    sections = _sections(u, article.meta["sections"])
    allowed = set(article.meta["sentences"])
    hook_index = _hook(u, sections, allowed)
    # Nothing short enough: the description, already cut at a word.
    hook = article.meta["description"] if hook_index is None else article_sentence(u, hook_index, opens=True)
    strong = {i for s in sections for i in (*s.key_sentences, *s.quotes)} & allowed
    body, words = [], 0
    for i in sorted(strong - {hook_index}):
        if words + u.sentences[i].words > _BODY_WORDS:
            break
        body.append(i)
        words += u.sentences[i].words
    return _post(
        u,
        key=f"post-{article.key}",
        title=article.title,
        hook_index=hook_index,
        hook=hook,
        body=body,
        call=label(u.language, "post_cta").format(url=url),
        link=url,
        sections=sections,
        keywords=[article.meta["focus_keyword"], *article.meta["keywords"]],
        extra={"type": "article", "article": article.key},
    )


def _quote_strength(u: Understanding, section: Section, rank: int, index: int) -> tuple[int, int, int]:
    """Lower is stronger: the section's own ranking first, then a figure, a contrast, a good length."""
    sentence = u.sentences[index]
    score = max(3 - rank, 0)
    score += 2 * any(f.sentence == index and f.kind in _STRONG_FIGURES for f in section.figures)
    score += re.search(_CONTRAST.get(u.language, _CONTRAST["en"]), sentence.text, re.I) is not None
    score += 8 <= sentence.words <= 30
    score += ends_paragraph(u, index)  # a punchline closes its paragraph
    score -= 2 * (is_enumeration(sentence.text, u.language) or is_anaphoric(sentence.text, u.language))
    return -score, rank, index


def stands_alone(u: Understanding, section: Section, index: int) -> bool:
    """A line that means something on its own: it does not open on a word pointing back ("Those
    are…", "Ça marche…") and it names the section's topic (a word of its keywords) or a figure
    ("Hopefully we don't end up with either of those." does neither)."""
    text = article_sentence(u, index, opens=True)
    if is_anaphoric(text, u.language):
        return False
    if any(f.sentence == index for f in section.figures):
        return True
    topic = {w for k in section.keywords for w in content_words(k, u.language)}
    return bool(topic & set(content_words(text, u.language)))


def strongest_quotes(
    u: Understanding, *, avoid: set[int], count: int = QUOTE_POSTS
) -> list[tuple[Section, int]]:
    """The strongest quotable line of as many different sections as possible."""
    candidates = []
    names, ads = speaker_names(u), ad_reads(u)
    for section in u.sections:
        for rank, i in enumerate(section.quotes):
            fits = len(_quoted(u.sentences[i].text, u.language)) <= HOOK_LIMIT
            live = is_left_out(u, i, names, ads)
            if i in avoid or not fits or live or u.sentences[i].text.endswith("?"):
                continue
            if stands_alone(u, section, i):
                candidates.append((_quote_strength(u, section, rank, i), section, i))
    candidates.sort(key=lambda c: c[0])
    chosen: list[tuple[Section, int]] = []
    for _, section, i in candidates:  # one per section first, then the next best anywhere
        if len(chosen) < count and section not in [s for s, _ in chosen]:
            chosen.append((section, i))
    for _, section, i in candidates:
        if len(chosen) < count and i not in [k for _, k in chosen]:
            chosen.append((section, i))
    return sorted(chosen, key=lambda c: c[1])


def quote_post(u: Understanding, section: Section, index: int, *, number: int, ebook_url: str) -> Asset:
    """The quote, then as context the sentences around it in the same paragraph (two at most)."""
    block = u.sentences[index].block
    around = [i for i in (index - 1, index + 1, index + 2) if section.first <= i <= section.last]
    names, ads = speaker_names(u), ad_reads(u)
    context = [i for i in around if u.sentences[i].block == block and not is_left_out(u, i, names, ads)][:2]
    return _post(
        u,
        key=f"quote-{number}",
        title=shorten(u.sentences[index].text, 60),
        hook_index=index,
        hook=_quoted(article_sentence(u, index, opens=True), u.language),
        body=context,
        call=label(u.language, "quote_cta").format(url=ebook_url),
        link=ebook_url,
        sections=[section],
        keywords=[],
        extra={"type": "quote"},
    )


def article_url(blog_url: str, slug: str) -> str:
    return f"{blog_url.rstrip('/')}/{slug}/"


def write_posts(u: Understanding, articles: list[Asset], *, blog_url: str, ebook_url: str) -> list[Asset]:
    posts = [article_post(u, a, url=article_url(blog_url, a.key)) for a in articles]
    hooks = {p.meta["hook_sentence"] for p in posts if p.meta["hook_sentence"] is not None}
    quotes = strongest_quotes(u, avoid=hooks)
    posts += [
        quote_post(u, section, i, number=n, ebook_url=ebook_url) for n, (section, i) in enumerate(quotes, 1)
    ]
    return posts
