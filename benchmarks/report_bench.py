"""How the HTML report scales: N synthetic findings rendered, then opened and filtered in Chromium.

Usage (from the repository root)::

    python benchmarks/report_bench.py --findings 50000 --json
    python benchmarks/report_bench.py --findings 2000 --keep report.html

A synthetic :class:`~auditor.findings.AuditResult` is built in memory (not timed): ``--sources``
documents of about 30,000 characters each, written as sentences with counts, years and totals
like the seed's; every number in them is a figure with its exact offsets and its sentence as
quote. Findings involve two to four figures of one document (sums, aggregates, trends, repeated
passages with a word diff), with realistic messages, claims and GX result details; about 1 %
fail, 0.3 % cannot be evaluated, 0.2 % are waived, the rest pass.

Measured:

* ``render_seconds``: ``render_html(result, source_texts)``, wall clock (``render_cpu_seconds``:
  the process's CPU time for it, steadier on a shared machine);
* ``write_seconds``: ``write_reports`` as ``auditor check`` calls it: results.json, report.html
  and junit.xml rendered, written to fsynced temporary files and swapped in (``write_mb``: each
  file's size);
* ``size_mb``: report.html's size in MB (10^6 bytes);
* ``open_seconds``: in headless Chromium (Debian's, at /usr/bin/chromium), from the start of
  navigation to the load event plus the next frame (the verdict banner is painted by then);
  ``first_paint_seconds`` is the browser's first-contentful-paint for the same load;
* ``filter_seconds``: the slowest of three filter changes, each timed in the page from the
  change to the next frame after the list is updated: status = passed only (renders the first
  page of passed findings, parsing the embedded JSON the first time), one severity unchecked,
  and a text search. Each one's time is in ``filters``.

Targets (issues 5 and 8): render ≤ 5 s, all three reports written ≤ 5 s, size ≤ 25 MB, open ≤ 2 s,
filter ≤ 2 s. One JSON line is
printed with ``--json``, the same figures as text otherwise; the exit status is 1 when a target
is missed, so the benchmark can gate a CI job.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.findings import AuditResult, Finding, FigureRef, SourceInfo, Waiver, gate, summarize  # noqa: E402
from auditor.report import write_reports  # noqa: E402
from auditor.report.html import render_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGETS = {"render_seconds": 5.0, "write_seconds": 5.0, "size_mb": 25.0, "open_seconds": 2.0, "filter_seconds": 2.0}

AGENCIES = ["federal government", "state governments", "national police", "labor inspectorate",
            "attorney general's office", "ministry of social development", "immigration institute",
            "special prosecutor's unit"]
WHAT = ["victims", "traffickers", "investigations", "prosecutions", "convictions", "shelters",
        "hotline calls", "labor inspections"]
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
FILLER = [
    "NGOs reported some shelters relied on the prosecutor’s office to identify victims.",
    "Observers noted that coordination between agencies remained uneven across regions.",
    "The government did not report efforts to reduce the demand for commercial sex acts.",
    "Civil society organizations continued to provide most specialized services for survivors.",
    "Officials acknowledged that official complicity remained a significant concern.",
]


def _number(rng: random.Random, low: int = 2, high: int = 4000) -> tuple[str, int]:
    value = rng.randint(low, high)
    if value in NUMBER_WORDS and rng.random() < 0.5:
        return NUMBER_WORDS[value], value
    return f"{value:,}", value


class _Doc:
    """A synthetic source document and the figures written into it."""

    def __init__(self, name: str, rng: random.Random, chars: int):
        self.name = name
        self.parts: list[str] = []
        self.length = 0
        self.figures: list[dict] = []
        self.sentences: list[list[dict]] = []   # figures of each sentence with two or more
        while self.length < chars:
            if rng.random() < 0.25:
                self._append(rng.choice(FILLER), [])
            else:
                self._sentence(rng)
        self.text = "".join(self.parts)

    def _append(self, sentence: str, numbers: list[tuple[int, str, int]]) -> None:
        if self.parts:
            self.parts.append(" ")
            self.length += 1
        base = self.length
        figures = []
        for offset, figure, value in numbers:
            figures.append({"id": f"{self.name.split('.')[0]}-f{len(self.figures) + len(figures)}",
                            "figure": figure, "value": float(value), "source": self.name,
                            "start": base + offset, "end": base + offset + len(figure), "quote": sentence})
        self.parts.append(sentence)
        self.length += len(sentence)
        self.figures.extend(figures)
        if len(figures) >= 2:
            self.sentences.append(figures)

    def _sentence(self, rng: random.Random) -> None:
        year = rng.randint(2012, 2021)
        agency, what = rng.choice(AGENCIES), rng.choice(WHAT)
        pieces: list[str | tuple[str, int]] = []
        shape = rng.randrange(3)
        if shape == 0:
            pieces = [f"The {agency} identified ", _number(rng), f" {what} in {year}, compared to ", _number(rng),
                      f" in {year - 1} and ", _number(rng), f" in {year - 2}."]
        elif shape == 1:
            pieces = ["Of the ", _number(rng), f" {what} reported in {year}, ", _number(rng, 2, 900),
                      " were women, ", _number(rng, 2, 900), " were children and ", _number(rng, 2, 300),
                      " were men."]
        else:
            pieces = [f"In {year} the {agency} reported ", _number(rng), f" {what}: ", _number(rng, 2, 2000),
                      " for sex trafficking and ", _number(rng, 2, 2000), " for forced labor."]
        text, numbers = "", []
        for piece in pieces:
            if isinstance(piece, tuple):
                numbers.append((len(text), piece[0], piece[1]))
                text += piece[0]
            else:
                text += piece
        self._append(text, numbers)


def _claim(rng: random.Random, quote: str) -> str:
    """A window of a sentence's words, as a rule's description quotes its claim (rarely twice alike)."""
    words = quote.split()
    start = rng.randrange(0, max(1, len(words) - 8))
    return " ".join(words[start:start + rng.randint(8, len(words))])


def _ref(fig: dict, role: str) -> FigureRef:
    return FigureRef(id=fig["id"], value=fig["value"], figure=fig["figure"], unit="count", source=fig["source"],
                     start=fig["start"], end=fig["end"], quote=fig["quote"], role=role)


def _gx(finding_id: str, passed: bool, values: list[float], table: str, expectation: str, columns: int) -> list[dict]:
    kwargs = ({"column_list": ["total", "tolerance", *[f"part_{i}" for i in range(columns)]]} if table == "sum"
              else {"column_A": "a", "column_B": "b"})
    return [{"check_id": f"{finding_id}#0", "passed": passed, "values": values,
             "expectations": [{"expectation_type": expectation, "table": table, "kwargs": kwargs, "success": passed}]}]


def _finding(i: int, rng: random.Random, docs: list[_Doc]) -> Finding:
    roll = rng.random()
    status = "failed" if roll < 0.01 else "error" if roll < 0.013 else "waived" if roll < 0.015 else "passed"
    severity = rng.choices(["error", "warning", "info"], weights=[6, 3, 1])[0]
    doc = rng.choice(docs)
    kind = rng.choice(["sum_total", "aggregate", "trend", "repeated_passage", "same_fact"])
    rule_id = f"{doc.name.split('.')[0]}-{kind.replace('_', '-')}-{i}"
    file, line = f"expectations/{doc.name.split('.')[0]}.yml", 3 + 7 * (i % 400)
    details: dict = {}
    if kind in ("sum_total", "aggregate"):
        figs = rng.choice(doc.sentences)
        total, parts = figs[0], figs[1:]
        observed = sum(p["value"] for p in parts)
        expected = total["value"] if status != "passed" else observed
        roles = ["total" if kind == "sum_total" else "aggregate"] + ["part" if kind == "sum_total" else "component"] * len(parts)
        refs = [_ref(f, r) for f, r in zip(figs, roles)]
        names = " + ".join(p["figure"] for p in parts)
        message = (f"{names} = {observed:,.0f}, but the total is {expected:,.0f}: off by {abs(observed - expected):,.0f}"
                   if status in ("failed", "waived") else f"{names} = {observed:,.0f}, matching the total {expected:,.0f}")
        gx = _gx(rule_id, status == "passed", [expected, 0.0, *[p["value"] for p in parts]], "sum",
                 "expect_parts_to_sum_to_total", len(parts))
        description = f"\"{_claim(rng, figs[0]['quote'])}\""
    elif kind == "trend":
        figs = rng.choice([s for s in doc.sentences if len(s) >= 3] or doc.sentences)[:3]
        refs = [_ref(f, f"period {k + 1}") for k, f in enumerate(figs)]
        expected, observed = figs[1]["value"], figs[0]["value"]
        message = (f"claimed fewer than before, but {figs[0]['figure']} vs {figs[1]['figure']}"
                   if status != "passed" else f"{figs[0]['figure']} is fewer than {figs[1]['figure']}")
        gx = _gx(rule_id, status == "passed", [figs[1]["value"], figs[0]["value"]], "greater",
                 "expect_column_pair_values_a_to_be_greater_than_b", 2)
        description = f"\"{_claim(rng, figs[0]['quote'])}\" (fewer than the year before)"
    else:
        a, b = rng.sample(doc.figures, 2)
        refs = [_ref(a, "first copy"), _ref(b, "second copy")]
        expected, observed = a["value"], b["value"] if status != "passed" else a["value"]
        message = (f"{a['figure']!r} at {doc.name}:{a['start']} is restated as {b['figure']!r} at {doc.name}:{b['start']}"
                   if status != "passed" else f"{a['figure']!r} is repeated unchanged ({a['figure']})")
        gx = _gx(rule_id, status == "passed", [a["value"], b["value"]], "equal",
                 "expect_column_pair_values_to_be_equal", 2)
        description = f"The passage \"{_claim(rng, a['quote'])}…\" is stated twice"
        if kind == "repeated_passage":
            words_a, words_b = a["quote"].split(), b["quote"].split()
            cut = min(len(words_a), len(words_b), 6)
            details["diff"] = [["equal", " ".join(words_a[:cut])], ["delete", " ".join(words_a[cut:])],
                               ["insert", " ".join(words_b[cut:])]]
            details["passages"] = [{"source": doc.name, "start": a["start"] - a["quote"].find(a["figure"]),
                                    "end": 0, "text": a["quote"]},
                                   {"source": doc.name, "start": b["start"] - b["quote"].find(b["figure"]),
                                    "end": 0, "text": b["quote"]}]
    waiver = None
    if status == "waived":
        waiver = Waiver(rule=rule_id, reason="the 2016 figure was corrected in the erratum", reviewer="editor@desk",
                        expires="2027-01-31")
    if status == "error":
        message, expected, observed = "not evaluated: stale extract(s) (see their provenance findings)", None, None
    return Finding(id=rule_id, rule_id=rule_id, kind=kind, severity=severity, status=status, message=message,
                   description=description, expected=expected, observed=observed, figures=refs, details=details,
                   gx=gx, waiver=waiver, new=(status == "failed" and i % 3 == 0) or None,
                   rule_file=file, rule_line=line)


def synthetic_result(findings: int, sources: int = 20, chars: int = 30_000, seed: int = 5) -> tuple[AuditResult, dict[str, str]]:
    """An AuditResult with ``findings`` findings over ``sources`` synthetic documents, and their texts."""
    rng = random.Random(seed)
    docs = [_Doc(f"report-{k:03d}.txt", rng, chars) for k in range(sources)]
    items = [_finding(i, rng, docs) for i in range(findings)]
    items.sort(key=lambda f: f.sort_key)
    summary = summarize(items)
    figures = sum(len(d.figures) for d in docs)
    summary["provenance"] = {"figures": figures, "verified": figures, "stale": 0}
    summary["coverage"] = {"mentions": figures + 4 * sources, "extracted": figures, "dates": 3 * sources,
                           "ignored": sources, "unaccounted": 0}
    result = AuditResult(
        run={"started_at": "2026-01-01T00:00:00+00:00", "seconds": 12.5, "host": "bench", "auditor_version": "bench",
             "gx_version": "1.24.1", "python_version": sys.version.split()[0], "engine": "pandas"},
        gate=gate(items, "error"), summary=summary,
        sources=[SourceInfo(name=d.name, chars=len(d.text), passages=len(d.sentences), sha256="0" * 64,
                            figures=len(d.figures)) for d in docs],
        findings=items)
    return result, {d.name: d.text for d in docs}


_NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"
_TIMED = """async (step) => {
  const form = document.getElementById('filters');
  const t0 = performance.now();
  if (step === 'passed') {
    for (const box of form.querySelectorAll('input[name=status]')) box.checked = box.value === 'passed';
    form.dispatchEvent(new Event('change', {bubbles: true}));
  } else if (step === 'severity') {
    const box = form.querySelector('input[name=severity][value=info]');
    box.checked = false;
    box.dispatchEvent(new Event('change', {bubbles: true}));
  } else {
    const search = document.getElementById('f-search');
    search.value = 'women 2019';
    search.dispatchEvent(new Event('input', {bubbles: true}));
  }
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return [(performance.now() - t0) / 1000, document.getElementById('f-count').textContent,
          document.querySelectorAll('.finding:not([hidden])').length];
}"""


def measure_browser(path: Path) -> dict:
    """Open the report in headless Chromium; time the load and three filter changes."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            started = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load", timeout=120_000)
            page.evaluate(_NEXT_FRAME)
            open_seconds = time.perf_counter() - started
            paint = page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
            filters = {}
            for step in ("passed", "severity", "search"):
                seconds, count, visible = page.evaluate(_TIMED, step)
                filters[step] = {"seconds": round(seconds, 3), "count": count, "visible": visible}
            if errors:
                raise RuntimeError(f"page errors: {errors}")
        finally:
            browser.close()
    return {"open_seconds": round(open_seconds, 3),
            "first_paint_seconds": round(paint / 1000, 3) if paint else None,
            "filter_seconds": max(f["seconds"] for f in filters.values()), "filters": filters}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--findings", type=int, default=50_000)
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--keep", type=Path, help="also write the report to this path")
    parser.add_argument("--no-browser", action="store_true", help="render and measure size only")
    args = parser.parse_args(argv)

    result, texts = synthetic_result(args.findings, args.sources)
    started, cpu_started = time.perf_counter(), time.process_time()
    html = render_html(result, texts)
    render_seconds = time.perf_counter() - started
    render_cpu = time.process_time() - cpu_started
    data = html.encode("utf-8")
    del html
    with tempfile.TemporaryDirectory() as tmp:
        # What `auditor check` writes: results.json, report.html and junit.xml, fsynced and swapped in.
        started = time.perf_counter()
        written = write_reports(result, Path(tmp) / "audit_reports", texts)
        write_seconds = time.perf_counter() - started
        assert written["report.html"].read_bytes() == data
        figures = {"findings": args.findings, "render_seconds": round(render_seconds, 3),
                   "render_cpu_seconds": round(render_cpu, 3), "write_seconds": round(write_seconds, 3),
                   "write_mb": {name: round(path.stat().st_size / 1e6, 2) for name, path in written.items()},
                   "size_mb": round(len(data) / 1e6, 2)}
        path = written["report.html"]
        if args.keep:
            args.keep.write_bytes(data)
        if not args.no_browser:
            figures.update(measure_browser(path))
    missed = [k for k, limit in TARGETS.items() if k in figures and figures[k] > limit]
    figures["targets_met"] = not missed
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>20}: {value}")
        if missed:
            print(f"targets missed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
