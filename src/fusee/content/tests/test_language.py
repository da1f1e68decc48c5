import pytest

from fusee.content.understanding.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Today we will talk about how a webinar feeds the sales pipeline.", "en"),
        ("Aujourd'hui, nous allons parler de la façon dont un webinaire nourrit le pipeline.", "fr"),
        ("Hoy vamos a hablar de cómo un seminario web alimenta el embudo de ventas.", "es"),
        ("Oggi parliamo di come un webinar alimenta la pipeline commerciale.", "it"),
        ("Heute sprechen wir darüber, wie ein Webinar die Vertriebspipeline füllt.", "de"),
    ],
)
def test_it_detects_the_five_supported_languages(text, language):
    assert detect_language(text) == language


def test_it_falls_back_to_the_default_without_words():
    assert detect_language("  123 456 ", default="fr") in {"fr", "en", "es", "it", "de"}
    assert detect_language("", default="fr") == "fr"
