"""What a marketer found reading packs made from real transcripts: repeated lines, fragments of
words in headings, filler sentences, sponsor reads, quotes that mean nothing alone, clips that end
on "Yeah."."""

import re
from dataclasses import replace

import pytest

from fusee.content.understanding import understand_file
from fusee.content.understanding.model import Section, Sentence
from fusee.content.understanding.titles import keyphrases, make_titles
from fusee.content.writing import write_articles, write_posts
from fusee.content.writing.articles import is_stage_talk
from fusee.content.writing.clips import section_windows
from fusee.content.writing.linkedin import article_post, strongest_quotes
from fusee.content.writing.text import is_anaphoric, is_filler_only

from .writing_fixtures import BLOG_URL, EBOOK_URL, demo, long_script


def _body_lines(post) -> list[str]:
    text = post.files[f"linkedin/{post.key}.txt"]
    return [line for line in text.split("\n\n")[:-2] if line]  # without call to action and hashtags


def _said(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


# 1. A sentence appears once in a post.


def test_it_does_not_repeat_the_description_hook_as_the_posts_last_line():
    u = demo("webinar_en.md")
    article = write_articles(u, ebook_url=EBOOK_URL)[1]
    quotable = {i for s in u.sections for i in s.quotes} | {f.sentence for s in u.sections for f in s.figures}
    # No quote or figure to hook on: the post opens on the description, itself a key sentence.
    narrowed = replace(article, meta={**article.meta, "sentences": [
        i for i in article.meta["sentences"] if i not in quotable
    ]})  # fmt: skip
    post = article_post(u, narrowed, url=f"{BLOG_URL}/{article.key}/")
    assert post.meta["hook_sentence"] is None and post.meta["hook"] == article.meta["description"]
    lines = [_said(line) for line in _body_lines(post)]
    assert len(lines) > 1
    assert not any(line.startswith(_said(post.meta["hook"].rstrip("…"))) for line in lines[1:])


@pytest.mark.parametrize("name", ["webinar_en.md", "webinar_fr.md", "webinar_fr.vtt"])
def test_no_post_says_the_same_sentence_twice(name):
    u = demo(name)
    articles = write_articles(u, ebook_url=EBOOK_URL)
    for post in write_posts(u, articles, blog_url=BLOG_URL, ebook_url=EBOOK_URL):
        sentences = [_said(s) for line in _body_lines(post) for s in re.split(r"(?<=[.!?])\s+", line)]
        sentences = [s for s in sentences if s]
        assert len(sentences) == len(set(sentences)), post.key


# 2. No heading starts on a fragment of a word.


def test_a_number_glued_to_its_letters_never_yields_a_fragment_heading():
    text = (
        "Le 3ème type de questions, c'est la fréquence. Le 3ème type revient souvent. "
        "Le 3ème type est clair. Le 2ème principe aussi. Le 1er principe encore."
    )
    other = "Les animations du site. Les animations du site web sont lentes."
    titles = make_titles([text, other], "fr", fixed=["", ""])
    words = {w.lower() for title, keywords in titles for phrase in [title, *keywords] for w in phrase.split()}
    assert not words & {"ème", "er"}
    assert all(not p.lower().startswith(("ème", "er ")) for p in keyphrases(text, "fr"))


# 3. A sentence made only of fillers is dropped.


@pytest.mark.parametrize(
    ("sentence", "language", "filler"),
    [
        ("Donc voilà.", "fr", True),
        ("Oui.", "fr", True),
        ("Tout à fait.", "fr", True),
        ("Yeah.", "en", True),
        ("Okay, right.", "en", True),
        ("Donc voilà le résultat.", "fr", False),
        ("Yeah, it works.", "en", False),
        ("Right, 3.", "en", False),
    ],
)
def test_it_tells_a_sentence_of_fillers_from_one_that_says_something(sentence, language, filler):
    assert is_filler_only(sentence, language) is filler


def _script_with(tmp_path, extra: str):
    path = long_script(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "## Partner programmes\n\n", f"## Partner programmes\n\n{extra}\n\n"
    )
    path.write_text(text, encoding="utf-8")
    return understand_file(path)


def _article_text(article) -> str:
    return article.files[f"articles/{article.key}/index.md"]


def test_an_article_leaves_out_sentences_made_only_of_fillers(tmp_path):
    u = _script_with(tmp_path, "Yeah. Every partner we signed asked for a referral kit first. Okay, right.")
    fillers = {s.index for s in u.sentences if s.text in ("Yeah.", "Okay, right.")}
    assert len(fillers) == 2
    articles = write_articles(u, ebook_url=EBOOK_URL)
    assert all(not fillers & set(a.meta["sentences"]) for a in articles)
    assert fillers <= {i for a in articles for i in a.meta["left_out"]}
    assert any("referral kit" in _article_text(a) for a in articles)


# 4. Podcast intros and sponsor reads are left out.


def test_an_article_leaves_out_the_podcasts_intro_and_its_sponsor_read(tmp_path):
    ad = (
        "Welcome to Growth Talk, a weekly podcast on marketing. This is your host, Jane Doe. "
        "This episode is brought to you by Acme. Acme builds reseller portals in an afternoon. "
        "Ask any commission question and get an answer the same day. "
        "Visit growthtalk.fm/acme and use the code growth for a free month. "
        "Every partner we signed asked for a referral kit first."
    )
    u = _script_with(tmp_path, ad)
    text = "\n".join(_article_text(a) for a in write_articles(u, ebook_url=EBOOK_URL))
    for said in ("Welcome to Growth Talk", "your host", "brought to you", "Acme", "growthtalk", "the code"):
        assert said not in text
    assert "referral kit" in text


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Cet épisode est sponsorisé par Acme.", "fr"),
        ("Utilisez le code promo GROWTH pour un mois offert.", "fr"),
        ("Abonnez-vous pour ne rien manquer.", "fr"),
        ("Sponsored by Acme, the partner portal.", "en"),
        ("Go to acme.com/sponsor to get started.", "en"),
        ("Dylan, welcome to Talk Python to me.", "en"),
    ],
)
def test_promotional_sentences_are_left_out_like_live_talk(sentence, language):
    assert is_stage_talk(sentence, language)


