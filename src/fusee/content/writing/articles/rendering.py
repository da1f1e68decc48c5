"""An article written out: YAML front matter, the Markdown body, and the HTML page.

The body opens on the intro, follows the arranged parts with the pull quote in place, then the key
figures, the takeaway, links to the sibling articles and the ebook. Every source sentence is
Markdown-escaped, and a link's URL is encoded so that it cannot break out of its brackets.
"""

from __future__ import annotations

import html
from urllib.parse import quote

import markdown

from fusee.content.understanding import Understanding

from ..labels import label
from ..text import escape_markdown, shorten, yaml_list, yaml_string
from .arranging import arrange, closing_choose, intro_choose, pull_quote_choose
from .planning import Plan
from .sentences import article_sentence


def safe_url(url: str) -> str:
    """A URL that cannot break out of a Markdown link: spaces, parentheses and brackets encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~")


def front_matter(u: Understanding, plan: Plan, description: str, keywords: list[str]) -> str:
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


def _sentence(u: Understanding, index: int, *, opens: bool) -> str:
    return escape_markdown(article_sentence(u, index, opens=opens))


def _paragraph(u: Understanding, indices: list[int], *, opens: bool) -> str:
    return " ".join(_sentence(u, i, opens=opens and k == 0) for k, i in enumerate(indices))


def render(u: Understanding, plan: Plan, siblings: list[Plan], *, ebook_url: str) -> tuple[str, list[str]]:
    """The article's Markdown body (without front matter) and the links it holds."""
    intro = intro_choose(u, plan)
    taken = set(intro)
    quote_index, moved = pull_quote_choose(u, plan, taken)
    closing = closing_choose(u, plan, taken | ({quote_index} if quote_index is not None else set()))
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
