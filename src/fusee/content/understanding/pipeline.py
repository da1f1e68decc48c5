"""From a script to its understanding: cleaned sentences, sections with titles and highlights."""

from __future__ import annotations

from pathlib import Path

from .features import tfidf_matrix
from .highlights import figures_in, is_question, key_sentences, quotes
from .inputs import read_script
from .model import Script, Section, SourceKind, Understanding
from .sections import MIN_SECTIONS, find_spans
from .sentences import split_sentences
from .titles import make_titles


def understand_file(
    path: Path | str,
    *,
    language: str | None = None,
    kind: SourceKind | str | None = None,
    sections: int | None = None,
) -> Understanding:
    return understand(read_script(path, language=language, kind=kind), sections=sections)


def understand(script: Script, *, sections: int | None = None) -> Understanding:
    sentences, cleaning = split_sentences(script)
    spans = find_spans(script, sentences, count=sections)
    texts = [" ".join(s.text for s in sentences[span.first : span.last + 1]) for span in spans]
    titles = make_titles(texts, script.language, fixed=[span.heading for span in spans])
    vectors = tfidf_matrix([s.text for s in sentences], script.language)
    found = []
    for index, (span, (title, keywords)) in enumerate(zip(spans, titles, strict=True)):
        inside = sentences[span.first : span.last + 1]
        found.append(
            Section(
                index=index,
                title=title,
                title_source="heading" if span.heading else "keywords",
                first=span.first,
                last=span.last,
                keywords=keywords,
                key_sentences=key_sentences(sentences, vectors, first=span.first, last=span.last),
                quotes=quotes(sentences, vectors, script.language, first=span.first, last=span.last),
                figures=[figure for s in inside for figure in figures_in(s)],
                questions=[s.index for s in inside if is_question(s)],
                start=inside[0].start,
                end=inside[-1].end,
            )
        )
    notes = []
    if len(found) < MIN_SECTIONS:
        words = sum(s.words for s in sentences)
        notes.append(
            f"The script is short ({words} words): {len(found)} section(s) instead of {MIN_SECTIONS}."
        )
    return Understanding(script, script.language, sentences, found, cleaning, notes)
