from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fusee.core.models import AuditEntry, Role
from fusee.okrs.models import CheckIn, Confidence, KeyResult, KeyResultKind, Level, Objective, OkrTeam
from fusee.okrs.services import quarter_key, quarter_span
from fusee.okrs.tests.factories import (
    CheckInFactory,
    CompanyObjectiveFactory,
    CycleFactory,
    KeyResultFactory,
    ObjectiveFactory,
    OkrTeamFactory,
)
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

BOARD = reverse("okrs:board")


def board(client, **params) -> str:
    response = client.get(BOARD, params)
    assert response.status_code == 200
    return response.content.decode()


def current_cycle():
    key = quarter_key(timezone.localdate())
    starts_on, ends_on = quarter_span(key)
    return CycleFactory.create(key=key, starts_on=starts_on, ends_on=ends_on)


def compact(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def plan():
    """2027-Q1: one company objective, one marketing objective aligned to it with two key results."""
    cycle = CycleFactory.create()
    company = CompanyObjectiveFactory.create(cycle=cycle, title="Grow revenue")
    owner = UserFactory.create(full_name="Olga Owner")
    team = ObjectiveFactory.create(cycle=cycle, parent=company, title="Fill the pipeline", owner=owner,
                                   team=OkrTeamFactory.create(name="Marketing"))
    mqls = KeyResultFactory.create(objective=team, title="MQLs from webinars", start=0, target=200,
                                   current=150, unit="MQLs", metric="mqls_created")
    launch = KeyResultFactory.create(objective=team, title="Launch the German site", start=0, target=1,
                                     current=0, unit="", kind=KeyResultKind.MILESTONE)
    return {"cycle": cycle, "company": company, "team": team, "mqls": mqls, "launch": launch}


def test_it_shows_company_then_team_objectives_with_their_key_results(viewer_client, plan):
    CheckInFactory.create(key_result=plan["mqls"], value=150, confidence=Confidence.AT_RISK)
    page = compact(board(viewer_client, cycle="2027-Q1"))
    assert page.index("Grow revenue") < page.index("Marketing") < page.index("Fill the pipeline")
    assert "MQLs from webinars" in page and "Launch the German site" in page
    assert '<span class="fw-semibold">150</span> / 200 MQLs' in page
    assert 'value="75" max="100"' in page and "band-green" in page  # 150 of 200
    assert "Olga Owner" in page and "aligned to Grow revenue" in page
    assert ">automatic<" in page and ">At risk<" in page and "Not done" in page


def test_it_hides_the_check_in_forms_from_a_viewer(viewer_client, plan):
    page = board(viewer_client, cycle="2027-Q1")
    assert reverse("okrs:check_in", args=[plan["mqls"].pk]) not in page
    assert reverse("okrs:objective_new") not in page


def test_it_marks_overdue_check_ins(marketer_client):
    cycle = current_cycle()
    cycle.starts_on = timezone.localdate() - timedelta(days=30)
    cycle.save()
    late = KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=cycle), title="Late one")
    fresh = KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=cycle), title="Fresh one",
                                    last_check_in_at=timezone.now())
    page = board(marketer_client)
    late_row = page[page.index(f'id="kr-{late.pk}"'):page.index(f'id="kr-{fresh.pk}"')]
    assert 'data-testid="overdue"' in late_row
    assert 'data-testid="overdue"' not in page[page.index(f'id="kr-{fresh.pk}"'):]
    assert "1 check-in overdue" in page


def test_it_shows_the_current_cycle_by_default_and_lists_every_cycle(viewer_client):
    cycle = current_cycle()
    CycleFactory.create(key="2019-Q2", starts_on=date(2019, 4, 1), ends_on=date(2019, 6, 30), status="closed")
    ObjectiveFactory.create(cycle=cycle, title="This quarter's objective")
    page = board(viewer_client)
    assert f"OKRs of {cycle.key}" in page and "This quarter&#x27;s objective" in page
    assert '<option value="2019-Q2">' in page and f'<option value="{cycle.key}" selected>' in page


