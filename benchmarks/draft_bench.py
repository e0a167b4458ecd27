"""Benchmark ``auditor scan --draft``: scanning and drafting N and 2N figures, then drafting again.

    python benchmarks/draft_bench.py --figures 20000 --json

One generated document of N sentences, each with a year, a count, a duration, a zero in words
and a citation ("In 2021, officials identified 17 victims and convicted 4 traffickers under Law
4.512 with sentences of 6 years, and none in 2020."), so every reading rule and every draft
column is exercised. Timed: scanning, the first draft, and a second draft into the same folder
(which must draft nothing, every mention being kept), on N and on 2N sentences. ``growth_ratio``
(2N over N, first draft) tells whether drafting scales: about 2 for linear work. CPU seconds,
since wall time suffers on a shared machine. Prints one JSON line with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.draft import write_drafts  # noqa: E402
from auditor.read.scanner import scan_source  # noqa: E402
from auditor.read.sources import load_sources  # noqa: E402

WORDS = ["none", "no", "one", "two", "three", "five", "nine", "twelve"]


def document(sentences: int, seed: int = 7) -> str:
    """``sentences`` sentences in the shape of a report's protection section."""
    rng = random.Random(seed)
    lines = []
    for n in range(sentences):
        year = 2010 + n % 12
        lines.append(f"In {year}, officials identified {rng.randint(2, 900)} victims and convicted "
                     f"{rng.randint(1, 60)} traffickers under Law {rng.randint(1, 99)}.{rng.randint(100, 999)} "
                     f"with sentences of {rng.randint(2, 20)} years, and {rng.choice(WORDS)} in {year - 1}.")
    return " ".join(lines)


def measure(sentences: int) -> dict:
    """CPU seconds to scan, draft, and draft again ``sentences`` sentences."""
    with tempfile.TemporaryDirectory(prefix="auditor-draft-") as tmp:
        root = Path(tmp)
        (root / "seeds").mkdir()
        (root / "seeds" / "report.txt").write_text(document(sentences), encoding="utf-8")
        sources = load_sources(root / "seeds")
        started = time.process_time()
        mentions = {name: scan_source(source) for name, source in sources.items()}
        scanned = time.process_time()
        first = write_drafts(sources, mentions, root / "datasets")
        drafted = time.process_time()
        again = write_drafts(sources, mentions, root / "datasets")
        redrafted = time.process_time()
    return {"sentences": sentences, "figures": first.figures, "labels": first.labels,
            "scan_seconds": round(scanned - started, 3), "draft_seconds": round(drafted - scanned, 3),
            "redraft_seconds": round(redrafted - drafted, 3), "redraft_drafts_nothing": again.figures == again.labels == 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=5000, help="sentences of the smaller document (N)")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args(argv)
    small, large = measure(args.figures), measure(2 * args.figures)
    result = {"n": small, "2n": large,
              "growth_ratio": round(large["draft_seconds"] / max(small["draft_seconds"], 1e-9), 2)}
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))
    return 0 if small["redraft_drafts_nothing"] and large["redraft_drafts_nothing"] else 1


if __name__ == "__main__":
    sys.exit(main())
