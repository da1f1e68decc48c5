"""The extractive article writer: one blog article per section, built only from the source's sentences.

Each article is the section's own sentences, cleaned and arranged: an intro from its key
sentences, H2 parts (the author's sub-headings, else keyword titles) of short paragraphs, a pull
quote, the key figures, a closing sentence, then links to its sibling articles and the ebook.
A sentence goes to one article only; a section too short for 600 words borrows only sentences
that no article uses, and otherwise stays short and says so in its checks.

`sentences` says what a reader gets of the source, `planning` which sentences each article takes,
`arranging` how they are laid out, `seo` the search fields, `rendering` the Markdown and HTML.
"""

from __future__ import annotations

from fusee.content.understanding import Understanding

from .. import checks
from ..assets import Asset
from .arranging import Part, arrange
from .planning import MAX_ARTICLES, MAX_WORDS, MIN_ARTICLES, MIN_WORDS, Plan, group_sections, plan_articles
from .rendering import front_matter, render, safe_url, to_html
from .sentences import (
    ad_reads,
    article_sentence,
    ends_paragraph,
    is_left_out,
    is_stage_talk,
    speaker_names,
    without_vocative,
    words_in,
)
from .seo import DESCRIPTION_LIMIT, TITLE_LIMIT, best_description, keywords_for, plans_name

__all__ = [
    "DESCRIPTION_LIMIT",
    "MAX_ARTICLES",
    "MAX_WORDS",
    "MIN_ARTICLES",
    "MIN_WORDS",
    "TITLE_LIMIT",
    "Part",
    "Plan",
    "ad_reads",
    "arrange",
    "article_sentence",
    "best_description",
    "ends_paragraph",
    "group_sections",
    "is_left_out",
    "is_stage_talk",
    "keywords_for",
    "plan_articles",
    "render",
    "safe_url",
    "speaker_names",
    "to_html",
    "without_vocative",
    "write_articles",
]


def write_articles(u: Understanding, *, ebook_url: str) -> list[Asset]:
    """One article asset per section group (5–6 for a full script, fewer for a short one, said in
    `u.notes`)."""
    plans = plan_articles(u)
    if len(plans) < MIN_ARTICLES:
        u.notes.append(
            f"Only {len(plans)} article(s): the script has {len(u.sections)} section(s), 5 are needed."
        )
    slugs = plans_name(plans, u.language)
    assets = []
    for plan in plans:
        keywords = keywords_for(plan, u.language)
        description = best_description(u, plan)
        body, links = render(u, plan, plans, ebook_url=ebook_url)
        markdown_text = front_matter(u, plan, description, keywords) + "\n" + body
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
                "words": words_in(u, plan.sentences),
                "links": links,
                "start": u.sentences[plan.sentences[0]].start if plan.sentences else None,
                "end": u.sentences[plan.sentences[-1]].end if plan.sentences else None,
            },
        )
        asset.checks = checks.article_checks(asset, u, slugs=slugs)
        assets.append(asset)
    return assets