def test_it_answers_404_for_an_unknown_cycle(viewer_client, plan):
    assert viewer_client.get(BOARD, {"cycle": "1999-Q1"}).status_code == 404


def test_it_invites_to_plan_a_quarter_when_there_is_none(marketer_client):
    page = board(marketer_client)
    assert "No cycle yet" in page and reverse("okrs:cycle_new") in page
    response = marketer_client.post(reverse("okrs:cycle_new"), {"key": "2028-q3"})
    assert response.status_code == 302 and response["Location"].endswith("?cycle=2028-Q3")


def test_it_shows_the_year_with_each_quarters_objectives(viewer_client, plan):
    CycleFactory.create(key="2027-Q2", starts_on=date(2027, 4, 1), ends_on=date(2027, 6, 30))
    CycleFactory.create(key="2026-Q4", starts_on=date(2026, 10, 1), ends_on=date(2026, 12, 31))
    page = compact(board(viewer_client, year="2027"))
    assert page.count('data-testid="quarter"') == 2
    assert page.index("2027-Q1") < page.index("Fill the pipeline") < page.index("2027-Q2")
    assert 'href="/okrs/?year=2026"' in page


def test_it_renders_the_board_in_the_same_queries_whatever_the_cycles_and_key_results(
    viewer_client, plan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as few:
        board(viewer_client, cycle="2027-Q1")
    for year in range(2020, 2027):
        for quarter in range(1, 5):
            key = f"{year}-Q{quarter}"
            starts_on, ends_on = quarter_span(key)
            old = CycleFactory.create(key=key, starts_on=starts_on, ends_on=ends_on, status="closed")
            KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=old))
    for number in range(2):
        objective = ObjectiveFactory.create(cycle=plan["cycle"], parent=plan["company"],
                                            team=OkrTeamFactory.create(name=f"Team {number}"))
        for kr in KeyResultFactory.create_batch(4, objective=objective):
            CheckInFactory.create(key_result=kr)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = board(viewer_client, cycle="2027-Q1")
    assert page.count('data-testid="key-result"') == 10


def test_it_escapes_titles(viewer_client, plan):
    plan["mqls"].title = "<script>alert(1)</script>"
    plan["mqls"].save()
    plan["team"].title = '<img src=x onerror="alert(2)">'
    plan["team"].save()
    for url in (f"{BOARD}?cycle=2027-Q1", reverse("okrs:key_result", args=[plan["mqls"].pk]),
                f"{reverse('okrs:tree')}?cycle=2027-Q1"):
        page = viewer_client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x" not in page
    page = board(viewer_client, cycle="2027-Q1")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x" in page


# --- the inline check-in ---


def check_in(client, key_result, *, htmx=True, **data):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("okrs:check_in", args=[key_result.pk]), data, headers=headers)


def test_it_records_an_inline_check_in_and_answers_with_only_its_row(marketer_client, marketer, plan):
    mqls = plan["mqls"]
    response = check_in(marketer_client, mqls, value="180", confidence="on_track", comment="Webinar #3")
    assert response.status_code == 200
    html = compact(response.content.decode())
    assert "<html" not in html and html.count('data-testid="key-result"') == 1
    assert f'id="kr-{mqls.pk}"' in html and "Launch the German site" not in html
    assert '<span class="fw-semibold">180</span> / 200 MQLs' in html and ">On track<" in html
    assert f'id="objective-{plan["team"].pk}-progress" hx-swap-oob="true"' in html
    mqls.refresh_from_db()
    assert mqls.current == 180 and mqls.last_check_in_at is not None
    recorded = CheckIn.objects.get(key_result=mqls)
    assert (recorded.value, recorded.comment, recorded.author) == (180, "Webinar #3", marketer)


def test_it_shows_a_refused_check_in_in_the_row_and_saves_nothing(marketer_client, plan):
    response = check_in(marketer_client, plan["launch"], value="5", confidence="on_track")
    html = response.content.decode()
    assert response.status_code == 200 and "is a milestone" in html
    assert re.search(r"<details[^>]* open", html)
    missing = check_in(marketer_client, plan["mqls"], value="", confidence="on_track")
    assert "This field is required." in missing.content.decode()
    assert not CheckIn.objects.exists()


