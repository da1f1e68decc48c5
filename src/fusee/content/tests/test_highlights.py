import pytest

from fusee.content.understanding import Sentence, understand_file
from fusee.content.understanding.evaluate import SAMPLES
from fusee.content.understanding.highlights import figures_in, is_question, quote_score


def sentence(text: str) -> Sentence:
    return Sentence(index=0, text=text, raw=text, block=0, last_block=0)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Registrations grew by 18 percent last year.", [("18 percent", "percent")]),
        ("Le taux d'ouverture a gagné 12,5 % en un mois.", [("12,5 %", "percent"), ("un mois", None)]),
        (
            "The series cost 42,000 euros and brought €1.1 million.",
            [("42,000 euros", "currency"), ("€1.1 million", "currency")],
        ),
        ("Un pipeline de 2,4 millions d'euros.", [("2,4 millions d'euros", "currency")]),
        ("Attendees converted at 3.2 times the rate.", [("3.2 times", "multiplier")]),
        ("We called 400 leads within 2 days.", [("400 leads", "quantity"), ("2 days", "quantity")]),
        ("In 2022 we ran episode 356.", []),
    ],
)
def test_it_finds_figures_with_their_unit(text, found):
    got = [(f.value, f.kind) for f in figures_in(sentence(text))]
    assert got == [(value, kind) for value, kind in found if kind]


def test_a_quotable_line_is_short_assertive_and_sets_ideas_against_each_other():
    assert quote_score(sentence("Sales reps need context, not just a name."), "en", 0.5) >= 0.8
    assert (
        quote_score(
            sentence("Comments tell you more than likes ever will, but only if you read them."), "en", 0
        )
        >= 0.8
    )
    assert quote_score(sentence("Is this not the best way to start?"), "en", 1.0) == 0.0
    assert quote_score(sentence("I think maybe it is not the best way to start."), "en", 1.0) == 0.0
    assert quote_score(sentence("Too short, but true."), "en", 1.0) == 0.0
    assert (
        quote_score(sentence("Envoyer moins, mais mieux, a réduit nos désabonnements de moitié."), "fr", 0.3)
        >= 0.8
    )


def test_questions_are_sentences_asking_something():
    assert is_question(sentence("Are webinars still worth it?"))
    assert not is_question(sentence("Right?"))
    assert not is_question(sentence("Webinars are worth it."))


def test_each_section_gets_key_sentences_quotes_figures_and_questions_from_its_own_span():
    result = understand_file(SAMPLES / "webinar-pipeline.en.md")
    for section in result.sections:
        inside = set(section.sentence_indices)
        assert 2 <= len(section.key_sentences) <= 5 and set(section.key_sentences) <= inside
        assert set(section.quotes) <= inside and set(section.questions) <= inside
        assert {f.sentence for f in section.figures} <= inside
    measuring = result.sections[-1]
    assert "42,000 euros" in [f.value for f in measuring.figures]
    assert measuring.quotes  # "Attribution is never perfect, and you should not wait for it to be."
    opening = result.sections[0]
    assert any("Are webinars still worth it" in result.sentences[i].text for i in opening.questions)
