"""The shipped project, audited end to end through the installed ``auditor`` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.audit import AuditOptions, run_audit


def _auditor(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("auditor") or str(Path(sys.executable).parent / "auditor")
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})})


@pytest.fixture(scope="module")
def shipped_run(repo_root, tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    proc = _auditor(repo_root, "check", "--report-dir", str(reports))
    return proc, json.loads((reports / "results.json").read_text()), reports


def test_shipped_project_fails_the_gate_on_real_contradictions(shipped_run):
    proc, results, reports = shipped_run
    assert proc.returncode == 1, proc.stderr
    findings = {f["id"]: f for f in results["findings"]}
    broken = findings["victims-2016-federal-plus-state"]
    assert broken["status"] == "failed"
    assert (broken["expected"], broken["observed"]) == (740, 885)
    assert "194" in broken["message"] and "691" in broken["message"]
    breakdown = findings["victims-2017-by-form-of-exploitation"]
    assert breakdown["status"] == "passed"
    assert breakdown["observed"] == breakdown["expected"] == 667
    assert {"report.html", "results.json", "junit.xml", "results.sarif"} <= {p.name for p in reports.iterdir()}
    assert "gate FAIL" in proc.stdout
    assert "Calculating Metrics" not in proc.stdout + proc.stderr  # no GX progress bars


def test_every_failure_carries_gx_result_details(shipped_run):
    _, results, _ = shipped_run
    for finding in results["findings"]:
        # Coverage, waivers, unverifiable claims and figure-free repeats are not numeric: no GX rows.
        if finding["kind"] in ("coverage", "repeat_variant", "waiver", "claim") or (
                finding["rule_id"] == "repeat" and not finding["figures"]):
            continue
        assert finding["gx"], finding["id"]
        for check in finding["gx"]:
            assert check["expectations"] and all(e["expectation_type"].startswith("expect_") for e in check["expectations"])
    validations = results["engine"]["validations"]
    assert validations and all(v["element_count"] >= 1 for v in validations)
    failed_rows = sum(v["unexpected_count"] for v in validations)
    assert failed_rows >= len([f for f in results["findings"] if f["status"] == "failed" and f["gx"]])


def test_without_great_expectations_there_are_no_results(repo_root, tmp_path):
    # Shadow the real package with one that cannot be imported: the audit must stop, not fall back.
    shadow = tmp_path / "shadow" / "great_expectations"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('great_expectations is unavailable')\n")
    reports = tmp_path / "reports"
    proc = _auditor(repo_root, "check", "--report-dir", str(reports),
                    env={"PYTHONPATH": str(tmp_path / "shadow")})
    assert proc.returncode == 2
    assert "Great Expectations cannot be imported" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not reports.exists()


def test_in_process_api_matches_the_command(repo_root, shipped_run, monkeypatch):
    monkeypatch.chdir(repo_root)
    _, results, _ = shipped_run
    api = json.loads(run_audit(AuditOptions()).to_json())
    for volatile in ("run",):
        api.pop(volatile)
        results = {k: v for k, v in results.items() if k != volatile}
    assert api == results