def test_it_refuses_a_check_in_on_a_closed_cycle_in_the_row(marketer_client, plan):
    plan["cycle"].status = "closed"
    plan["cycle"].save()
    html = check_in(marketer_client, plan["mqls"], value="10", confidence="on_track").content.decode()
    assert "is closed, no more check-ins" in html and "<details" not in html
    assert not CheckIn.objects.exists()


def test_it_returns_to_the_key_result_page_without_htmx(marketer_client, plan):
    response = check_in(marketer_client, plan["mqls"], htmx=False, value="12.5", confidence="at_risk")
    assert response.status_code == 302
    assert response["Location"] == reverse("okrs:key_result", args=[plan["mqls"].pk])
    assert KeyResult.objects.get(pk=plan["mqls"].pk).current == 12.5
    refused = check_in(marketer_client, plan["launch"], htmx=False, value="3", confidence="at_risk")
    assert refused.status_code == 400 and "is a milestone" in refused.content.decode()


def test_it_refuses_a_check_in_to_a_viewer(viewer_client, plan):
    assert check_in(viewer_client, plan["mqls"], value="10", confidence="on_track").status_code == 403
    assert not CheckIn.objects.exists()


# --- the key result page ---


def test_it_shows_a_key_results_history_and_its_chart_against_the_ideal_path(viewer_client, plan):
    mqls = plan["mqls"]
    for day, value in ((date(2027, 1, 10), 20), (date(2027, 2, 14), 90)):
        CheckInFactory.create(key_result=mqls, value=value, comment=f"<b>{value}</b>",
                       created_at=timezone.make_aware(datetime(day.year, day.month, day.day, 12)))
    response = viewer_client.get(reverse("okrs:key_result", args=[mqls.pk]))
    page = response.content.decode()
    assert "&lt;b&gt;90&lt;/b&gt;" in page and page.index("&lt;b&gt;90") < page.index("&lt;b&gt;20")
    chart = json.loads(re.search(r'<script id="key-result-chart" type="application/json">(.*?)</script>',
                                 page, re.S)[1])
    labels = chart["labels"]
    assert chart["type"] == "line" and labels[0] == "2027-01-01" and labels[-1] == "2027-03-31"
    actual, ideal = chart["datasets"][0]["data"], chart["datasets"][1]["data"]
    assert ideal[0] == 0 and ideal[-1] == 200
    assert actual[labels.index("2027-01-15")] == 20 and actual[labels.index("2027-02-14")] == 90
    assert actual[-1] is None  # nothing known after the last check-in of a quarter to come
    assert 'data-chart="key-result-chart"' in page and "Save the check-in" not in page  # a viewer


# --- creating objectives and key results ---


def objective_data(**values):
    return {"title": "Win Germany", "level": "team", "team": "", "new_team": "", "parent": "",
            "owner": "", "description": ""} | values


def test_it_creates_a_team_objective_aligned_to_a_company_objective(marketer_client, plan):
    url = f"{reverse('okrs:objective_new')}?cycle=2027-Q1"
    page = marketer_client.get(url).content.decode()
    assert "Company · Grow revenue" in page
    data = objective_data(new_team="Acquisition", parent=plan["company"].pk)
    response = marketer_client.post(url, data)
    created = Objective.objects.get(title="Win Germany")
    assert response.status_code == 302 and response["Location"].endswith(f"?objective={created.pk}")
    assert created.team.name == "Acquisition" and created.parent == plan["company"]


