"""Drafting the development corpus (``../shared/corpus``): what a steward gets from documents
nobody wrote extracts for. Skipped when the corpus is absent.

Measured here, every run: every figure the hand-annotated relations (relations.tsv) quote is
drafted with its value and offsets; no citation, report number or enumerator is drafted as a
quantity; no duration keeps the unit ``count``; every label lands in a drafted ignored file,
so nothing is left unaccounted; and the period of a fixed sample of 50 drafted rows, judged
by hand once (tests/fixtures/corpus/period_sample.tsv), is right for at least 45.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from auditor.cli import run
from auditor.coverage import measure_coverage
from auditor.draft import DRAFT_IGNORED_SUFFIX, DRAFT_SUFFIX, write_drafts
from auditor.extracts import load_extracts
from auditor.read.numbers import parse_number
from auditor.read.scanner import scan_source
from auditor.read.sources import load_sources

HERE = Path(__file__).resolve().parent
CANDIDATES = [HERE.parent / ".." / "shared" / "corpus", Path("/work/shared/corpus")]
CORPUS = next((c.resolve() for c in CANDIDATES if (c / "relations.tsv").is_file()), None)
pytestmark = pytest.mark.skipif(CORPUS is None, reason="development corpus (../shared/corpus) not present")

# Numerals as an annotator quotes them, found without the scanner: digits and number words.
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                 "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_NUMERAL = re.compile(r"(?<![\w.,$])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,$])\d+(?:\.\d+)?|\b(?i:(?:%s)(?:-(?:%s))?)\b"
                      % (_NUMBER_WORDS, _NUMBER_WORDS))
# A numeral after one of these names something: it must not be drafted as a quantity.
_CITATION_BEFORE = re.compile(r"(?i)\b(?:law|laws|article|articles|section|sections|decree|tier|ncj|no\.|title|"
                              r"chapter|act|code|regulation)\s*$|§\s*$|\d[-.]$")
_DURATION_AFTER = re.compile(r"(?i)[\s-]+(?:additional\s+)?(?:years?|months?|weeks?|days?)\b")


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    sources = load_sources(CORPUS / "docs")
    mentions = {name: scan_source(source) for name, source in sources.items()}
    out = tmp_path_factory.mktemp("corpus") / "datasets"
    write_drafts(sources, mentions, out)
    rows = [row for path in sorted(out.rglob(f"*{DRAFT_SUFFIX}")) for row in csv.DictReader(path.open(encoding="utf-8"))]
    labels = [row for path in sorted(out.rglob(f"*{DRAFT_IGNORED_SUFFIX}"))
              for row in csv.DictReader(path.open(encoding="utf-8"))]
    return sources, mentions, out, rows, labels


def _relation_numerals(sources):
    """(source, start, numeral) of every numeral inside the passages relations.tsv quotes."""
    found = []
    with (CORPUS / "relations.tsv").open(encoding="utf-8") as handle:
        for relation in csv.DictReader(handle, delimiter="\t"):
            names = [relation["file"]] + [f"{doc}.txt" for doc in re.findall(r"\b(\w+_tip\d{4})\b", relation["relation"])]
            for quoted in re.findall(r"'([^']{3,})'", relation["relation"]):
                for piece in re.split(r"\s*(?:\.\.\.|…)\s*", quoted):
                    place = next(((n, sources[n].text.find(piece)) for n in names
                                  if n in sources and sources[n].text.find(piece) != -1), None)
                    if len(piece) < 4 or place is None:
                        continue
                    name, at = place
                    text = sources[name].text
                    for numeral in _NUMERAL.finditer(piece):
                        start = at + numeral.start()
                        if re.fullmatch(r"(?:19|20)\d\d", numeral.group()) or _CITATION_BEFORE.search(text[max(0, start - 12):start]):
                            continue
                        found.append((name, start, numeral.group()))
    return found


def test_every_figure_the_relations_quote_is_drafted_with_its_value_and_offsets(drafted):
    sources, _, _, rows, _ = drafted
    at = {(row["source"], int(row["start"])): row for row in rows}
    numerals = _relation_numerals(sources)
    assert len(numerals) > 300          # the relations quote a few hundred figures
    missing = []
    for name, start, numeral in numerals:
        row = at.get((name, start))
        if (row is None or not row["figure"].startswith(numeral)
                or sources[name].text[start:int(row["end"])] != row["figure"]
                or float(row["value"]) != parse_number(row["figure"]).value):
            missing.append((name, start, numeral, row and row["figure"]))
    print(f"relation figures drafted right: {len(numerals) - len(missing)} of {len(numerals)}")
    assert not missing


def test_no_citation_is_drafted_as_a_quantity_and_no_duration_as_a_count(drafted):
    sources, _, _, rows, _ = drafted
    citations, durations = [], []
    for row in rows:
        text, start, end = sources[row["source"]].text, int(row["start"]), int(row["end"])
        if _CITATION_BEFORE.search(text[max(0, start - 12):start]) or re.match(r"\s+U\.S\.C\.|[-.(]\d", text[end:end + 8]):
            citations.append((row["id"], text[max(0, start - 20):end + 10]))
        if row["unit"] == "count" and _DURATION_AFTER.match(text, end):
            durations.append((row["id"], text[start:end + 20]))
    assert not citations
    assert not durations


def test_labels_are_drafted_as_ignored_and_nothing_is_left_unaccounted(drafted):
    sources, mentions, out, rows, labels = drafted
    label_mentions = {(m.source, m.start) for found in mentions.values() for m in found if m.kind == "label"}
    assert label_mentions == {(row["source"], int(row["start"])) for row in labels}
    assert all(row["reason"] for row in labels)
    extracts = load_extracts(out, sources)
    coverage = measure_coverage(sources, extracts, mentions)
    assert coverage.unaccounted == [] and coverage.extracted == len(rows)


def test_drafting_again_drafts_nothing_new(drafted):
    sources, mentions, out, _, _ = drafted
    again = write_drafts(sources, mentions, out)
    assert (again.figures, again.labels, again.written) == (0, 0, [])


def test_period_is_right_for_at_least_45_of_the_judged_sample(drafted):
    _, _, _, rows, _ = drafted
    at = {(row["source"], int(row["start"])): row for row in rows}
    lines = [line.split("\t") for line in (HERE / "fixtures" / "corpus" / "period_sample.tsv").read_text(encoding="utf-8")
             .splitlines() if line and not line.startswith("#")][1:]
    assert len(lines) == 50
    right = sum(1 for source, start, figure, period in lines
                if (row := at.get((source, int(start)))) is not None and row["figure"] == figure and row["period"] == period)
    print(f"period right for {right} of {len(lines)} judged rows")
    assert right >= 45


def test_a_project_of_the_drafted_corpus_audits_and_drafting_again_never_breaks_it(tmp_path, monkeypatch):
    shutil.copytree(CORPUS / "docs", tmp_path / "seeds")
    (tmp_path / "expectations").mkdir()
    monkeypatch.chdir(tmp_path)
    assert run(["scan", "seeds", "--draft", "datasets", "--json"]) == 0
    assert run(["check", "-q", "--format", "json"]) in (0, 1)
    results = json.loads((tmp_path / "audit_reports" / "results.json").read_text(encoding="utf-8"))
    assert results["summary"]["coverage"]["unaccounted"] == 0
    assert results["summary"]["provenance"]["stale"] == 0
    assert run(["scan", "seeds", "--draft", "datasets", "--json"]) == 0
    assert run(["check", "-q", "--format", "json"]) in (0, 1)