def test_a_sentence_about_a_sponsor_programme_is_not_promotion():
    assert not is_stage_talk("Our sponsor programme doubled the number of partners.", "en")


# 5. A quote means something on its own.


@pytest.mark.parametrize(
    "name", ["webinar_en.md", "webinar_fr.md", "webinar_en.vtt", "sample:webinar-pipeline.en.txt"]
)
def test_quote_posts_only_lift_lines_that_stand_alone(name):
    from fusee.content.understanding.features import content_words

    u = demo(name)
    quotes = strongest_quotes(u, avoid=set())
    assert quotes
    for section, index in quotes:
        text = u.sentences[index].text
        assert not is_anaphoric(text, u.language), text
        topic = {w for k in section.keywords for w in content_words(k, u.language)}
        figure = any(f.sentence == index for f in section.figures)
        assert figure or topic & set(content_words(text, u.language)), text


def test_a_line_that_points_back_is_never_a_quote():
    u = demo("webinar_en.md")
    section = u.sections[0]
    index = next(i for i in section.quotes if all(f.sentence != i for f in section.figures))
    pointing = "Hopefully we don't end up with either of those."
    u2 = replace(u, sentences=[replace(s, text=pointing) if s.index == index else s for s in u.sentences])
    assert index not in {i for _, i in strongest_quotes(u2, avoid=set(), count=len(u.sentences))}


# 6. A clip neither opens nor closes on a bare "Yeah.".


def _timed(index: int, start: float, end: float, text: str) -> Sentence:
    return Sentence(index=index, text=text, raw=text, block=index, last_block=index, start=start, end=end)


def test_a_clip_never_opens_or_closes_on_a_bare_acknowledgement():
    said = [
        f"Partner programme number {k} doubled its referral commission, not its discount." for k in range(8)
    ]
    texts = ["Yeah.", *said, "Yeah.", "Right."]
    sentences = [_timed(i, 8.0 * i, 8.0 * i + 7.5, t) for i, t in enumerate(texts)]
    section = Section(0, "Partners", "heading", 0, len(texts) - 1, quotes=[1, 8], key_sentences=[0])
    scores = [0.9] * len(texts)  # as strong as their neighbours: only their words rule them out
    windows = section_windows(section, sentences, scores, "en")
    assert windows
    assert all(w.first != 0 and w.last not in (9, 10) for w in windows)
