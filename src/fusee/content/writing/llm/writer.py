"""The llm writer: the same assets as the extractive writer, their prose written by a language model.

Each article, article post and digest email starts from its extractive counterpart, which fixes
what it covers (sections, source sentences, slug, links) so that keys, links and the pack's
checks stay the same. The model gets that part of the script as data and answers JSON; an answer
that is not usable is asked again once, then the extractive asset is kept, with a note. An
endpoint that cannot be reached stops the pack with `LlmUnavailable`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from fusee.content.understanding import Understanding
from fusee.content.writing import checks
from fusee.content.writing.articles import DESCRIPTION_LIMIT, TITLE_LIMIT, safe_url, to_html
from fusee.content.writing.assets import Asset, Check
from fusee.content.writing.emails import (
    GREETING_NAME,
    PHRASES,
    PREHEADER_CHARS,
    SUBJECT_CHARS,
    email_asset,
    text_escape,
)
from fusee.content.writing.labels import label
from fusee.content.writing.text import (
    distinct_keywords,
    escape_markdown,
    hashtags,
    shorten,
    shorten_title,
    word_count,
    yaml_list,
    yaml_string,
)

from .client import LlmClient
from .prompting import language_name, prompt_fill, source_data

T = TypeVar("T")
SYSTEM = (
    "You turn a webinar's script into marketing content. You use only what the script says, you write "
    "in the script's language, and you answer with one JSON object and nothing else."
)
EMAIL_WORDS = 120
_THINKING = re.compile(r"<think>.*?</think>", re.S | re.I)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_NUMBER = re.compile(r"\d(?:[\d.,\u00a0\u202f]*\d)?")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


class Invalid(Exception):
    """The model's answer is not what was asked; the message says why (and is sent back to it)."""


# --- asking ---


def parse_json(answer: str) -> dict[str, Any]:
    """The JSON object in an answer, also when wrapped in a code fence or after a <think> block."""
    text = _THINKING.sub("", answer)
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise Invalid("the answer holds no JSON object")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError as error:
        raise Invalid(f"the JSON does not parse ({error.msg} at character {error.pos})") from None
    if not isinstance(data, dict):
        raise Invalid("the answer is not a JSON object")
    return data


def ask(client: LlmClient, prompt: str, validate: Callable[[dict[str, Any]], T], *, max_tokens: int) -> T:
    """The validated answer; an unusable one is shown to the model once with what is wrong."""
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}]
    problem = ""
    for _attempt in range(2):
        answer = client.complete(messages, max_tokens=max_tokens)
        try:
            return validate(parse_json(answer))
        except Invalid as error:
            problem = str(error)
        messages += [
            {"role": "assistant", "content": answer[:6000]},
            {
                "role": "user",
                "content": f"That answer is not usable: {problem}. Answer again with only the "
                "JSON object, with exactly the keys asked for.",
            },
        ]
    raise Invalid(problem)


def text_field(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f'"{key}" must be a non-empty string')
    return " ".join(value.split()) if key != "body" else value.strip()


def text_list(data: dict[str, Any], key: str, *, low: int, high: int) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list):
        raise Invalid(f'"{key}" must be a list of strings')
    items = [" ".join(v.split()) for v in value if isinstance(v, str) and v.strip()]
    if not low <= len(items) <= high:
        raise Invalid(f'"{key}" must hold {low} to {high} strings, not {len(items)}')
    return items


# --- what the model is given ---


def source_text(u: Understanding, indices: Sequence[int]) -> str:
    """The sentences, one source paragraph (block) per paragraph."""
    paragraphs: list[list[str]] = []
    previous = None
    for i in sorted(indices):
        sentence = u.sentences[i]
        if previous is None or sentence.block != previous:
            paragraphs.append([])
        paragraphs[-1].append(sentence.text)
        previous = sentence.last_block
    return source_data("\n\n".join(" ".join(p) for p in paragraphs))


