import textstat

from fusee.content.writing import Asset, Check, pack_checks
from fusee.content.writing.checks import (
    length_check,
    links_check,
    oral_tics,
    readability_check,
    reading_ease,
    tics_check,
)

from .writing_fixtures import demo


def test_it_finds_the_oral_tics_the_cleaner_knows_in_each_language():
    assert oral_tics("It was, like, huge. Um, we went there.", "en") == {"like": 1, "um": 1}
    assert oral_tics("Euh, on a testé le le produit, tu vois.", "fr") == {
        "euh": 1,
        "repeat:le": 1,
        "tu vois": 1,
    }
    # Words that carry meaning stay: "I like it", "tu vois le problème", "Moi, non.", "that that".
    assert not oral_tics("I like it. I think that that works. Right, let's start.", "en")
    assert not oral_tics("Tu vois le problème ? Moi, non. Voilà le résultat. Bon.", "fr")
    assert tics_check("A clean sentence.", "en").ok
    assert "“um” ×1" in tics_check("Um, yes.", "en").detail


def test_readability_uses_each_language_formula_without_touching_textstat_global_language():
    french = "Le programme de nurturing envoie un email par semaine. Les contacts lisent et répondent."
    textstat.set_lang("en_US")
    assert reading_ease(french, "fr") != reading_ease(french, "en")
    assert reading_ease(french, "fr") == reading_ease(french, "fr")  # no state left behind
    assert textstat.textstat._textstatistics__lang == "en_US"
    hard = (
        "Notwithstanding institutional considerations, organisational interdependencies "
        "necessitate comprehensive multidimensional reconceptualisation."
    )
    assert not readability_check(hard, "en").ok and readability_check("We send one email a week.", "en").ok


def test_links_must_point_to_a_sibling_slug_or_a_well_formed_web_address():
    assert links_check(["../a/", "https://example.com/ebook"], slugs=["a"]).ok
    for bad in [
        "../missing/",
        "javascript:alert(1)",
        "https://",
        "ftp://example.com/x",
        "https://exa mple.com",
    ]:
        check = links_check([bad], slugs=["a"])
        assert not check.ok and bad in check.detail


def test_lengths_say_what_was_measured():
    assert length_check("title_length", 61, high=60, unit="characters") == Check(
        "title_length", False, "61 characters (expected ≤ 60)"
    )
    assert length_check("hashtags", 3, low=3, high=5, unit="hashtags").ok


def test_the_pack_flags_a_sentence_in_two_articles_and_an_uncovered_section():
    u = demo("sample:webinar-pipeline.en.md")
    articles = [
        Asset("article", "a", "A", meta={"sentences": [1, 2], "sections": [0]}),
        Asset("article", "b", "B", meta={"sentences": [2, 3], "sections": [1]}),
    ]
    checks = {c.name: c for c in pack_checks(u, articles)}
    assert not checks["no_reuse"].ok and "sentence 2 in a, b" in checks["no_reuse"].detail
    assert not checks["sections_covered"].ok and u.sections[2].title in checks["sections_covered"].detail
