from __future__ import annotations

import csv
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fusee.contacts.tests.factories import ContactFactory
from fusee.segments import services
from fusee.segments.models import ContactList, Segment

pytestmark = pytest.mark.django_db


@pytest.fixture
def hot(admin) -> Segment:
    return services.segment_create(actor=admin, name="Hot leads", expression="score >= 50")


def test_it_lists_segments_with_their_counts(viewer_client, hot):
    ContactFactory.create_batch(2, score=70)
    page = viewer_client.get(reverse("segments:list")).content.decode()
    assert "Hot leads" in page and ">2</td>" in page.replace(" ", "").replace("\n", "")
    assert reverse("segments:new") not in page


def test_it_shows_a_segment_with_a_preview_linking_to_contacts(viewer_client, hot):
    ana = ContactFactory.create(first_name="Ana", last_name="Lima", score=90)
    ContactFactory.create(score=1)
    page = viewer_client.get(reverse("segments:detail", args=[hot.pk])).content.decode()
    assert reverse("contacts:detail", args=[ana.pk]) in page
    assert "score &gt;= 50" in page
    assert reverse("segments:export", args=[hot.pk, "xlsx"]) in page


def test_it_previews_an_expression_for_a_viewer_without_saving(viewer_client):
    ContactFactory.create(first_name="Ana", score=90)
    response = viewer_client.post(
        reverse("segments:preview"), {"expression": "score >= 50"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'id="preview-count">1<' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert not Segment.objects.exists()


def test_it_highlights_the_error_position_in_the_preview(viewer_client):
    response = viewer_client.post(reverse("segments:preview"), {"expression": "score >= 5 and <b>x"})
    page = response.content.decode()
    assert "at column 16" in page
    assert '<mark class="bg-danger text-white">&lt;</mark>b&gt;x' in page


def test_it_refuses_segment_changes_to_a_viewer(viewer_client, hot):
    assert viewer_client.get(reverse("segments:new")).status_code == 403
    data = {"name": "X", "expression": "score > 1"}
    assert viewer_client.post(reverse("segments:new"), data).status_code == 403
    assert viewer_client.post(reverse("segments:delete", args=[hot.pk])).status_code == 403
    assert viewer_client.post(reverse("segments:list_new"), {"name": "L"}).status_code == 403
    assert Segment.objects.count() == 1 and not ContactList.objects.exists()


def test_it_lets_a_marketer_create_edit_and_delete(marketer_client):
    response = marketer_client.post(reverse("segments:new"), {"name": "Fr", "expression": "country = FR"})
    segment = Segment.objects.get()
    assert response.url == reverse("segments:detail", args=[segment.pk])
    edit = reverse("segments:edit", args=[segment.pk])
    marketer_client.post(edit, {"name": "Fr", "expression": "country = ES", "description": "Spain"})
    segment.refresh_from_db()
    assert (segment.expression, segment.description) == ("country = ES", "Spain")
    marketer_client.post(reverse("segments:delete", args=[segment.pk]))
    assert not Segment.objects.exists()


def test_it_shows_the_builder_with_its_script_and_catalogue(marketer_client):
    page = marketer_client.get(reverse("segments:new")).content.decode()
    assert 'hx-trigger="keyup changed delay:400ms' in page
    assert "segments/builder.js" in page and 'id="segment-catalogue"' in page


def test_it_keeps_an_invalid_expression_in_the_form_with_the_error(marketer_client):
    response = marketer_client.post(
        reverse("segments:new"), {"name": "Bad", "expression": "industy = 'retail'"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "did you mean &quot;industry&quot;" in page
    assert not Segment.objects.exists()


def test_it_exports_csv_and_xlsx_downloads(viewer_client, hot):
    ContactFactory.create(email="ana@example.com", first_name="=HYPERLINK(1)", score=90)
    response = viewer_client.get(reverse("segments:export", args=[hot.pk, "csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="hot-leads.csv"'
    rows = list(csv.reader(StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][:2] == ["ana@example.com", "'=HYPERLINK(1)"]
    response = viewer_client.get(reverse("segments:export", args=[hot.pk, "xlsx"]))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert list(sheet.values)[1][:2] == ("ana@example.com", "'=HYPERLINK(1)")


def test_it_needs_a_login_to_export(client, hot):
    response = client.get(reverse("segments:export", args=[hot.pk, "csv"]))
    assert response.status_code == 302


def test_it_lists_static_lists_and_creates_one_from_a_snapshot(marketer_client):
    ContactFactory.create_batch(2, score=90)
    response = marketer_client.post(
        reverse("segments:list_new"), {"name": "Booth", "description": "", "expression": "score >= 50"}
    )
    assert response.status_code == 302
    page = marketer_client.get(reverse("segments:lists")).content.decode()
    assert "Booth" in page and ">2</td>" in page
