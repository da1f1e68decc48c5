from fusee.content.understanding.evaluate import SAMPLES
from fusee.content.understanding.features import is_adverb
from fusee.content.understanding.pipeline import understand_file
from fusee.content.understanding.titles import keyphrases, make_titles

from .writing_fixtures import DEMO

EN_TOPICS = [
    "Daniel Okafor runs the retail track. The retail track talks to store managers every week. "
    "Store managers read the retail track automatically, and the retail track feels personal.",
    "Lead scoring needs a threshold. Our lead scoring model adds points for demo requests. "
    "Daniel Okafor says lead scoring works when sales trust the threshold.",
]
FR_TOPICS = [
    "Léa Fontaine présente le calendrier de diffusion. Le calendrier de diffusion fixe les dates. "
    "Léa Fontaine dit que le calendrier de diffusion concerne toute l'équipe.",
    "Il faut tester le taux d'ouverture. Un bon taux d'ouverture dépend de l'objet. "
    "Nadia Benali mesure le taux d'ouverture chaque semaine.",
]


def test_it_never_titles_a_section_with_a_persons_name():
    titles = [title for title, _ in make_titles(FR_TOPICS, "fr", fixed=["", ""])]
    assert titles == ["Calendrier de diffusion", "Taux d'ouverture"]
    for path in (DEMO / "webinar_fr.vtt", DEMO / "webinar_en.vtt"):
        for section in understand_file(path).sections:
            assert not {"Léa", "Fontaine", "Nadia", "Benali", "Camille", "Roux", "Daniel", "Okafor"} & set(
                section.title.split()
            ), section.title


def test_it_keeps_peoples_names_after_the_keywords_for_the_writers():
    (_, first), (_, second) = make_titles(EN_TOPICS, "en", fixed=["", ""])
    assert first[0] == "retail track" and first[-1] == "Daniel Okafor"
    assert second[0] == "lead scoring" and second[-1] == "Daniel Okafor"


def test_no_keyphrase_starts_or_ends_on_a_verb_or_an_adverb():
    found = keyphrases(" ".join(EN_TOPICS), "en")
    assert "retail track" in found and "lead scoring" in found
    assert not [
        p for p in found if p.split()[-1] in {"talks", "automatically", "feels", "adds", "works", "says"}
    ]
    french = keyphrases(" ".join(FR_TOPICS), "fr")
    assert "taux d'ouverture" in french
    assert not [
        p for p in french if {"tester", "concerne", "mesure", "faut", "dit"} & {p.split()[0], p.split()[-1]}
    ]


def test_it_recognises_adverbs_by_their_ending_in_each_language():
    assert is_adverb("automatically", "en") and is_adverb("rapidement", "fr") and is_adverb("veramente", "it")
    assert (
        not is_adverb("family", "en") and not is_adverb("lancement", "fr") and not is_adverb("document", "fr")
    )


def test_the_demo_transcripts_get_topic_titles_and_clean_keywords():
    u = understand_file(DEMO / "webinar_en.vtt")
    titles = [s.title for s in u.sections]
    assert len(titles) == 6 and len(set(titles)) == 6
    assert "Unsubscribe rate" in titles
    for section in u.sections:
        for keyword in section.keywords:
            assert not keyword.endswith((" talks", " feels", " sends", " automatically")), keyword


def test_a_heading_stays_the_title_and_keywords_are_still_found():
    [(title, keywords)] = make_titles([EN_TOPICS[1]], "en", fixed=["Scoring that sales trust"])
    assert title == "Scoring that sales trust" and keywords[0] == "lead scoring"


def test_titles_and_keywords_are_deterministic():
    first = understand_file(SAMPLES / "webinar-pipeline.en.txt")
    second = understand_file(SAMPLES / "webinar-pipeline.en.txt")
    assert [(s.title, s.keywords) for s in first.sections] == [(s.title, s.keywords) for s in second.sections]
    assert make_titles(FR_TOPICS, "fr", fixed=["", ""]) == make_titles(FR_TOPICS, "fr", fixed=["", ""])
