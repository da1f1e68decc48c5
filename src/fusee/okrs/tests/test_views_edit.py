"""Editing and deleting objectives and key results, and the focus limits' settings page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from fusee.core.models import AuditEntry
from fusee.okrs.models import (
    CheckIn,
    CycleStatus,
    Direction,
    IdeaStatus,
    KeyResult,
    KeyResultKind,
    Objective,
    OkrPolicy,
)
from fusee.okrs.tests.factories import (
    CheckInFactory,
    CompanyObjectiveFactory,
    CycleFactory,
    IdeaFactory,
    KeyResultFactory,
    ObjectiveFactory,
    OkrTeamFactory,
)
from fusee.segments.models import Segment
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

BOARD = reverse("okrs:board")
SETTINGS = reverse("okrs:settings")


@pytest.fixture
def plan():
    """2027-Q1: a company objective, a marketing objective aligned to it, its two key results."""
    cycle = CycleFactory.create()
    company = CompanyObjectiveFactory.create(cycle=cycle, title="Grow revenue")
    team = ObjectiveFactory.create(cycle=cycle, parent=company, title="Fill the pipeline",
                                   team=OkrTeamFactory.create(name="Marketing"))
    mqls = KeyResultFactory.create(objective=team, title="MQLs from webinars", start=0, target=200,
                                   current=150, unit="MQLs")
    launch = KeyResultFactory.create(objective=team, title="Launch the German site", start=0, target=1,
                                     unit="", kind=KeyResultKind.MILESTONE)
    return {"cycle": cycle, "company": company, "team": team, "mqls": mqls, "launch": launch}


def url(name: str, obj: Any) -> str:
    return reverse(f"okrs:{name}", args=[obj.pk])


def page(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def objective_data(objective: Objective, **changes: Any) -> dict[str, Any]:
    data = {"title": objective.title, "description": objective.description, "owner": objective.owner_id or "",
            "team": objective.team_id or "", "parent": objective.parent_id or ""}
    return data | changes


def key_result_data(key_result: KeyResult, **changes: Any) -> dict[str, Any]:
    data = {"title": key_result.title, "kind": key_result.kind, "direction": key_result.direction,
            "start": key_result.start, "target": key_result.target, "unit": key_result.unit,
            "owner": key_result.owner_id or "", "weight": key_result.weight, "metric": key_result.metric,
            "segment": key_result.metric_params.get("segment", "")}
    return data | changes


# --- objectives ---


def test_it_saves_an_edited_objective_and_audits_the_change(marketer_client, marketer, plan):
    owner = UserFactory.create(full_name="Olga Owner")
    response = marketer_client.post(url("objective_edit", plan["team"]), objective_data(
        plan["team"], title="Fill the pipeline with SQLs", owner=owner.pk, description="Sales-ready only"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?cycle=2027-Q1#objective-{plan['team'].pk}")
    plan["team"].refresh_from_db()
    assert (plan["team"].title, plan["team"].owner, plan["team"].description) == (
        "Fill the pipeline with SQLs", owner, "Sales-ready only")
    entry = AuditEntry.objects.get(action="okrs.objective.update")
    assert entry.actor == marketer
    assert entry.changes["title"] == ["Fill the pipeline", "Fill the pipeline with SQLs"]
    assert entry.changes["owner"][1] == "Olga Owner"
    assert set(entry.changes) == {"title", "owner", "description"}


def test_it_offers_a_team_objective_only_company_objectives_to_align_to(marketer_client, plan):
    other_team = ObjectiveFactory.create(cycle=plan["cycle"], parent=plan["company"], title="Grow content")
    form = marketer_client.get(url("objective_edit", plan["team"])).context["form"]
    assert list(form.fields["parent"].queryset) == [plan["company"]]
    response = marketer_client.post(url("objective_edit", plan["team"]),
                                    objective_data(plan["team"], parent=other_team.pk))
    assert "Select a valid choice" in page(response)
    assert Objective.objects.get(pk=plan["team"].pk).parent == plan["company"]


def test_it_lets_a_personal_objective_change_owner_and_align_to_a_team_objective(marketer_client, plan):
    ana, bob = UserFactory.create(full_name="Ana"), UserFactory.create(full_name="Bob")
    mine = ObjectiveFactory.create(cycle=plan["cycle"], level="person", team=None, owner=ana,
                                   parent=plan["company"], title="Speak at two fairs")
    form = marketer_client.get(url("objective_edit", mine)).context["form"]
    assert "team" not in form.fields and "level" not in form.fields and form.fields["owner"].required
    assert set(form.fields["parent"].queryset) == {plan["company"], plan["team"]}
    response = marketer_client.post(url("objective_edit", mine),
                                    objective_data(mine, owner=bob.pk, parent=plan["team"].pk))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.owner, mine.parent) == (bob, plan["team"])


def test_it_refuses_moving_an_objective_to_a_team_at_its_limit(marketer_client, plan):
    content = OkrTeamFactory.create(name="Content")
    ObjectiveFactory.create_batch(3, cycle=plan["cycle"], parent=plan["company"], team=content)
    response = marketer_client.post(url("objective_edit", plan["team"]),
                                    objective_data(plan["team"], team=content.pk))
    assert response.status_code == 200
    assert 'Content already has 3 objectives in 2027-Q1, the limit: "Fill the pipeline" is refused' in page(
        response).replace("&quot;", '"')
    assert Objective.objects.get(pk=plan["team"].pk).team.name == "Marketing"
    assert not AuditEntry.objects.filter(action="okrs.objective.update").exists()


def test_it_shows_why_a_marketer_cannot_edit_a_company_objective(marketer_client, admin_client, plan):
    response = marketer_client.post(url("objective_edit", plan["company"]),
                                    objective_data(plan["company"], title="Grow profit"))
    assert "only an admin can set company objectives" in page(response)
    assert Objective.objects.get(pk=plan["company"].pk).title == "Grow revenue"
    board = page(marketer_client.get(BOARD, {"cycle": "2027-Q1"}))
    assert url("objective_edit", plan["team"]) in board
    assert url("objective_edit", plan["company"]) not in board
    response = admin_client.post(url("objective_edit", plan["company"]),
                                 objective_data(plan["company"], title="Grow profit"))
    assert response.status_code == 302
    assert Objective.objects.get(pk=plan["company"].pk).title == "Grow profit"


def test_it_refuses_deleting_an_objective_others_align_to(admin_client, plan):
    CheckInFactory.create(key_result=KeyResultFactory.create(objective=plan["company"], title="ARR"))
    confirm = page(admin_client.get(url("objective_delete", plan["company"])))
    assert "These objectives are aligned to it" in confirm and "Fill the pipeline" in confirm
    response = admin_client.post(url("objective_delete", plan["company"]), follow=True)
    assert "has objectives aligned to it: move or delete them first" in page(response)
    assert Objective.objects.filter(pk=plan["company"].pk).exists()
    assert KeyResult.objects.filter(title="ARR").exists()  # all or nothing: its key results stay
    assert CheckIn.objects.filter(key_result__title="ARR").count() == 1
    assert not AuditEntry.objects.filter(action__endswith=".delete").exists()


def test_it_deletes_an_objective_with_its_key_results_and_check_ins(marketer_client, plan):
    CheckInFactory.create_batch(3, key_result=plan["mqls"])
    idea = IdeaFactory.create(status=IdeaStatus.ACCEPTED, key_result=plan["mqls"])
    confirm = page(marketer_client.get(url("objective_delete", plan["team"])))
    assert "Its 2 key results go with it." in confirm and "3 check-ins are deleted with them." in confirm
    response = marketer_client.post(url("objective_delete", plan["team"]))
    assert response.status_code == 302
    assert not Objective.objects.filter(pk=plan["team"].pk).exists()
    assert not KeyResult.objects.filter(objective_id=plan["team"].pk).exists()
    assert not CheckIn.objects.exists()
    idea.refresh_from_db()
    assert (idea.status, idea.key_result) == (IdeaStatus.NEW, None)  # back to triage, not serving nothing
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["okrs.key_result.delete", "okrs.key_result.delete", "okrs.objective.delete"]


# --- key results ---


def test_it_saves_an_edited_key_result_and_audits_the_change(marketer_client, marketer, plan):
    response = marketer_client.post(url("key_result_edit", plan["mqls"]), key_result_data(
        plan["mqls"], title="MQLs from webinars and fairs", target=300, weight=2))
    assert response.status_code == 302 and response["Location"] == url("key_result", plan["mqls"])
    plan["mqls"].refresh_from_db()
    assert (plan["mqls"].title, plan["mqls"].target, plan["mqls"].weight) == ("MQLs from webinars and fairs",
                                                                               300, 2)
    assert plan["mqls"].progress() == pytest.approx(0.5)  # 150 of 300
    entry = AuditEntry.objects.get(action="okrs.key_result.update")
    assert entry.actor == marketer and set(entry.changes) == {"title", "target", "weight"}


def test_it_binds_a_key_result_to_a_segment_metric_and_back(marketer_client, plan):
    Segment.objects.create(name="French contacts", expression='country = "FR"')
    marketer_client.post(url("key_result_edit", plan["mqls"]), key_result_data(
        plan["mqls"], title="French contacts", metric="contacts_in_segment", segment="French contacts",
        unit=""))
    plan["mqls"].refresh_from_db()
    assert plan["mqls"].metric_params == {"segment": "French contacts"}
    assert plan["mqls"].unit == "contacts"  # the metric's unit when none is given
    form = marketer_client.get(url("key_result_edit", plan["mqls"])).context["form"]
    assert form["segment"].value() == "French contacts" and "objective" not in form.fields
    marketer_client.post(url("key_result_edit", plan["mqls"]), key_result_data(plan["mqls"], metric="",
                                                                                segment=""))
    plan["mqls"].refresh_from_db()
    assert (plan["mqls"].metric, plan["mqls"].metric_params) == ("", {})


@pytest.mark.parametrize(("changes", "message"), [
    ({"target": 0}, "the target equals the start, so there is nothing to progress"),
    ({"unit": ""}, "a metric key result needs a unit"),
])
def test_it_shows_why_a_key_result_edit_is_refused_and_saves_nothing(marketer_client, plan, changes, message):
    response = marketer_client.post(url("key_result_edit", plan["mqls"]),
                                    key_result_data(plan["mqls"], title="Renamed", **changes))
    assert response.status_code == 200
    assert message in page(response)
    assert 'class="alert alert-danger"' in page(response)
    saved = KeyResult.objects.get(pk=plan["mqls"].pk)
    assert (saved.title, saved.target, saved.unit) == ("MQLs from webinars", 200, "MQLs")
    assert not AuditEntry.objects.exists()


def test_it_deletes_a_key_result_with_its_check_ins(marketer_client, plan):
    CheckInFactory.create_batch(2, key_result=plan["mqls"])
    kept = CheckInFactory.create(key_result=plan["launch"], value=1)
    confirm = page(marketer_client.get(url("key_result_delete", plan["mqls"])))
    assert "Its 2 check-ins go with it." in confirm
    response = marketer_client.post(url("key_result_delete", plan["mqls"]))
    assert response["Location"].endswith(f"#objective-{plan['team'].pk}")
    assert not KeyResult.objects.filter(pk=plan["mqls"].pk).exists()
    assert list(CheckIn.objects.all()) == [kept]
    entry = AuditEntry.objects.get(action="okrs.key_result.delete")
    assert entry.changes["check_ins"] == 2 and entry.target_label == "MQLs from webinars"


def test_it_links_edit_and_delete_from_the_key_result_page(marketer_client, viewer_client, plan):
    links = [url("key_result_edit", plan["mqls"]), url("key_result_delete", plan["mqls"])]
    assert all(link in page(marketer_client.get(url("key_result", plan["mqls"]))) for link in links)
    assert not any(link in page(viewer_client.get(url("key_result", plan["mqls"]))) for link in links)


# --- who may, and when ---


def test_it_refuses_every_edit_by_a_viewer_and_shows_them_no_edit_link(viewer_client, plan):
    posts = {
        url("objective_edit", plan["team"]): objective_data(plan["team"], title="Hacked"),
        url("objective_delete", plan["team"]): {},
        url("key_result_edit", plan["mqls"]): key_result_data(plan["mqls"], title="Hacked"),
        url("key_result_delete", plan["mqls"]): {},
        SETTINGS: {"max_objectives": 9, "max_key_results": 9},
    }
    for path, data in posts.items():
        assert viewer_client.post(path, data).status_code == 403, path
    assert not Objective.objects.filter(title="Hacked").exists()
    assert not KeyResult.objects.filter(title="Hacked").exists()
    assert KeyResult.objects.count() == 2 and OkrPolicy.current().max_objectives == 3
    for view in (BOARD, reverse("okrs:tree")):
        html = page(viewer_client.get(view, {"cycle": "2027-Q1"}))
        assert "/edit/" not in html and "/delete/" not in html and SETTINGS not in html, view


def test_it_hides_the_edit_links_of_a_closed_cycle_and_refuses_its_edits(marketer_client, plan):
    assert url("key_result_edit", plan["mqls"]) in page(marketer_client.get(BOARD, {"cycle": "2027-Q1"}))
    assert url("objective_edit", plan["team"]) in page(marketer_client.get(reverse("okrs:tree"),
                                                                           {"cycle": "2027-Q1"}))
    plan["cycle"].status = CycleStatus.CLOSED
    plan["cycle"].save()
    for view in (BOARD, reverse("okrs:tree"), url("key_result", plan["mqls"])):
        html = page(marketer_client.get(view, {"cycle": "2027-Q1"}))
        assert "/edit/" not in html and "/delete/" not in html, view
    response = marketer_client.post(url("key_result_edit", plan["mqls"]),
                                    key_result_data(plan["mqls"], title="Rewritten history"))
    assert "2027-Q1 is closed: its OKRs can no longer change" in page(response)
    response = marketer_client.post(url("key_result_delete", plan["mqls"]), follow=True)
    assert "2027-Q1 is closed" in page(response)
    assert KeyResult.objects.get(pk=plan["mqls"].pk).title == "MQLs from webinars"


def test_it_escapes_a_title_on_the_edit_forms(marketer_client, plan):
    script = "<script>alert(1)</script>"
    Objective.objects.filter(pk=plan["team"].pk).update(title=script)
    KeyResult.objects.filter(pk=plan["mqls"].pk).update(title=script)
    for path in (url("objective_edit", plan["team"]), url("key_result_edit", plan["mqls"]),
                 url("objective_delete", plan["team"]), url("key_result_delete", plan["mqls"])):
        html = marketer_client.get(path).content.decode()
        assert script not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


# --- the focus limits ---


def test_it_keeps_the_focus_limits_for_admins(marketer_client, admin_client, admin):
    assert marketer_client.get(SETTINGS).status_code == 403
    assert marketer_client.post(SETTINGS, {"max_objectives": 5, "max_key_results": 5}).status_code == 403
    assert SETTINGS not in page(marketer_client.get(BOARD))
    assert SETTINGS in page(admin_client.get(BOARD))
    form = admin_client.get(SETTINGS).context["form"]
    assert (form["max_objectives"].value(), form["max_key_results"].value()) == (3, 4)
    response = admin_client.post(SETTINGS, {"max_objectives": 5, "max_key_results": 6})
    assert response.status_code == 302
    assert (OkrPolicy.current().max_objectives, OkrPolicy.current().max_key_results) == (5, 6)
    entry = AuditEntry.objects.get(action="okrs.policy.update")
    assert entry.actor == admin and entry.changes == {"max_objectives": [3, 5], "max_key_results": [4, 6]}


def test_it_refuses_a_limit_below_what_an_open_cycle_holds(admin_client, plan):
    ObjectiveFactory.create_batch(2, cycle=plan["cycle"], parent=plan["company"], team=plan["team"].team)
    response = admin_client.post(SETTINGS, {"max_objectives": 2, "max_key_results": 4})
    assert response.status_code == 200
    assert ("Marketing has more than 2 objectives in 2027-Q1: trim them before lowering the limit"
            in page(response))
    response = admin_client.post(SETTINGS, {"max_objectives": 3, "max_key_results": 1})
    assert "&quot;Fill the pipeline&quot; has more than 1 key results" in page(response)
    assert (OkrPolicy.current().max_objectives, OkrPolicy.current().max_key_results) == (3, 4)
    plan["cycle"].status = CycleStatus.CLOSED  # a closed cycle keeps what it had
    plan["cycle"].save()
    assert admin_client.post(SETTINGS, {"max_objectives": 2, "max_key_results": 1}).status_code == 302


def test_it_keeps_a_milestone_a_milestone_when_edited(marketer_client, plan):
    response = marketer_client.post(url("key_result_edit", plan["launch"]), key_result_data(
        plan["launch"], title="Launch the German and Swiss sites", start="", target="", unit=""))
    assert response.status_code == 302
    plan["launch"].refresh_from_db()
    launch = plan["launch"]
    assert (launch.kind, launch.direction, launch.start, launch.target) == (
        KeyResultKind.MILESTONE, Direction.INCREASE, 0, 1)
