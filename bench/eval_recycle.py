"""Recycle every real transcript and the demo scripts into full packs, and say what came out.

    .venv/bin/python bench/eval_recycle.py [--corpus ../shared/corpus/transcripts] [--repeat 1] [--keep DIR]

Each file goes through `fusee recycle FILE --out DIR` (extractive writer) in a fresh process, as
a user runs it: timed from the outside, its peak memory being that child's maximum resident set
size. The packs stay under a temporary folder (printed) so they can be read. Per file: language,
sections with their titles, the number of articles, LinkedIn posts and clips, every failed check
(on an asset or on the whole pack), the notes, time and peak memory (medians with --repeat).

Then the segmentation, scored with WindowDiff and Pk (0 is perfect, lower is better):
- each demo transcript (.vtt) against the headings of its written script (.md): every transcript
  sentence takes the section of the script sentence with the same words (or, when the speaker
  changed the wording, of the last one matched);
- the sample scripts' text without headings (.txt) against their known starts (.sections.json).
Each against an even split into as many sections, as a baseline.

The corpus files are read where they are, never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from fusee.content.understanding import Understanding, understand_file  # noqa: E402
from fusee.content.understanding.evaluate import (  # noqa: E402
    even_split_score,
    labels_from_starts,
    pk,
    sample_scores,
    window_diff,
)

CONTENT = ROOT / "src" / "fusee" / "content"
DEMO = CONTENT / "demo"
SKIP = ("README", ".shownotes.", ".abstract.")  # the corpus's companions, not talks
KINDS = {"article": "articles", "linkedin_post": "posts", "clip": "clips", "email": "emails"}
_WORDS = re.compile(r"\w+")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "transcripts")
    parser.add_argument("--repeat", type=int, default=1, help="runs per file (the median is shown)")
    parser.add_argument("--keep", type=Path, help="write the packs here instead of a new temporary folder")
    args = parser.parse_args()
    files = [p for p in sorted(args.corpus.glob("*")) if p.is_file() and not any(m in p.name for m in SKIP)]
    if not files:
        print(f"note: no transcripts in {args.corpus}; only the demo scripts are run")
    files += sorted(DEMO.glob("webinar_*.*"))
    out = args.keep or Path(tempfile.mkdtemp(prefix="fusee-eval-recycle-"))
    print(f"packs under {out}")
    summary = [pack_report(path, out, args.repeat) for path in files]
    print("\n=== summary")
    print(f"{'file':<62} {'lang':>4} {'sect':>4} {'art':>3} {'post':>4} {'clip':>4} {'failed':>6} "
          f"{'s':>6} {'MB':>5}")
    for row in summary:
        print(f"{row['file'][:62]:<62} {row['language']:>4} {row['sections']:>4} {row['articles']:>3} "
              f"{row['posts']:>4} {row['clips']:>4} {row['failed']:>6} {row['seconds']:>6.1f} "
              f"{row['mb']:>5.0f}")
    segmentation()
    return 0


# --- one pack per file ---


def pack_report(path: Path, out: Path, repeat: int) -> dict[str, Any]:
    target = out / path.name.replace(".", "_")
    runs = [recycle(path, target, out) for _ in range(repeat)]
    seconds, mb = statistics.median(t for t, _ in runs), max(m for _, m in runs)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    counts = Counter(asset["kind"] for asset in manifest["assets"])
    source = manifest["source"]
    print(f"\n=== {path.name}")
    print(f"{manifest['language']}, {source['words']:,} words, {source['sentences']} sentences; "
          f"{seconds:.1f} s (median of {repeat}), peak {mb:.0f} MB; pack: {target}")
    for section in manifest["sections"]:
        span = section["sentences"]
        time_span = section.get("time")
        when = f", {clock(time_span['start'])}–{clock(time_span['end'])}" if time_span else ""
        print(f"  [{section['index'] + 1}] {section['title']}  ({section['title_source']}; "
              f"sentences {span['first']}–{span['last']}, {section['words']} words{when})")
    print("  " + ", ".join(f"{counts.get(kind, 0)} {label}" for kind, label in KINDS.items())
          + f", ebook: {'yes' if counts.get('ebook') else 'no'}")
    failed = [(asset["kind"], asset["key"], check) for asset in manifest["assets"]
              for check in asset["checks"] if not check["ok"]]
    failed += [("pack", "", check) for check in manifest["checks"] if not check["ok"]]
    print(f"  failed checks: {len(failed)}")
    for kind, key, check in failed:
        print(f"    ✗ {kind} {key}: {check['name']}: {check['detail']}")
    for note in manifest["notes"]:
        print(f"  note: {note}")
    return {"file": path.name, "language": manifest["language"], "sections": len(manifest["sections"]),
            "articles": counts.get("article", 0), "posts": counts.get("linkedin_post", 0),
            "clips": counts.get("clip", 0), "failed": len(failed), "seconds": seconds, "mb": mb}


def recycle(path: Path, target: Path, out: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one `fusee recycle` process."""
    environment = {**os.environ, "FUSEE_DATA_DIR": str(out / ".data"), "FUSEE_LOG_LEVEL": "warning"}
    environment.pop("DATABASE_URL", None)  # the CLI as a user runs it, on its embedded default
    command = [str(Path(sys.executable).with_name("fusee")), "recycle", str(path), "--out", str(target)]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    error = process.stderr.read().decode()[-2000:] if process.stderr else ""
    if status != 0:
        raise SystemExit(f"{path.name}: fusee recycle failed:\n{error}")
    return seconds, usage.ru_maxrss / 1024  # kilobytes on Linux


