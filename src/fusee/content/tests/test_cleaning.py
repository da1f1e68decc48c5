import pytest

from fusee.content.understanding.cleaning import clean
from fusee.content.understanding.model import SourceKind

SPOKEN, WRITTEN = SourceKind.SPOKEN, SourceKind.WRITTEN


def spoken(text: str, language: str = "en") -> str:
    return clean(text, language=language, kind=SPOKEN).text


@pytest.mark.parametrize(
    ("language", "said", "cleaned"),
    [
        ("en", "So, um, we need a plan.", "So we need a plan."),
        ("en", "It was, like, huge.", "It was huge."),
        ("en", "You know, this is kind of hard.", "This is hard."),
        ("en", "I mean, the results were clear.", "The results were clear."),
        ("en", "That's the point, right?", "That's the point."),
        ("en", "It was sort of a surprise, uh, for everyone.", "It was a surprise for everyone."),
        ("fr", "Euh... Il m'est arrivé quelque chose.", "Il m'est arrivé quelque chose."),
        ("fr", "Du coup, on a lancé le produit, tu vois.", "On a lancé le produit."),
        ("fr", "C'est simple, hein ?", "C'est simple."),
        ("fr", "Ben oui, bah on a testé.", "Oui, on a testé."),
        ("fr", "Alors, euh, on y va. Et voilà.", "Alors on y va."),
        ("es", "Pues, eh, o sea, el precio importa.", "El precio importa."),
        ("it", "Allora, ehm, il prezzo conta.", "Il prezzo conta."),
        ("de", "Also, äh, der Preis zählt, ne?", "Der Preis zählt."),
    ],
)
def test_it_removes_oral_tics_per_language(language, said, cleaned):
    assert spoken(said, language) == cleaned


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "I like it."),
        ("en", "Things like CRM hygiene matter."),
        ("en", "Do you know the answer?"),
        ("en", "I mean it."),
        ("en", "What kind of tool do you use?"),
        ("en", "That's very kind of you."),
        ("en", "It is a kind of bridge."),
        ("en", "Right, let's start."),
        ("en", "I think that that matters."),
        ("fr", "Voilà le résultat."),
        ("fr", "Tu vois le problème ?"),
        ("fr", "Moi, non."),
        ("fr", "Ben est venu hier."),
        ("fr", "Il a donné un coup de fil, du coup de fil en coup de fil."),
        ("fr", "Nous nous sommes trompés."),
        ("de", "Die Frau, die die Zeitung liest."),
    ],
)
def test_it_leaves_legitimate_uses_alone(language, said):
    assert spoken(said, language) == said


def test_it_removes_repeated_words_and_phrases():
    assert (
        spoken("We we were ready. I was, I was going to say it.") == "We were ready. I was going to say it."
    )
    assert spoken("On a lancé le le produit.", "fr") == "On a lancé le produit."


def test_it_removes_a_false_start_restarted_after_a_dash():
    assert spoken("So we were going -- we went to the store.") == "So we went to the store."
    assert spoken("We tried email -- we failed.") == "We tried email -- we failed."  # the restart says less
    assert spoken("If you don't go - which you should go - you can help.") == (
        "If you don't go - which you should go - you can help."
    )


def test_it_removes_a_word_cut_short():
    assert spoken("We go- going to scale.") == "We going to scale."


def test_it_removes_transcribers_markers():
    assert spoken("Great question [Laughter] really. (applause) Thanks.") == "Great question really. Thanks."
    assert spoken("[Rires] C'est vrai (inaudible) ici.", "fr") == "C'est vrai ici."
    assert spoken("Our prices (in euros) are fair.") == "Our prices (in euros) are fair."


def test_it_keeps_the_full_stop_of_an_ellipsis_that_ends_a_sentence():
    assert spoken("That's the lesson, basically... And it works.") == "That's the lesson... And it works."


def test_it_only_removes_repeated_words_from_written_prose():
    written = "You know, the the results — we were going — we went up, like, 20 %. Um."
    cleaned = clean(written, language="en", kind=WRITTEN)
    assert cleaned.text == "You know, the results — we were going — we went up, like, 20 %. Um."
    assert cleaned.removed == {"repeat": 1}


def test_it_counts_what_it_removed():
    cleaned = clean("Euh, le le marché, tu vois, est là. [Rires]", language="fr", kind=SPOKEN)
    assert cleaned.removed == {"filler:euh": 1, "repeat": 1, "filler:tu vois": 1, "marker": 1}


def test_every_cleaned_character_points_back_to_its_origin():
    said = "So, um, we we were going -- we went, you know, to the store."
    cleaned = clean(said, language="en", kind=SPOKEN)
    assert len(cleaned.origin) == len(cleaned.text)
    assert all(said[o].lower() == c.lower() for o, c in zip(cleaned.origin, cleaned.text, strict=True))
    assert cleaned.origin == sorted(cleaned.origin)
