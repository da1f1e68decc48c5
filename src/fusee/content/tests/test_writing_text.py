import markdown

from fusee.content.writing.text import (
    escape_markdown,
    hashtag,
    hashtags,
    make_slug,
    shorten,
    shorten_title,
    standalone,
)


def test_source_text_cannot_become_markup():
    source = "Use <script>alert(1)</script> & *bold* _x_ # [link](http://x) &lt; `code`"
    html = markdown.markdown(escape_markdown(source))
    assert html == (
        "<p>Use &lt;script&gt;alert(1)&lt;/script&gt; &amp; *bold* _x_ # [link](http://x) &amp;lt; `code`</p>"
    )
    assert markdown.markdown(escape_markdown("- not a list")) == "<p>- not a list</p>"
    assert markdown.markdown(escape_markdown("1. not a list")) == "<p>1. not a list</p>"
    assert markdown.markdown(escape_markdown("# not a heading")) == "<p># not a heading</p>"


def test_slugs_are_ascii_and_unique():
    assert make_slug("L'ebook : passer de l'oral à l'écrit") == "l-ebook-passer-de-l-oral-a-l-ecrit"
    assert make_slug("Start from the buyer's calendar") == "start-from-the-buyers-calendar"
    assert make_slug("Œuvres et Straße : 40 %") == "oeuvres-et-strasse-40-percent"
    assert make_slug("Cadence", taken=["cadence"]) == "cadence-2"
    assert len(make_slug("word " * 40)) <= 60 and not make_slug("word " * 40).endswith("-")


def test_cuts_fall_on_word_boundaries():
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("short", 10) == "short"
    title = "Nurturing long B2B sales cycles: keeping 40,000 contacts warm without spamming them"
    assert shorten_title(title, 60, "en") == "Nurturing long B2B sales cycles"
    assert shorten_title("The webinar checklist we use before every single launch of it and", 60, "en") == (
        "The webinar checklist we use before every single launch"
    )


def test_hashtags_are_camel_case_and_keep_accents():
    assert hashtag("équipes commerciales") == "#ÉquipesCommerciales"
    assert hashtag("score d'engagement") == "#ScoreEngagement"
    assert hashtag("product-focused emails") == "#ProductFocusedEmails"
    assert hashtag("CEO") == "#CEO" and hashtag("2024") is None
    assert hashtags(["lead scoring", "Lead Scoring", "pipeline"]) == ["#LeadScoring", "#Pipeline"]


def test_an_opening_connector_is_dropped_only_at_the_start():
    assert standalone("So the question is simple.", "en") == "The question is simple."
    assert standalone("And I agree.", "en") == "I agree."
    assert standalone("Sorry, no.", "en") == "Sorry, no."
    assert standalone("Donc, on a testé.", "fr") == "On a testé."
