from __future__ import annotations

import pytest
from django.conf import settings
from django.template import TemplateDoesNotExist

from fusee.core.errors import DomainError
from fusee.nurturing.mail.templating import compile_template, freeze, sandboxed_engine


def contact_context(**contact: object) -> dict[str, object]:
    return {
        "contact": {"first_name": "Zoé", "language": "fr", "custom": {"city": "Lyon"}, **contact},
        "company": {"name": "Acme"},
        "sender": {"name": "Max"},
        "unsubscribe_url": "https://app.example.com/u/t0k3n",
    }


def test_it_personalises_with_contact_company_and_custom_fields():
    template = compile_template(
        "Bonjour {{ contact.first_name }} de {{ company.name }} à {{ contact.custom.city }}", html=False
    )

    assert template.render(contact_context()) == "Bonjour Zoé de Acme à Lyon"


def test_it_renders_missing_fields_as_nothing_or_their_default():
    template = compile_template(
        'Bonjour{{ contact.last_name }} {{ contact.first_name|default:"à vous" }}, '
        "{{ contact.custom.nope.deeper }}{{ nothing.at.all }}fin",
        html=False,
    )

    assert template.render(contact_context(first_name="")) == "Bonjour à vous, fin"


def test_it_chooses_branches_and_loops_on_contact_data():
    template = compile_template(
        '{% if contact.language == "fr" %}Salut{% else %}Hi{% endif %}'
        "{% for topic in contact.topics %} {{ forloop.counter }}.{{ topic|title }}{% endfor %}",
        html=False,
    )

    assert template.render(contact_context(topics=["seo", "ads"])) == "Salut 1.Seo 2.Ads"
    assert template.render(contact_context(language="en", topics=[])) == "Hi"


def test_it_escapes_contact_data_in_html_but_not_in_subjects():
    source = "Bonjour {{ contact.first_name }}"
    context = contact_context(first_name="<script>alert(1)</script>")

    assert compile_template(source, html=True).render(context) == (
        "Bonjour &lt;script&gt;alert(1)&lt;/script&gt;"
    )
    assert compile_template(source, html=False).render(context) == "Bonjour <script>alert(1)</script>"


@pytest.mark.parametrize(
    ("filter_or_tag", "problem"),
    [
        ("{{ contact.first_name|safe }}", 'filter "safe" is not allowed in emails'),
        (
            "{% autoescape off %}{{ contact.first_name }}{% endautoescape %}",
            'tag "autoescape" is not allowed',
        ),
    ],
)
def test_it_gives_no_way_to_unescape_contact_data(filter_or_tag, problem):
    with pytest.raises(DomainError, match=problem):
        compile_template(filter_or_tag, html=True)


@pytest.mark.parametrize(
    "tag",
    [
        "{% load static %}",
        '{% include "/etc/passwd" %}',
        '{% extends "base.html" %}',
        "{% block content %}{% endblock %}",
        "{% debug %}",
        '{% url "admin:index" %}',
        "{% csrf_token %}",
        "{% lorem 100000 w %}",
        "{% querystring %}",
    ],
)
def test_it_refuses_tags_that_reach_outside_the_email_and_names_the_line(tag):
    name = tag.split()[1]

    with pytest.raises(DomainError) as refused:
        compile_template(f"Bonjour,\n\n{{% if contact %}}{tag}{{% endif %}}", html=True)

    assert str(refused.value) == f'line 3: tag "{name}" is not allowed in emails'


def test_it_has_no_loader_so_no_file_can_be_read():
    with pytest.raises(TemplateDoesNotExist):
        sandboxed_engine().get_template("/etc/passwd")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Bonjour\n\n{% if contact.first_name %}\nsans fin", "line 3: Unclosed tag: 'if'."),
        ("a\n{{ contact.first_name|nosuchfilter }}", "line 2: Invalid filter: 'nosuchfilter'"),
        ("a\nb\nc\n{% if contact %}{% endfor %}", "line 4: Invalid block tag: 'endfor', expected"),
        (
            "{{ contact.__class__.__mro__ }}",
            "line 1: Variables and attributes may not begin with underscores",
        ),
        ("a\n{% trans 'x' %}", "line 2: Invalid block tag: 'trans'."),
    ],
)
def test_it_names_the_line_of_a_syntax_error(source, message):
    with pytest.raises(DomainError) as refused:
        compile_template(source, html=True)

    assert str(refused.value).startswith(message)
    assert "Did you forget to register or load" not in str(refused.value)


def test_it_names_the_line_of_an_error_found_while_rendering():
    template = compile_template("Bonjour\n{% for a, b in contact.tags %}{{ a }}{% endfor %}", html=False)

    with pytest.raises(DomainError, match=r"^line 2: Need 2 values to unpack in for loop; got 3\."):
        template.render(contact_context(tags=["abc"]))


def test_it_never_calls_methods_that_change_the_callers_data():
    context = contact_context(tags=["a", "b"])
    template = compile_template(
        "{{ contact.clear }}{{ contact.popitem }}{{ contact.custom.clear }}{{ contact.tags.clear }}"
        "{{ contact.tags.pop }}{{ company.clear }}[{{ contact.first_name }} {{ contact.custom.city }}]",
        html=True,
    )

    first = template.render(context)
    second = template.render(context)

    assert first == second == "[Zoé Lyon]"
    assert context == contact_context(tags=["a", "b"])


def test_it_lets_a_template_assign_names_without_touching_the_callers_data():
    context = contact_context()
    template = compile_template(
        '{% with greeting="Salut" %}{{ greeting }}{% endwith %} '
        '{% cycle "x" "y" as contact %}{% firstof contact.nope "z" as company %}{{ company }}',
        html=False,
    )

    assert template.render(context) == "Salut xz"
    assert template.render(context) == "Salut xz"
    assert context == contact_context()


def test_it_only_receives_plain_data_so_settings_and_models_stay_out_of_reach():
    template = compile_template("{{ contact.first_name }}{{ settings.SECRET_KEY }}", html=False)

    assert template.render(contact_context()) == "Zoé"
    with pytest.raises(TypeError, match="only receives dicts, lists and plain values"):
        template.render({"contact": settings})
    with pytest.raises(TypeError):
        template.render({"contact": {"owner": object()}})


def test_it_renders_data_frozen_once_for_several_templates():
    frozen = freeze(contact_context()["contact"])
    subject = compile_template("{{ contact.first_name }}", html=False)
    body = compile_template("<p>{{ contact.custom.city }}</p>", html=True)

    assert subject.render({"contact": frozen}) == "Zoé"
    assert body.render({"contact": frozen}) == "<p>Lyon</p>"
    with pytest.raises(TypeError):
        frozen["first_name"] = "x"
