from fusee.content.understanding import Block, BlockKind, Script, SourceKind, understand
from fusee.content.understanding.evaluate import SAMPLES
from fusee.content.understanding.pipeline import understand_file
from fusee.content.understanding.sections import section_count

TOPICS = {
    "pricing": "Our pricing page lists three tiers; annual contracts raise the average deal value.",
    "hiring": "Hiring engineers takes months; recruiters screen candidates and interviews test skills.",
    "webinar": "A webinar audience asks questions live; the replay and slides reach registrants afterwards.",
    "scoring": "Lead scoring adds points for visits; a threshold turns engaged contacts into MQLs.",
    "events": "Trade show booths cost thousands; badges scanned at the stand become follow-up meetings.",
}


def paragraphs(topic: str, count: int) -> list[Block]:
    return [Block(BlockKind.PARAGRAPH, f"{TOPICS[topic]} {TOPICS[topic]}") for _ in range(count)]


def test_it_keeps_the_authors_headings_as_sections():
    result = understand_file(SAMPLES / "webinar-pipeline.en.md")
    assert [s.title for s in result.sections] == [
        "Why webinars still earn their place",
        "Choosing a topic your buyers actually search for",
        "Filling the room: promotion that works",
        "Running the live session without losing the audience",
        "Following up and scoring the leads",
        "Measuring what reaches the pipeline",
    ]
    assert {s.title_source for s in result.sections} == {"heading"}
    assert result.sections[0].first == 0 and result.sections[-1].last == len(result.sentences) - 1
    assert all(a.last + 1 == b.first for a, b in zip(result.sections, result.sections[1:], strict=False))


def test_it_merges_the_smallest_neighbours_past_eight_headings():
    blocks = []
    for number in range(10):
        blocks += [
            Block(BlockKind.HEADING, f"Part {number}", level=2),
            *paragraphs("pricing", 1 + number % 3),
        ]
    result = understand(Script("t", blocks, SourceKind.WRITTEN, language="en"))
    # Sections of 2, 4, 6, 2, 4, 6... sentences: parts 0+1 merge first, then 3+4; a merge keeps
    # the first title.
    assert len(result.sections) == 8
    assert [s.title for s in result.sections][:3] == ["Part 0", "Part 2", "Part 3"]
    assert result.sections[0].last - result.sections[0].first + 1 == 6


def test_it_splits_the_longest_heading_section_to_reach_five():
    blocks = [Block(BlockKind.HEADING, "Everything", level=2)]
    for topic in TOPICS:
        blocks += paragraphs(topic, 4)
    blocks += [Block(BlockKind.HEADING, "Questions", level=2), *paragraphs("hiring", 2)]
    result = understand(Script("t", blocks, SourceKind.WRITTEN, language="en"))
    assert len(result.sections) == 5
    assert result.sections[0].title == "Everything"
    assert result.sections[-1].title == "Questions"
    assert [s.title_source for s in result.sections[1:4]] == ["keywords"] * 3


def test_it_finds_topic_boundaries_without_headings_at_paragraph_starts():
    blocks = [b for topic in TOPICS for b in paragraphs(topic, 4)]
    result = understand(Script("t", blocks, SourceKind.WRITTEN, language="en"), sections=5)
    starts = [s.first for s in result.sections]
    assert starts == [0, 8, 16, 24, 32]  # 4 paragraphs of 2 sentences per topic
    titles = [s.title.lower() for s in result.sections]
    assert all(title for title in titles) and len(set(titles)) == 5


def test_it_is_deterministic():
    first = understand_file(SAMPLES / "nurturing-b2b.fr.txt")
    second = understand_file(SAMPLES / "nurturing-b2b.fr.txt")
    assert [(s.first, s.last, s.title, s.quotes) for s in first.sections] == [
        (s.first, s.last, s.title, s.quotes) for s in second.sections
    ]


def test_the_number_of_sections_follows_the_length_and_says_so_when_short():
    blocks = paragraphs("pricing", 3)
    result = understand(Script("t", blocks, SourceKind.WRITTEN, language="en"))
    assert len(result.sections) == 1
    assert "short" in result.notes[0]
    assert section_count(result.sentences) == 1


def test_sections_have_times_for_timestamped_input():
    cues = [
        Block(BlockKind.CUE, f"{TOPICS[topic]} {TOPICS[topic]}", start=float(i * 10), end=float(i * 10 + 10))
        for i, topic in enumerate(t for t in TOPICS for _ in range(3))
    ]
    result = understand(Script("t", cues, SourceKind.SPOKEN, language="en"))
    assert result.sections[0].start == 0.0
    assert result.sections[-1].end == 150.0
    assert all(s.start is not None and s.end is not None and s.start < s.end for s in result.sections)
