"""Run the understanding layer on the real transcripts and print what a marketer would read.

    .venv/bin/python bench/eval_understanding.py [--corpus ../shared/corpus/transcripts] [--quotes 3]

For every transcript: language, kind, words, tics removed by category, time taken; then each
section with its title, span, keywords and its best quotes. Also measures the segmenter's
WindowDiff and Pk on the project's own sample scripts (known boundaries), against an even
split of the same number of sections. No Django settings or database needed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from fusee.content.understanding import understand_file  # noqa: E402
from fusee.content.understanding.evaluate import even_split_score, sample_scores  # noqa: E402

SKIP = ("README", ".shownotes.", ".abstract.")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus" / "transcripts"
    )
    parser.add_argument("--quotes", type=int, default=3)
    args = parser.parse_args()
    for path in sorted(args.corpus.glob("*")):
        if path.is_file() and not any(marker in path.name for marker in SKIP):
            report(path, args.quotes)
    segmentation()
    return 0


def report(path: Path, quotes: int) -> None:
    started = time.perf_counter()
    result = understand_file(path)
    took = time.perf_counter() - started
    words = sum(s.words for s in result.sentences)
    print(f"\n=== {path.name}")
    print(
        f"{result.language}, {result.script.source_kind}, {words:,} words, "
        f"{len(result.sentences)} sentences, {len(result.sections)} sections, {took:.2f} s"
    )
    categories = ", ".join(f"{k} {n}" for k, n in sorted(result.cleaning.by_category().items()))
    top = ", ".join(f"{k.split(':', 1)[-1]} {n}" for k, n in result.cleaning.removed.most_common(8))
    print(f"tics removed: {result.cleaning.total} ({categories}); most: {top}")
    for note in result.notes:
        print(f"note: {note}")
    for section in result.sections:
        when = f" {_clock(section.start)}–{_clock(section.end)}" if section.start is not None else ""
        print(
            f"\n  [{section.index + 1}] {section.title}  ({section.title_source}; sentences "
            f"{section.first}–{section.last}{when})"
        )
        print(f"      keywords: {', '.join(section.keywords)}")
        print(f"      figures: {len(section.figures)}, questions: {len(section.questions)}")
        for index in section.quotes[:quotes]:
            print(f"      > {result.sentences[index].text}")


def segmentation() -> None:
    print("\n=== segmentation against the sample scripts' known boundaries")
    for name, scores in sample_scores().items():
        baseline = even_split_score(name)
        print(
            f"{name}: WindowDiff {scores['window_diff']:.3f}, Pk {scores['pk']:.3f} "
            f"(even split: WindowDiff {baseline['window_diff']:.3f}, Pk {baseline['pk']:.3f}); "
            f"{scores['sections']} sections found, {scores['reference_sections']} known"
        )


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes:02d}:{rest:02d}"


if __name__ == "__main__":
    raise SystemExit(main())
