import re

import pytest
from django.utils import translation

from fusee.core.models import Role
from fusee.okrs.closing import cycle_close
from fusee.okrs.models import Direction, KeyResultKind
from fusee.okrs.onepager import escape_markdown, onepager_markdown, onepager_pdf, text_bar
from fusee.okrs.tests.factories import (
    CompanyObjectiveFactory,
    CycleFactory,
    KeyResultFactory,
    ObjectiveFactory,
    OkrTeamFactory,
)
from fusee.testing.factories import UserFactory
from fusee.testing.pdf_reading import pdf_page_count, pdf_text

pytestmark = pytest.mark.django_db

Measure = tuple[str, float, float, str]  # title, current, target, unit ("" for a milestone)

COMPANY: dict[str, list[Measure]] = {
    "Double the qualified pipeline in Europe": [("Reach €2.4M of qualified pipeline", 1.1, 2.4, "M€"),
                                                ("Win 30 new mid-market customers", 12, 30, "customers")],
    "Become the reference brand for B2B marketing teams": [
        ("Reach 40% aided awareness in France", 22, 40, "%"),
    ],
    "Keep the customers we win": [("Lower monthly churn to 1.5%", 2.1, 1.5, "%"),
                                  ("Raise NPS to 45", 31, 45, "points")],
}
MARKETING: dict[str, list[Measure]] = {
    "Fill the sales pipeline with qualified leads": [
        ("Generate 400 MQLs from webinars and events", 208, 400, "MQLs"),
        ("Book 60 demos for the sales team", 41, 60, "demos"),
        ("Bring the cost per MQL under €90", 96, 90, "€"),
        ("Launch the partner referral programme", 1, 1, ""),
    ],
    "Nurture the leads we already have": [
        ("Raise the human click rate of nurturing emails to 4%", 3.1, 4, "%"),
        ("Cut the unsubscribe rate below 0.3%", 0.45, 0.3, "%"),
        ("Rewrite the 5 onboarding sequences", 3, 5, "sequences"),
        ("Segment the base by maturity", 0, 1, ""),
    ],
    "Be found in search and on LinkedIn": [
        ("Publish 12 SEO articles", 7, 12, "articles"),
        ("Grow LinkedIn followers to 5,000", 4200, 5000, "followers"),
        ("Rank top 3 for “marketing automation PME”", 0, 1, ""),
        ("Publish the 2027 benchmark ebook", 1, 1, ""),
    ],
}
LESSONS = (
    "Webinars brought two thirds of the MQLs at a third of the trade shows' cost; keep two a month.\n\n"
    "The German site slipped twice because translation started late: plan it in week 1.\n"
    "Check-ins on Monday mornings held; the ones on Friday did not."
)


def make_key_result(objective, title, current, target, unit):
    if not unit:
        return KeyResultFactory.create(objective=objective, title=title, kind=KeyResultKind.MILESTONE,
                                       start=0, target=1, current=current, unit="")
    start = 0.0 if target > current or title.startswith("Raise") else current * 1.3
    direction = Direction.DECREASE if target < start else Direction.INCREASE
    return KeyResultFactory.create(objective=objective, title=title, start=start, target=target,
                                   current=current, unit=unit, direction=direction)


@pytest.fixture
def quarter():
    """The board's worst realistic case: 3 company objectives and 3 × 4 marketing key results."""
    cycle = CycleFactory.create()
    parents = []
    for title, key_results in COMPANY.items():
        parents.append(CompanyObjectiveFactory.create(cycle=cycle, title=title))
        for kr in key_results:
            make_key_result(parents[-1], *kr)
    marketing = OkrTeamFactory.create(name="Marketing")
    for parent, (title, key_results) in zip(parents, MARKETING.items(), strict=True):
        objective = ObjectiveFactory.create(cycle=cycle, parent=parent, team=marketing, title=title)
        for kr in key_results:
            make_key_result(objective, *kr)
    return cycle


@pytest.fixture
def closed_quarter(quarter):
    cycle_close(actor=UserFactory.create(role=Role.ADMIN), cycle=quarter, lessons=LESSONS)
    quarter.refresh_from_db()
    return quarter


def flat(text):
    return " ".join(text.split())


def test_it_draws_text_progress_bars():
    assert text_bar(0.52) == "█████░░░░░"
    assert text_bar(0) == "░" * 10 and text_bar(1.3) == "█" * 10


def test_it_lists_objectives_key_results_and_their_progress_in_markdown(quarter):
    with translation.override("en"):
        markdown = onepager_markdown(quarter)

    assert markdown.startswith("# OKRs 2027-Q1\n")
    for heading in ("## Company objectives", "## Team objectives", "### Marketing"):
        assert f"\n{heading}\n" in markdown
    assert "#### Fill the sales pipeline with qualified leads" in markdown
    row = "| Generate 400 MQLs from webinars and events | 208 / 400 MQLs | █████░░░░░ 52 % (amber) |"
    assert row in markdown
    assert "| Launch the partner referral programme | done | ██████████ 100 % (green) |" in markdown
    assert "| Grow LinkedIn followers to 5,000 | 4,200 / 5,000 followers |" in markdown
    assert "aligned to “Double the qualified pipeline in Europe”" in markdown
    assert re.search(r"\*\*score so far 0\.\d\d \((red|amber|green)\)\*\*", markdown)
    assert "Lessons" not in markdown  # only once closed


