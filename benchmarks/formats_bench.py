"""A many-page PDF audited twice: the first run parses it, the second reads the extraction cache.

    python benchmarks/formats_bench.py --pages 300 --json
    python benchmarks/formats_bench.py --pages 50 --keep /tmp/pdf-project

A project is written into a temporary folder: one PDF of ``--pages`` pages (fpdf2, Helvetica,
about 40 lines of report prose with counts, years and totals per page, a running header and
"Page n of N" on every page, some words hyphenated at line ends), a datasets CSV with the
figures of one sentence per page (offsets located in the normalized text, not typed) and one
``sum_total`` rule per page over them; coverage is off (most of the page's figures are not
extracted). Measured, with ``AUDITOR_CACHE_DIR`` pointing into that folder:

* ``parse_seconds``: :func:`auditor.read.sources.read_source` on the PDF with an empty cache
  (pypdf's text extraction, headers and hyphens undone, passages split), in this process;
* ``cached_read_seconds``: the same call again, served by the cache;
* ``check_first_seconds``, ``check_second_seconds``: ``auditor check`` run as a command (a new
  process: interpreter start, imports, GX, the audit and all three reports) with the cache
  emptied before the first run, kept for the second; ``check_*_cpu_seconds``: the CPU time of
  the same process (steadier than wall time on a shared machine).

Targets ("a 300-page PDF audits in seconds on the second run"): the second ``auditor check`` takes
≤ 15 s of CPU and the cached read ≤ 1 s. The exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.read.sources import read_source  # noqa: E402

WORDS = ("authorities reported identified investigated victims cases shelters federal state agencies "
         "services prosecutors convicted trafficking labor exploitation programs funding training "
         "officials municipal regional national assistance protection prevention hotline received "
         "government continued coordinated established").split()
TARGET_SECOND_CHECK = 15.0
TARGET_CACHED_READ = 1.0


def _lines(rng: random.Random, count: int) -> list[str]:
    """``count`` lines of sentences wrapped at about 95 characters; one wrap in ten hyphenates a word."""
    lines, line = [], ""
    while len(lines) < count:
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 14))]
        words.insert(rng.randint(1, 8), f"{rng.randint(2, 99_999):,}")
        words[0] = words[0].capitalize()
        words[-1] += "."
        for word in words:
            if len(line) + len(word) + 1 <= 95:
                line = f"{line} {word}" if line else word
            elif rng.random() < 0.1 and word.isalpha() and len(word) > 5:
                lines.append(f"{line} {word[:3]}-")
                line = word[3:]
            else:
                lines.append(line)
                line = word
    return lines[:count]


def _page(rng: random.Random, number: int) -> tuple[list[str], str, dict[str, int]]:
    """One page of lines, its sentence with a total and two parts (for the rule), and where they are in it."""
    a, b = rng.randint(10, 900), rng.randint(10, 900)
    total = a + b if number % 50 else a + b + 1   # one page in 50 states a wrong total
    key = f"In district {number} the agency identified {total} victims: {a} for sex trafficking and {b} for forced labor."
    cut = key.index(" ", 60)
    where = {"total": key.index(f"identified {total}") + 11, "sex": key.index(f": {a}") + 2, "labor": key.index(f"and {b}") + 4}
    lines = _lines(rng, 38)
    # Mid-page (a sentence at a page's edge that recurs, digits aside, is a running header), after
    # a line that ends its sentence.
    at = rng.randint(5, 30)
    lines[at - 1] = lines[at - 1].rstrip(".-") + "."
    lines[at:at] = [key[:cut], key[cut + 1:]]
    return lines, key, where


def write_project(root: Path, pages: int) -> int:
    from fpdf import FPDF

    rng = random.Random(15)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=9)
    keys = []
    for number in range(1, pages + 1):
        lines, key, where = _page(rng, number)
        keys.append((key, where))
        pdf.add_page()
        pdf.set_xy(10, 8)
        pdf.cell(0, 5, "Annual Report on Trafficking in Persons 2019")
        pdf.set_xy(10, 20)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_xy(10, 285)
        pdf.cell(0, 5, f"Page {number} of {pages}")
    for folder in ("seeds", "datasets", "expectations"):
        (root / folder).mkdir(parents=True)
    (root / "seeds" / "report.pdf").write_bytes(bytes(pdf.output()))
    text = read_source(root / "seeds" / "report.pdf", "report.pdf").text
    rows, rules = [], ["settings:\n  coverage: {enabled: false}\nrules:\n"]
    cursor = 0
    for number, (key, where) in enumerate(keys, start=1):
        # A page's first two lines are joined with a space, so the sentence is in the text as written.
        start = text.index(key, cursor)
        cursor = start + len(key)
        ids = []
        for role, at in where.items():
            offset = start + at
            figure = key[at:].split()[0].rstrip(".")
            ids.append(f"p{number}-{role}")
            rows.append({"id": ids[-1], "source": "report.pdf", "figure": figure, "value": figure, "unit": "count",
                         "start": offset, "end": offset + len(figure), "quote": key})
        rules.append(f"  - {{id: page-{number}, kind: sum_total, description: \"{key}\", "
                     f"total: {ids[0]}, parts: [{ids[1]}, {ids[2]}]}}\n")
    with open(root / "datasets" / "figures.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "source", "figure", "value", "unit", "start", "end", "quote"])
        writer.writeheader()
        writer.writerows(rows)
    (root / "expectations" / "rules.yml").write_text("".join(rules), encoding="utf-8")
    return len(text)


def _check(root: Path) -> tuple[float, float, int]:
    """``auditor check`` in ``root``: wall seconds, CPU seconds (the machine is shared), exit code."""
    exe = Path(sys.executable).with_name("auditor")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([str(exe), "check", "--quiet"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "AUDITOR_CACHE_DIR": str(root / "cache")})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", type=Path, help="write the project here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="formats-bench-"))
    try:
        os.environ["AUDITOR_CACHE_DIR"] = str(root / "cache")
        chars = write_project(root, args.pages)
        shutil.rmtree(root / "cache", ignore_errors=True)
        pdf = root / "seeds" / "report.pdf"
        started = time.perf_counter()
        source = read_source(pdf, "report.pdf")
        parse = time.perf_counter() - started
        started = time.perf_counter()
        read_source(pdf, "report.pdf")
        cached = time.perf_counter() - started
        shutil.rmtree(root / "cache", ignore_errors=True)
        first, first_cpu, code_first = _check(root)
        second, second_cpu, code_second = _check(root)
        failed_pages = sorted(f["id"] for f in json.loads((root / "audit_reports" / "results.json").read_text())["findings"]
                              if f["status"] == "failed")
        figures = {
            "pages": args.pages, "pdf_mb": round(pdf.stat().st_size / 1e6, 2), "chars": chars,
            "passages": len(source.passages), "parse_seconds": round(parse, 2), "cached_read_seconds": round(cached, 3),
            "check_first_seconds": round(first, 2), "check_second_seconds": round(second, 2),
            "check_first_cpu_seconds": round(first_cpu, 2), "check_second_cpu_seconds": round(second_cpu, 2),
            "exit_codes": [code_first, code_second], "failed": failed_pages[:10],
        }
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    expected_failed = sorted(f"page-{n}" for n in range(50, args.pages + 1, 50))
    ok = (second_cpu <= TARGET_SECOND_CHECK and cached <= TARGET_CACHED_READ
          and figures["exit_codes"] == [int(bool(expected_failed))] * 2 and failed_pages == expected_failed)
    figures["targets_met"] = ok
    print(json.dumps(figures) if args.json else "\n".join(f"{k}: {v}" for k, v in figures.items()))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
