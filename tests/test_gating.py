"""The release gate's inputs: waivers (with expiry), the baseline, ``--fail-on`` and ``--fail-on-new``.

Two layers: the rules of waivers and baselines on small, hand-built findings (no GX, fast), and
the shipped seed project audited in-process through ``auditor.cli.run`` for the behaviour a
publisher relies on (exit codes, statuses in results.json, the JUnit counts).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from auditor.audit import AuditOptions
from auditor.gate.baseline import load_baseline
from auditor.cli import run
from auditor.errors import InputErrors
from auditor.findings import SCHEMA_VERSION, AuditResult, Finding, gate
from auditor.gate.gating import apply_gate_inputs
from auditor.gate.waivers import load_waivers

TODAY = "2027-03-01"


def _finding(fid: str, status: str = "failed", severity: str = "error", rule_id: str | None = None,
             kind: str = "aggregate") -> Finding:
    return Finding(id=fid, rule_id=rule_id or fid.split("/")[0], kind=kind, severity=severity,
                   status=status, message=f"{fid} is {status}")


def _write(tmp_path: Path, text: str, name: str = "waivers.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _errors(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(e) for e in exc.value.errors]


def _apply(findings, waivers: Path | None = None, baseline: Path | None = None, today: str = TODAY):
    options = AuditOptions(waivers=waivers, baseline=baseline, today=today)
    return apply_gate_inputs(findings, options)


def _by_id(findings: list[Finding]) -> dict[str, Finding]:
    return {f.id: f for f in findings}


# --- the waivers file ---------------------------------------------------------------------------

def test_a_valid_file_accepts_quoted_and_unquoted_dates(tmp_path):
    path = _write(tmp_path, """
        waivers:
          - rule: a
            reason: accepted
            reviewer: R
            expires: 2027-05-31
          - rule: b
            finding: b/x
            reason: accepted too
            reviewer: S
            expires: "2027-06-30"
    """)
    waivers = load_waivers(path)
    assert [(w.entry.rule, w.entry.finding, w.entry.expires.isoformat(), w.line) for w in waivers] == [
        ("a", None, "2027-05-31", 2), ("b", "b/x", "2027-06-30", 6)]


def test_an_emptied_list_means_no_waivers(tmp_path):
    assert load_waivers(_write(tmp_path, "waivers:\n")) == []
    assert load_waivers(_write(tmp_path, "waivers: []\n")) == []


def test_a_missing_reason_is_an_input_error_at_the_entry(tmp_path):
    path = _write(tmp_path, """
        waivers:
          - rule: a
            reason: fine
            reviewer: R
            expires: 2027-05-31
          - rule: b
            reviewer: R
            expires: 2027-05-31
    """)
    with pytest.raises(InputErrors) as exc:
        load_waivers(path)
    assert _errors(exc) == [f"{path}:6:5: missing required key 'reason'"]


def test_an_unknown_key_suggests_the_right_one(tmp_path):
    path = _write(tmp_path, """
        waivers:
          - rule: a
            reasons: typo
            reviewer: R
            expires: 2027-05-31
    """)
    with pytest.raises(InputErrors) as exc:
        load_waivers(path)
    assert f"{path}:3:5: unknown key 'reasons'; did you mean 'reason'?" in _errors(exc)
    assert f"{path}:2:5: missing required key 'reason'" in _errors(exc)


@pytest.mark.parametrize("written, problem", [
    ("next week", "must be a date YYYY-MM-DD"),
    ('"2027-02-30"', "not a valid date"),
    ("2027-05-31 10:00:00", "without a time"),
    ("20270531", "must be a date YYYY-MM-DD"),
    ("31/05/2027", "must be a date YYYY-MM-DD"),
])
def test_a_bad_expiry_date_is_placed_on_its_line(tmp_path, written, problem):
    path = _write(tmp_path, f"""
        waivers:
          - rule: a
            reason: fine
            reviewer: R
            expires: {written}
    """)
    with pytest.raises(InputErrors) as exc:
        load_waivers(path)
    (error,) = _errors(exc)
    assert error.startswith(f"{path}:5:5: expires:") and problem in error


def test_an_impossible_unquoted_date_is_placed_too(tmp_path):
    # YAML itself reads an unquoted 2027-02-30 as a date and fails; the loader places that.
    path = _write(tmp_path, "waivers:\n  - {rule: a, reason: r, reviewer: R, expires: 2027-02-30}\n")
    with pytest.raises(InputErrors) as exc:
        load_waivers(path)
    (error,) = _errors(exc)
    assert error.startswith(f"{path}:2:") and "2027-02-30" in error


def test_blank_reviewer_and_wrong_types_are_errors(tmp_path):
    path = _write(tmp_path, """
        waivers:
          - rule: a
            reason: fine
            reviewer: "  "
            expires: 2027-05-31
          - just a string
    """)
    with pytest.raises(InputErrors) as exc:
        load_waivers(path)
    errors = _errors(exc)
    assert any(e.startswith(f"{path}:4:5: reviewer:") and "must not be blank" in e for e in errors)
    assert any(e.startswith(f"{path}:6:5: a waiver must be a mapping") for e in errors)


@pytest.mark.parametrize("text, message", [
    ("- rule: a\n", "a waivers file must be a mapping with 'waivers:'"),
    ("waiver: []\n", "unknown top-level key 'waiver'; did you mean 'waivers'?"),
    ("waivers: {rule: a}\n", "'waivers:' must be a list of entries"),
    ("", "empty waivers file"),
])
def test_the_file_shape_is_checked(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(InputErrors) as exc:
        load_waivers(path)
    assert any(message in e and e.startswith(str(path)) for e in _errors(exc))


def test_two_waivers_for_one_target_are_an_error(tmp_path):
    path = _write(tmp_path, """
        waivers:
          - {rule: a, reason: one, reviewer: R, expires: 2027-05-31}
          - {rule: a, reason: two, reviewer: S, expires: 2028-05-31}
    """)
    with pytest.raises(InputErrors) as exc:
        load_waivers(path)
    assert _errors(exc) == [f"{path}:3:5: duplicate waiver for 'a' (first at line 2)"]


def test_a_missing_waivers_file_is_an_input_error(tmp_path):
    with pytest.raises(InputErrors) as exc:
        _apply([_finding("a")], waivers=tmp_path / "nope.yml")
    assert _errors(exc)[0].startswith(f"{tmp_path / 'nope.yml'}: cannot read file")


# --- applying waivers ---------------------------------------------------------------------------

WAIVE_A = """
    waivers:
      - rule: a
        reason: the parts overlap; accepted by the desk
        reviewer: A. Editor
        expires: {expires}