def test_it_shows_the_focus_rule_on_the_form_and_saves_nothing(marketer_client, plan):
    for title in ("Second", "Third"):
        ObjectiveFactory.create(cycle=plan["cycle"], team=plan["team"].team, parent=plan["company"],
                                title=title)
    before = (Objective.objects.count(), OkrTeam.objects.count(), AuditEntry.objects.count())
    data = objective_data(team=plan["team"].team.pk, parent=plan["company"].pk, title="A fourth one")
    response = marketer_client.post(f"{reverse('okrs:objective_new')}?cycle=2027-Q1", data)
    page = response.content.decode()
    assert response.status_code == 200 and 'value="A fourth one"' in page
    assert "Marketing already has 3 objectives in 2027-Q1, the limit" in page
    assert "Merge it into an existing objective, drop one, or park it as an idea." in page
    assert (Objective.objects.count(), OkrTeam.objects.count(), AuditEntry.objects.count()) == before


def test_it_creates_no_team_when_the_objective_is_refused(marketer_client, plan):
    url = f"{reverse('okrs:objective_new')}?cycle=2027-Q1"
    unaligned = marketer_client.post(url, objective_data(new_team="Events"))
    assert "must align to an objective above it" in unaligned.content.decode()
    for title in ("One", "Two", "Three"):
        brand = OkrTeamFactory.create(name="Brand")
        ObjectiveFactory.create(cycle=plan["cycle"], team=brand, parent=plan["company"], title=title)
    over = marketer_client.post(url, objective_data(new_team="brand", parent=plan["company"].pk))
    assert "Brand already has 3 objectives" in over.content.decode()
    assert sorted(OkrTeam.objects.values_list("name", flat=True)) == ["Brand", "Marketing"]
    assert Objective.objects.count() == 5


def test_it_leaves_company_objectives_to_admins(marketer_client, admin_client, plan):
    data = objective_data(level="company", title="Be profitable")
    url = f"{reverse('okrs:objective_new')}?cycle=2027-Q1"
    refused = marketer_client.post(url, data)
    assert "only an admin can set company objectives" in refused.content.decode()
    assert not Objective.objects.filter(title="Be profitable").exists()
    assert admin_client.post(url, data).status_code == 302
    assert Objective.objects.get(title="Be profitable").level == Level.COMPANY


def test_it_refuses_objective_forms_to_a_viewer(viewer_client, plan):
    url = f"{reverse('okrs:objective_new')}?cycle=2027-Q1"
    assert viewer_client.get(url).status_code == 403
    assert viewer_client.post(url, objective_data(level="company")).status_code == 403


def kr_data(objective, **values):
    return {"objective": objective.pk, "title": "Webinar registrations", "kind": "metric",
            "direction": "increase", "start": "0", "target": "500", "unit": "registrations",
            "owner": "", "weight": "1", "metric": "", "segment": ""} | values


def test_it_creates_key_results_of_each_kind(marketer_client, plan):
    url = reverse("okrs:key_result_new")
    page = marketer_client.get(url, {"objective": plan["company"].pk}).content.decode()
    assert f'<option value="{plan["company"].pk}" selected>' in page
    assert marketer_client.post(url, kr_data(plan["company"])).status_code == 302
    milestone = kr_data(plan["company"], title="Ship the new pricing page", kind="milestone", start="",
                        target="", unit="")
    assert marketer_client.post(url, milestone).status_code == 302
    automatic = kr_data(plan["company"], title="MQLs this quarter", unit="", metric="mqls_created")
    assert marketer_client.post(url, automatic).status_code == 302
    created = {kr.title: kr for kr in plan["company"].key_results.all()}
    assert created["Webinar registrations"].target == 500
    assert created["Ship the new pricing page"].kind == KeyResultKind.MILESTONE
    automatic_kr = created["MQLs this quarter"]
    assert (automatic_kr.metric, automatic_kr.unit) == ("mqls_created", "MQLs")


def test_it_shows_key_result_refusals_on_the_form_and_saves_nothing(marketer_client, plan):
    url = reverse("okrs:key_result_new")
    KeyResultFactory.create_batch(2, objective=plan["team"])
    fifth = marketer_client.post(url, kr_data(plan["team"], title="One too many"))
    assert "&quot;Fill the pipeline&quot; already has 4 key results, the limit" in fifth.content.decode()
    no_unit = marketer_client.post(url, kr_data(plan["company"], unit=""))
    assert "a metric key result needs a unit" in no_unit.content.decode()
    flat = marketer_client.post(url, kr_data(plan["company"], target="0"))
    assert "the target equals the start" in flat.content.decode()
    segment = marketer_client.post(url, kr_data(plan["company"], metric="contacts_in_segment"))
    assert "needs segment" in segment.content.decode()
    assert KeyResult.objects.count() == 4


