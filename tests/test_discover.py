"""Discovery on texts written for the tests: every family, cases that must be found and cases
that must not (tests/discover_cases/*.yml), evaluated through a real audit (GX included).

All within-document cases run as one project, one document per case, so GX starts once; the
cross-document restatements and the seed's must-shows have projects of their own.
"""

from __future__ import annotations

import json
import re
import sys
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from auditor.audit import AuditOptions, audit
from auditor.cli import run

CASES_DIR = Path(__file__).parent / "discover_cases"
ROOT = Path(__file__).resolve().parents[1]


def _cases() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        for n, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]):
            found.append((f"{path.stem}_{n:02d}.txt", case))
    return found


CASES = _cases()


@pytest.fixture(scope="module")
def case_findings(tmp_path_factory) -> dict[str, list[dict]]:
    """Discovered findings of every case document, from one audit of them all."""
    root = tmp_path_factory.mktemp("discover-cases")
    (root / "seeds").mkdir()
    (root / "expectations").mkdir()
    (root / "expectations" / "settings.yml").write_text(
        "settings:\n  repeats: {enabled: false}\n  discovery: {across_documents: false}\n", encoding="utf-8")
    for name, case in CASES:
        (root / "seeds" / name).write_text(case["text"], encoding="utf-8")
    done = audit(AuditOptions(seeds=root / "seeds", datasets=root / "datasets", expectations=root / "expectations"))
    by_source: dict[str, list[dict]] = {name: [] for name, _ in CASES}
    for finding in json.loads(done.result.to_json())["findings"]:
        if finding["id"].startswith("discover/"):
            by_source[finding["figures"][0]["source"]].append(finding)
    return by_source


def _family(finding: dict) -> str:
    return finding["details"]["discovered"]["family"]


def _values(finding: dict) -> Counter:
    return Counter(f["value"] for f in finding["figures"])


@pytest.mark.parametrize("name,case", CASES, ids=[f"{name}: {case['name']}" for name, case in CASES])
def test_discovery_case(name, case, case_findings):
    findings = case_findings[name]
    matched = []
    for expected in case.get("expect", []):
        want = Counter(float(v) for v in expected["values"])
        hits = [f for f in findings if _family(f) == expected["family"] and _values(f) == want]
        assert hits, f"no {expected['family']} finding with figures {sorted(want.elements())}; found: " + \
            "; ".join(f"{_family(f)} {f['status']} {sorted(_values(f).elements())}" for f in findings)
        assert hits[0]["status"] == expected["status"], hits[0]["message"]
        assert hits[0]["severity"] == case.get("severity", "warning")
        matched.append(hits[0]["id"])
    for family in case.get("none", []):
        assert not [f for f in findings if _family(f) == family], \
            f"{family} found: " + "; ".join(f["message"] for f in findings if _family(f) == family)
    # Precision: nothing else fails in the case's document.
    extra = [f for f in findings if f["status"] == "failed" and f["id"] not in matched]
    assert not extra, "unexpected failed findings: " + "; ".join(f["message"] for f in extra)


def test_a_failed_finding_says_what_was_read_and_carries_its_evidence(case_findings):
    finding = next(f for f in case_findings["breakdowns_00.txt"] if f["status"] == "failed")
    assert finding["severity"] == "warning"
    assert finding["message"].startswith("read as a breakdown of 120 trafficking victims: 70 + 30 + 15 = 115")
    assert "off by 5" in finding["message"]
    discovered = finding["details"]["discovered"]
    assert discovered["confidence"] >= 0.75 and "—" in discovered["evidence"]
    # Every figure is marked at its exact place in the document.
    text = (CASES_DIR / "breakdowns.yml").read_text(encoding="utf-8")
    assert all(f["quote"] in text and f["figure"] in f["quote"] for f in finding["figures"])
    assert finding["gx"] and all("expectations" in row for row in finding["gx"])


