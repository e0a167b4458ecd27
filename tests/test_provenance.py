"""Extracts are re-verified against the current source text on every run."""

from __future__ import annotations

import json

from auditor.cli import run

SENTENCE = "The agency identified 10 victims in 2017: 6 for sex trafficking and 4 for forced labor."


def _project(project, text=SENTENCE):
    project.seed("doc.txt", SENTENCE)
    project.figure("total", "10", 10, sentence=SENTENCE)
    project.figure("sex", "6", 6, sentence=SENTENCE)
    project.figure("labor", "4", 4, sentence=SENTENCE)
    project.rules("""
        rules:
          - {id: by-form, kind: sum_total, description: "10: 6 and 4", total: total, parts: [sex, labor]}
    """).write()
    (project.seeds / "doc.txt").write_text(text, encoding="utf-8")
    return project


def _findings(project):
    return {f["id"]: f for f in json.loads((project.root / "reports" / "results.json").read_text())["findings"]}


def test_fresh_extracts_verify(project):
    assert run(_project(project).args()) == 0
    results = json.loads((project.root / "reports" / "results.json").read_text())
    assert results["summary"]["provenance"] == {"figures": 3, "verified": 3, "stale": 0}


def test_changed_figure_in_source_is_a_stale_extract(project):
    # The source now says 12, the extract still says 10: stale, and the rule cannot be trusted.
    assert run(_project(project, SENTENCE.replace("10 victims", "12 victims")).args()) == 1
    findings = _findings(project)
    stale = findings["provenance/total"]
    assert stale["status"] == "failed" and stale["severity"] == "error"
    assert "'12', not '10'" in stale["message"]
    assert findings["by-form"]["status"] == "error"
    assert "stale extract" in findings["by-form"]["message"]


def test_moved_text_names_the_new_offsets(project):
    moved = "Summary. " + SENTENCE
    assert run(_project(project, moved).args()) == 1
    message = _findings(project)["provenance/sex"]["message"]
    start = moved.index("6 for")
    assert f"now at {start}-{start + 1}" in message


def test_written_form_must_parse_to_the_recorded_value(project):
    _project(project)
    csv_path = project.datasets / "figures.csv"
    csv_path.write_text(csv_path.read_text().replace("labor,doc.txt,4,4,", "labor,doc.txt,4,5,"), encoding="utf-8")
    assert run(project.args()) == 1
    assert "reads as 4, but the extract records 5" in _findings(project)["provenance/labor"]["message"]