def test_it_adds_the_score_and_lessons_once_closed(closed_quarter):
    with translation.override("en"):
        markdown = onepager_markdown(closed_quarter)

    assert f"**score {closed_quarter.score:.2f} (" in markdown
    assert "## Lessons\n\nWebinars brought two thirds" in markdown
    assert "plan it in week 1.  \nCheck-ins on Monday mornings held" in markdown  # the user's line break


def test_it_keeps_lessons_written_as_a_list_as_written(quarter):
    admin = UserFactory.create(role=Role.ADMIN)
    cycle_close(actor=admin, cycle=quarter, lessons="- webinars *work*\n1. start earlier")

    markdown = onepager_markdown(quarter)

    assert markdown.endswith("\\- webinars \\*work\\*  \n1\\. start earlier\n")


def test_it_escapes_markdown_in_user_text():
    assert escape_markdown("*bold* _it_ [link](x) <b>|#") == r"\*bold\* \_it\_ \[link\](x) \<b\>\|\#"
    assert escape_markdown("- not a list", line_start=True) == r"\- not a list"
    assert escape_markdown("1. not a list either", line_start=True) == r"1\. not a list either"
    assert escape_markdown("1.5 % - in a cell") == "1.5 % - in a cell"
    assert escape_markdown("two\nlines") == "two lines"


def test_it_prints_injected_markdown_literally(quarter):
    objective = ObjectiveFactory.create(cycle=quarter, team=OkrTeamFactory.create(name="Sales | *Ops*"),
                                        title="# Win <script>alert(1)</script>")
    KeyResultFactory.create(objective=objective, title="Close | 10 | deals *now*", unit="$deals", target=10,
                            current=5)

    markdown = onepager_markdown(quarter)

    assert "#### \\# Win \\<script\\>alert(1)\\</script\\>" in markdown
    assert "| Close \\| 10 \\| deals \\*now\\* | 5 / 10 \\$deals |" in markdown
    assert "### Sales \\| \\*Ops\\*" in markdown
    assert "<script>" not in markdown


def test_it_fits_the_board_on_one_a4_page_with_titles_and_percentages(closed_quarter):
    with translation.override("en"):
        pdf = onepager_pdf(closed_quarter)

    assert pdf.startswith(b"%PDF-") and pdf_page_count(pdf) == 1
    assert b"/MediaBox[0 0 595.2756 841.8898]" in pdf  # A4
    text = flat(pdf_text(pdf))
    for title in [*COMPANY, *MARKETING]:
        assert title in text
    for key_results in [*COMPANY.values(), *MARKETING.values()]:
        for kr_title, *_rest in key_results:
            assert flat(kr_title) in text
    assert "OKRs 2027-Q1" in text and "Company objectives" in text and "MARKETING" in text
    assert "208 / 400 MQLs" in text and "52 %" in text and "100 %" in text
    assert f"score {closed_quarter.score:.2f}" in text
    assert "Webinars brought two thirds of the MQLs" in text


def test_it_still_fits_one_page_with_four_key_results_everywhere_and_long_lessons(quarter):
    for objective in quarter.objectives.filter(level="company"):
        for n in range(4 - objective.key_results.count()):
            KeyResultFactory.create(objective=objective, unit="initiatives", target=4, current=n,
                                    title=f"Ship the {n + 1}th company-wide initiative on time")
    cycle_close(actor=UserFactory.create(role=Role.ADMIN), cycle=quarter, lessons=(LESSONS + "\n\n") * 4)
    quarter.refresh_from_db()

    pdf = onepager_pdf(quarter)

    assert pdf_page_count(pdf) == 1
    assert "Ship the 2th company-wide initiative on time" in flat(pdf_text(pdf))


def test_it_prints_injected_typst_literally_in_the_pdf(quarter):
    objective = ObjectiveFactory.create(cycle=quarter, team=OkrTeamFactory.create(name="Growth"),
                                        title="#strong[Owned] $x$ *not bold*")
    KeyResultFactory.create(objective=objective, title='Reach #eval("1") = 100 ] ) }', unit="$", target=100,
                            current=25)

    text = flat(pdf_text(onepager_pdf(quarter)))

    assert "#strong[Owned] $x$ *not bold*" in text
    assert 'Reach #eval("1") = 100 ] ) }' in text.replace("“", '"').replace("”", '"')
    assert "25 / 100 $" in text and "25 %" in text


def test_it_speaks_the_reader_s_language(quarter):
    with translation.override("fr"):
        pdf = onepager_pdf(quarter)

    assert b"/Lang(fr)" in pdf


def test_it_renders_a_cycle_with_nothing_planned_yet():
    empty = CycleFactory.create(key="2027-Q3", status="planning")

    with translation.override("en"):
        markdown, pdf = onepager_markdown(empty), onepager_pdf(empty)

    assert "**no key result to score**" in markdown and "Company objectives" not in markdown
    assert pdf_page_count(pdf) == 1 and "no key result to score" in pdf_text(pdf)