def test_restatement_across_documents_of_one_subject(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "freedonia_2021.txt").write_text(
        "Freedonia made progress. In 2020, the government of Freedonia identified 85 victims of trafficking. "
        "Freedonia trained judges.", encoding="utf-8")
    (seeds / "freedonia_2022.txt").write_text(
        "Freedonia made progress. The government of Freedonia identified 97 victims in 2021, compared with "
        "identifying 88 victims in 2020. Freedonia opened shelters.", encoding="utf-8")
    (seeds / "ruritania_2022.txt").write_text(
        "Ruritania made progress. The government of Ruritania identified 97 victims in 2021, compared with "
        "identifying 60 victims in 2020. Ruritania opened shelters.", encoding="utf-8")
    done = audit(AuditOptions(seeds=seeds, datasets=tmp_path / "datasets", expectations=tmp_path / "expectations"))
    restated = [f for f in done.result.findings if f.details.get("discovered", {}).get("family") == "restatement"]
    assert [(f.status, sorted(r.value for r in f.figures)) for f in restated] == [("failed", [85.0, 88.0])]
    assert {r.source for r in restated[0].figures} == {"freedonia_2021.txt", "freedonia_2022.txt"}


def test_the_seed_alone_flags_its_contradictions_and_nothing_that_holds(tmp_path, monkeypatch):
    """With the seed's datasets/ and expectations/ removed, discovery finds what the rules found."""
    (tmp_path / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / "000_f1179795d82053b5.txt", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)   # a project that is only seeds/: no datasets/, no expectations/
    code = run(["check", "--report-dir", "reports", "--quiet"])
    assert code == 0  # discovered findings are warnings; the default gate fails on errors
    results = json.loads((tmp_path / "reports" / "results.json").read_text(encoding="utf-8"))
    discovered = [f for f in results["findings"] if f["id"].startswith("discover/")]
    failed = {tuple(sorted(_values(f).elements())) for f in discovered if f["status"] == "failed"}
    assert failed == {
        (194.0, 691.0, 740.0),                 # federal + state ≠ national, 2016
        (274.0, 1607.0, 1883.0),               # UCR 1,607 + 274 ≠ 1,883
        (86.0, 95.0, 228.0),                   # "fewer convictions than in previous years"
        (17.0, 17.0, 23.0, 27.0, 28.0, 31.0, 31.0, 31.0, 31.0, 32.0),  # "17 of 32 states"
        (288.0, 298.0),                        # "state investigations rose by a third": +3.5 %
    }
    passed = {tuple(sorted(_values(f).elements())) for f in discovered if f["status"] == "passed"}
    assert (4.0, 8.0, 8.0, 103.0, 115.0, 429.0, 667.0) in passed        # 667 = 429 + 103 + 8 + 8 + 4 + 115
    assert (876.0, 938.0, 1814.0) in passed and (140.0, 527.0, 667.0) in passed
    assert (16.0, 180.0, 196.0) in passed
    assert (15_400_000.0, 24_900_000.0, 40_300_000.0) in passed
    assert results["summary"]["coverage"]["pending"] > 0 and results["summary"]["coverage"]["unaccounted"] == 0


def test_hand_written_rules_cover_the_same_relations(repo_root):
    """On the shipped project every discovered relation is already a rule: none is reported twice."""
    done = audit(AuditOptions(seeds=repo_root / "seeds", datasets=repo_root / "datasets",
                              expectations=repo_root / "expectations"))
    summary = done.result.summary["discovery"]
    assert summary["covered_by_rules"] >= 10
    assert not [f for f in done.result.findings if f.id.startswith("discover/")]


def test_the_discovery_docs_are_generated_from_the_family_docstrings():
    # Regenerate with: python scripts/gen_discovery_docs.py
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_discovery_docs", ROOT / "scripts" / "gen_discovery_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0
    text = (ROOT / "docs" / "discovery.md").read_text(encoding="utf-8")
    for family in ("breakdowns", "shares", "subsets", "series", "same_period", "scope_aggregates", "n_of_m",
                   "restatements"):
        assert f"auditor/discover/{family}.py" in text
    assert "What it cannot see" in text and "suppress:" in text


