import re

import markdown
import pytest

from fusee.content.understanding import understand_file
from fusee.content.writing import pack_checks, write_articles
from fusee.content.writing.articles import article_sentence
from fusee.content.writing.checks import plain_text

from .writing_fixtures import DEMO, EBOOK_URL, demo, long_script


def _markdown(asset):
    return next(v for k, v in asset.files.items() if k.endswith(".md"))


def _html(asset):
    return next(v for k, v in asset.files.items() if k.endswith(".html"))


def _front_matter(asset):
    head = _markdown(asset).split("\n---\n", 1)[0]
    return dict(re.findall(r"^(\w+): (.+)$", head, re.M))


def _prose(asset):
    """The article's paragraphs and pull quote: everything but headings, lists and links."""
    body = _markdown(asset).split("\n---\n", 1)[1]
    blocks = [b for b in body.split("\n\n") if b.strip() and not b.lstrip().startswith(("#", "- ", "**["))]
    return [plain_text(b).strip() for b in blocks]


def test_it_writes_one_article_per_section_within_the_seo_limits():
    u = demo("webinar_en.md")
    articles = write_articles(u, ebook_url=EBOOK_URL)
    assert len(articles) == len(u.sections) == 6
    for article in articles:
        meta = _front_matter(article)
        assert meta["slug"] == f'"{article.key}"' and re.fullmatch(r"[a-z0-9-]+", article.key)
        assert len(article.title) <= 60 and len(article.meta["description"]) <= 155
        assert 2 <= len(article.meta["keywords"]) <= 4 and article.meta["focus_keyword"]
        assert meta["language"] == '"en"'
        assert article.meta["words"] <= 1200
        assert article.check("title_length").ok and article.check("description_length").ok
        assert "<h2>" in _html(article) and "<blockquote>" in _html(article)
    assert articles[2].title == "Cadence: how often is too often?"


def test_every_paragraph_is_made_of_source_sentences_and_none_is_in_two_articles():
    u = demo("webinar_en.md")
    articles = write_articles(u, ebook_url=EBOOK_URL)
    used = [i for a in articles for i in a.meta["sentences"]]
    assert len(used) == len(set(used))
    assert all(c.ok for c in pack_checks(u, articles))
    for article in articles:
        forms = sorted(
            {article_sentence(u, i, opens=o) for i in article.meta["sentences"] for o in (True, False)},
            key=len,
            reverse=True,
        )
        for paragraph in _prose(article):
            rest = paragraph
            for form in forms:
                rest = rest.replace(form, "")
            assert rest.strip() == "", f"{article.key}: invented text {rest.strip()!r}"


def test_it_links_every_article_to_its_siblings_and_to_the_ebook():
    articles = write_articles(demo("webinar_en.md"), ebook_url=EBOOK_URL)
    slugs = {a.key for a in articles}
    for article in articles:
        relative = set(re.findall(r"\]\(\.\./([a-z0-9-]+)/\)", _markdown(article)))
        assert relative == slugs - {article.key}
        assert f"({EBOOK_URL})" in _markdown(article)
        assert article.check("links").ok


def test_a_long_section_is_capped_and_its_cut_sentences_go_to_a_short_neighbour_only(tmp_path):
    u = understand_file(long_script(tmp_path))
    articles = write_articles(u, ebook_url=EBOOK_URL)
    words = [a.meta["words"] for a in articles]
    assert max(words) <= 1200
    long, short_neighbour = articles[1], articles[2]
    assert long.meta["left_out"] and long.check("words").ok
    borrowed = short_neighbour.meta["borrowed"]
    assert borrowed and set(borrowed) <= set(long.meta["sentences"]) | set(range(72, 212))
    assert short_neighbour.meta["words"] >= 600 and short_neighbour.check("words").ok
    cut = {i for a in articles for i in a.meta["left_out"]}
    assert not cut & set(borrowed)
    owners = [i for a in articles for i in a.meta["sentences"]]
    assert len(owners) == len(set(owners))
    alone = articles[4]  # its neighbours cut nothing: shorter, flagged, not padded
    assert alone.meta["words"] < 600 and not alone.meta["borrowed"]
    assert not alone.check("words").ok and "nothing was invented" in alone.check("words").detail


def test_markup_in_the_source_stays_text(tmp_path):
    u = understand_file(long_script(tmp_path))
    # The .md and .txt readers take asterisks as emphasis; a .docx or a transcript keeps them.
    starred = next(s for s in u.sentences if "starred" in s.text)
    starred.text = starred.text.replace("starred", "*starred*")
    articles = write_articles(u, ebook_url=EBOOK_URL)
    article = next(a for a in articles if "starred" in _markdown(a))
    page = _html(article)
    assert "<script>" not in page and "&lt;script&gt;alert" in page
    assert "<em>starred</em>" not in page and "*starred*" in page
    assert "the # sign" in page
    assert "&lt;script&gt;" in _markdown(article) and r"\*starred\*" in _markdown(article)
    rendered = markdown.markdown(_markdown(article).split("\n---\n", 1)[1])
    assert "<script" not in rendered


def test_it_writes_french_articles_in_french():
    articles = write_articles(demo("webinar_fr.md"), ebook_url=EBOOK_URL)
    assert len(articles) == 6
    text = _markdown(articles[2])
    assert '\nlanguage: "fr"' in text and "## À lire aussi" in text and "Télécharger l'ebook complet" in text
    assert articles[2].key == "l-ebook-passer-de-l-oral-a-l-ecrit"
    assert all(a.check("oral_tics").ok and a.check("readability").ok for a in articles)


def test_a_timestamped_transcript_keeps_its_times_and_more_sections_are_merged():
    u = understand_file(DEMO / "webinar_fr.vtt", sections=8)  # the segmenter finds the script's 6 alone
    assert len(u.sections) > 6
    articles = write_articles(u, ebook_url=EBOOK_URL)
    assert len(articles) == 6
    assert sorted(s for a in articles for s in a.meta["sections"]) == list(range(len(u.sections)))
    assert "  start: " in _markdown(articles[0]) and articles[0].meta["start"] is not None
    assert all(not re.search(r"\b(euh|Euh)\b", _markdown(a)) for a in articles)


def test_a_script_too_short_for_five_articles_gets_fewer_and_says_so(tmp_path):
    path = tmp_path / "short.md"
    path.write_text(
        "# Short\n\n## One\n\n"
        + "Pricing pages convert when plans are clear. " * 6
        + "\n\n## Two\n\n"
        + "Onboarding works when the first week is guided. " * 6,
        encoding="utf-8",
    )
    u = understand_file(path)
    articles = write_articles(u, ebook_url=EBOOK_URL)
    assert 0 < len(articles) < 5
    assert any("article(s)" in note for note in u.notes)


@pytest.mark.parametrize("name", ["webinar_en.md", "sample:nurturing-b2b.fr.md"])
def test_the_same_script_gives_the_same_articles(name):
    first = write_articles(demo(name), ebook_url=EBOOK_URL)
    second = write_articles(demo(name), ebook_url=EBOOK_URL)
    assert [a.files for a in first] == [a.files for a in second]
    assert [a.checks for a in first] == [a.checks for a in second]
