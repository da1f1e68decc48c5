from __future__ import annotations

import json

from fusee.contacts.models import EventType
from fusee.contacts.tests.factories import ContactFactory, EventFactory
from fusee.core.models import AuditEntry, Job
from fusee.scoring.models import BehaviourRule, FitRule, LifecycleThreshold, ScoringSettings
from fusee.scoring.tests.factories import BehaviourRuleFactory, FitRuleFactory

FIT_FORM = {
    "name": "Retail",
    "field": "company.industry",
    "operator": "in",
    "value": "retail,fitness",
    "points": "20",
    "active": "on",
}


def test_it_lists_rules_thresholds_and_the_score_chart(viewer_client, db):
    FitRuleFactory.create(name="Directors <b>")
    BehaviourRuleFactory.create(name="Webinars", half_life_days=60, max_points=30)
    ContactFactory.create(score=42)
    html = viewer_client.get("/scoring/").content.decode()
    assert "Directors &lt;b&gt;" in html and "Webinars" in html and "60 days" in html
    assert 'data-chart="score-chart"' in html and "Recompute all scores" not in html
    chart = json.loads(html.split('id="score-chart" type="application/json">')[1].split("</script>")[0])
    assert chart["labels"][4] == "40–49" and chart["datasets"][0]["data"][4] == 1
    assert LifecycleThreshold.objects.get(stage="mql").min_score == 50


def test_it_refuses_a_viewer_creating_a_rule(viewer_client):
    assert viewer_client.post("/scoring/fit/new/", FIT_FORM).status_code == 403
    assert viewer_client.get("/scoring/fit/new/").status_code == 403
    assert not FitRule.objects.exists()


def test_it_lets_a_marketer_create_a_rule_and_records_it(marketer_client):
    response = marketer_client.post("/scoring/fit/new/", FIT_FORM)
    assert response.status_code == 302 and response["Location"] == "/scoring/"
    rule = FitRule.objects.get()
    assert (rule.field, rule.values, rule.points) == ("company.industry", ["retail", "fitness"], 20)
    assert AuditEntry.objects.get(action="fit_rule.created").actor_label == "marketer@example.com"


def test_it_explains_an_impossible_rule_on_the_form(marketer_client):
    response = marketer_client.post("/scoring/fit/new/", {**FIT_FORM, "operator": "gte", "value": "200"})
    assert response.status_code == 200 and "need a number field" in response.content.decode()
    assert not FitRule.objects.exists()


def test_it_edits_and_deletes_a_behaviour_rule(marketer_client):
    rule = BehaviourRuleFactory.create(name="Clicks", event_type=EventType.EMAIL_CLICKED, points=3)
    form = {
        "name": "Clicks",
        "event_type": "email_clicked",
        "points": "4",
        "half_life_days": "30",
        "max_points": "15",
        "active": "on",
    }
    assert marketer_client.post(f"/scoring/behaviour/{rule.pk}/", form).status_code == 302
    rule.refresh_from_db()
    assert (rule.points, rule.half_life_days, rule.max_points) == (4, 30, 15)
    assert AuditEntry.objects.get(action="behaviour_rule.updated").changes["points"] == [3, 4]
    assert marketer_client.post(f"/scoring/behaviour/{rule.pk}/delete/").status_code == 302
    assert not BehaviourRule.objects.exists()


def test_it_keeps_the_mql_threshold_and_sql_above_it(marketer_client):
    marketer_client.get("/scoring/")
    mql = LifecycleThreshold.objects.get(stage="mql")
    marketer_client.post(f"/scoring/threshold/{mql.pk}/delete/")
    assert LifecycleThreshold.objects.filter(stage="mql").exists()
    response = marketer_client.post("/scoring/threshold/new/", {"stage": "sql", "min_score": "40"})
    assert "must be at least the MQL one" in response.content.decode()


def test_it_enqueues_a_recompute_and_shows_its_job(marketer_client, marketer):
    response = marketer_client.post("/scoring/recompute/")
    job = Job.objects.get()
    assert (job.name, job.created_by) == ("scoring.recompute", marketer)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"


def test_it_lets_only_an_admin_set_the_webhook(admin_client, marketer_client):
    url = "https://crm.example.com/hooks/mql"
    assert marketer_client.post("/scoring/settings/", {"webhook_url": url}).status_code == 403
    assert admin_client.post("/scoring/settings/", {"webhook_url": url}).status_code == 302
    assert ScoringSettings.current().webhook_url == url


def test_it_shows_why_a_contact_has_its_score(viewer_client):
    BehaviourRuleFactory.create(name="Meetings", event_type=EventType.MEETING_BOOKED, points=30)
    contact = ContactFactory.create()
    EventFactory.create(contact=contact, type=EventType.MEETING_BOOKED)
    html = viewer_client.get(f"/scoring/contacts/{contact.pk}/").content.decode()
    assert "Meetings" in html and "1 event, latest" in html
