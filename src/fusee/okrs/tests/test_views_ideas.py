from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from fusee.okrs.models import Idea, IdeaStatus
from fusee.okrs.services import quarter_key, quarter_span
from fusee.okrs.tests.factories import CycleFactory, IdeaFactory, KeyResultFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

IDEAS = reverse("okrs:ideas")


@pytest.fixture
def cycle():
    key = quarter_key(timezone.localdate())
    starts_on, ends_on = quarter_span(key)
    return CycleFactory.create(key=key, starts_on=starts_on, ends_on=ends_on)


@pytest.fixture
def key_results(cycle):
    events = ObjectiveFactory.create(cycle=cycle, title="Generate demand through events",
                              description="Webinars, trade shows and conferences")
    website = ObjectiveFactory.create(cycle=cycle, title="Grow the German market")
    return {
        "webinars": KeyResultFactory.create(objective=events, title="MQLs from webinars and trade shows"),
        "german": KeyResultFactory.create(objective=website, title="Launch the German website", unit="pages"),
    }


def triage(client, idea, **data):
    return client.post(reverse("okrs:idea_triage", args=[idea.pk]), data, headers={"HX-Request": "true"})


def test_it_lets_anyone_submit_an_idea_a_viewer_too(viewer_client, viewer):
    data = {"title": "A booth at the trade show", "description": "Sales asked", "source": "sales",
            "requester": "Sam from sales"}
    response = viewer_client.post(reverse("okrs:idea_new"), data)
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.title, idea.source, idea.requester, idea.submitted_by) == (
        "A booth at the trade show", "sales", "Sam from sales", viewer)
    assert idea.status == IdeaStatus.NEW


def test_it_shows_what_is_wrong_with_a_submitted_idea_and_saves_nothing(marketer_client):
    response = marketer_client.post(reverse("okrs:idea_new"), {"title": "  ", "source": "elsewhere"})
    page = response.content.decode()
    assert response.status_code == 400 and "This field is required." in page
    assert "Select a valid choice." in page
    assert not Idea.objects.exists()


def test_it_shows_the_triage_board_in_columns_with_the_tally_by_source(viewer_client, cycle, key_results):
    IdeaFactory.create(title="Podcast", source="product")
    IdeaFactory.create(title="German landing pages", source="sales", status=IdeaStatus.ACCEPTED,
                key_result=key_results["german"])
    IdeaFactory.create(title="Billboard", source="sales", status=IdeaStatus.PARKED, park_reason="No budget",
                parked_in=cycle)
    page = viewer_client.get(IDEAS).content.decode()
    columns = {name: page.index(f'id="col-{name}"') for name in ("new", "accepted", "parked")}
    assert columns["new"] < page.index("Podcast") < columns["accepted"]
    assert columns["accepted"] < page.index("German landing pages") < columns["parked"]
    assert columns["parked"] < page.index("Billboard") and "No budget" in page
    tally = re.sub(r">\s+<", "><", page[page.index('data-testid="tally"'):])
    sales = ('<th scope="row">Sales</th><td class="text-end">2</td><td class="text-end">1</td>'
             '<td class="text-end">1</td>')
    assert sales in tally  # 2 ideas, 1 accepted, 1 parked
    assert '<th scope="row">Management</th><td class="text-end">0</td>' in tally
    assert 'name="decision"' not in page  # a viewer reads the board, triage is for marketers


def test_it_suggests_the_closest_key_result_first(marketer_client, key_results):
    idea = IdeaFactory.create(title="Un stand au salon professionnel de Lyon",
                       description="Les commerciaux veulent un stand sur le salon")
    page = marketer_client.get(IDEAS).content.decode()
    select = page[page.index(f'id="idea{idea.pk}-kr"'):]
    select = select[:select.index("</select>")]
    suggested = select[select.index('label="Suggested"'):select.index("</optgroup>")]
    first = re.search(r'<option value="(\d+)" selected>', suggested)
    assert first and int(first[1]) == key_results["webinars"].pk


def test_it_accepts_an_idea_for_a_key_result_and_answers_with_the_board_region(
    marketer_client, marketer, key_results
):
    idea = IdeaFactory.create(title="Webinar series", source="management")
    response = triage(marketer_client, idea, decision="accept", key_result=key_results["webinars"].pk)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="idea-triage"' in html
    assert "“Webinar series” triaged." in html and 'id="idea-tally" hx-swap-oob="true"' in html
    idea.refresh_from_db()
    assert (idea.status, idea.key_result, idea.triaged_by) == (
        IdeaStatus.ACCEPTED, key_results["webinars"], marketer)


def test_it_asks_for_a_key_result_or_a_reason(marketer_client, key_results):
    idea = IdeaFactory.create(title="Mascot")
    no_kr = triage(marketer_client, idea, decision="accept", key_result="").content.decode()
    assert "Choose the key result this idea serves, or park it." in no_kr
    no_reason = triage(marketer_client, idea, decision="park", reason=" ").content.decode()
    assert "&quot;Mascot&quot;: say why it is parked, so the &quot;no&quot; is visible" in no_reason
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW


def test_it_parks_an_idea_in_the_current_cycle(marketer_client, cycle):
    idea = IdeaFactory.create(title="Mascot")
    triage(marketer_client, idea, decision="park", reason="Serves no key result this quarter")
    idea.refresh_from_db()
    assert (idea.status, idea.parked_in, idea.park_reason) == (
        IdeaStatus.PARKED, cycle, "Serves no key result this quarter")


def test_it_brings_ideas_parked_earlier_back_for_planning(marketer_client, cycle):
    earlier = CycleFactory.create(key="2020-Q1", starts_on=date(2020, 1, 1), ends_on=date(2020, 3, 31),
                                  status="closed")
    old = IdeaFactory.create(title="Podcast", status=IdeaStatus.PARKED, park_reason="Too early",
                             parked_in=earlier)
    page = marketer_client.get(IDEAS).content.decode()
    back = page[page.index('data-testid="back-for-planning"'):]
    assert "Podcast" in back and "2020-Q1" in back and "Too early" in back
    triage(marketer_client, old, decision="reopen")
    old.refresh_from_db()
    assert old.status == IdeaStatus.NEW


def test_it_escapes_idea_texts(viewer_client, cycle):
    IdeaFactory.create(title="<script>alert(1)</script>", description="<img src=x onerror=alert(2)>",
                requester="<b>Bob</b>")
    page = viewer_client.get(IDEAS).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>Bob" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_refuses_triage_to_a_viewer(viewer_client, key_results):
    idea = IdeaFactory.create()
    response = triage(viewer_client, idea, decision="accept", key_result=key_results["german"].pk)
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW
