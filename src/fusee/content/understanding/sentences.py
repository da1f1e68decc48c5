"""Cut a script into cleaned sentences that remember their block and, for cues, their times.

Paragraphs are cut one by one (a sentence never spans two paragraphs). Consecutive cues of one
speaker are joined first, because spoken sentences run across cues; each sentence then takes
its times from the characters it came from, interpolated within a cue by character offset.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

import pysbd

from .cleaning import clean
from .model import Block, BlockKind, CleaningReport, Script, Sentence

_CHUNK_CHARS = 1_500  # pysbd slows down more than linearly on long texts: cut runs at cue ends
_SENTENCE_FINAL = re.compile(r"[.!?…][\"'”»)]*$")
_HAS_WORD = re.compile(r"\w")


@cache
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


@dataclass
class _Run:
    """Text of one or more consecutive blocks joined by spaces, with where each block starts."""

    blocks: list[int]
    offsets: list[int]
    text: str


def split_sentences(script: Script) -> tuple[list[Sentence], CleaningReport]:
    report = CleaningReport()
    sentences: list[Sentence] = []
    for run in _runs(script.blocks):
        cleaned = clean(run.text, language=script.language, kind=script.source_kind)
        report.removed.update(cleaned.removed)
        raw_from = 0  # the raw text of a sentence takes in the tics removed just before it
        for start, end in _spans(cleaned.text, script.language):
            first, last = cleaned.origin[start], cleaned.origin[end - 1] + 1
            sentence = _sentence(len(sentences), cleaned.text[start:end], run, first, last, script.blocks)
            sentence.raw = run.text[raw_from:last].strip()
            sentences.append(sentence)
            raw_from = last
    return sentences, report


def _runs(blocks: list[Block]) -> list[_Run]:
    runs: list[_Run] = []
    current: list[int] = []
    for index, block in enumerate(blocks):
        if current and not _continues(blocks, current, index):
            runs.append(_join(blocks, current))
            current = []
        if block.kind is BlockKind.PARAGRAPH:
            runs.append(_join(blocks, [index]))
        elif block.kind is BlockKind.CUE:
            current.append(index)
    if current:
        runs.append(_join(blocks, current))
    return runs


def _continues(blocks: list[Block], current: list[int], index: int) -> bool:
    block, previous = blocks[index], blocks[current[-1]]
    if block.kind is not BlockKind.CUE or block.speaker != previous.speaker:
        return False
    length = sum(len(blocks[i].text) + 1 for i in current)
    return length < _CHUNK_CHARS or not _SENTENCE_FINAL.search(previous.text)


def _join(blocks: list[Block], indices: list[int]) -> _Run:
    offsets, position = [], 0
    for index in indices:
        offsets.append(position)
        position += len(blocks[index].text) + 1
    return _Run(indices, offsets, " ".join(blocks[i].text for i in indices))


def _spans(text: str, language: str) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for piece in _segmenter(language).segment(text):
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, cursor)
        if start < 0:  # pysbd changed the text: fall back to what is left
            start = cursor
        end = start + len(piece) if start >= cursor else len(text)
        if _HAS_WORD.search(text[start:end]):
            spans.append((start, end))
        cursor = end
    return spans


def _sentence(index: int, text: str, run: _Run, first: int, last: int, blocks: list[Block]) -> Sentence:
    first_block = bisect.bisect_right(run.offsets, first) - 1
    last_block = bisect.bisect_right(run.offsets, last - 1) - 1
    return Sentence(
        index=index,
        text=" ".join(text.split()),
        raw=run.text[first:last],
        block=run.blocks[first_block],
        last_block=run.blocks[last_block],
        start=_time_at(run, first_block, first, blocks, ending=False),
        end=_time_at(run, last_block, last, blocks, ending=True),
    )


def _time_at(run: _Run, position: int, offset: int, blocks: list[Block], *, ending: bool) -> float | None:
    block = blocks[run.blocks[position]]
    if block.start is None or block.end is None or block.kind is not BlockKind.CUE:
        return None
    within = offset - run.offsets[position]
    share = min(max(within / max(len(block.text), 1), 0.0), 1.0)
    if ending and within >= len(block.text):
        share = 1.0
    return round(block.start + share * (block.end - block.start), 3)
