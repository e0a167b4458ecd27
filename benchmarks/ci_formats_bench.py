"""How the CI formats scale: N non-passing findings rendered as lines, GitHub commands and SARIF.

Usage (from the repository root)::

    python benchmarks/ci_formats_bench.py --findings 50000 --json

A synthetic :class:`~auditor.findings.AuditResult` is built in memory (not timed): every
finding failed (the formats list only non-passing ones, so this is their worst case), each with
three figures placed in one of ``--sources`` documents, half of them under one rule (as coverage
findings are) and half under rules of their own (as discovered relations are), with a message
of the usual length. Measured, CPU seconds of this process (steady on a shared machine):

* ``lines_seconds``: every ``PATH:LINE:COL: …`` line (:func:`auditor.report.lines.finding_lines`);
* ``github_seconds``: every workflow command (:func:`auditor.report.github.annotations`);
* ``sarif_seconds``: ``results.sarif`` written to memory (:func:`auditor.report.sarif.write_sarif`),
  and ``sarif_mb`` its size.

Target: each format ≤ 5 s for 50,000 findings (a CI log or upload must not wait on the
rendering more than on the audit). The exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import io
import json
import time

from auditor.findings import AuditResult, FigureRef, Finding
from auditor.report.github import annotations
from auditor.report.lines import finding_lines
from auditor.report.sarif import write_sarif

TARGET_SECONDS = 5.0


def synthetic_result(findings: int, sources: int) -> AuditResult:
    """``findings`` failed findings of three placed figures each, over ``sources`` documents."""
    out = []
    for i in range(findings):
        source = f"report-{i % sources:04d}.txt"
        refs = [FigureRef(id=f"f{i}-{j}", value=1814.0, figure="1,814", source=source, start=40 * j, end=40 * j + 5,
                          quote="The agency identified 1,814 victims in 2015.", role="part", line=3 + j, col=23,
                          end_line=3 + j, end_col=28) for j in range(3)]
        rule = "coverage" if i % 2 else f"discover/breakdown/{source}/victims-{i}"
        out.append(Finding(id=f"{rule}@{i}", rule_id=rule, kind="coverage" if i % 2 else "sum_total",
                           severity="warning", status="failed", figures=refs,
                           message=f"'1,814' (count) at {source}:{40 * i} is not accounted for: extract it, "
                                   "or list it in datasets/ignored.csv with a reason"))
    return AuditResult(findings=out, run={"auditor_version": "bench"})


def _cpu(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--findings", type=int, default=50000)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    result = synthetic_result(args.findings, args.sources)
    sarif = io.BytesIO()
    figures = {
        "findings": args.findings,
        "lines_seconds": round(_cpu(lambda: sum(1 for _ in finding_lines(result))), 3),
        "github_seconds": round(_cpu(lambda: sum(1 for _ in annotations(result))), 3),
        "sarif_seconds": round(_cpu(lambda: write_sarif(result, sarif)), 3),
    }
    figures["sarif_mb"] = round(len(sarif.getvalue()) / 1e6, 1)
    print(json.dumps(figures) if args.json else "\n".join(f"{k}: {v}" for k, v in figures.items()))
    return 0 if all(figures[k] <= TARGET_SECONDS for k in ("lines_seconds", "github_seconds", "sarif_seconds")) else 1


if __name__ == "__main__":
    raise SystemExit(main())
