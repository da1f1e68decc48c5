"""The board one-pager of a cycle's OKRs, as Markdown and as an A4 PDF (Typst, in-process).

Company objectives, then each team's, every objective and key result with a progress bar, its
percentage and band; the key results with their current value, target and unit; the cycle's score
and, once it is closed, the lessons. Personal objectives stay off the board's page.

Every user text goes through `escape_markdown` or the ebook's Typst `escape`, so `#`, `$`, `*`, `|`
print as themselves. The PDF uses the fonts inside the `typst` wheel and no host font or package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from fusee.core.errors import DomainError
from fusee.okrs import progress as maths
from fusee.okrs.closing import cycle_score
from fusee.okrs.models import Cycle, Direction, KeyResult, KeyResultKind, Level, Objective
from fusee.okrs.selectors import board_objectives

BAR_CELLS = 10
BAND_COLOURS = {"green": "#2e7d32", "amber": "#d99a00", "red": "#c62828"}
_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~&$])")
_MD_LINE_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")


@dataclass(frozen=True)
class Line:
    """One objective or key result as the page prints it."""

    title: str
    progress: float
    detail: str = ""

    @property
    def percent(self) -> str:
        return f"{round(self.progress * 100)} %"

    @property
    def band(self) -> str:
        return maths.band(self.progress)


@dataclass(frozen=True)
class ObjectiveBlock:
    objective: Line
    key_results: list[Line]


@dataclass(frozen=True)
class Board:
    cycle: Cycle
    company: list[ObjectiveBlock]
    teams: list[tuple[str, list[ObjectiveBlock]]]
    score: float | None


def board(cycle: Cycle) -> Board:
    objectives = list(board_objectives(cycle))
    company = [_block(o) for o in objectives if o.level == Level.COMPANY]
    team_objectives = sorted((o for o in objectives if o.level == Level.TEAM),
                             key=lambda o: (o.team.name if o.team else "", o.position, o.pk))
    teams = [(name, [_block(o) for o in group])
             for name, group in groupby(team_objectives, key=lambda o: o.team.name if o.team else "")]
    score = cycle.score if cycle.is_closed else cycle_score(cycle)
    return Board(cycle=cycle, company=company, teams=teams, score=score)


def _block(objective: Objective) -> ObjectiveBlock:
    details = [str(objective.owner)] if objective.owner else []
    if objective.parent is not None:
        details.append(gettext("aligned to “%(parent)s”") % {"parent": objective.parent.title})
    line = Line(objective.title, objective.progress(), " · ".join(details))
    key_results = [Line(kr.title, kr.progress(), measure(kr)) for kr in objective.key_results.all()]
    return ObjectiveBlock(line, key_results)


def measure(key_result: KeyResult) -> str:
    """"120 / 400 MQLs", "done", "3.2 / ≤ 2 %": where it is against where it aims."""
    if key_result.kind == KeyResultKind.MILESTONE:
        return gettext("done") if key_result.is_done else gettext("not done")
    sign = {Direction.STAY_ABOVE: "≥ ", Direction.STAY_BELOW: "≤ "}.get(Direction(key_result.direction), "")
    text = f"{amount(key_result.current)} / {sign}{amount(key_result.target)}"
    return f"{text} {key_result.unit}".strip()


def amount(value: float) -> str:
    if float(value).is_integer():
        return formats.number_format(int(value), use_l10n=True, force_grouping=True)
    return formats.number_format(round(value, 2), decimal_pos=None, use_l10n=True)


def band_label(band: str) -> str:
    return {"green": gettext("green"), "amber": gettext("amber"), "red": gettext("red")}[band]


def heading_facts(page: Board) -> str:
    cycle = page.cycle
    dates = f"{formats.date_format(cycle.starts_on)} – {formats.date_format(cycle.ends_on)}"
    if cycle.is_closed and cycle.closed_at:
        closed_on = formats.date_format(timezone.localdate(cycle.closed_at))
        when = gettext("closed on %(date)s") % {"date": closed_on}
    else:
        when = gettext("as of %(date)s") % {"date": formats.date_format(timezone.localdate())}
    return f"{dates} · {when}"


def score_text(page: Board) -> str:
    if page.score is None:
        return gettext("no key result to score")
    label = gettext("score") if page.cycle.is_closed else gettext("score so far")
    return f"{label} {page.score:.2f} ({band_label(maths.band(page.score))})"


# --- Markdown ---


def escape_markdown(text: str, *, line_start: bool = False) -> str:
    """User text that Markdown prints as written, on one line (headings and table cells are one).

    At a line's start, list and quote markers are escaped too ("1\\." and "\\-"); elsewhere they
    are plain text and stay as written.
    """
    escaped = _MD_INLINE.sub(r"\\\1", " ".join(text.split()))
    if not line_start:
        return escaped
    return _MD_LINE_START.sub(lambda m: m[0] + "\\" if m[0][0].isdigit() else "\\" + m[0], escaped)


def text_bar(progress: float) -> str:
    filled = round(maths.clamp(progress) * BAR_CELLS)
    return "█" * filled + "░" * (BAR_CELLS - filled)


def onepager_markdown(cycle: Cycle) -> str:
    page = board(cycle)
    lines = [f"# {escape_markdown(gettext('OKRs %(cycle)s') % {'cycle': cycle.key})}", "",
             f"{escape_markdown(heading_facts(page))} · **{escape_markdown(score_text(page))}**", ""]
    lines += _markdown_section(gettext("Company objectives"), page.company, level=2)
    if page.teams:
        lines += [f"## {escape_markdown(gettext('Team objectives'))}", ""]
        for name, blocks in page.teams:
            lines += _markdown_section(name, blocks, level=3)
    if cycle.is_closed:
        lines += [f"## {escape_markdown(gettext('Lessons'))}", "", *_markdown_paragraphs(cycle.lessons)]
    return "\n".join(lines).rstrip() + "\n"


def _markdown_section(title: str, blocks: list[ObjectiveBlock], *, level: int) -> list[str]:
    if not blocks:
        return []
    lines = [f"{'#' * level} {escape_markdown(title)}", ""]
    for block in blocks:
        objective = block.objective
        lines += [f"{'#' * (level + 1)} {escape_markdown(objective.title)}", "",
                  f"{text_bar(objective.progress)} **{objective.percent}** ({band_label(objective.band)})"
                  + (f" · {escape_markdown(objective.detail)}" if objective.detail else ""), ""]
        if block.key_results:
            lines += [f"| {gettext('Key result')} | {gettext('Current / target')} | {gettext('Progress')} |",
                      "| --- | --- | --- |"]
            lines += [f"| {escape_markdown(kr.title)} | {escape_markdown(kr.detail)} | "
                      f"{text_bar(kr.progress)} {kr.percent} ({band_label(kr.band)}) |"
                      for kr in block.key_results]
            lines.append("")
    return lines


def _markdown_paragraphs(text: str) -> list[str]:
    """The user's paragraphs, and the lines inside each kept with hard breaks."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    if not paragraphs:
        return [f"_{escape_markdown(gettext('No lessons recorded.'))}_", ""]
    out = []
    for paragraph in paragraphs:
        lines = [escape_markdown(line, line_start=True) for line in paragraph.splitlines() if line.strip()]
        out += ["  \n".join(lines), ""]
    return out