def clock(seconds: float | None) -> str:
    minutes, rest = divmod(int(seconds or 0), 60)
    return f"{minutes:02d}:{rest:02d}"


# --- segmentation ---


def segmentation() -> None:
    print("\n=== segmentation (WindowDiff, Pk; lower is better; baseline: an even split)")
    for language in ("en", "fr"):
        scores = transcript_against_script(DEMO / f"webinar_{language}.md", DEMO / f"webinar_{language}.vtt")
        print(f"demo {language} .vtt vs its .md headings: WindowDiff {scores['window_diff']:.3f}, "
              f"Pk {scores['pk']:.3f} "
              f"(even split: {scores['even_window_diff']:.3f}, {scores['even_pk']:.3f}); "
              f"{scores['sections']} sections found, {scores['reference_sections']} headings; "
              f"{scores['matched']:.0%} of the transcript's sentences matched by their words")
    for name, scores in sample_scores().items():
        even = even_split_score(name)
        print(f"sample {name} .txt vs .sections.json: WindowDiff {scores['window_diff']:.3f}, "
              f"Pk {scores['pk']:.3f} (even split: {even['window_diff']:.3f}, {even['pk']:.3f}); "
              f"{scores['sections']} sections found, {scores['reference_sections']} known")


def words_key(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def transcript_against_script(script: Path, transcript: Path) -> dict[str, float]:
    written, spoken = understand_file(script), understand_file(transcript)
    section_of = {
        words_key(s.text): label for s, label in zip(written.sentences, labels(written), strict=True)
    }
    reference, matched, last = [], 0, 0
    for sentence in spoken.sentences:
        label = section_of.get(words_key(sentence.text))
        if label is not None:
            matched, last = matched + 1, max(last, label)  # the talk never goes back a section
        reference.append(last)
    hypothesis = labels(spoken)
    count = len(set(reference))
    n = len(reference)
    even = labels_from_starts([round(i * n / count) for i in range(count)], n)
    return {
        "window_diff": window_diff(reference, hypothesis), "pk": pk(reference, hypothesis),
        "even_window_diff": window_diff(reference, even), "even_pk": pk(reference, even),
        "sections": len(spoken.sections), "reference_sections": count, "matched": matched / max(n, 1),
    }


def labels(understanding: Understanding) -> list[int]:
    return labels_from_starts([s.first for s in understanding.sections], len(understanding.sentences))


if __name__ == "__main__":
    raise SystemExit(main())