"""


def test_a_current_waiver_waives_a_failed_finding_and_the_gate_passes(tmp_path):
    path = _write(tmp_path, WAIVE_A.format(expires="2027-03-01"))  # expires today: still applies
    findings, extra = _apply([_finding("a"), _finding("b", status="passed")], waivers=path)
    a = _by_id(findings)["a"]
    assert a.status == "waived"
    assert a.waiver.model_dump() == {"rule": "a", "finding": None, "reason": "the parts overlap; accepted by the desk",
                                     "reviewer": "A. Editor", "expires": "2027-03-01", "file": str(path), "line": 2}
    assert gate(findings)["passed"] is True
    assert [w["findings"] for w in extra["waivers"]["applied"]] == [["a"]]
    assert extra["waivers"]["expired"] == extra["waivers"]["unused"] == []
    assert extra["waivers"]["today"] == TODAY
    assert not any(f.kind == "waiver" for f in findings)


def test_an_expired_waiver_waives_nothing_and_becomes_a_warning(tmp_path):
    path = _write(tmp_path, WAIVE_A.format(expires="2027-02-28"))
    findings, extra = _apply([_finding("a")], waivers=path)
    by_id = _by_id(findings)
    assert by_id["a"].status == "failed" and by_id["a"].waiver is None
    expired = by_id["waiver/a"]
    assert (expired.kind, expired.severity, expired.status) == ("waiver", "warning", "failed")
    assert expired.message == "waiver for a expired on 2027-02-28 (reviewer A. Editor)"
    assert (expired.rule_file, expired.rule_line) == (str(path), 2)
    assert [w["rule"] for w in extra["waivers"]["expired"]] == ["a"]
    assert gate(findings)["blocking_ids"] == ["a"]
    assert gate(findings, fail_on="warning")["blocking_ids"] == ["a", "waiver/a"]


def test_unused_waivers_say_why(tmp_path):
    path = _write(tmp_path, """
        waivers:
          - {rule: passes-now, reason: r, reviewer: R, expires: 2027-05-31}
          - {rule: not-evaluated, reason: r, reviewer: R, expires: 2027-05-31}
          - {rule: victims-2061, reason: r, reviewer: R, expires: 2027-05-31}
          - {rule: gen, finding: gen/zz, reason: r, reviewer: R, expires: 2027-05-31}
    """)
    findings = [_finding("passes-now", status="passed"), _finding("not-evaluated", status="error"),
                _finding("victims-2016"), _finding("gen/x", status="passed")]
    findings, extra = _apply(findings, waivers=path)
    why = {w["rule"]: w["why"] for w in extra["waivers"]["unused"]}
    assert why["passes-now"] == "it passes now; remove the waiver"
    assert "errors are never waived" in why["not-evaluated"]
    assert why["victims-2061"] == "no rule 'victims-2061'; did you mean 'victims-2016'?"
    assert why["gen"] == "rule 'gen' has no finding 'gen/zz'; did you mean 'gen/x'?"
    # an error finding is never waived: it means the rule could not be evaluated at all
    assert _by_id(findings)["not-evaluated"].status == "error"
    unused = _by_id(findings)["waiver/victims-2061"]
    assert unused.message == ("waiver for victims-2061 matches no failed finding "
                              "(no rule 'victims-2061'; did you mean 'victims-2016'?)")
    assert (unused.kind, unused.severity, unused.status) == ("waiver", "warning", "failed")


def test_a_narrowed_waiver_wins_and_a_redundant_rule_wide_one_is_unused(tmp_path):
    path = _write(tmp_path, """
        waivers:
          - {rule: gen, reason: all of them, reviewer: R, expires: 2027-05-31}
          - {rule: gen, finding: gen/x, reason: just x, reviewer: S, expires: 2027-05-31}
    """)
    findings, extra = _apply([_finding("gen/x"), _finding("gen/y", status="passed")], waivers=path)
    assert _by_id(findings)["gen/x"].waiver.reason == "just x"
    assert [w["finding"] for w in extra["waivers"]["applied"]] == ["gen/x"]
    assert _by_id(findings)["waiver/gen"].message.startswith("waiver for gen waives nothing (every failed finding")


def test_a_rule_wide_waiver_covers_every_failed_instance(tmp_path):
    path = _write(tmp_path, WAIVE_A.format(expires="2027-05-31"))
    findings, extra = _apply([_finding("a/1"), _finding("a/2"), _finding("a/3", status="passed")], waivers=path)
    assert [f.status for f in findings] == ["waived", "waived", "passed"]
    assert extra["waivers"]["applied"][0]["findings"] == ["a/1", "a/2"]


def test_no_waivers_file_leaves_findings_alone(tmp_path):
    findings = [_finding("a"), _finding("b", status="passed")]
    out, extra = _apply(findings)
    assert out == findings
    assert extra == {"waivers": {"file": None, "today": None, "applied": [], "expired": [], "unused": []}}


def test_without_a_waivers_file_the_result_does_not_depend_on_the_date():
    # results.json must be byte-identical from one day to the next for the same inputs.
    findings = [_finding("a"), _finding("b", status="passed")]
    assert _apply(findings, today="2027-03-01") == _apply(findings, today="2031-12-31")


def test_an_invalid_today_is_an_input_error():
    with pytest.raises(InputErrors) as exc:
        _apply([], today="tomorrow")
    assert _errors(exc) == ["today: not a date YYYY-MM-DD: 'tomorrow'"]


# --- the gate -----------------------------------------------------------------------------------

def test_fail_on_sets_the_lowest_blocking_severity():
    findings = [_finding("e", severity="error", status="passed"), _finding("w", severity="warning"),
                _finding("i", severity="info"), _finding("x", severity="error", status="error")]
    assert gate(findings, "error")["blocking_ids"] == ["x"]
    assert gate(findings, "warning")["blocking_ids"] == ["w", "x"]


# --- the baseline -------------------------------------------------------------------------------

def _results(tmp_path: Path, findings: list[Finding], name: str = "before.json") -> Path:
    path = tmp_path / name
    path.write_text(AuditResult(findings=findings).to_json(), encoding="utf-8")
    return path


def test_baseline_counts_new_resolved_and_unchanged(tmp_path):
    before = _results(tmp_path, [_finding("still"), _finding("fixed"), _finding("was-waived", status="waived"),
                                 _finding("broken-before", status="error"), _finding("ok", status="passed")])
    now = [_finding("still"), _finding("fixed", status="passed"), _finding("was-waived"),
           _finding("broken-before", status="error"), _finding("brand-new", severity="warning"),
           _finding("ok", status="passed")]
    findings, extra = _apply(now, baseline=before)
    assert extra["summary"]["baseline"] == {
        "file": str(before), "new": 2, "resolved": 1, "unchanged": 2,
        "new_ids": ["brand-new", "was-waived"], "resolved_ids": ["fixed"]}
    new = {f.id: f.new for f in findings}
    assert new == {"still": False, "fixed": None, "was-waived": True, "broken-before": False,
                   "brand-new": True, "ok": None}


def test_fail_on_new_gates_only_on_new_failures(tmp_path):
    before = _results(tmp_path, [_finding("old")])
    findings, _ = _apply([_finding("old")], baseline=before)
    assert gate(findings, "error", only_new=True)["passed"] is True
    assert gate(findings, "error", only_new=False)["passed"] is False
    findings, _ = _apply([_finding("old"), _finding("fresh")], baseline=before)
    assert gate(findings, "error", only_new=True)["blocking_ids"] == ["fresh"]


def test_an_expired_waiver_resurfaces_as_new_against_a_baseline_where_it_was_waived(tmp_path):
    before = _results(tmp_path, [_finding("a", status="waived")])
    waivers = _write(tmp_path, WAIVE_A.format(expires="2027-01-31"))
    findings, extra = _apply([_finding("a")], waivers=waivers, baseline=before)
    assert extra["summary"]["baseline"]["new_ids"] == ["a", "waiver/a"]
    assert gate(findings, only_new=True)["blocking_ids"] == ["a"]


@pytest.mark.parametrize("content, message", [
    ("{not json", "baseline is not valid JSON"),
    ("[]", "baseline must be an auditor results.json"),
    ('{"findings": []}', "baseline has no schema_version"),
    ('{"schema_version": "2.0", "findings": []}', "baseline has schema_version '2.0'"),
    ('{"schema_version": "1.0", "findings": [{"id": "a", "status": "broken"}]}', "findings.0.status"),
    ('{"schema_version": "1.0"}', "baseline is not a valid results.json: findings"),
])
def test_an_unusable_baseline_is_an_input_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "results.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        load_baseline(path)
    (error,) = _errors(exc)
    assert error.startswith(str(path)) and message in error


def test_invalid_json_is_placed_and_a_missing_baseline_is_named(tmp_path):
    path = tmp_path / "results.json"
    path.write_text('{\n  "schema_version": "1.0",\n  "findings": [,]\n}', encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        load_baseline(path)
    assert _errors(exc)[0].startswith(f"{path}:3:")
    with pytest.raises(InputErrors) as exc:
        load_baseline(tmp_path / "missing.json")
    assert _errors(exc)[0].startswith(f"{tmp_path / 'missing.json'}: cannot read baseline")


def test_a_baseline_of_the_same_major_version_is_accepted(tmp_path):
    major = SCHEMA_VERSION.split(".")[0]
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"schema_version": f"{major}.99", "findings": [{"id": "a", "status": "failed",
                                                                             "a_later_field": 1}]}))
    assert load_baseline(path).failing == frozenset({"a"})


def test_waiver_and_baseline_errors_are_reported_together(tmp_path):
    waivers = _write(tmp_path, "waivers:\n  - {rule: a, reviewer: R, expires: 2027-05-31}\n")
    baseline = tmp_path / "results.json"
    baseline.write_text("nope")
    with pytest.raises(InputErrors) as exc:
        _apply([], waivers=waivers, baseline=baseline)
    assert [e.file for e in exc.value.errors] == sorted([str(waivers), str(baseline)])


# --- the shipped seed, end to end (in-process) --------------------------------------------------

@pytest.fixture(scope="module")
def seed(repo_root, tmp_path_factory):
    """Run the shipped project from an empty folder (so no ./waivers.yml is picked up)."""
    work = tmp_path_factory.mktemp("gating")

    def check(name: str, *extra: str) -> tuple[int, dict, Path]:
        reports = work / name
        args = ["check", "--seeds", str(repo_root / "seeds"), "--datasets", str(repo_root / "datasets"),
                "--expectations", str(repo_root / "expectations"), "--report-dir", str(reports), "--quiet", *extra]
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(work)
            code = run(args)
        results = json.loads((reports / "results.json").read_text()) if (reports / "results.json").exists() else {}
        return code, results, reports

    code, results, reports = check("plain")
    assert results, f"the plain run of the seed wrote no results (exit {code})"
    return {"check": check, "work": work, "code": code, "results": results, "reports": reports}


def _waive_all(seed, expires: str) -> Path:
    """A waivers file for every rule that fails in the plain run of the seed."""
    failed_rules = sorted({f["rule_id"] for f in seed["results"]["findings"] if f["status"] == "failed"})
    lines = ["waivers:"]
    for rule in failed_rules:
        lines += [f"  - rule: {rule}", "    reason: reviewed and accepted for this release",
                  "    reviewer: Test Reviewer", f"    expires: {expires}"]
    path = seed["work"] / f"waivers-{expires}.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_shipped_seed_fails_the_gate(seed):
    assert seed["code"] == 1
    assert seed["results"]["gate"]["passed"] is False
    assert any(f["status"] == "failed" and f["severity"] == "error" for f in seed["results"]["findings"])


def test_waiving_every_failed_rule_until_a_future_date_passes_the_gate(seed):
    failed = {f["id"] for f in seed["results"]["findings"] if f["status"] == "failed"}
    code, results, _ = seed["check"]("waived", "--waivers", str(_waive_all(seed, "2999-12-31")))
    assert code == 0
    statuses = {f["id"]: f["status"] for f in results["findings"]}
    assert {statuses[fid] for fid in failed} == {"waived"}
    assert all(f["waiver"]["reviewer"] == "Test Reviewer" for f in results["findings"] if f["status"] == "waived")
    assert results["summary"]["by_status"]["failed"] == 0
    assert results["gate"] == {"passed": True, "fail_on": "error", "only_new": False, "blocking": 0, "blocking_ids": []}
    assert sum(len(w["findings"]) for w in results["waivers"]["applied"]) == len(failed)


def test_the_same_waivers_expired_fail_the_gate_again(seed):
    failed = {f["id"] for f in seed["results"]["findings"] if f["status"] == "failed"}
    waivers = _waive_all(seed, "2001-01-01")
    code, results, _ = seed["check"]("expired", "--waivers", str(waivers))
    assert code == 1
    statuses = {f["id"]: f["status"] for f in results["findings"]}
    assert {statuses[fid] for fid in failed} == {"failed"}
    expired = [f for f in results["findings"] if f["kind"] == "waiver"]
    assert len(expired) == len(results["waivers"]["expired"]) == len({f["rule_id"] for f in
                                                                       seed["results"]["findings"] if f["id"] in failed})
    assert all(" expired on 2001-01-01 (reviewer Test Reviewer)" in f["message"] for f in expired)


def test_a_waiver_without_a_reason_exits_2_naming_file_and_line(seed, capsys):
    waivers = seed["work"] / "no-reason.yml"
    waivers.write_text("waivers:\n  - rule: victims-2016-federal-plus-state\n    reviewer: R\n    expires: 2999-01-01\n")
    capsys.readouterr()
    code, results, reports = seed["check"]("no-reason", "--waivers", str(waivers))
    assert code == 2
    assert f"auditor: {waivers}:2:5: missing required key 'reason'" in capsys.readouterr().err.splitlines()
    assert not reports.exists()  # nothing is written on an input error


def test_junit_counts_as_many_failures_as_results_json(seed):
    for name, extra in (("plain", ()), ("junit-waived", ("--waivers", str(_waive_all(seed, "2999-12-31"))))):
        code, results, reports = (seed["code"], seed["results"], seed["reports"]) if not extra else seed["check"](name, *extra)
        root = ET.parse(reports / "junit.xml").getroot()
        counts = {s: sum(1 for f in results["findings"] if f["status"] == s) for s in ("failed", "waived", "error")}
        assert int(root.get("failures")) == len(root.findall(".//failure")) == counts["failed"]
        assert int(root.get("skipped")) == len(root.findall(".//skipped")) == counts["waived"]
        assert int(root.get("errors")) == len(root.findall(".//error")) == counts["error"]
        assert int(root.get("tests")) == len(root.findall(".//testcase")) == len(results["findings"])


def test_an_unchanged_second_run_against_the_first_reports_nothing_new(seed):
    baseline = seed["reports"] / "results.json"
    code, results, _ = seed["check"]("second", "--baseline", str(baseline), "--fail-on-new")
    failing = sorted(f["id"] for f in seed["results"]["findings"] if f["status"] in ("failed", "error"))
    assert results["summary"]["baseline"]["new"] == 0
    assert results["summary"]["baseline"]["unchanged"] == len(failing)
    assert results["summary"]["baseline"]["resolved"] == 0
    assert all(f["new"] is False for f in results["findings"] if f["status"] in ("failed", "error"))
    assert code == 0 and results["gate"]["only_new"] is True  # the known failures do not block with --fail-on-new


def test_fail_on_new_without_a_baseline_is_a_usage_error(seed, capsys):
    code, _, _ = seed["check"]("usage", "--fail-on-new")
    assert code == 2
    assert "--fail-on-new" in capsys.readouterr().err


def test_a_default_waivers_yml_in_the_current_folder_is_used(seed):
    default = seed["work"] / "waivers.yml"
    default.write_text(_waive_all(seed, "2999-12-31").read_text())
    try:
        code, results, _ = seed["check"]("default-waivers")
    finally:
        default.unlink()
    assert code == 0
    assert results["waivers"]["file"] == "waivers.yml"


def test_the_example_waivers_file_is_valid_and_every_entry_waives_a_real_failure(seed, repo_root):
    example = repo_root / "examples" / "waivers.yml"
    entries = load_waivers(example)
    assert entries
    # Judged on the day the first entry expires (the last day it applies), so the test does not
    # start failing when the calendar passes the example's dates.
    today = min(w.entry.expires for w in entries).isoformat()
    findings = [Finding.model_validate(f) for f in seed["results"]["findings"]]
    findings, extra = _apply(findings, waivers=example, today=today)
    assert extra["waivers"]["expired"] == extra["waivers"]["unused"] == []
    assert len(extra["waivers"]["applied"]) == len(entries)
    waived = {f.id for f in findings if f.status == "waived"}
    assert waived <= {f["id"] for f in seed["results"]["findings"] if f["status"] == "failed"}
    # Every entry explains itself: a reason a reader can check, not a placeholder.
    assert all(len(w.entry.reason) > 80 for w in entries)


# --- the CI recipe ------------------------------------------------------------------------------

FAKE_AUDITOR = """#!/bin/sh
# Stands in for auditor: records its arguments, writes reports unless told to fail with 2.
echo "$@" > "$(dirname "$0")/args.txt"
if [ "$FAKE_EXIT" != 2 ]; then mkdir -p "$3"; echo '{"fresh": true}' > "$3/results.json"; echo '<html>' > "$3/report.html"; fi
exit "$FAKE_EXIT"
"""


@pytest.mark.parametrize("exit_code", [0, 1, 2])
def test_audit_sh_keeps_the_reports_and_exits_with_auditors_code(repo_root, tmp_path, exit_code):
    fake = tmp_path / "fake-auditor"
    fake.write_text(FAKE_AUDITOR)
    fake.chmod(0o755)
    (tmp_path / "audit_reports").mkdir()
    (tmp_path / "audit_reports" / "results.json").write_text('{"stale": true}')  # a previous run's
    env = {**os.environ, "AUDITOR": str(fake), "FAKE_EXIT": str(exit_code)}
    proc = subprocess.run(["sh", str(repo_root / "examples" / "ci" / "audit.sh"), "--fail-on", "warning"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == exit_code
    assert (tmp_path / "args.txt").read_text().split() == ["check", "--report-dir", "audit_reports", "--fail-on", "warning"]
    copied = tmp_path / "artifacts" / "results.json"
    if exit_code == 2:
        assert not copied.exists()  # the stale report must not pass for this run's
        assert "could not run (exit 2)" in proc.stderr
    else:
        assert json.loads(copied.read_text()) == {"fresh": True}
        assert (tmp_path / "artifacts" / "report.html").exists()


def test_the_github_workflow_gates_on_the_exit_code_and_always_uploads_the_report(seed, repo_root, tmp_path):
    workflow = yaml.safe_load((repo_root / "examples" / "ci" / "github-actions.yml").read_text())
    steps = workflow["jobs"]["audit"]["steps"]
    check = [s for s in steps if "auditor check" in s.get("run", "")]
    assert len(check) == 1 and "if" not in check[0] and "continue-on-error" not in check[0]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "always()" and "audit_reports/report.html" in upload["with"]["path"]
    assert steps.index(check[0]) < steps.index(upload)
    # The summary step's script really runs on a real results.json.
    summary = next(s for s in steps if s.get("name") == "Gate summary")
    shutil.copytree(seed["reports"], tmp_path / "audit_reports")
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    proc = subprocess.run(["bash", "-e", "-c", summary["run"]], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    gate_line = (tmp_path / "summary.md").read_text().splitlines()[0]
    assert gate_line.startswith("**audit gate FAILED** (fail on error): ")
    assert f"{seed['results']['gate']['blocking']} blocking" in gate_line
