from __future__ import annotations

import binascii
import dataclasses
import datetime as dt
import email
import email.policy
import re
import time
from email.message import EmailMessage

import pytest

from fusee.core.errors import DomainError
from fusee.nurturing.mail.building import (
    BrandLayout,
    OutgoingEmail,
    add_utm,
    build_message,
    default_layout,
    make_message_id,
    markdown_to_html,
    render_html_document,
    rewrite_links,
)
from fusee.nurturing.mail.mime import multipart_alternative
from fusee.nurturing.mail.templating import compile_template

UNSUBSCRIBE_URL = "https://app.example.com/u/eyJlIjoxMjM0NTY3ODksInMiOjEyfQ.c2lnbmF0dXJlLXRoYXQtaXMtbG9uZw/"
BODY = """<h1>Bonjour Zoé,</h1>
<p>Votre guide est prêt :
<a href="https://example.com/guide?ref=nl&amp;x=%7E1#chapitre-2">le télécharger</a>.</p>
<p><a href="mailto:hello@example.com">Écrivez-nous</a>, <a href="tel:+33102030405">appelez</a>
ou <a href="#top">remontez</a>. <img src="https://example.com/photo.png" alt="photo"></p>
<p><a href="https://example.com/pricing?utm_campaign=spring">Tarifs</a></p>
<p><a href="{unsubscribe}">Se désabonner ici</a></p>
""".replace("{unsubscribe}", UNSUBSCRIBE_URL)


def outgoing(**changes: object) -> OutgoingEmail:
    fields: dict[str, object] = {
        "message_id": make_message_id(key="enrolment-42-step-3-attempt-1", domain="mail.example.com"),
        "from_name": "Équipe Fusée",
        "from_address": "hello@example.com",
        "to_address": "zoe@example.fr",
        "to_name": "Zoé Martin",
        "reply_to": "sales@example.com",
        "subject": "Zoé, votre guide « Croissance B2B » est prêt à être téléchargé dès aujourd'hui",
        "html_body": BODY,
        "unsubscribe_url": UNSUBSCRIBE_URL,
        "unsubscribe_mailto": "unsubscribe+eyJlIjoxMjM0NTY3ODl9@mail.example.com",
        "utm_campaign": "nurture-saas-fr",
        "language": "fr",
        "preheader": "Le guide en 10 minutes",
        "open_pixel_url": "https://t.example.com/o/abc.gif",
        "date": dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC),
    }
    return OutgoingEmail(**(fields | changes))  # type: ignore[arg-type]


LAYOUT = BrandLayout(
    name="Acme",
    primary_colour="#1a73e8",
    footer_text="Acme SAS\n12 rue de la Paix\n75002 Paris, France",
    logo_url="https://example.com/logo.png",
)


def tracked(url: str) -> str:
    return "https://t.example.com/c/" + url.replace("://", "/")


def parsed(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def hrefs(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'<a [^>]*href="([^"]*)"', html)]


def test_it_appends_utm_parameters_keeping_the_query_as_written_and_the_fragment():
    assert add_utm("https://example.com/guide?ref=nl&x=%7E1#chapitre-2", campaign="spring") == (
        "https://example.com/guide?ref=nl&x=%7E1&utm_source=fusee&utm_medium=email&utm_campaign=spring"
        "#chapitre-2"
    )
    assert add_utm("https://example.com", campaign="été 2025") == (
        "https://example.com?utm_source=fusee&utm_medium=email&utm_campaign=%C3%A9t%C3%A9+2025"
    )


def test_it_keeps_utm_parameters_the_author_chose():
    assert add_utm("https://example.com/?utm_campaign=mine&utm_source=blog", campaign="spring") == (
        "https://example.com/?utm_campaign=mine&utm_source=blog&utm_medium=email"
    )


def test_it_gives_utm_and_tracking_to_web_links_only():
    html = render_html_document(email=outgoing(), layout=LAYOUT, link_rewriter=tracked)

    assert hrefs(html) == [
        "https://t.example.com/c/https/example.com/guide?ref=nl&x=%7E1"
        "&utm_source=fusee&utm_medium=email&utm_campaign=nurture-saas-fr#chapitre-2",
        "mailto:hello@example.com",
        "tel:+33102030405",
        "#top",
        "https://t.example.com/c/https/example.com/pricing?utm_campaign=spring&utm_source=fusee&utm_medium=email",
        UNSUBSCRIBE_URL,
        UNSUBSCRIBE_URL,  # the layout's footer link
    ]
    assert 'src="https://example.com/photo.png"' in html
    assert 'src="https://example.com/logo.png"' in html


def test_it_finds_the_href_after_attributes_holding_a_greater_than_sign():
    html = """<a title="1 > 0" data-x='a>b' href='https://example.com/?a=1&amp;b=2'>x</a><abbr href="no">"""

    rewritten = rewrite_links(html, rewrite=lambda url: url + "&seen=1")

    assert rewritten == (
        """<a title="1 > 0" data-x='a>b' href="https://example.com/?a=1&amp;b=2&amp;seen=1">x</a>"""
        """<abbr href="no">"""
    )


