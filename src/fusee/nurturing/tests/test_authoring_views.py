from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from fusee.contacts.tests.factories import ContactFactory
from fusee.core.models import AuditEntry
from fusee.nurturing import authoring
from fusee.nurturing.authoring_views import tally_text
from fusee.nurturing.models import Enrolment, Sequence, SequenceStatus, Step
from fusee.nurturing.services import EnrolmentTally, SkipReason, contact_enrol
from fusee.nurturing.tests.factories import email_with_content, live_sequence
from fusee.segments.models import Segment

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def welcome():
    return email_with_content(name="Welcome")


@pytest.fixture
def sequence(welcome) -> Sequence:
    return live_sequence([
        {"key": "hello", "kind": "send", "email": welcome, "next": "pause"},
        {"key": "pause", "kind": "wait", "config": {"days": 2}},
    ], name="Onboarding")


def settings_data(**overrides: str) -> dict[str, str]:
    data = {"name": "Trial nurture", "description": "", "trigger": "manual", "reentry": "never",
            "business_hours_only": "on"}
    return data | overrides


def url(name: str, sequence: Sequence, *args: str) -> str:
    return reverse(f"nurturing:{name}", args=[sequence.pk, *args])


def htmx_post(client, address: str, data: dict[str, str] | None = None) -> str:
    response = client.post(address, data or {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_it_creates_a_sequence_triggered_by_a_saved_segment_and_opens_its_draft(marketer_client):
    segment = Segment.objects.create(name="French leads", expression='country = "FR"')
    response = marketer_client.post(
        reverse("nurturing:sequence_new"), settings_data(trigger="segment", segment=str(segment.pk))
    )
    sequence = Sequence.objects.get()
    assert response.url == url("sequence_draft", sequence)
    assert sequence.trigger_config == {"expression": 'country = "FR"', "segment": segment.pk}
    assert sequence.status == SequenceStatus.DRAFT and sequence.business_hours_only
    page = marketer_client.get(response.url).content.decode()
    assert "Draft of version 1" in page and "Nothing is published yet" in page


def test_it_shows_the_fields_of_the_trigger_chosen(marketer_client):
    new = reverse("nurturing:sequence_new")
    page = marketer_client.get(new, {"trigger": "event"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page and 'name="event_type"' in page and 'name="expression"' not in page
    score = marketer_client.get(new, {"trigger": "score"}, HTTP_HX_REQUEST="true")
    assert 'name="min_score"' in score.content.decode()


def test_it_shows_a_wrong_trigger_under_its_field_and_creates_nothing(marketer_client):
    data = settings_data(trigger="segment", expression="scor >= 3")
    page = marketer_client.post(reverse("nurturing:sequence_new"), data).content.decode()
    assert 'id="expression-error"' in page and "score" in page[page.index('id="expression-error"'):]
    data = settings_data(trigger="event")
    page = marketer_client.post(reverse("nurturing:sequence_new"), data).content.decode()
    assert 'id="event_type-error"' in page
    assert not Sequence.objects.exists()


def test_it_edits_a_draft_step_by_step_and_publishes_it(marketer_client, sequence, welcome):
    old = contact_enrol(actor=None, sequence=sequence, contact=ContactFactory.create())
    marketer_client.post(url("sequence_draft", sequence))
    page = htmx_post(marketer_client, url("draft_step_add", sequence), {"kind": "branch", "after": "pause"})
    assert "<html" not in page and 'id="step-form"' in page and 'name="expression"' in page
    page = htmx_post(marketer_client, url("draft_step", sequence, "branch-3"),
                     {"expression": "score >= 50", "yes": "hello", "no": ""})
    assert 'id="step-form"' not in page and "not-publishable" not in page
    page = htmx_post(marketer_client, url("draft_step", sequence, "pause"),
                     {"mode": "delay", "days": "", "hours": "4", "minutes": "", "then": "branch-3"})
    assert "4 hours" in page
    page = marketer_client.get(url("sequence_draft", sequence)).content.decode()
    assert "1 contact stays on version 1." in page
    response = marketer_client.post(url("draft_publish", sequence))
    assert response.url == url("sequence", sequence)
    version = sequence.live_version()
    assert version.number == 2
    assert list(version.steps.values_list("key", "next_key")) == [
        ("hello", "pause"), ("pause", "branch-3"), ("branch-3", "")]
    assert Step.objects.get(version=version, key="branch-3").config == {
        "expression": "score >= 50", "yes": "hello", "no": ""}
    old.refresh_from_db()
    assert old.version.number == 1
    assert AuditEntry.objects.filter(action="sequence.published").count() == 2


def test_it_shows_an_invalid_step_s_errors_on_it_and_saves_nothing(marketer_client, sequence):
    authoring.draft_open(actor=None, sequence=sequence)
    page = htmx_post(marketer_client, url("draft_step", sequence, "pause"),
                     {"mode": "weekday", "weekday": "", "at": "25:00", "then": ""})
    assert 'id="weekday-error"' in page and 'id="at-error"' in page
    step = Step.objects.get(version__published_at__isnull=True, key="pause")
    assert step.config == {"days": 2}
    page = htmx_post(marketer_client, url("draft_step_add", sequence), {"kind": "split", "after": "hello"})
    data = {"name_1": "A", "weight_1": "0", "next_1": "pause", "name_2": "A", "weight_2": "", "next_2": "",
            "metric": "clicked", "confidence": "0.95"}
    page = htmx_post(marketer_client, url("draft_step", sequence, "split-3"), data)
    assert 'id="weight_1-error"' in page and 'id="name_2-error"' in page


def test_it_refuses_to_publish_an_invalid_draft_and_names_the_step(marketer_client, sequence):
    authoring.draft_open(actor=None, sequence=sequence)
    htmx_post(marketer_client, url("draft_step_add", sequence), {"kind": "send", "after": "pause"})
    page = marketer_client.get(url("sequence_draft", sequence)).content.decode()
    problems = page[page.index('id="problems-send-3"'):]
    assert "step send-3: choose the email to send" in problems and 'id="not-publishable"' in page
    response = marketer_client.post(url("draft_publish", sequence), follow=True)
    assert "Not published: step send-3: choose the email to send" in response.content.decode()
    assert sequence.versions.count() == 2 and sequence.live_version().number == 1


def test_it_deletes_and_moves_steps(marketer_client, sequence):
    authoring.draft_open(actor=None, sequence=sequence)
    page = htmx_post(marketer_client, url("draft_step_move", sequence, "pause"), {"direction": "up"})
    assert page.index('id="draft-step-pause"') < page.index('id="draft-step-hello"')
    page = htmx_post(marketer_client, url("draft_step_delete", sequence, "hello"))
    assert 'id="draft-step-hello"' not in page
    response = marketer_client.post(url("draft_step_delete", sequence, "pause"))  # no HTMX: back to the page
    assert response.status_code == 302 and response.url.startswith(url("sequence_draft", sequence))


def test_it_pauses_resumes_archives_and_says_when_a_move_is_illegal(marketer_client, sequence):
    page = marketer_client.get(url("sequence", sequence)).content.decode()
    assert 'id="pause-dialog"' in page and 'id="archive-dialog"' in page and 'id="resume-dialog"' not in page
    marketer_client.post(url("sequence_status", sequence, "pause"))
    sequence.refresh_from_db()
    assert sequence.status == SequenceStatus.PAUSED
    response = marketer_client.post(url("sequence_status", sequence, "pause"), follow=True)
    assert "Onboarding cannot go from paused to paused" in response.content.decode()
    marketer_client.post(url("sequence_status", sequence, "resume"))
    marketer_client.post(url("sequence_status", sequence, "archive"))
    sequence.refresh_from_db()
    assert sequence.status == SequenceStatus.ARCHIVED
    assert marketer_client.post(url("sequence_status", sequence, "explode")).status_code == 404


def test_it_enrols_a_segment_from_the_sequence_page_and_reports_the_counts(marketer_client, sequence):
    segment = Segment.objects.create(name="Portugal", expression='country = "PT"')
    ContactFactory.create_batch(2, country="PT")
    ContactFactory.create(country="PT", unsubscribed=True)
    response = marketer_client.post(url("sequence_enrol", sequence), {"segment": segment.pk}, follow=True)
    assert "2 contacts enrolled. Skipped: 1 unsubscribed contact." in response.content.decode()
    assert Enrolment.objects.count() == 2


def test_it_finds_a_contact_by_email_and_enrols_them(marketer_client, sequence):
    ana = ContactFactory.create(email="ana@lima.example", first_name="<i>Ana</i>")
    response = marketer_client.get(url("sequence", sequence), {"q": "ana@"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'id="enrol-matches"' in page and "<html" not in page and "&lt;i&gt;Ana" in page
    response = marketer_client.post(url("sequence_enrol", sequence), {"contact": ana.pk}, follow=True)
    assert "1 contact enrolled." in response.content.decode()
    response = marketer_client.post(url("sequence_enrol", sequence), {"contact": ana.pk}, follow=True)
    assert "0 contacts enrolled. Skipped: 1 contact already in the sequence." in response.content.decode()


def test_it_agrees_each_reason_for_skipping_with_its_count_in_french():
    tally = EnrolmentTally(enrolled=2, skipped={SkipReason.UNSUBSCRIBED: 1, SkipReason.ACTIVE: 3})
    with translation.override("fr"):
        text = tally_text(tally)
    assert text == ("2 contacts inscrits. "
                    "Non inscrits : 1 contact désinscrit, 3 contacts déjà dans la séquence.")


def test_it_lets_a_viewer_read_the_draft_but_change_nothing(viewer_client, sequence):
    authoring.draft_open(actor=None, sequence=sequence)
    page = viewer_client.get(url("sequence_draft", sequence)).content.decode()
    assert 'id="draft-step-hello"' in page and 'id="publish-open"' not in page
    assert 'action="' + url("draft_step_add", sequence) not in page
    sequence_page = viewer_client.get(url("sequence", sequence)).content.decode()
    assert 'id="pause-dialog"' not in sequence_page and 'id="enrol"' not in sequence_page
    contact = ContactFactory.create()
    for address, data in (
        (reverse("nurturing:sequence_new"), settings_data()),
        (url("sequence_settings", sequence), settings_data()),
        (url("draft_step_add", sequence), {"kind": "goal"}),
        (url("draft_step", sequence, "pause"), {"mode": "delay", "days": "9"}),
        (url("draft_step_delete", sequence, "pause"), {}),
        (url("draft_publish", sequence), {}),
        (url("draft_discard", sequence), {}),
        (url("sequence_status", sequence, "pause"), {}),
        (url("sequence_enrol", sequence), {"contact": contact.pk}),
    ):
        assert viewer_client.post(address, data).status_code == 403, address
    assert viewer_client.get(reverse("nurturing:sequence_new")).status_code == 403
    assert sequence.versions.count() == 2 and not Enrolment.objects.exists()
    assert Sequence.objects.get().status == SequenceStatus.LIVE


def test_it_shows_what_people_typed_as_text(marketer_client):
    marketer_client.post(reverse("nurturing:sequence_new"), settings_data(name=HOSTILE, description=HOSTILE))
    sequence = Sequence.objects.get()
    htmx_post(marketer_client, url("draft_step_add", sequence), {"kind": "notify", "after": ""})
    htmx_post(marketer_client, url("draft_step", sequence, "notify-1"), {"message": HOSTILE, "then": ""})
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    pages = (url("sequence_draft", sequence), url("sequence", sequence), reverse("nurturing:sequences"))
    for address in pages:
        page = marketer_client.get(address).content.decode()
        assert HOSTILE not in page and escaped in page, address


def test_it_changes_the_settings_of_a_live_sequence_at_once(marketer_client, sequence):
    page = marketer_client.get(url("sequence_settings", sequence)).content.decode()
    assert 'value="Onboarding"' in page and "Settings are not versioned" in page
    data = settings_data(name="Onboarding", trigger="score", min_score="60", reentry="after_exit")
    response = marketer_client.post(url("sequence_settings", sequence), data)
    assert response.url == url("sequence", sequence)
    sequence.refresh_from_db()
    assert (sequence.trigger_config, sequence.reentry) == ({"min_score": 60}, "after_exit")
    assert sequence.versions.count() == 1  # settings are not versioned
    assert AuditEntry.objects.get(action="sequence.updated").changes["trigger"] == ["manual", "score"]
