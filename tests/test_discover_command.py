"""``auditor discover`` and discovery's switches in ``auditor check``.

The acceptance test of ``discover --write``: its files, copied into a project, run with
``auditor check`` unchanged (exit 0 or 1, never 2), and the rules they hold reproduce the
verdicts of the relations they were discovered from, which are not reported a second time.
The texts are written for these tests; the seed is the one shipped with the project.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from auditor.cli import run
from auditor.commands.discover import evaluate, printable, rules_text, text_lines
from auditor.commands.scan import read_paths

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_f1179795d82053b5.txt"

# Two reports on one country, a year apart: a breakdown that does not add up, a trend claim
# the series contradicts, federal + state against the whole, one count of provinces out of
# line, one year given two values, and the later report restating the earlier year otherwise.
EARLIER = (
    "The government of Ruritania reported identifying 96 trafficking victims in 2020. Of these, 50 were "
    "men, 30 were women, and 10 were children. Courts convicted 40 traffickers in 2020, compared with 52 in "
    "2019 and 61 in 2018. The government convicted more traffickers than in previous years. The federal "
    "police identified 30 victims, compared to 41 in 2019. The state police identified 66 victims, compared "
    "to 70 in 2019. Among the victims, 58% were women, 30% were men and 12% were children. Prosecutors "
    "operated in 12 of 20 provinces, shelters in 15 of 20 provinces, hotlines in 9 of 21 provinces and "
    "courts in 5 of 20 provinces.")
LATER = ("The government of Ruritania identified 88 trafficking victims in 2021, compared with 90 in 2020. "
         "Ruritania secured eleven convictions in 2021, compared with eight convictions in 2021.")
BREAKDOWN = "In 2019 the police identified 114 possible victims. Of these, 67 were women, 17 were men, and 13 were unknown."


@pytest.fixture(autouse=True)
def _outside_the_repository(tmp_path, monkeypatch):
    """Run every command from an empty folder: the repository's own expectations/ (read by
    default for its discovery settings) must not change what these tests see."""
    monkeypatch.chdir(tmp_path)


def _documents(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _check(project: Path, monkeypatch, *extra: str) -> tuple[int, dict]:
    """``auditor check`` run in a project folder, as a steward runs it (missing datasets/ or
    expectations/ mean none yet)."""
    monkeypatch.chdir(project)
    code = run(["check", "--quiet", *extra])
    results = project / "audit_reports" / "results.json"
    return code, json.loads(results.read_text(encoding="utf-8")) if results.exists() else {}


def _accept(documents: Path, work: Path, capsys, monkeypatch) -> None:
    """Discover and write, copy into a project with no extracts or rules, check: same verdicts."""
    assert run(["discover", str(documents), "--write", str(work / "written"), "--json"]) == 0
    discovered = json.loads(capsys.readouterr().out)["relations"]
    assert {r["status"] for r in discovered} == {"failed", "passed"}   # both verdicts are at stake

    project = work / "project"
    shutil.copytree(documents, project / "seeds")
    shutil.copytree(work / "written" / "datasets", project / "datasets")
    shutil.copytree(work / "written" / "expectations", project / "expectations")
    code, results = _check(project, monkeypatch)
    assert code in (0, 1), capsys.readouterr().err

    by_id: dict[str, list[dict]] = {}
    for finding in results["findings"]:
        by_id.setdefault(finding["id"], []).append(finding)
    for relation in discovered:
        (finding,) = by_id[relation["id"]]            # exactly once: the hand-written copy
        assert finding["rule_file"].endswith("discovered.yml")
        assert (finding["status"], finding["severity"]) == (relation["status"], relation["severity"]), relation["id"]
        assert finding["expected"] == relation["expected"] and finding["observed"] == relation["observed"]
    discovery = results["summary"]["discovery"]
    assert discovery["covered_by_rules"] == len(discovered)
    assert discovery["relations"] == 0
    assert results["summary"]["provenance"]["stale"] == 0   # every written extract is where it says


def test_discover_write_on_the_seed_is_reproduced_by_check(tmp_path, capsys, monkeypatch):
    documents = tmp_path / "documents"
    documents.mkdir()
    shutil.copy(SEED, documents / SEED.name)
    _accept(documents, tmp_path, capsys, monkeypatch)


def test_discover_write_on_several_documents_is_reproduced_by_check(tmp_path, capsys, monkeypatch):
    documents = _documents(tmp_path / "documents", {"ruritania_2020.txt": EARLIER, "ruritania_2021.txt": LATER})
    _accept(documents, tmp_path, capsys, monkeypatch)
    rules = yaml.safe_load((tmp_path / "written" / "expectations" / "discovered.yml").read_text(encoding="utf-8"))
    across = [rule for rule in rules["rules"] if rule["kind"] == "same_fact" and rule["id"].startswith("discover/restatement/")]
    assert across, "the later report's restatement of 2020 is one of the written rules"


def test_discover_prints_one_line_per_relation_with_its_verdict(tmp_path, capsys, monkeypatch):
    _documents(tmp_path / "seeds", {"a.txt": BREAKDOWN})
    monkeypatch.chdir(tmp_path)                      # PATHS default: seeds
    assert run(["discover"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("  ")[:4] == ["a.txt:30", "breakdown", "0.85", "failed (warning)"]
    assert lines[0].endswith("read as a breakdown of 114 possible victims: 67 + 17 + 13 = 97 — but the total is 114: off by 17")
    assert lines[-1] == "1 relation(s) in 1 document(s), 1 confident: 1 failed, 0 passed"
    assert not (tmp_path / "datasets").exists()      # nothing written without --write


def test_written_files_follow_the_project_formats(tmp_path):
    _documents(tmp_path / "docs", {"a.txt": BREAKDOWN})
    assert run(["discover", str(tmp_path / "docs"), "--write", str(tmp_path / "out")]) == 0
    csv_lines = (tmp_path / "out" / "datasets" / "discovered.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0] == "id,source,figure,value,unit,period,scope,category,measure,start,end,quote"
    assert csv_lines[1] == "a/victim,a.txt,114,114,count,,,possible victims,identify victim,30,33,In 2019 the police identified 114 possible victims."
    text = (tmp_path / "out" / "expectations" / "discovered.yml").read_text(encoding="utf-8")
    assert "  # read as a breakdown of 114 possible victims: 67 + 17 + 13 = 97 (confidence 0.85, failed when discovered)\n" in text
    (rule,) = yaml.safe_load(text)["rules"]
    assert rule["id"] == "discover/breakdown/a/victim" and rule["kind"] == "sum_total" and rule["severity"] == "warning"
    assert rule["total"] == "a/victim" and rule["parts"] == ["a/women", "a/men", "a/unknown"]
    assert rule["description"].startswith("breakdown: 'Of these' opening the next sentence")


def test_text_from_documents_cannot_break_out_of_a_comment_or_a_terminal_line(tmp_path):
    (found,), _ = evaluate(read_paths([_documents(tmp_path / "docs", {"a.txt": BREAKDOWN})]))
    hostile = "read as\n  - id: injected\n    kind: claim\u2028\x85 \x1b[31mred\x07"
    relation = dataclasses.replace(found.relation, read_as=hostile, evidence="a: 'b' \"c\" # d\n- e \x1b")
    found = dataclasses.replace(found, relation=relation)
    (rule,) = yaml.safe_load(rules_text([found]))["rules"]
    assert rule["id"] == "discover/breakdown/a/victim"
    assert rule["description"] == "a: 'b' \"c\" # d\n- e \x1b"
    for line in text_lines([found], 1):
        assert line == printable(line) and "\x1b" not in line


def test_write_never_replaces_a_file_without_force(tmp_path, capsys):
    docs = _documents(tmp_path / "docs", {"a.txt": BREAKDOWN})
    existing = tmp_path / "out" / "expectations" / "discovered.yml"
    existing.parent.mkdir(parents=True)
    existing.write_text("rules: []  # reviewed\n", encoding="utf-8")
    assert run(["discover", str(docs), "--write", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip() == f"auditor: {existing}: already exists; --force replaces it"
    assert existing.read_text(encoding="utf-8") == "rules: []  # reviewed\n"
    assert not (tmp_path / "out" / "datasets").exists()     # nothing written at all
    assert run(["discover", str(docs), "--write", str(tmp_path / "out"), "--force"]) == 0
    assert "discover/breakdown/a/victim" in existing.read_text(encoding="utf-8")
    assert not [p for p in existing.parent.iterdir() if p.name.startswith(".")]   # no temporary left


@pytest.mark.parametrize("link", ["expectations", "expectations/discovered.yml", "."])
def test_write_never_goes_through_a_symbolic_link(tmp_path, capsys, link):
    docs = _documents(tmp_path / "docs", {"a.txt": BREAKDOWN})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "discovered.yml").write_text("kept\n", encoding="utf-8")
    out = tmp_path / "out"
    target = out / link if link != "." else out
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(outside / "discovered.yml" if link.endswith(".yml") else outside)
    assert run(["discover", str(docs), "--write", str(out), "--force"]) == 2
    assert "is a symbolic link" in capsys.readouterr().err
    assert sorted(p.name for p in outside.iterdir()) == ["discovered.yml"]
    assert (outside / "discovered.yml").read_text(encoding="utf-8") == "kept\n"


def test_missing_documents_exit_2(tmp_path, capsys):
    assert run(["discover", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.strip() == f"auditor: {tmp_path / 'nowhere'}: no such file or folder"


# --------------------------------------------------------------------------- check's switches

def _breakdown_project(tmp_path: Path, rules: str | None = None) -> Path:
    project = tmp_path / "project"
    _documents(project / "seeds", {"a.txt": BREAKDOWN})
    if rules is not None:
        _documents(project / "expectations", {"review.yml": textwrap.dedent(rules)})
    return project


def _passes_without_discoveries(project: Path, monkeypatch, *extra: str) -> dict:
    """Check the project gating on warnings: it passes, and no finding is a discovery."""
    code, results = _check(project, monkeypatch, "--fail-on", "warning", *extra)
    assert code == 0
    assert not [f for f in results["findings"] if f["id"].startswith("discover/")]
    return results


def test_check_discovers_by_default_and_no_discover_turns_it_off(tmp_path, monkeypatch):
    project = _breakdown_project(tmp_path)
    code, results = _check(project, monkeypatch, "--fail-on", "warning")
    assert code == 1
    assert [f["status"] for f in results["findings"] if f["id"] == "discover/breakdown/a/victim"] == ["failed"]
    assert results["summary"]["discovery"] == {"relations": 1, "confident": 1, "by_family": {"breakdown": 1},
                                               "covered_by_rules": 0, "suppressed": 0, "documents": 1}
    schema = json.loads((ROOT / "auditor" / "schema" / "results.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(results, schema)

    results = _passes_without_discoveries(project, monkeypatch, "--no-discover")
    assert "discovery" not in results["summary"]


def test_setting_discovery_enabled_false_turns_it_off(tmp_path, monkeypatch):
    project = _breakdown_project(tmp_path, """
        settings:
          discovery: {enabled: false}
    """)
    results = _passes_without_discoveries(project, monkeypatch)
    assert "discovery" not in results["summary"]


def test_a_suppressed_discovery_is_gone_and_the_gate_passes(tmp_path, monkeypatch):
    project = _breakdown_project(tmp_path, """
        suppress:
          - rule: discover/breakdown/a/victim
            reason: the parts count victims of another year
            reviewer: a.editor
    """)
    results = _passes_without_discoveries(project, monkeypatch)
    assert results["summary"]["discovery"]["suppressed"] == 1
    assert results["summary"]["discovery"]["relations"] == 0


def test_a_malformed_suppression_exits_2_with_its_place(tmp_path, capsys, monkeypatch):
    project = _breakdown_project(tmp_path, """
        suppress:
          - rule: discover/breakdown/a/victim
            reason: the parts count victims of another year
    """)
    code, results = _check(project, monkeypatch)
    assert code == 2 and results == {}
    # line 3, column 5: the entry's first key (the file starts with an empty line)
    assert capsys.readouterr().err.strip() == "auditor: expectations/review.yml:3:5: missing required key 'reviewer'"


def test_nothing_found_writes_nothing(tmp_path, capsys):
    docs = _documents(tmp_path / "docs", {"a.txt": "The ministry met twice with the committee."})
    assert run(["discover", str(docs), "--write", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "0 relation(s) in 1 document(s), 0 confident: 0 failed, 0 passed", "nothing to write: no relation found"]
    assert not (tmp_path / "out").exists()


def test_discover_applies_the_projects_suppressions_and_discovery_settings(tmp_path, capsys, monkeypatch):
    project = _breakdown_project(tmp_path, """
        settings:
          discovery: {enabled: false, severity: error}
        suppress:
          - rule: discover/breakdown/a/victim
            reason: the parts count victims of another year
            reviewer: a.editor
    """)
    _documents(project / "seeds", {"b.txt": "The ministry reported 250 cases in 2020: 140 in the north, 60 in the south and 50 in the capital."})
    monkeypatch.chdir(project)
    assert run(["discover", "--write", "accepted"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("  ")[:4] == ["b.txt:22", "breakdown", "0.90", "passed (error)"]   # the project's severity
    assert lines[1] == "1 relation(s) in 2 document(s), 1 confident: 0 failed, 1 passed; 1 suppressed by a reviewer"
    rules = yaml.safe_load((project / "accepted" / "expectations" / "discovered.yml").read_text(encoding="utf-8"))
    assert [rule["id"] for rule in rules["rules"]] == ["discover/breakdown/b/case-2020"]    # the suppressed one is not written
    assert run(["discover", "--expectations", "nowhere"]) == 2
    assert capsys.readouterr().err.strip() == "auditor: nowhere: expectations folder not found"
