"""The steps of a pack, in order: the ONE place where the pipeline calls the writers.

understand → ebook draft → articles → LinkedIn posts → clips → emails → ebook render → checks.
Each step reads and fills a `PackState`; a writer renamed or added is one line here.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fusee.content.ebook.docx import render_docx
from fusee.content.ebook.draft import Brand, CallToAction, EbookDraft
from fusee.content.ebook.epub import render_epub
from fusee.content.ebook.pdf import render_pdf
from fusee.content.understanding import Understanding, understand_file
from fusee.content.writing.articles import write_articles
from fusee.content.writing.assets import Asset, Check
from fusee.content.writing.checks import pack_checks
from fusee.content.writing.clips import ClipPlan, clips_cut, clips_find
from fusee.content.writing.ebook import ebook_draft
from fusee.content.writing.emails import emails_write
from fusee.content.writing.linkedin import article_url, write_posts
from fusee.content.writing.llm import llm_articles, llm_client, llm_ebook, llm_emails, llm_posts

DEFAULT_SITE = "https://example.com"


@dataclass(frozen=True)
class PackSettings:
    """Where the pack's links point and whose brand the ebook wears (the workspace's, in the app)."""

    site_url: str = DEFAULT_SITE
    brand_name: str = "Fusée"
    brand_colour: str = ""  # "#rrggbb"; empty: the ebook's default

    @property
    def blog_url(self) -> str:
        return f"{self.site_url.rstrip('/')}/blog"

    def ebook_url(self, slug: str) -> str:
        return f"{self.site_url.rstrip('/')}/resources/{slug}/"

    def brand(self) -> Brand:
        if self.brand_colour:
            return Brand(name=self.brand_name, primary_colour=self.brand_colour)
        return Brand(name=self.brand_name)


@dataclass
class PackState:
    source_path: Path
    language: str | None
    writer: str
    video: Path | None
    settings: PackSettings = field(default_factory=PackSettings)
    understanding: Understanding | None = None
    ebook_draft: EbookDraft | None = None
    clip_plan: ClipPlan | None = None
    assets: list[Asset] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)  # on the whole pack
    notes: list[str] = field(default_factory=list)

    @property
    def understood(self) -> Understanding:
        if self.understanding is None:
            raise RuntimeError("the understanding step has not run")
        return self.understanding

    @property
    def ebook_url(self) -> str:
        title = self.ebook_draft.title if self.ebook_draft else self.understood.script.title
        return self.settings.ebook_url(slug_of(title))

    def of_kind(self, kind: str) -> list[Asset]:
        return [asset for asset in self.assets if asset.kind == kind]


def slug_of(text: str) -> str:
    from fusee.content.writing.text import make_slug

    return make_slug(text) or "ebook"


@dataclass(frozen=True)
class Step:
    name: str
    label: str  # shown next to the progress bar
    run: Callable[[PackState], None]


def understand_step(state: PackState) -> None:
    state.understanding = understand_file(state.source_path, language=state.language)


def ebook_draft_step(state: PackState) -> None:
    call = CallToAction(text=state.understood.script.title or state.understood.sections[0].title,
                        url=state.settings.site_url)
    state.ebook_draft = ebook_draft(state.understood, brand=state.settings.brand(), call_to_action=call)


def articles_step(state: PackState) -> None:
    state.assets.extend(write_articles(state.understood, ebook_url=state.ebook_url))


def linkedin_step(state: PackState) -> None:
    state.assets.extend(write_posts(state.understood, state.of_kind("article"),
                                    blog_url=state.settings.blog_url, ebook_url=state.ebook_url))


def clips_step(state: PackState) -> None:
    plan = clips_find(state.understood)
    state.clip_plan = plan
    state.notes.extend(plan.notes)
    assets = plan.assets()
    if state.video is not None and plan.clips:
        clips_with_video(state.video, plan, assets, state.notes)
    state.assets.extend(assets)


def clips_with_video(video: Path, plan: ClipPlan, assets: list[Asset], notes: list[str]) -> None:
    """Each clip asset with its cut MP4, when ffmpeg is installed (else a note)."""
    with tempfile.TemporaryDirectory(prefix="fusee-clips-") as folder:
        result = clips_cut(video, plan.clips, folder)
        notes.extend(result.notes)
        cut = {path.stem: path.read_bytes() for path in result.files}
    for asset in assets:
        if asset.key in cut:
            asset.files[f"clips/{asset.key}.mp4"] = cut[asset.key]


def emails_step(state: PackState) -> None:
    urls: dict[int, str] = {}
    titles: dict[int, str] = {}
    for article in state.of_kind("article"):
        for section in article.meta.get("sections", []):
            urls.setdefault(section, article_url(state.settings.blog_url, article.key))
            titles.setdefault(section, article.title)
    title = state.ebook_draft.title if state.ebook_draft else ""
    state.assets.extend(emails_write(state.understood, ebook_url=state.ebook_url, article_urls=urls,
                                     article_titles=titles, ebook_title=title))


def ebook_render_step(state: PackState) -> None:
    draft = state.ebook_draft
    if draft is None:
        return
    files: dict[str, str | bytes] = {
        "ebook/ebook.pdf": render_pdf(draft),
        "ebook/ebook.epub": render_epub(draft),
        "ebook/ebook.docx": render_docx(draft),
        "ebook/draft.json": json.dumps(draft.to_dict(), ensure_ascii=False, indent=2),
    }
    sections = len(state.understood.sections)
    checks = [Check("chapters", len(draft.chapters) == sections,
                    f"{len(draft.chapters)} chapters for {sections} sections")]
    meta: dict[str, Any] = {"words": draft.word_count(), "chapters": [c.title for c in draft.chapters],
                            "sections": list(range(sections)), "language": draft.language}
    state.assets.insert(0, Asset(kind="ebook", key="ebook", title=draft.title, files=files, meta=meta,
                                 checks=checks))


def llm_articles_step(state: PackState) -> None:
    client = llm_client()
    state.notes.append(
        f"Written by the language model {client.model}: the articles, the LinkedIn posts on them, the "
        "digest emails and the ebook's prose, each checked like the extractive ones; the ebook's pull "
        "quotes, key figures and takeaways, the quote posts, the clips and the ebook offer email are "
        "extractive (every sentence from the script)."
    )
    drafts = write_articles(state.understood, ebook_url=state.ebook_url)
    state.assets.extend(llm_articles(state.understood, drafts, client=client, ebook_url=state.ebook_url,
                                     notes=state.notes))


def llm_linkedin_step(state: PackState) -> None:
    linkedin_step(state)
    drafts = state.of_kind("linkedin_post")
    state.assets = [a for a in state.assets if a.kind != "linkedin_post"]
    state.assets.extend(llm_posts(state.understood, drafts, state.of_kind("article"), client=llm_client(),
                                  notes=state.notes))


def llm_emails_step(state: PackState) -> None:
    emails_step(state)
    drafts = state.of_kind("email")
    state.assets = [a for a in state.assets if a.kind != "email"]
    state.assets.extend(llm_emails(state.understood, drafts, client=llm_client(), notes=state.notes))


def llm_ebook_render_step(state: PackState) -> None:
    """The extractive draft's prose rewritten by the model, then typeset like the extractive one."""
    extractive = state.ebook_draft
    if extractive is None:
        return
    client = llm_client()
    state.ebook_draft = llm_ebook(state.understood, extractive, client=client, notes=state.notes)
    ebook_render_step(state)
    if state.ebook_draft != extractive:  # the model's answers were used for at least one part
        state.of_kind("ebook")[0].meta |= {"writer": "llm", "model": client.model}