# --- PDF ---


class OnePagerRenderError(DomainError):
    """Typst refused the page: a bug in the markup below, never the user's text (it is escaped)."""


def onepager_pdf(cycle: Cycle) -> bytes:
    import typst

    try:
        return typst.compile(onepager_typst(cycle).encode(), ignore_system_fonts=True, format="pdf")
    except typst.TypstError as error:
        raise OnePagerRenderError(f"the one-pager could not be typeset: {error.message}") from error


TYPST_SETUP = """\
#set page(paper: "a4", margin: (x: 1.7cm, top: 1.5cm, bottom: 1.4cm))
#set par(justify: false, leading: 0.45em, spacing: 0.6em)
#let muted = luma(95)
#let bar(done, colour, width, height) = box(width: width, height: height, fill: luma(226), radius: 2pt,
  clip: true, align(left, box(width: done, height: height, fill: colour)))
#let section(title) = block(above: 1.2em, below: 0.6em, width: 100%, stroke: (bottom: 0.6pt + luma(170)),
  inset: (bottom: 3pt), text(size: 12.5pt, weight: "bold", title))
#let team(name) = block(above: 0.9em, below: 0.3em, text(size: 10pt, weight: "bold", tracking: 0.06em,
  fill: muted, upper(name)))
#let row(label, measure, done, colour, pct, height) = grid(
  columns: (1fr, 3.4cm, 2.8cm, 1.2cm), column-gutter: 0.6em,
  align: (left + horizon, right + horizon, horizon, right + horizon),
  label, measure, bar(done, colour, 2.8cm, height), pct,
)
#let objective(title, detail, done, colour, pct) = block(above: 0.8em, below: 0.4em, breakable: false, row(
  [#text(size: 10.5pt, weight: "bold", title)
   #if detail != none [#linebreak() #text(size: 7.5pt, fill: muted, detail)]],
  [], done, colour, text(size: 10.5pt, weight: "bold", fill: colour, pct), 7pt,
))
#let kr(title, measure, done, colour, pct) = block(above: 0.38em, below: 0.38em, breakable: false,
  inset: (left: 0.9em), row(title, text(fill: muted, measure), done, colour, text(fill: colour, pct), 5pt))
"""