def test_documents_with_any_name_give_valid_distinct_rule_ids(tmp_path):
    """Ids are made from file names: spaces, accents, control characters must not break a rule id."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = "Police rescued 90 people in 2020. Of these, 50 were women, 25 were men, and 10 were children."
    for name in ("a b.txt", "a-b.txt", "über report.txt", "x\u202eevil.txt"):
        (seeds / name).write_text(text, encoding="utf-8")
    done = audit(AuditOptions(seeds=seeds, datasets=tmp_path / "datasets", expectations=tmp_path / "expectations"))
    discovered = [f for f in done.result.findings if f.id.startswith("discover/breakdown/")]
    assert len(discovered) == 4 and len({f.id for f in discovered}) == 4
    assert all(f.status == "failed" for f in discovered)
    assert {f.figures[0].source for f in discovered} == {"a b.txt", "a-b.txt", "über report.txt", "x\u202eevil.txt"}
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:/@~-]*", f.id) for f in discovered)


def test_restatements_across_documents_need_a_majority_among_three_or_more(tmp_path):
    """Reports each filling one sentence with their own figures restate no single fact."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n, (value, earlier) in enumerate([(97, 85), (98, 91), (99, 77), (96, 60)]):
        (seeds / f"freedonia_{n}.txt").write_text(
            f"Freedonia made progress. The government of Freedonia identified {value} victims in 2021, compared "
            f"with identifying {earlier} victims in 2020. Freedonia opened shelters.", encoding="utf-8")
    done = audit(AuditOptions(seeds=seeds, datasets=tmp_path / "datasets", expectations=tmp_path / "expectations"))
    assert not [f for f in done.result.findings if f.details.get("discovered", {}).get("family") == "restatement"]
    # With a majority, the odd report out is the one flagged.
    for n, earlier in enumerate([85, 85, 85, 88]):
        (seeds / f"freedonia_{n}.txt").write_text(
            f"Freedonia made progress. The government of Freedonia identified 9{n} victims in 2021, compared "
            f"with identifying {earlier} victims in 2020. Freedonia opened shelters.", encoding="utf-8")
    done = audit(AuditOptions(seeds=seeds, datasets=tmp_path / "datasets", expectations=tmp_path / "expectations"))
    restated = [f for f in done.result.findings if f.details.get("discovered", {}).get("family") == "restatement"]
    assert sorted(f.status for f in restated) == ["failed", "passed", "passed"]
    (failed,) = [f for f in restated if f.status == "failed"]
    assert sorted(r.value for r in failed.figures) == [85.0, 88.0]


def test_documents_differing_only_in_extension_keep_their_own_relations(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Police rescued 90 people in 2020. Of these, 50 were women and 30 were men.", encoding="utf-8")
    (seeds / "a.md").write_text("Police rescued 80 people in 2020. Of these, 50 were women and 30 were men.", encoding="utf-8")
    done = audit(AuditOptions(seeds=seeds, datasets=tmp_path / "datasets", expectations=tmp_path / "expectations"))
    breakdowns = {f.figures[0].source: f.status for f in done.result.findings if f.id.startswith("discover/breakdown/")}
    assert breakdowns == {"a.txt": "failed", "a.md": "passed"}


def test_the_discovery_benchmark_matches_flagged_findings_to_annotated_relations(tmp_path, capsys, monkeypatch):
    """benchmarks/discovery.py: a flagged FAILS row counts as found, a flagged HOLDS row as a false alarm."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("discovery_bench", ROOT / "benchmarks" / "discovery.py")
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "discovery_bench", bench)   # its dataclasses look their module up
    spec.loader.exec_module(bench)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(
        "Police rescued 90 people in 2020. Of these, 50 were women, 25 were men, and 10 were children.", encoding="utf-8")
    (tmp_path / "docs" / "b.txt").write_text(
        "Inspectors opened 48 cases (30 in the capital, 10 in the north, and 8 in the south).", encoding="utf-8")
    (tmp_path / "relations.tsv").write_text(
        "file\trelation\tcomputed\tverdict\n"
        "a.txt\t2020 people 90 = 50 + 25 + 10\t85\tFAILS\n"
        "b.txt\tcases 48 = 30 + 10 + 8\t48\tHOLDS\n", encoding="utf-8")
    report = bench.run(tmp_path)
    assert report["totals"]["fails_flagged"] == 1 and report["totals"]["false_alarms"] == 0
    assert report["families"] == {"breakdown": {"FAILS": 1}}
    assert bench.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-2] == "FAILS flagged: 1 of 1"