def checks_step(state: PackState) -> None:
    state.checks.extend(pack_checks(state.understood, state.assets))


EXTRACTIVE_STEPS: list[Step] = [
    Step("understand", "Reading the script", understand_step),
    Step("ebook_draft", "Drafting the ebook", ebook_draft_step),
    Step("articles", "Writing the articles", articles_step),
    Step("linkedin", "Writing the LinkedIn posts", linkedin_step),
    Step("clips", "Choosing video clips", clips_step),
    Step("emails", "Writing the nurturing emails", emails_step),
    Step("ebook_render", "Typesetting the ebook (PDF, EPUB, DOCX)", ebook_render_step),
    Step("checks", "Checking the pack", checks_step),
]

LLM_STEPS: list[Step] = [
    {"articles": Step("articles", "Writing the articles (language model)", llm_articles_step),
     "linkedin": Step("linkedin", "Writing the LinkedIn posts (language model)", llm_linkedin_step),
     "emails": Step("emails", "Writing the nurturing emails (language model)", llm_emails_step),
     "ebook_render": Step("ebook_render", "Writing and typesetting the ebook (language model)",
                          llm_ebook_render_step),
     }.get(step.name, step)
    for step in EXTRACTIVE_STEPS
]  # fmt: skip

# "llm" is offered only when FUSEE_LLM_BASE_URL and FUSEE_LLM_MODEL are set (pack.writers_available).
WRITERS: dict[str, list[Step]] = {"extractive": EXTRACTIVE_STEPS, "llm": LLM_STEPS}
