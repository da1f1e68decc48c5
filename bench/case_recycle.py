"""Content recycling: a 5,000-word script to the full pack, PDF included, as `fusee recycle` runs.

The script is the English demo webinar (src/fusee/content/demo/webinar_en.md, ~4,000 words) with
the English sample script's sections appended (~1,600 words), cut to 5,000 words at a paragraph
end. Each run is a fresh `fusee recycle SCRIPT --out DIR` process (imports, language detection,
sections, every writer, PDF/EPUB/DOCX, checks, zip), timed from the outside; its peak memory is
the child's maximum resident set size.

The baseline, in the same run and also a fresh process: the same text typeset into a plain PDF
by the same Typst compiler, with no analysis — the floor of "a PDF from this text".
Targets (issue 5): under 15 s and under 1.5 GB on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "src" / "fusee" / "content"
WORDS = 5_000
SECONDS_LIMIT, MEGABYTES_LIMIT = 15.0, 1_536

BASELINE = """
import sys, typst
SPECIAL = "\\\\#*_$@<>`[]=-+/~"
def escaped(text):
    return "".join("\\\\" + c if c in SPECIAL else c for c in text)
text = open(sys.argv[1], encoding="utf-8").read()
paragraphs = [p for p in text.split("\\n\\n") if p.strip()]
markup = '#set page(paper: "a4")\\n#set text(lang: "en")\\n' + "\\n\\n".join(map(escaped, paragraphs))
open(sys.argv[2], "wb").write(typst.compile(markup.encode()))
"""


def recycle_pack(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="fusee-bench-recycle-") as folder:
        work = Path(folder)
        script = script_of_5000_words(work / "webinar-5000.md")
        ours = [run([fusee(), "recycle", str(script), "--out", str(work / f"pack{n}")], work)
                for n in range(args.repeat)]
        base = [run([sys.executable, "-c", BASELINE, str(script), str(work / f"plain{n}.pdf")], work)
                for n in range(args.repeat)]
        pdfs = sorted((work / "pack0").rglob("*.pdf"))
        if not pdfs:
            raise AssertionError("the pack has no PDF")
    seconds = statistics.median(t for t, _ in ours)
    megabytes = max(m for _, m in ours)
    return {
        "name": "recycle: 5,000-word script → full pack",
        "seconds": seconds,
        "baseline": statistics.median(t for t, _ in base),
        "ratio": seconds / statistics.median(t for t, _ in base),
        "limit": f"{SECONDS_LIMIT:g} s",
        "ok": seconds < SECONDS_LIMIT and megabytes < MEGABYTES_LIMIT,
        "note": f"peak memory {megabytes:.0f} MB (limit {MEGABYTES_LIMIT} MB); baseline: the same text "
                "as a plain Typst PDF",
    }


def script_of_5000_words(path: Path) -> Path:
    demo = (CONTENT / "demo" / "webinar_en.md").read_text(encoding="utf-8")
    sample = (CONTENT / "samples").glob("*en*.md")
    extra = "\n\n".join(p.read_text(encoding="utf-8").split("\n", 1)[1] for p in sorted(sample))
    paragraphs, words = [], 0
    for paragraph in f"{demo.rstrip()}\n\n{extra}".split("\n\n"):
        if words >= WORDS:
            break
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def fusee() -> str:
    return str(Path(sys.executable).with_name("fusee"))


def run(command: list[str], work: Path) -> tuple[float, float]:
    """Seconds and the peak resident memory (MB) of one child process."""
    environment = {**os.environ, "FUSEE_DATA_DIR": str(work / "data"), "FUSEE_LOG_LEVEL": "warning"}
    environment.pop("DATABASE_URL", None)  # the CLI's own embedded default, as a user runs it
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        error = process.stderr.read().decode()[-2000:] if process.stderr else ""
        raise AssertionError(f"{command[:2]} failed: {error}")
    return seconds, usage.ru_maxrss / 1024  # this child's own peak, in kilobytes on Linux