def onepager_typst(cycle: Cycle) -> str:
    """The Typst source of the one-pager; every user text escaped."""
    from fusee.content.ebook.pdf import content, string

    page = board(cycle)
    title = gettext("OKRs %(cycle)s") % {"cycle": cycle.key}
    language = (translation.get_language() or "en")[:2]
    parts = [
        f"#set document(title: {string(title)}, date: none)",
        f'#set text(font: "Libertinus Serif", size: 9.5pt, lang: "{language}")',
        TYPST_SETUP,
        _typst_header(page, title),
    ]
    if page.company:
        parts.append(f"#section({content(gettext('Company objectives'))})")
        parts += [_typst_block(block) for block in page.company]
    if page.teams:
        parts.append(f"#section({content(gettext('Team objectives'))})")
        for name, blocks in page.teams:
            parts.append(f"#team({content(name)})")
            parts += [_typst_block(block) for block in blocks]
    if cycle.is_closed:
        parts.append(f"#section({content(gettext('Lessons'))})")
        paragraphs = [p for p in re.split(r"\n\s*\n", cycle.lessons.strip()) if p.strip()]
        parts += [f"#par(text(size: 9pt, {content(p)}))" for p in paragraphs] or [
            f"#text(fill: muted, {content(gettext('No lessons recorded.'))})"]
    return "\n".join(parts) + "\n"


def _typst_header(page: Board, title: str) -> str:
    from fusee.content.ebook.pdf import content

    score = page.score
    colour = BAND_COLOURS[maths.band(score)] if score is not None else "#777777"
    bar = f'#bar({round(maths.clamp(score) * 100)}%, rgb("{colour}"), 4cm, 7pt)' if score is not None else ""
    return f"""\
#grid(columns: (1fr, auto), align: (left + bottom, right + bottom),
  [#text(size: 20pt, weight: "bold", {content(title)}) \\
   #text(size: 9pt, fill: muted, {content(heading_facts(page))})],
  [#text(size: 11pt, weight: "bold", fill: rgb("{colour}"), {content(score_text(page))}) \\
   {bar}],
)
"""


def _typst_block(block: ObjectiveBlock) -> str:
    from fusee.content.ebook.pdf import content

    def args(line: Line, second: str) -> str:
        colour = BAND_COLOURS[line.band]
        return (f'{content(line.title)}, {second}, {round(maths.clamp(line.progress) * 100)}%, '
                f'rgb("{colour}"), {content(line.percent)}')

    objective = block.objective
    detail = content(objective.detail) if objective.detail else "none"
    lines = [f"#objective({args(objective, detail)})"]
    lines += [f"#kr({args(kr, content(kr.detail))})" for kr in block.key_results]
    return "\n".join(lines)