# --- the alignment tree ---


def test_it_nests_company_team_and_person_objectives(viewer_client, plan):
    person = UserFactory.create(full_name="Pia Person", role=Role.MARKETER)
    Objective.objects.create(cycle=plan["cycle"], level=Level.PERSON, owner=person, parent=plan["team"],
                             title="Run six webinars")
    page = compact(viewer_client.get(reverse("okrs:tree"), {"cycle": "2027-Q1"}).content.decode())
    company = page.index("Grow revenue")
    team = page.index("Fill the pipeline")
    own = page.index("Run six webinars")
    assert company < team < own
    assert page[company:own].count("<ul>") == 2  # two levels down
    assert "Pia Person" in page


# --- closing a cycle and its one-pager ---


def test_it_closes_a_cycle_with_lessons_and_carries_chosen_key_results_over(admin_client, plan):
    url = reverse("okrs:close", args=["2027-Q1"])
    page = admin_client.get(url).content.decode()
    assert f'value="{plan["mqls"].pk}"' in page and f'value="{plan["launch"].pk}"' in page
    data = {"lessons": "Webinars <b>work</b>", "carry_over": [plan["mqls"].pk], "into": ""}
    refused = admin_client.post(url, data).content.decode()
    assert "which 2027-Q2 does not have: create &quot;Grow revenue&quot; in 2027-Q2 first" in refused
    next_quarter = CycleFactory.create(key="2027-Q2", starts_on=date(2027, 4, 1), ends_on=date(2027, 6, 30))
    CompanyObjectiveFactory.create(cycle=next_quarter, title="Grow revenue")
    response = admin_client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith("?cycle=2027-Q1")
    plan["cycle"].refresh_from_db()
    assert plan["cycle"].is_closed and plan["cycle"].lessons == "Webinars <b>work</b>"
    carried = KeyResult.objects.get(carried_from=plan["mqls"])
    assert carried.objective.cycle.key == "2027-Q2" and carried.objective.title == "Fill the pipeline"
    closed = board(admin_client, cycle="2027-Q1")
    assert "Webinars &lt;b&gt;work&lt;/b&gt;" in closed and "<details" not in closed
    assert reverse("okrs:close", args=["2027-Q1"]) not in closed


def test_it_shows_a_refused_close_on_the_form(admin_client, plan):
    plan["mqls"].current = 200
    plan["mqls"].save()
    url = reverse("okrs:close", args=["2027-Q1"])
    assert f'value="{plan["mqls"].pk}"' not in admin_client.get(url).content.decode()  # reached
    response = admin_client.post(url, {"lessons": "", "carry_over": [plan["mqls"].pk]})
    assert "Select a valid choice." in response.content.decode()
    plan["cycle"].refresh_from_db()
    assert not plan["cycle"].is_closed


def test_it_leaves_closing_to_admins(marketer_client, plan):
    url = reverse("okrs:close", args=["2027-Q1"])
    assert marketer_client.get(url).status_code == 403
    assert marketer_client.post(url, {"lessons": "x"}).status_code == 403
    assert reverse("okrs:close", args=["2027-Q1"]) not in board(marketer_client, cycle="2027-Q1")


def test_it_downloads_the_one_pager_as_markdown_and_pdf(viewer_client, plan):
    url = reverse("okrs:onepager", args=["2027-Q1"])
    markdown = viewer_client.get(url, {"format": "md"})
    assert markdown["Content-Disposition"] == 'attachment; filename="okrs-2027-Q1.md"'
    assert "Fill the pipeline" in markdown.content.decode()
    pdf = viewer_client.get(url)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
