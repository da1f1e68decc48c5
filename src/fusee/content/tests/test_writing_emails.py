import copy
from pathlib import Path

import pytest

from fusee.content.understanding.pipeline import understand_file
from fusee.content.writing.emails import emails_write, sequence_draft_create, text_escape
from fusee.core.errors import DomainError, NotAllowed
from fusee.nurturing import authoring
from fusee.nurturing.mail.building import markdown_to_html
from fusee.nurturing.mail.templating import compile_template
from fusee.nurturing.models import Email, SequenceStatus
from fusee.nurturing.selectors import draft_problems, sequence_draft

CONTENT = Path(__file__).resolve().parents[1]
EBOOK = "https://orbitale.example/ebook"


@pytest.fixture(scope="module")
def french():
    return understand_file(CONTENT / "samples" / "nurturing-b2b.fr.md")


def article_urls(understanding) -> dict[int, str]:
    return {s.index: f"https://orbitale.example/blog/{s.index}" for s in understanding.sections}


def rendered(body: str, first_name: str) -> str:
    context = {"contact": {"first_name": first_name}}
    return compile_template(markdown_to_html(body), html=True).render(context)


def test_it_offers_the_ebook_then_one_article_digest_per_email(french):
    urls = article_urls(french)
    emails = emails_write(french, ebook_url=EBOOK, article_urls=urls)
    assert [e.key for e in emails] == ["email-1", "email-2", "email-3", "email-4", "email-5"]
    assert all(e.ok for e in emails), [c for e in emails for c in e.failed]
    offer, *digests = emails
    assert offer.title.startswith("Votre ebook") and EBOOK in offer.meta["body"]
    assert 2 <= offer.meta["body"].count("\n- ") + offer.meta["body"].startswith("- ") <= 3
    titles = {s.index: s.title for s in french.sections}
    sections = [int(d.meta["section"]) for d in digests]
    assert sections == sorted(sections) and len(set(sections)) == 4
    for digest, index in zip(digests, sections, strict=True):
        assert digest.meta["subject"] == titles[index][:60].rstrip() or digest.meta["subject"].endswith("…")
        assert digest.meta["body"].count("\n- ") == 3 and urls[index] in digest.meta["body"]
        assert "Lire l'article" in digest.meta["body"]
    assert [e.meta["wait_days"] for e in emails] == [0, 4, 7, 7, 7]
    assert str(emails[1].files["emails/email-2.md"]).startswith('---\nsubject: "')


def test_it_personalises_the_greeting_and_reads_well_without_a_name(french):
    body = emails_write(french, ebook_url=EBOOK, article_urls={})[0].meta["body"]
    assert "<p>Bonjour Zoé,</p>" in rendered(body, "Zoé")
    assert "<p>Bonjour,</p>" in rendered(body, "")


def test_it_only_writes_digests_for_sections_with_an_article_in_english():
    understanding = understand_file(CONTENT / "samples" / "webinar-pipeline.en.md")
    emails = emails_write(
        understanding,
        ebook_url=EBOOK,
        article_urls={2: "https://x.example/a"},
        article_titles={2: "How to fill the room"},
        ebook_title="Webinars that sell",
    )
    assert [e.title for e in emails] == ["Your ebook: Webinars that sell", "How to fill the room"]
    assert "Read the article" in emails[1].meta["body"]


def test_it_keeps_template_code_and_markup_in_the_script_as_text(french):
    hostile = copy.deepcopy(french)
    section = hostile.sections[0]
    trap = (
        '{{ contact.email }} {% now "Y" %} <script>alert(1)</script> *not bold* [link](javascript:x) '
        "{# hidden #}"
    )
    for index in section.key_sentences:
        hostile.sentences[index].text = f"{trap} Phrase numéro {index} du script."
    body = emails_write(hostile, ebook_url=EBOOK, article_urls={section.index: "https://x.example/a"})[
        1
    ].meta["body"]
    html = compile_template(markdown_to_html(body), html=True).render(
        {"contact": {"email": "zoe@example.com"}}
    )
    assert "zoe@example.com" not in html and "<script>" not in html and "<em>" not in html
    assert '{{ contact.email }} {% now "Y" %}' in html and "{# hidden #}" in html
    assert "&lt;script&gt;" in html and "*not bold*" in html and 'href="javascript' not in html


def test_it_escapes_a_line_that_would_start_a_markdown_list():
    assert text_escape("2024. The year it worked") == "2024\\. The year it worked"
    assert text_escape("- not a bullet") == "\\- not a bullet"


def test_it_refuses_a_link_that_is_not_a_web_address(french):
    with pytest.raises(DomainError, match="ebook_url: 'javascript:alert\\(1\\)' must be an http"):
        emails_write(french, ebook_url="javascript:alert(1)", article_urls={})
    with pytest.raises(DomainError, match=r"article_urls\[0\]"):
        emails_write(french, ebook_url=EBOOK, article_urls={0: "ftp://x.example/a"})


@pytest.mark.django_db
def test_it_creates_a_draft_sequence_with_the_emails_and_the_waits_between_them(french, marketer):
    assets = emails_write(french, ebook_url=EBOOK, article_urls=article_urls(french))
    sequence = sequence_draft_create(actor=marketer, assets=assets, name="Webinar recyclé", language="fr")
    assert sequence.status == SequenceStatus.DRAFT and sequence.live_version() is None
    draft = sequence_draft(sequence)
    assert draft is not None
    steps = list(draft.steps.order_by("position").select_related("email"))
    assert [s.kind for s in steps] == ["send", "wait", "send", "wait", "send", "wait", "send", "wait", "send"]
    assert [s.config["days"] for s in steps if s.kind == "wait"] == [4, 7, 7, 7]
    assert [s.next_key for s in steps] == [s.key for s in steps[1:]] + [""]
    assert draft_problems(draft) == {}
    first = steps[0].email.content_for("fr")
    assert (first.subject, first.body) == (assets[0].meta["subject"], assets[0].meta["body"])
    assert steps[0].email.from_email == "marketer@example.com" and steps[0].email.default_language == "fr"
    version = authoring.draft_publish(actor=marketer, draft=draft)  # it publishes as it stands
    assert version.steps.count() == 9


@pytest.mark.django_db
def test_it_creates_nothing_when_a_part_is_refused(french, marketer, viewer):
    assets = emails_write(french, ebook_url=EBOOK, article_urls=article_urls(french))
    with pytest.raises(NotAllowed):
        sequence_draft_create(actor=viewer, assets=assets, name="Webinar", language="fr")
    with pytest.raises(DomainError, match="language 'pt'"):
        sequence_draft_create(actor=marketer, assets=assets, name="Webinar", language="pt")
    with pytest.raises(DomainError, match="at least one email"):
        sequence_draft_create(actor=marketer, assets=[], name="Webinar", language="fr")
    assert not Email.objects.exists()
