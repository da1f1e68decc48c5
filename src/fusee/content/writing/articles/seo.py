"""An article's search fields: its title and slug, description and keywords.

The title is the main section's, shortened to 60 characters; the slug is unique among the pack's
articles; the description is the first key sentence that fits 155 characters and stands on its own;
the keywords are the sections' own, the focus keyword first, names of people left out.
"""

from __future__ import annotations

from fusee.content.understanding import Understanding

from ..text import distinct_keywords, is_anaphoric, is_proper_name, make_slug, shorten, shorten_title
from .planning import Plan
from .sentences import article_sentence

TITLE_LIMIT, DESCRIPTION_LIMIT = 60, 155


def plans_name(plans: list[Plan], language: str) -> list[str]:
    """Give each plan its title and a slug no other article has; the slugs, in order."""
    slugs: list[str] = []
    for plan in plans:
        plan.title = shorten_title(plan.main.title, TITLE_LIMIT, language)
        plan.slug = make_slug(plan.title, taken=slugs)
        slugs.append(plan.slug)
    return slugs


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