def test_it_scans_a_pathological_start_tag_quickly():
    html = "<a " + "x " * 20_000 + ">" + "<a title='>'" * 5_000

    started = time.perf_counter()
    rewrite_links(html, rewrite=lambda url: url)

    assert time.perf_counter() - started < 1


def test_it_builds_a_message_that_parses_back_with_its_headers_and_both_parts():
    message = parsed(build_message(email=outgoing(), layout=LAYOUT, link_rewriter=tracked))

    assert message["From"].addresses[0].display_name == "Équipe Fusée"
    assert message["From"].addresses[0].addr_spec == "hello@example.com"
    assert str(message["To"]) == "Zoé Martin <zoe@example.fr>"
    assert str(message["Reply-To"]) == "sales@example.com"
    assert (
        message["Subject"] == "Zoé, votre guide « Croissance B2B » est prêt à être téléchargé dès aujourd'hui"
    )
    assert message["Message-ID"] == "<enrolment-42-step-3-attempt-1@mail.example.com>"
    assert message["Date"].datetime == dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)
    assert message["MIME-Version"] == "1.0"
    assert message["List-Unsubscribe"] == (
        f"<mailto:unsubscribe+eyJlIjoxMjM0NTY3ODl9@mail.example.com>, <{UNSUBSCRIBE_URL}>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert all(part.get_content_charset() == "utf-8" for part in message.iter_parts())


def test_it_keeps_the_links_readable_in_the_text_part():
    message = parsed(build_message(email=outgoing(), layout=LAYOUT, link_rewriter=tracked))
    text = message.get_body(preferencelist=("plain",)).get_content()

    assert "Bonjour Zoé," in text
    assert "https://t.example.com/c/https/example.com/guide?ref=nl&x=%7E1&utm_source=fusee" in text
    assert "mailto:hello@example.com" in text
    assert UNSUBSCRIBE_URL in text
    assert "12 rue de la Paix" in text
    assert "Le guide en 10 minutes" not in text  # the preheader is hidden in HTML, left out of text
    assert "<" not in text.replace("<script>", "")


def test_it_inlines_css_and_puts_the_open_pixel_last():
    message = parsed(build_message(email=outgoing(), layout=LAYOUT))
    html = message.get_body(preferencelist=("html",)).get_content()

    assert re.search(r'<td class="content" style="[^"]*font-family: Arial', html)
    assert "background-color: #1a73e8" in html
    assert ".content {" not in html  # class rules were inlined; only @media stays in <style>
    assert "@media (max-width: 620px)" in html
    assert re.search(r'<img src="https://t\.example\.com/o/abc\.gif"[^>]*>\s*</body>', html)


def test_it_never_reads_a_stylesheet_named_in_the_body(tmp_path):
    stylesheet = tmp_path / "secret.css"
    stylesheet.write_text("p { color: #123456 }")
    body = f'<link rel="stylesheet" href="{stylesheet}"><link rel="stylesheet" href="file://{stylesheet}"><p>x</p>'

    html = render_html_document(email=outgoing(html_body=body), layout=LAYOUT)

    assert "#123456" not in html


def test_it_never_lets_personalised_text_start_a_new_header():
    raw = build_message(
        email=outgoing(subject="Hi\r\nBcc: victim@example.com", to_name="Zoé\nX-Evil: 1"), layout=LAYOUT
    )
    message = parsed(raw)

    assert message["Bcc"] is None
    assert message["X-Evil"] is None
    assert message["Subject"] == "Hi Bcc: victim@example.com"


def test_it_folds_long_french_headers_within_the_line_limit():
    raw = build_message(email=outgoing(subject="Très " * 40), layout=LAYOUT)
    head = raw.split(b"\r\n\r\n", 1)[0]

    assert all(len(line) <= 78 for line in head.split(b"\r\n") if not line.startswith(b" <https://"))
    assert parsed(raw)["Subject"] == ("Très " * 40).strip()
    assert all(b"\n" not in line for line in raw.split(b"\r\n"))  # CRLF only


def test_it_encodes_an_international_recipient_domain_in_punycode():
    message = parsed(build_message(email=outgoing(to_address="zoe@exämple.fr"), layout=LAYOUT))

    assert message["To"].addresses[0].addr_spec == "zoe@xn--exmple-cua.fr"


@pytest.mark.parametrize(
    "address", ["", "zoe", "zoe@", "zo e@example.fr", "zoe@example.fr>, x@y.z", "zoé@example.fr"]
)
def test_it_refuses_an_address_it_cannot_send_to(address):
    with pytest.raises(DomainError, match="recipient address"):
        build_message(email=outgoing(to_address=address), layout=LAYOUT)


def test_it_offers_one_click_unsubscribe_only_over_https():
    message = parsed(
        build_message(email=outgoing(unsubscribe_url="http://localhost:8000/u/t/"), layout=LAYOUT)
    )

    assert message["List-Unsubscribe"] == (
        "<mailto:unsubscribe+eyJlIjoxMjM0NTY3ODl9@mail.example.com>, <http://localhost:8000/u/t/>"
    )
    assert message["List-Unsubscribe-Post"] is None


def test_it_refuses_an_unsubscribe_link_that_would_break_the_header():
    with pytest.raises(DomainError, match="unsubscribe link"):
        build_message(email=outgoing(unsubscribe_url="https://x.example/u/a>, <https://evil"), layout=LAYOUT)


def test_it_makes_message_ids_from_a_stable_key():
    assert make_message_id(key="enrolment-7-step-2-attempt-1", domain="mail.example.com") == (
        "<enrolment-7-step-2-attempt-1@mail.example.com>"
    )
    for key, domain in [("a b", "example.com"), ("a>b", "example.com"), ("a", "exa mple.com"), ("", "x.fr")]:
        with pytest.raises(ValueError, match="Message-ID"):
            make_message_id(key=key, domain=domain)


def test_it_sends_the_same_bytes_but_the_boundary_on_every_attempt():
    first, second = (build_message(email=outgoing(), layout=LAYOUT) for _ in range(2))

    boundary = re.compile(rb"=_fusee_[0-9a-f]+")
    assert boundary.sub(b"B", first) == boundary.sub(b"B", second)


def test_it_checks_the_brand_layout():
    with pytest.raises(DomainError, match="brand colour"):
        dataclasses.replace(LAYOUT, primary_colour="red; background: url(https://evil)")
    with pytest.raises(DomainError, match="brand logo"):
        dataclasses.replace(LAYOUT, logo_url="javascript:alert(1)")
    with pytest.raises(DomainError, match="postal address"):
        dataclasses.replace(LAYOUT, footer_text="  ")


def test_it_writes_the_unsubscribe_label_in_the_contacts_language():
    html = render_html_document(email=outgoing(language="de", html_body="<p>Hallo</p>"), layout=LAYOUT)

    assert '<html lang="de">' in html
    assert "Abmelden oder Einstellungen verwalten" in html


def test_it_turns_markdown_into_html_keeping_template_syntax_for_personalisation():
    source = """# Bonjour {{ contact.first_name|default:"" }}

{% if contact.score < 50 %}
Découvrez *notre* [guide]({{ unsubscribe_url }}) — {# a note for the team #}
{% endif %}

- {{ company.name }}
- second_point_here
"""
    html = markdown_to_html(source)
    template = compile_template(html, html=True)
    rendered = template.render(
        {
            "contact": {"first_name": "Zoé", "score": 10},
            "company": {"name": "A&B"},
            "unsubscribe_url": "https://u/",
        }
    )

    assert '<h1>Bonjour {{ contact.first_name|default:"" }}</h1>' in html
    assert "{% if contact.score < 50 %}" in html
    assert "<h1>Bonjour Zoé</h1>" in rendered
    assert 'Découvrez <em>notre</em> <a href="https://u/">guide</a> —' in rendered
    assert "<li>A&amp;B</li>" in rendered
    assert "<li>second_point_here</li>" in rendered


def test_it_unwraps_a_paragraph_holding_only_block_tags():
    html = markdown_to_html('Avant\n\n{% if contact.language == "fr" %}\n\nBonjour\n\n{% endif %}\n\nAprès')

    assert (
        html == '<p>Avant</p>\n{% if contact.language == "fr" %}\n<p>Bonjour</p>\n{% endif %}\n<p>Après</p>'
    )


@pytest.mark.parametrize("preheader", ["", "Le <guide> & « l'offre »"])
@pytest.mark.parametrize("preferences_url", ["", "https://app.example.com/p/a&b'c/"])
def test_it_lays_out_each_message_as_the_layout_template_renders_it(preheader, preferences_url):
    email = outgoing(
        subject='Zoé & "Léa" <Martin> l\'équipe', preheader=preheader, preferences_url=preferences_url
    )

    laid_out_once = render_html_document(email=email, layout=LAYOUT)
    rendered_each_time = render_html_document(email=email, layout=LAYOUT, layout_template=default_layout())

    assert laid_out_once == rendered_each_time


def test_it_encodes_each_line_of_a_part_as_the_whole_part_would_be():
    long_line = "Très " * 40 + "=\t "
    text = "\r\n".join(["", ".", "a  ", long_line, "x" * 76, "y" * 77, "é" * 30, "\t", "fin", ""])

    raw = multipart_alternative(headers=[("Subject", "x")], text=text, html="<p>x</p>")
    part = raw.split(b"Content-Transfer-Encoding: quoted-printable\r\n\r\n")[1].split(b"--=_fusee_")[0]

    assert part == binascii.b2a_qp(text.encode("utf-8"), istext=True)
    assert all(len(line) <= 76 for line in part.split(b"\r\n"))
