"""A realistic ebook draft (~4,500 words, six chapters) for tests, benchmarks and the renderers' demo.

Written for the purpose, in the shape the writers produce: an introduction, chapters made of
sub-headings, paragraphs, a pull quote, a key figure and a takeaways box, then a conclusion and a
call to action.

The text is split by chapters: `audience` holds the first three, `pipeline` the last three; the
introduction, the conclusion and the brand's logo are here.
"""

from __future__ import annotations

import struct
import zlib

from ..draft import Brand, CallToAction, EbookDraft
from . import audience, pipeline

PRIMARY = "#1f3a5f"
SECONDARY = "#e07a2f"


def logo_png(size: int = 96) -> bytes:
    """A round badge in the brand colours, as a real PNG made without an imaging library."""
    primary = bytes.fromhex(PRIMARY[1:])
    secondary = bytes.fromhex(SECONDARY[1:])
    centre, outer, inner = (size - 1) / 2, size / 2 - 1, size / 4
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")  # filter type: none
        for x in range(size):
            distance = ((x - centre) ** 2 + (y - centre) ** 2) ** 0.5
            if distance <= inner:
                row += secondary + b"\xff"
            elif distance <= outer:
                row += primary + b"\xff"
            else:
                row += b"\x00\x00\x00\x00"
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def sample_draft(*, with_logo: bool = True) -> EbookDraft:
    return EbookDraft(
        title="Nurturing that sales trusts",
        subtitle="How a B2B scale-up turned 40,000 dormant contacts into a steady pipeline",
        language="en",
        author="The Fusée marketing team",
        brand=Brand(
            name="Fusée",
            primary_colour=PRIMARY,
            secondary_colour=SECONDARY,
            logo=logo_png() if with_logo else None,
            logo_mime="image/png" if with_logo else "",
        ),
        introduction=INTRODUCTION,
        chapters=CHAPTERS,
        conclusion=CONCLUSION,
        call_to_action=CallToAction(
            text="See how your own contact base would score: book a 30-minute pipeline review with our team.",
            url="https://example.com/pipeline-review",
            button="Book my pipeline review",
        ),
    )


INTRODUCTION = (
    "Four years ago our contact base held 40,000 names and produced almost nothing. Most of those people "
    "had downloaded a white paper once, attended half a webinar, or left a card at a trade show. Sales "
    "called the hottest of them within a week, heard that the timing was wrong, and never called again. "
    "The rest received the same monthly newsletter as everyone else, and slowly stopped opening it.",
    "Our buyers were not in a hurry. A mid-sized company choosing a platform like ours takes between three "
    "and twelve months to decide, and it involves four to seven people who never fill in a form at the "
    "same time. A contact who is not ready today may well be ready in May, and the question is whether "
    "they will remember us when May comes.",
    "This ebook tells how we rebuilt nurturing around that reality. It is not a theory of marketing "
    "automation: it is the set of decisions we made, in the order we made them, with the numbers that "
    "convinced our sales team to trust what marketing sent them. Each chapter ends with the points we "
    "would keep if we had to start again tomorrow.",
    "You do not need a large team to apply any of it. When we started, marketing was one person and a "
    "spreadsheet. What you need is a clear idea of what a sales-ready contact looks like, the discipline "
    "to send less and better, and a habit of measuring what reaches the pipeline rather than what gets "
    "clicked.",
    "The numbers quoted here are ours, from a software company selling to mid-sized European businesses. "
    "Yours will differ, and they should: a nurturing programme copied from another company's figures is "
    "just another calendar. What transfers is the method: find the moments that matter to your buyers, "
    "decide together with sales what a ready contact looks like, and let evidence rather than habit decide "
    "what you send.",
)


CHAPTERS = (*audience.CHAPTERS, *pipeline.CHAPTERS)


CONCLUSION = (
    "None of the changes in this ebook is spectacular on its own. Planning from the buying cycle, "
    "segmenting by maturity, writing emails people answer, scoring on evidence, handing over with context "
    "and measuring pipeline rather than clicks: each is a small discipline. Together they turned a silent "
    "database into a source of pipeline that the whole company counts on.",
    "If you take only one idea away, take the agreement with sales. Every other improvement depended on "
    "the two teams sharing definitions, numbers and a weekly half hour. It costs nothing but attention, "
    "and it makes every tool you already own more useful.",
    "Start small. Pick one segment, one sequence and one number to move this quarter. Write down what you "
    "expect, look at the result every week, and keep what works. In a year, the contacts you are nurturing "
    "today will be the pipeline you are proud of.",
    "The hardest part will not be the software or the writing. It will be saying no: no to the extra "
    "newsletter, no to the segment nobody owns, no to the score that flatters marketing and annoys sales. "
    "Every programme in this ebook got better by removing something before it got better by adding "
    "something.",
)
