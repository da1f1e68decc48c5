"""Shared inputs for the writing tests: the samples, the demo scripts and a synthetic long script."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fusee.content.understanding import Understanding, understand_file
from fusee.content.understanding.evaluate import SAMPLES

DEMO = SAMPLES.parent / "demo"
EBOOK_URL = "https://orbitale.example/ebook/"
BLOG_URL = "https://orbitale.example/blog"

_TOPICS = [
    ("Pricing pages that convert", "pricing", "plan", "discount", "trial"),
    ("Onboarding the first week", "onboarding", "checklist", "activation", "tutorial"),
    ("Partner programmes", "partner", "referral", "commission", "reseller"),
    ("Field events and trade shows", "booth", "badge", "exhibitor", "visitor"),
    ("Customer advocacy", "reference", "testimonial", "advocate", "review"),
    ("Analytics for the board", "dashboard", "cohort", "forecast", "board"),
]
_TEMPLATES = [
    "Our {a} work started when the {b} numbers looked wrong for {n} weeks in a row.",
    "Every {c} we tested taught the team something new about the {a} of a busy buyer.",
    "The {d} was the part that mattered most, far more than the {b} itself.",
    "We measured {n} percent more replies once the {c} came with a clear {d}.",
    "Nobody on the sales side trusted the {b} until the {a} figures matched their own.",
    "A good {d} answers one question, and the {c} follows from that answer.",
]


def _section(title: str, words: list[str], sentences: int) -> str:
    a, b, c, d = words
    lines = [
        _TEMPLATES[k % len(_TEMPLATES)].format(a=a, b=b, c=c, d=d, n=10 + 7 * k % 83)
        for k in range(sentences)
    ]
    paragraphs = [" ".join(lines[k : k + 4]) for k in range(0, len(lines), 4)]
    return f"## {title}\n\n" + "\n\n".join(paragraphs)


def long_script(tmp_path: Path) -> Path:
    """Six sections: the second far over 1,200 words, the third under 600 (it can borrow what the
    second cuts), the fifth under 600 with nothing to borrow; source text with markup."""
    sizes = [70, 140, 30, 70, 20, 60]  # sentences of ~15 words
    sections = [_section(t, w, n) for (t, *w), n in zip(_TOPICS, sizes, strict=True)]
    sections[0] += (
        "\n\nSome readers pasted <script>alert('x')</script> into the form, and it stayed inert."
        "\n\nThe *starred* plan and the # sign both came straight from the source text."
    )
    path = tmp_path / "long.md"
    path.write_text("# Growth without guesswork\n\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
    return path


@cache
def demo(name: str) -> Understanding:
    """Understood once per test session: the pipeline takes about a second per script."""
    return understand_file(DEMO / name if not name.startswith("sample:") else SAMPLES / name[7:])
