"""Idea → key result suggestions on a realistic marketing quarter, in French and English.

Measured accuracy (top-1): 12 / 12 on the clear pairs below, against which the glossary was
written, six of them across languages (French idea, English key result or the other way round);
11 / 12 on a second set written afterwards and left untouched (the miss: "opt out" in two words,
which the glossary does not know, goes to the other email key result). An idea that fits two key
results ("a webinar with a customer": MQLs from webinars, or customer loyalty) keeps the intended
one in its top 3; an idea that serves nothing gets no suggestion.
"""

import pytest

from fusee.okrs.models import CycleStatus, IdeaStatus
from fusee.okrs.similarity import guess_language, idea_suggestions, lemmas_of, suggest_key_results
from fusee.okrs.tests.factories import CycleFactory, IdeaFactory, KeyResultFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

OBJECTIVES = {
    "Fill the sales pipeline": ("", ["Generate 400 MQLs from webinars", "Book 60 demos for the sales team"]),
    "Nurture the leads we already have": (
        "", ["Raise the human click rate of nurturing emails to 4%", "Cut the unsubscribe rate below 0.3%"]),
    "Be found in search and on social networks": (
        "", ["Publish 12 SEO articles", "Grow LinkedIn followers to 5,000"]),
    "Open the German market": ("", ["Launch the German website", "Sign 3 reseller partners in Germany"]),
    "Fidéliser nos clients": (
        "Moins de départs, plus de renouvellements",
        ["Réduire le churn mensuel à 1,5 %", "Obtenir un NPS de 45"],
    ),
}

CLEAR_PAIRS = [
    ("Sponsor a booth at the Salon du e-commerce", "Generate 400 MQLs from webinars"),
    ("Write a blog series on pricing", "Publish 12 SEO articles"),
    ("Une campagne emailing pour la nouvelle fonctionnalité",
     "Raise the human click rate of nurturing emails to 4%"),
    ("Traduire les pages produit en allemand", "Launch the German website"),
    ("Find resellers in Austria and Switzerland", "Sign 3 reseller partners in Germany"),
    ("Post a short video on LinkedIn every week", "Grow LinkedIn followers to 5,000"),
    ("Appeler les clients qui n'ont pas renouvelé leur abonnement", "Réduire le churn mensuel à 1,5 %"),
    ("Let the sales team run live product demos", "Book 60 demos for the sales team"),
    ("Un centre de préférences pour que les gens se désabonnent moins",
     "Cut the unsubscribe rate below 0.3%"),
    ("Ask customers how likely they are to recommend us (NPS survey)", "Obtenir un NPS de 45"),
    ("Un webinaire par mois avec un expert invité", "Generate 400 MQLs from webinars"),
    ("Guide SEO : 10 articles sur le lead scoring", "Publish 12 SEO articles"),
]

UNTUNED_PAIRS = [
    ("Présence sur le salon VivaTech avec un stand", "Generate 400 MQLs from webinars"),
    ("Rewrite the welcome email sequence with better subject lines",
     "Raise the human click rate of nurturing emails to 4%"),
    ("Optimiser le référencement de nos articles de blog", "Publish 12 SEO articles"),
    ("Recruit a German-speaking community manager for the DE site", "Launch the German website"),
    ("Programme partenaires pour les intégrateurs allemands", "Sign 3 reseller partners in Germany"),
    ("Un carrousel LinkedIn chaque mardi", "Grow LinkedIn followers to 5,000"),
    ("Offer a discount to customers who plan to cancel", "Réduire le churn mensuel à 1,5 %"),
    ("Envoyer un questionnaire de satisfaction après chaque ticket support", "Obtenir un NPS de 45"),
    ("Give SDRs a script for qualifying demo requests", "Book 60 demos for the sales team"),
    ("Reduce email frequency so fewer people opt out", "Cut the unsubscribe rate below 0.3%"),
    ("Host a webinar with our CEO about the roadmap", "Generate 400 MQLs from webinars"),
    ("Ebook sur le marketing automation", "Publish 12 SEO articles"),
]


