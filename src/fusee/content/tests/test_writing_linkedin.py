import re

import pytest

from fusee.content.writing import pack_checks, write_articles, write_posts

from .writing_fixtures import BLOG_URL, EBOOK_URL, demo


def _write(name):
    u = demo(name)
    articles = write_articles(u, ebook_url=EBOOK_URL)
    return u, articles, write_posts(u, articles, blog_url=BLOG_URL, ebook_url=EBOOK_URL)


def _text(post):
    return post.files[f"linkedin/{post.key}.txt"]


@pytest.mark.parametrize("name", ["webinar_en.md", "webinar_fr.md", "webinar_fr.vtt"])
def test_it_writes_a_post_per_article_and_three_quote_posts_within_linkedin_limits(name):
    u, articles, posts = _write(name)
    assert [p.key for p in posts] == [f"post-{a.key}" for a in articles] + ["quote-1", "quote-2", "quote-3"]
    for post in posts:
        text = _text(post)
        hook = post.meta["hook"]
        assert text.startswith(hook + "\n\n") and len(hook) <= 210 and len(text) <= 3000
        assert 3 <= len(post.meta["hashtags"]) <= 5
        assert text.endswith(" ".join(post.meta["hashtags"]))
        assert all(re.fullmatch(r"#[^\W_]+", tag) for tag in post.meta["hashtags"])
        paragraphs = text.split("\n\n")[1:-2]  # between the hook and the call to action, hashtags
        assert all(len(re.findall(r"[.!?…](?:\s|$)", p)) <= 2 for p in paragraphs)
        assert post.ok, post.failed
    assert all(c.ok for c in pack_checks(u, articles + posts))


def test_the_call_to_action_links_the_article_or_the_ebook_in_the_script_language():
    _, articles, posts = _write("webinar_fr.md")
    article_post, quote = posts[0], posts[-1]
    assert f"Lire l'article complet\u00a0: {BLOG_URL}/{articles[0].key}/" in _text(article_post)
    assert f"Téléchargez l'ebook gratuit\u00a0: {EBOOK_URL}" in _text(quote)
    assert quote.meta["hook"].startswith("«\u00a0") and quote.meta["hook"].endswith("\u00a0»")
    _, articles, posts = _write("webinar_en.md")
    assert f"Read the full article: {BLOG_URL}/{articles[0].key}/" in _text(posts[0])
    assert _text(posts[-1]).count(f"Get the free ebook: {EBOOK_URL}") == 1


def test_quote_posts_take_lines_from_different_sections_and_no_article_hook():
    u, _, posts = _write("webinar_en.md")
    quotes = [p for p in posts if p.meta["type"] == "quote"]
    hooks = {p.meta["hook_sentence"] for p in posts if p.meta["type"] == "article"}
    assert len({q.meta["sections"][0] for q in quotes}) == 3
    assert not hooks & {q.meta["hook_sentence"] for q in quotes}
    for quote in quotes:
        said = u.sentences[quote.meta["hook_sentence"]].text
        assert said.rstrip(".")[-20:] in quote.meta["hook"]


def test_the_same_script_gives_the_same_posts():
    first = _write("webinar_en.md")[2]
    second = _write("webinar_en.md")[2]
    assert [p.files for p in first] == [p.files for p in second]
