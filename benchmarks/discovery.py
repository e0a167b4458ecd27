"""How well discovery reads documents nobody wrote rules for, against relations annotated by hand.

    python benchmarks/discovery.py CORPUS [--json] [--list]

CORPUS is a folder with ``docs/`` (the documents) and ``relations.tsv``
(``file<TAB>relation<TAB>computed<TAB>verdict``, verdict HOLDS, FAILS or NOT COMPARABLE; see
the development corpus's README). The documents are audited as a project of their own — seeds
only, no extracts, no rules — exactly as ``auditor check`` runs on day one, and every failed
finding of severity warning or error (what gates and what an editor reads) is matched to the
annotated relation it is about: same document, and most of its figures' values among the
numbers the relation names.

Printed, per discovery family and in total: FAILS rows flagged, HOLDS rows wrongly flagged,
NOT COMPARABLE rows flagged, and other failed findings (matching no row). ``info`` findings
(relations read with little confidence) are counted apart. ``--list`` prints every flagged
finding with the row it matched. The last three lines are the summary.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.audit import AuditOptions, audit  # noqa: E402
from auditor.read.numbers import parse_number  # noqa: E402

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)\b",
                     re.IGNORECASE)


@dataclass
class Row:
    line: int
    file: str
    relation: str
    verdict: str
    numbers: frozenset[float]


def load_rows(path: Path) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader, None)
        for line, record in enumerate(reader, start=2):
            if len(record) < 4:
                continue
            file, relation, computed, verdict = record[:4]
            rows.append(Row(line, file, relation, verdict.strip(), frozenset(_numbers(relation + " " + computed))))
    return rows


def _numbers(text: str) -> set[float]:
    found = set()
    for match in _NUMBER.finditer(text):
        token = match.group().rstrip(",.")
        try:
            found.add(parse_number(token).value)
        except ValueError:
            continue
        if "." in token:   # "25.13" million pesos as written
            found.add(float(token.replace(",", "")))
    return found


def match_row(finding: dict, rows: list[Row]) -> Row | None:
    """The annotated relation a finding is about: its document, most of its figures' values."""
    sources = {f["source"] for f in finding["figures"]}
    values = {f["value"] for f in finding["figures"] if f["value"] is not None}
    values |= {v / 1e6 for v in values if v >= 1e6}   # "24.4 million pesos" annotated as 24.40
    distinct = {f["value"] for f in finding["figures"] if f["value"] is not None}
    best, best_score = None, (0.0, 0.0)
    for row in rows:
        if row.file not in sources:
            continue
        shared = values & row.numbers
        # Most of the finding's values named by the row, then the row naming least else.
        score = (len(shared) / max(1, len(distinct)), len(shared) / max(1, len(row.numbers | distinct)))
        if len(shared) >= min(2, len(distinct)) and score[0] >= 0.6 and score > best_score:
            best, best_score = row, score
    return best


def family_of(finding: dict) -> str:
    discovered = finding.get("details", {}).get("discovered")
    return discovered["family"] if discovered else finding["kind"]


def run(corpus: Path) -> dict:
    docs = corpus / "docs" if (corpus / "docs").is_dir() else corpus
    # Without annotations every failed finding counts as "other": what an editor would be shown.
    rows = load_rows(corpus / "relations.tsv") if (corpus / "relations.tsv").is_file() else []
    with tempfile.TemporaryDirectory(prefix="auditor-discovery-") as tmp:
        root = Path(tmp)
        shutil.copytree(docs, root / "seeds")
        started = time.perf_counter()
        done = audit(AuditOptions(seeds=root / "seeds", datasets=root / "datasets", expectations=root / "expectations"))
        seconds = time.perf_counter() - started
    result = json.loads(done.result.to_json())
    flagged = [f for f in result["findings"] if f["status"] == "failed" and f["severity"] in ("error", "warning")]
    info = [f for f in result["findings"] if f["status"] == "failed" and f["severity"] == "info"]
    per_family: dict[str, Counter] = defaultdict(Counter)
    matched_rows: dict[str, set[int]] = defaultdict(set)
    listing = []
    for finding in flagged:
        family = family_of(finding)
        row = match_row(finding, rows)
        verdict = row.verdict if row else "OTHER"
        if row is None:
            per_family[family]["other"] += 1
        elif row.line not in matched_rows[verdict]:
            per_family[family][verdict] += 1
        if row is not None:
            matched_rows[verdict].add(row.line)
        listing.append({"family": family, "id": finding["id"], "message": finding["message"],
                        "row": row.line if row else None, "verdict": verdict})
    fails_total = sum(1 for r in rows if r.verdict == "FAILS")
    totals = {
        "fails_flagged": len(matched_rows["FAILS"]), "fails_total": fails_total,
        "holds_flagged": len(matched_rows["HOLDS"]), "not_comparable_flagged": len(matched_rows["NOT COMPARABLE"]),
        "other_failed": sum(c["other"] for c in per_family.values()),
        "failed_findings": len(flagged), "info_failed": len(info),
        "relations": result["summary"].get("discovery", {}).get("relations", 0),
        "documents": len(result["sources"]), "seconds": round(seconds, 2),
    }
    totals["false_alarms"] = totals["holds_flagged"] + totals["not_comparable_flagged"] + totals["other_failed"]
    return {"families": {k: dict(v) for k, v in sorted(per_family.items())}, "totals": totals, "findings": listing}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder with docs/ and relations.tsv")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--list", action="store_true", help="list every flagged finding and the row it matched")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not a folder of documents", file=sys.stderr)
        return 2
    report = run(args.corpus)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    if args.list:
        for item in report["findings"]:
            print(f"[{item['family']}] {item['verdict']} (row {item['row']}): {item['message'][:220]}")
        print()
    print(f"{'family':<18}{'FAILS':>7}{'HOLDS':>7}{'N/C':>6}{'other':>7}")
    for family, counts in report["families"].items():
        print(f"{family:<18}{counts.get('FAILS', 0):>7}{counts.get('HOLDS', 0):>7}"
              f"{counts.get('NOT COMPARABLE', 0):>6}{counts.get('other', 0):>7}")
    t = report["totals"]
    print(f"{t['documents']} documents, {t['relations']} relations discovered, {t['seconds']} s; "
          f"{t['info_failed']} failed findings of severity info not counted")
    print(f"FAILS flagged: {t['fails_flagged']} of {t['fails_total']}")
    print(f"false alarms: {t['false_alarms']} (HOLDS {t['holds_flagged']}, NOT COMPARABLE "
          f"{t['not_comparable_flagged']}, other {t['other_failed']}) in {t['failed_findings']} failed findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