def common_values(u: Understanding, asset: Asset, indices: Sequence[int]) -> dict[str, str]:
    keywords = [asset.meta.get("focus_keyword", ""), *asset.meta.get("keywords", [])]
    section_keywords = [k for s in asset.meta.get("sections", []) for k in u.sections[s].keywords]
    return {
        "language": u.language,
        "language_name": language_name(u.language),
        "title": asset.title,
        "keywords": ", ".join(dict.fromkeys(k for k in [*keywords, *section_keywords] if k)),
        "source": source_text(u, indices),
    }


# --- checks the llm writer adds ---


def numbers(text: str) -> list[str]:
    return [m.group() for m in _NUMBER.finditer(text)]


def figures_check(text: str, source: str) -> Check:
    """Every figure the model wrote is in the source (small counts aside): nothing invented."""
    known = {re.sub(r"\D", "", n) for n in numbers(source)}
    written = [n for n in numbers(text) if not (len(n) == 1 or n == "10")]
    missing = list(dict.fromkeys(n for n in written if re.sub(r"\D", "", n) not in known))
    detail = (
        f"{len(written)} figures, all in the source"
        if not missing
        else "not in the source: " + ", ".join(missing[:8])
    )
    return Check("figures_from_source", not missing, detail)


# --- articles ---


@dataclass
class ArticleAnswer:
    title: str
    description: str
    focus_keyword: str
    keywords: list[str]
    body: str


def article_answer(data: dict[str, Any], *, least_words: int = 40) -> ArticleAnswer:
    body = clean_markdown(text_field(data, "body"))
    if word_count(checks.plain_text(body)) < least_words:
        raise Invalid(f'"body" is almost empty (under {least_words} words)')
    keywords = data.get("keywords")
    return ArticleAnswer(
        title=text_field(data, "title"),
        description=text_field(data, "description"),
        focus_keyword=text_field(data, "focus_keyword"),
        keywords=[k for k in keywords if isinstance(k, str)] if isinstance(keywords, list) else [],
        body=body,
    )


def clean_markdown(body: str) -> str:
    """The model's Markdown without a title, links, images or raw HTML (the page adds its own)."""
    lines = [line for line in body.replace("\r\n", "\n").split("\n") if not re.match(r"#\s", line)]
    text = _LINK.sub(r"\1", "\n".join(lines)).replace("<", "&lt;")
    return _URL.sub("", text).strip()


