"""``auditor init DIR --from DOCS``: a new project that ``auditor check`` can audit straight away."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
import yaml

from auditor.cli import run

ROOT = Path(__file__).resolve().parents[1]
# The shared corpus, where CI has it: next to the repository clone.
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus/docs")

DOC = ("The agency identified 11 victims in 2017: 6 for sex trafficking and 4 for forced labor.\n"
       "Article 2 of the law sets penalties of five to 30 years.\n")


def _check_in(directory: Path, capsys) -> tuple[int, dict]:
    cwd = os.getcwd()
    os.chdir(directory)
    try:
        code = run(["check", "--quiet", "--format", "lines"])
    finally:
        os.chdir(cwd)
    capsys.readouterr()
    return code, json.loads((directory / "audit_reports" / "results.json").read_text(encoding="utf-8"))


def test_init_writes_a_project_that_check_audits(tmp_path, capsys):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "report.txt").write_text(DOC, encoding="utf-8")
    (docs / "sub" / "other.txt").write_text("It counted 12 shelters in 2019.\n", encoding="utf-8")
    new = tmp_path / "new"
    assert run(["init", str(new), "--from", str(docs)]) == 0
    assert "created" in capsys.readouterr().out
    assert (new / "seeds" / "report.txt").read_bytes() == (docs / "report.txt").read_bytes()
    assert (new / "seeds" / "sub" / "other.txt").is_file()
    with open(new / "datasets" / "report.draft.csv", encoding="utf-8", newline="") as handle:
        drafted = list(csv.DictReader(handle))
    assert [row["figure"] for row in drafted] == ["11", "6", "4", "five", "30"]
    for row in drafted:  # real offsets into the copied document
        assert DOC[int(row["start"]):int(row["end"])] == row["figure"]
    with open(new / "datasets" / "report.draft.ignored.csv", encoding="utf-8", newline="") as handle:
        assert [(row["text"], row["source"]) for row in csv.DictReader(handle)] == [("2", "report.txt")]
    rules = (new / "expectations" / "rules.yml").read_text(encoding="utf-8")
    ids = [row["id"] for row in drafted]   # the commented example names real drafted figures
    assert f"total: {ids[0]}" in rules and f"parts: [{ids[1]}, {ids[2]}]" in rules
    assert yaml.safe_load(rules)["settings"]["coverage"]["enabled"] is True
    assert (new / ".gitignore").read_text() == "audit_reports/\n"
    workflow = yaml.safe_load((new / ".github" / "workflows" / "audit.yml").read_text(encoding="utf-8"))
    assert any(step.get("run") == "auditor check" for step in workflow["jobs"]["audit"]["steps"])
    code, results = _check_in(new, capsys)
    assert code in (0, 1)
    assert results["summary"]["provenance"]["stale"] == 0       # every drafted extract verified
    assert results["summary"]["coverage"]["unaccounted"] == 0   # figures drafted, years dates, labels ignored


@pytest.mark.parametrize("existing", ["seeds", "datasets", "expectations", "waivers.yml", ".github/workflows/audit.yml"])
def test_init_refuses_an_existing_project_and_writes_nothing(tmp_path, capsys, existing):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.txt").write_text(DOC, encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / existing).parent.mkdir(parents=True, exist_ok=True)
    (project / existing).mkdir() if "." not in existing else (project / existing).write_text("a: []\n")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    assert run(["init", str(project), "--from", str(docs)]) == 2
    err = capsys.readouterr().err
    assert f"already holds an auditor project (found: {existing})" in err and "Traceback" not in err
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_init_into_an_empty_existing_folder_works_and_bad_documents_write_nothing(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(DOC, encoding="utf-8")
    (docs / "bad.txt").write_bytes(b"caf\xe9 12")
    target = tmp_path / "target"
    target.mkdir()
    assert run(["init", str(target), "--from", str(docs)]) == 2
    assert "bad.txt:1:4: not UTF-8 text" in capsys.readouterr().err
    assert list(target.iterdir()) == []
    (docs / "bad.txt").unlink()
    assert run(["init", str(target), "--from", str(docs)]) == 0


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus (../shared/corpus/docs) is not here")
def test_init_from_the_shared_corpus_then_check_exits_0_or_1(tmp_path, capsys):
    new = tmp_path / "NEW"
    assert run(["init", str(new), "--from", str(CORPUS)]) == 0
    code, results = _check_in(new, capsys)
    assert code in (0, 1)
    assert len(results["sources"]) == len([p for p in CORPUS.rglob("*") if p.is_file() and not p.name.startswith(".")])
    assert results["summary"]["provenance"]["stale"] == 0


def test_init_from_one_document_into_a_fresh_clone_keeps_its_gitignore(tmp_path, capsys):
    doc = tmp_path / "report.txt"
    doc.write_text(DOC, encoding="utf-8")
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / ".gitignore").write_text("*.pyc", encoding="utf-8")
    assert run(["init", str(clone), "--from", str(doc)]) == 0
    assert (clone / ".gitignore").read_text(encoding="utf-8") == "*.pyc\naudit_reports/\n"
    assert (clone / "seeds" / "report.txt").read_text(encoding="utf-8") == DOC
    assert _check_in(clone, capsys)[0] in (0, 1)