@pytest.fixture
def quarter():
    cycle = CycleFactory.create()
    key_results = []
    for title, (description, krs) in OBJECTIVES.items():
        objective = ObjectiveFactory.create(cycle=cycle, title=title, description=description)
        key_results += [KeyResultFactory.create(objective=objective, title=kr) for kr in krs]
    return key_results


def top(text, key_results, limit=3):
    suggestions = suggest_key_results(text=text, key_results=key_results, limit=limit)
    return [(kr.title, score) for kr, score in suggestions]


@pytest.mark.parametrize(("idea", "expected"), CLEAR_PAIRS)
def test_it_ranks_first_the_key_result_an_idea_serves(quarter, idea, expected):
    suggestions = top(idea, quarter)

    assert suggestions[0][0] == expected


def test_it_is_right_on_every_clear_pair_and_sure_of_it(quarter):
    margins = []
    for idea, expected in CLEAR_PAIRS:
        (first, best), *rest = top(idea, quarter)
        assert first == expected, idea
        margins.append(best - (rest[0][1] if rest else 0.0))

    # The winner stands clear of the runner-up; the narrowest call (0.02) is between two key results
    # of one objective (churn or NPS, for customers who did not renew).
    assert min(margins) > 0.015
    assert sorted(margins)[len(margins) // 2] > 0.15


def test_it_ranks_first_most_of_a_set_it_was_not_tuned_on(quarter):
    firsts = [top(idea, quarter)[0][0] == expected for idea, expected in UNTUNED_PAIRS]

    assert sum(firsts) >= 11


def test_it_keeps_an_ambiguous_idea_s_intended_key_result_in_its_top_three(quarter):
    titles = [title for title, _score in top("Organiser un webinaire avec un client", quarter)]

    assert "Generate 400 MQLs from webinars" in titles
    assert any("NPS" in t or "churn" in t for t in titles)  # the other reading, customer loyalty


@pytest.mark.parametrize("idea", ["Repaint the office kitchen", "Refaire la cuisine du bureau", "   "])
def test_it_suggests_nothing_for_an_idea_that_serves_no_key_result(quarter, idea):
    assert top(idea, quarter) == []


def test_it_scores_from_zero_to_one_best_first_and_honours_the_limit(quarter):
    suggestions = top("Newsletter: emailing campaign for our leads", quarter, limit=2)

    assert len(suggestions) == 2
    assert 1 >= suggestions[0][1] >= suggestions[1][1] > 0
    same = top("Publish 12 SEO articles", quarter)[0]
    assert same == ("Publish 12 SEO articles", pytest.approx(1, abs=0.25))


def test_it_is_deterministic(quarter):
    assert top("Write a blog series on pricing", quarter) == top("Write a blog series on pricing", quarter)


def test_it_compares_lemmas_without_stop_words_in_both_languages():
    assert guess_language("Une campagne pour la nouvelle fonctionnalité") == "fr"
    assert guess_language("Launch the German website") == "en"
    assert lemmas_of("Les webinaires de l'équipe") == ["webinaires", "équipe"]
    assert lemmas_of("Publishing the articles on our website") == ["publish", "article", "website"]


def test_it_suggests_for_an_idea_among_the_open_cycles_key_results_only():
    closed = CycleFactory.create(key="2026-Q4", status=CycleStatus.CLOSED)
    open_cycle = CycleFactory.create()
    old = KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=closed),
                                  title="Publish 10 SEO articles")
    current = KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=open_cycle),
                                      title="Publish 12 SEO articles")
    KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=open_cycle),
                            title="Launch the German website")
    idea = IdeaFactory.create(title="Write a blog series on pricing", description="Three SEO articles",
                              status=IdeaStatus.NEW)

    suggestions = idea_suggestions(idea)

    assert [kr for kr, _score in suggestions] == [current]
    assert old not in [kr for kr, _score in suggestions]