def llm_articles(
    u: Understanding, drafts: list[Asset], *, client: LlmClient, ebook_url: str, notes: list[str]
) -> list[Asset]:
    """One article per extractive draft, same slug and sources; the draft itself when the model fails."""
    answers: dict[str, ArticleAnswer] = {}
    for draft in drafts:
        prompt = prompt_fill(
            "article",
            {
                **common_values(u, draft, draft.meta["sentences"]),
                "words_min": str(checks.ARTICLE_WORDS[0]),
                "words_max": str(checks.ARTICLE_WORDS[1]),
                "title_limit": str(TITLE_LIMIT),
                "description_limit": str(DESCRIPTION_LIMIT),
            },
        )
        try:
            # A short section gives a short article, but not an empty one.
            least = min(40, draft.meta["words"] // 2)
            answers[draft.key] = ask(client, prompt, partial(article_answer, least_words=least),
                                     max_tokens=4000)
        except Invalid as error:
            notes.append(fallback_note("Article", draft.title, str(error)))
    titles = {
        d.key: shorten_title(answers[d.key].title, TITLE_LIMIT, u.language) if d.key in answers else d.title
        for d in drafts
    }
    slugs = [d.key for d in drafts]
    written = []
    for draft in drafts:
        if draft.key not in answers:
            draft.meta["writer"] = "extractive"
            written.append(draft)
            continue
        asset = article_asset(u, draft, answers[draft.key], titles, ebook_url=ebook_url, model=client.model)
        asset.checks = llm_article_checks(
            asset,
            u,
            slugs=slugs,
            body=answers[draft.key].body,
            source=source_text(u, draft.meta["sentences"]),
        )
        written.append(asset)
    return written


def article_asset(
    u: Understanding,
    draft: Asset,
    answer: ArticleAnswer,
    titles: dict[str, str],
    *,
    ebook_url: str,
    model: str,
) -> Asset:
    slug, title = draft.key, titles[draft.key]
    description = shorten(answer.description, DESCRIPTION_LIMIT)
    found = [answer.focus_keyword, *answer.keywords, draft.meta["focus_keyword"], *draft.meta["keywords"]]
    keywords = distinct_keywords([k for k in found if k.strip()], u.language)[:5]
    others = [key for key in titles if key != slug]
    links = [f"../{key}/" for key in others] + [ebook_url]
    body = "\n".join([
        f"# {escape_markdown(title)}", "", answer.body, "",
        f"## {label(u.language, 'read_also')}", "",
        *(f"- [{escape_markdown(titles[key])}](../{key}/)" for key in others),
        "", f"**[{escape_markdown(label(u.language, 'ebook'))}]({safe_url(ebook_url)})**", "",
    ])  # fmt: skip
    front = "\n".join([
        "---", f"title: {yaml_string(title)}", f"slug: {yaml_string(slug)}",
        f"description: {yaml_string(description)}", "keywords:", f"  focus: {yaml_string(keywords[0])}",
        f"  secondary: {yaml_list(keywords[1:])}", f"language: {yaml_string(u.language)}",
        f"writer: {yaml_string('llm')}", f"model: {yaml_string(model)}", "source:",
        f"  sections: {yaml_list(draft.meta['sections'])}",
        f"  sentences: {yaml_list(draft.meta['sentences'])}",
        "---", "",
    ])  # fmt: skip
    return Asset(
        kind="article",
        key=slug,
        title=title,
        files={
            f"articles/{slug}/index.md": front + "\n" + body,
            f"articles/{slug}/index.html": to_html(
                body, title=title, description=description, language=u.language
            ),
        },
        meta={
            **draft.meta,
            "description": description,
            "focus_keyword": keywords[0],
            "keywords": keywords[1:],
            "words": word_count(checks.plain_text(answer.body)),
            "links": links,
            "writer": "llm",
            "model": model,
        },
    )


def llm_article_checks(
    asset: Asset, u: Understanding, *, slugs: list[str], body: str, source: str
) -> list[Check]:
    """The extractive article's checks, but words counted as written and figures checked against the
    source instead of "every sentence from the source"."""
    low, high = checks.ARTICLE_WORDS
    replaced = {
        "words": checks.length_check("words", asset.meta["words"], low=low, high=high, unit="words"),
        "source_only": figures_check(checks.plain_text(body), source),
    }
    return [replaced.get(c.name, c) for c in checks.article_checks(asset, u, slugs=slugs)]


def fallback_note(kind: str, title: str, problem: str) -> str:
    return (f"{kind} “{title}”: the language model's answer was not usable twice ({problem}); "
            "the extractive one is used.")


# --- LinkedIn posts ---


@dataclass
class PostAnswer:
    hook: str
    paragraphs: list[str]
    hashtags: list[str]


def post_answer(data: dict[str, Any]) -> PostAnswer:
    hook = _URL.sub("", text_field(data, "hook")).strip()
    if len(hook) > checks.HOOK_LIMIT:
        raise Invalid(f'"hook" is {len(hook)} characters, at most {checks.HOOK_LIMIT}')
    paragraphs = [
        p for p in (_URL.sub("", p).strip() for p in text_list(data, "paragraphs", low=1, high=6)) if p
    ]
    tags = data.get("hashtags")
    return PostAnswer(
        hook, paragraphs, [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    )


def sentences_of(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def llm_posts(
    u: Understanding, drafts: list[Asset], articles: list[Asset], *, client: LlmClient, notes: list[str]
) -> list[Asset]:
    """Article posts written by the model; quote posts stay verbatim quotes (extractive)."""
    by_key = {a.key: a for a in articles}
    written = []
    for draft in drafts:
        article = by_key.get(draft.meta.get("article", ""))
        if draft.meta.get("type") != "article" or article is None:
            written.append(draft)
            continue
        indices = article.meta["sentences"]
        prompt = prompt_fill(
            "linkedin_post", {**common_values(u, article, indices), "hook_limit": str(checks.HOOK_LIMIT)}
        )
        try:
            answer = ask(client, prompt, post_answer, max_tokens=1500)
        except Invalid as error:
            notes.append(fallback_note("LinkedIn post", draft.title, str(error)))
            draft.meta["writer"] = "extractive"
            written.append(draft)
            continue
        written.append(post_asset(u, draft, answer, source=source_text(u, indices), model=client.model))
    return written


def post_asset(u: Understanding, draft: Asset, answer: PostAnswer, *, source: str, model: str) -> Asset:
    tags = hashtags(answer.hashtags, most=5)
    if len(tags) < checks.HASHTAGS[0]:
        tags = hashtags([*tags, *draft.meta["hashtags"]], most=checks.HASHTAGS[0])
    call = label(u.language, "post_cta").format(url=draft.meta["link"])
    paragraphs = list(answer.paragraphs)
    while True:
        text = "\n\n".join([answer.hook, *paragraphs, call, " ".join(tags)])
        if len(text) <= checks.POST_LIMIT or len(paragraphs) <= 1:
            break
        paragraphs.pop()
    name = next(iter(draft.files))
    asset = Asset(
        kind=draft.kind,
        key=draft.key,
        title=draft.title,
        files={name: text},
        meta={
            **draft.meta,
            "hook": answer.hook,
            "hook_sentence": None,
            "hashtags": tags,
            "sentences_text": [answer.hook, *(s for p in paragraphs for s in sentences_of(p))],
            "paragraph_sentences": [1, *(len(sentences_of(p)) for p in paragraphs)],
            "characters": len(text),
            "writer": "llm",
            "model": model,
        },
    )
    asset.checks = [
        *checks.post_checks(asset, language=u.language),
        figures_check("\n".join([answer.hook, *paragraphs]), source),
    ]
    return asset


# --- digest emails ---


@dataclass
class EmailAnswer:
    subject: str
    preheader: str
    paragraphs: list[str]


def email_answer(data: dict[str, Any]) -> EmailAnswer:
    paragraphs = text_list(data, "paragraphs", low=1, high=4)
    words = sum(len(p.split()) for p in paragraphs)
    if words > EMAIL_WORDS + 40:
        raise Invalid(f"the paragraphs hold {words} words, at most {EMAIL_WORDS}")
    return EmailAnswer(text_field(data, "subject"), text_field(data, "preheader"), paragraphs)


def llm_emails(u: Understanding, drafts: list[Asset], *, client: LlmClient, notes: list[str]) -> list[Asset]:
    """Digest emails (one per article) written by the model; the ebook offer stays extractive."""
    phrases = PHRASES.get(u.language, PHRASES["en"])
    written = []
    for draft in drafts:
        if not draft.meta.get("section"):
            written.append(draft)
            continue
        section = u.sections[int(draft.meta["section"])]
        values = {
            **common_values(u, draft, section.sentence_indices),
            "subject_limit": str(SUBJECT_CHARS),
            "preheader_limit": str(PREHEADER_CHARS),
            "words_max": str(EMAIL_WORDS),
        }
        try:
            answer = ask(client, prompt_fill("email", values), email_answer, max_tokens=1000)
        except Invalid as error:
            notes.append(fallback_note("Email", draft.title, str(error)))
            draft.meta["writer"] = "extractive"
            written.append(draft)
            continue
        body = "\n\n".join(
            [
                f"{phrases['hello']}{GREETING_NAME},",
                *(text_escape(p) for p in answer.paragraphs),
                f"**[{text_escape(phrases['article_link'])}]({draft.meta['link']})**",
            ]
        )
        email = {
            "subject": shorten(answer.subject, SUBJECT_CHARS),
            "preheader": shorten(answer.preheader, PREHEADER_CHARS),
            "body": body,
            "link": draft.meta["link"],
            "section": draft.meta["section"],
        }
        asset = email_asset(draft.meta["position"], email, u.language)
        asset.meta |= {"writer": "llm", "model": client.model}
        asset.checks.append(
            figures_check("\n".join(answer.paragraphs), source_text(u, section.sentence_indices))
        )
        written.append(asset)
    return written
