from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fusee.core.models import AuditEntry
from fusee.webforms.models import Form, FormKind, Submission, SubmissionStatus
from fusee.webforms.protection import form_token_issued_at
from fusee.webforms.tests.factories import FormFactory

NEW_FORM = {
    "name": "Monthly digest", "kind": FormKind.NEWSLETTER, "fields": ["first_name", "job_title"],
    "language": "fr", "consent_text": "J'accepte.", "double_opt_in": "on",
    "thank_you_message": "Merci !", "campaign": "digest", "active": "on",
}


@pytest.mark.parametrize("name", ["webforms:forms", "webforms:form_new"])
def test_it_sends_anonymous_visitors_to_the_login_page(db, name):
    response = Client().get(reverse(name))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_it_needs_a_login_for_a_forms_submissions(db):
    form = FormFactory.create()
    assert Client().get(reverse("webforms:form", args=[form.pk])).status_code == 302


def test_it_lists_forms_with_their_counts_per_status(db, viewer_client):
    form = FormFactory.create(name="Digest")
    counts = {SubmissionStatus.PENDING: 2, SubmissionStatus.CONFIRMED: 3, SubmissionStatus.SPAM: 1}
    for status, times in counts.items():
        Submission.objects.bulk_create(Submission(form=form, status=status) for _ in range(times))
    page = viewer_client.get(reverse("webforms:forms")).content.decode()
    assert "Digest" in page
    assert 'data-count="pending">2<' in page and 'data-count="confirmed">3<' in page
    assert 'data-count="spam">1<' in page


def test_it_creates_a_form_and_audits_it(db, marketer_client, marketer):
    response = marketer_client.post(reverse("webforms:form_new"), NEW_FORM)
    form = Form.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("webforms:form", args=[form.pk])
    assert (form.fields, form.language, form.double_opt_in, form.created_by) == (
        ["first_name", "job_title"], "fr", True, marketer
    )
    assert AuditEntry.objects.filter(action="webforms.form_created", target_id=str(form.pk)).exists()


def test_it_asks_a_gated_content_form_for_its_download(db, marketer_client):
    response = marketer_client.post(reverse("webforms:form_new"), NEW_FORM | {"kind": FormKind.GATED_CONTENT})
    assert response.status_code == 200 and b"needs the URL of its download" in response.content
    unsafe = NEW_FORM | {"kind": FormKind.GATED_CONTENT, "download_url": "javascript:alert(1)"}
    assert marketer_client.post(reverse("webforms:form_new"), unsafe).status_code == 200
    assert not Form.objects.exists()


def test_it_edits_a_form_and_logs_what_changed(db, marketer_client):
    form = FormFactory.create(name="Old")
    values = NEW_FORM | {"name": "New"}
    assert marketer_client.post(reverse("webforms:form_edit", args=[form.pk]), values).status_code == 302
    form.refresh_from_db()
    assert form.name == "New"
    entry = AuditEntry.objects.get(action="webforms.form_updated")
    assert entry.changes["name"] == ["Old", "New"]


def test_it_refuses_a_viewer_creating_or_editing_forms(db, viewer_client):
    form = FormFactory.create()
    assert viewer_client.get(reverse("webforms:form_new")).status_code == 403
    assert viewer_client.post(reverse("webforms:form_new"), NEW_FORM).status_code == 403
    assert viewer_client.post(reverse("webforms:form_edit", args=[form.pk]), NEW_FORM).status_code == 403
    assert Form.objects.count() == 1
    assert b"New form" not in viewer_client.get(reverse("webforms:forms")).content


def test_it_shows_embed_snippets_that_work(db, marketer_client):
    form = FormFactory.create()
    page = marketer_client.get(reverse("webforms:form", args=[form.pk]))
    snippet = page.context["html_snippet"]
    public = f"/forms/f/{form.slug}/"
    assert f'src="http://127.0.0.1:8000{public}"' in page.context["iframe_snippet"]
    assert f'action="http://127.0.0.1:8000{public}"' in snippet and 'name="website"' in snippet
    assert "&lt;form method=&quot;post&quot;" in page.content.decode()  # shown as text, not as a form
    token = snippet.split('name="token" value="')[1].split('"')[0]
    assert form_token_issued_at(form, token) is not None  # pasted as is, it stays valid


def test_it_shows_the_nav_entry(db, viewer_client):
    assert reverse("webforms:forms").encode() in viewer_client.get(reverse("dashboard")).content
