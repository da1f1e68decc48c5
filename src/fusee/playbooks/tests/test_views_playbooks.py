"""The playbook pages: the list, a playbook with its guide and lateness, the YAML editor, the review."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fusee.playbooks.models import Playbook, PlaybookVersion
from fusee.playbooks.templatetags.playbook_tags import is_safe_url, markdown_html
from fusee.playbooks.tests.factories import make_playbook, make_run, small_yaml

pytestmark = pytest.mark.django_db


def compact(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_it_lists_playbooks_with_steps_runs_and_the_review_badge(viewer_client):
    playbook = make_playbook()
    make_run(playbook=playbook)
    Playbook.objects.filter(pk=playbook.pk).update(review_on=timezone.localdate() - timedelta(days=1))
    page = compact(viewer_client.get(reverse("playbooks:list")).content.decode())
    row = page[page.index("Small webinar"):page.index("</tr>", page.index("Small webinar"))]
    assert re.search(r'<td class="text-end">4</td> <td class="text-end">1</td>', row)  # 4 steps, 1 run
    assert "review due" in row
    assert "Small webinar · 20" in page  # the run in progress, named after the playbook and its date
    assert reverse("playbooks:library_load") not in page  # a viewer cannot load the library


def test_it_offers_a_marketer_the_library_and_a_new_playbook(marketer_client):
    page = marketer_client.get(reverse("playbooks:list")).content.decode()
    assert reverse("playbooks:library_load") in page and reverse("playbooks:playbook_new") in page


def test_it_loads_the_library_for_a_marketer(marketer_client):
    response = marketer_client.post(reverse("playbooks:library_load"), follow=True)
    assert "library is loaded" in response.content.decode()
    assert Playbook.objects.filter(shipped=True, slug="webinar").exists()


def test_it_refuses_the_library_to_a_viewer(viewer_client):
    assert viewer_client.post(reverse("playbooks:library_load")).status_code == 403
    assert not Playbook.objects.exists()


def test_it_shows_a_step_with_its_offset_guide_and_lateness_across_runs(viewer_client):
    playbook = make_playbook()
    for late_days in (2, 3):  # two past runs finished "topic" late
        run = make_run(playbook=playbook)
        run.tasks.filter(step_key="topic").update(status="done", late_days=late_days)
    page = compact(viewer_client.get(reverse("playbooks:playbook", args=[playbook.slug])).content.decode())
    topic = page[page.index('id="step-topic"'):page.index('id="step-landing"')]
    assert "15 business days before</span> · 2 business days · Host" in topic
    assert "<strong>one</strong> problem" in topic and "<li>ask sales</li>" in topic  # Markdown, rendered
    assert "One problem, one promise" in topic and "Sales agree" in topic and "A one-line promise" in topic
    assert "2.5 business days late on average" in topic and "over 2 runs" in topic
    landing = page[page.index('id="step-landing"'):page.index('id="step-invite"')]
    assert "after Choose the topic" in landing and "No finished run yet." in landing
    assert "Create the form" in landing
    assert "Run a <strong>short</strong> webinar" in page and "Webinar live · 11:00" in page


def test_it_renders_a_tutorial_without_its_raw_html_or_script_links(marketer, viewer_client):
    hostile = "Read <script>alert(1)</script> [this](javascript:alert(2)) and <img src=x onerror=alert(3)>"
    playbook = make_playbook(actor=marketer, purpose=hostile)
    page = viewer_client.get(reverse("playbooks:playbook", args=[playbook.slug])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "javascript:" not in page and "<img src=x" not in page


def test_it_keeps_only_web_and_mail_addresses_in_markdown_links():
    assert is_safe_url("https://fusee.dev") and is_safe_url("/okrs/") and is_safe_url("mailto:a@b.c")
    assert not is_safe_url("JavaScript:alert(1)") and not is_safe_url("java\tscript:x")
    assert not is_safe_url("data:text/html,x") and not is_safe_url(" vbscript:x")
    assert 'href="https://fusee.dev"' in markdown_html("[site](https://fusee.dev)")


def test_it_shows_an_older_version_on_request(viewer_client, marketer):
    playbook = make_playbook(actor=marketer)
    make_playbook(actor=marketer, name="Small webinar, second take")
    url = reverse("playbooks:playbook", args=[playbook.slug])
    page = viewer_client.get(url, {"version": 1}).content.decode()
    assert "version 1" in page and 'href="?version=2"' in page
    assert "<h1" in page and "Small webinar, second take" in page  # the playbook's name is the current one


def test_it_marks_a_playbook_reviewed(marketer_client):
    playbook = make_playbook()
    Playbook.objects.filter(pk=playbook.pk).update(review_on=timezone.localdate())
    response = marketer_client.post(reverse("playbooks:playbook_reviewed", args=[playbook.slug]), follow=True)
    playbook.refresh_from_db()
    assert playbook.review_on > timezone.localdate() + timedelta(days=140)
    assert "next review by" in response.content.decode()


def test_it_saves_an_edit_as_a_new_version(marketer_client, marketer):
    playbook = make_playbook()
    url = reverse("playbooks:playbook_edit", args=[playbook.slug])
    assert "key: small-webinar" in marketer_client.get(url).content.decode()
    response = marketer_client.post(url, {"source": small_yaml(name="Webinar, revised")})
    assert response["Location"] == reverse("playbooks:playbook", args=[playbook.slug])
    version = playbook.versions.get(number=2)
    assert version.author == marketer and version.document["name"] == "Webinar, revised"


def test_it_lists_every_problem_with_its_place_and_saves_nothing(marketer_client):
    playbook = make_playbook()
    broken = small_yaml().replace("offset: -10", "offset: soon").replace("duration: 3", "duration: long")
    url = reverse("playbooks:playbook_edit", args=[playbook.slug])
    response = marketer_client.post(url, {"source": broken})
    assert response.status_code == 400
    problems = re.findall(r"<li>(small-webinar\.yaml:\d+:\d+.*?)</li>", response.content.decode())
    assert len(problems) == 2, problems
    assert {problem.split(" ")[1] for problem in problems} == {"steps[1].offset:", "steps[1].duration:"}
    assert PlaybookVersion.objects.filter(playbook=playbook).count() == 1


def test_it_names_where_invalid_yaml_breaks(marketer_client):
    response = marketer_client.post(reverse("playbooks:playbook_new"), {"source": "key: [open\nname: x\n"})
    assert response.status_code == 400
    assert re.search(r"new-playbook\.yaml:\d+:\d+", response.content.decode())
    assert not Playbook.objects.exists()


def test_it_creates_a_playbook_from_the_editor(marketer_client):
    response = marketer_client.post(reverse("playbooks:playbook_new"),
                                    {"source": small_yaml(key="launch", name="Launch")})
    assert response["Location"] == reverse("playbooks:playbook", args=["launch"])
    assert Playbook.objects.get(slug="launch").name == "Launch"


def test_it_escapes_what_a_playbook_says(marketer, viewer_client):
    playbook = make_playbook(actor=marketer, name="<b>Webinar</b>", milestone="<i>live</i>")
    page = viewer_client.get(reverse("playbooks:playbook", args=[playbook.slug])).content.decode()
    assert "&lt;b&gt;Webinar&lt;/b&gt;" in page and "<b>Webinar" not in page and "<i>live" not in page


def test_it_keeps_the_editor_from_a_viewer(viewer_client):
    playbook = make_playbook()
    assert viewer_client.get(reverse("playbooks:playbook_edit", args=[playbook.slug])).status_code == 403
    assert viewer_client.post(reverse("playbooks:playbook_new"), {"source": small_yaml()}).status_code == 403
    assert viewer_client.post(reverse("playbooks:playbook_reviewed", args=[playbook.slug])).status_code == 403
