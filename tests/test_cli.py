"""``auditor check`` exit codes on small fixture projects: 0 pass, 1 findings, 2 bad input."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from auditor.cli import app, run


def test_consistent_project_exits_0(totals_project, capsys):
    assert run(totals_project.args()) == 0
    results = json.loads((totals_project.root / "reports" / "results.json").read_text())
    assert results["gate"]["passed"] is True
    assert {f["id"]: f["status"] for f in results["findings"]} == {"victims-by-form": "passed", "cases-by-region": "passed"}
    assert "gate PASS" in capsys.readouterr().out


def test_contradiction_exits_1(project, capsys):
    sentence = "The agency identified 11 victims in 2017: 6 for sex trafficking and 4 for forced labor."
    project.seed("doc.txt", sentence)
    project.figure("total", "11", 11, sentence=sentence)
    project.figure("sex", "6", 6, sentence=sentence, category="sex trafficking")
    project.figure("labor", "4", 4, sentence=sentence, category="forced labor")
    project.rules("""
        rules:
          - {id: by-form, kind: sum_total, description: "11 victims: 6 and 4", total: total, parts: [sex, labor]}
    """).write()
    assert run(project.args()) == 1
    finding = json.loads((project.root / "reports" / "results.json").read_text())["findings"][0]
    assert finding["status"] == "failed"
    assert finding["message"] == "sex trafficking 6 + forced labor 4 = 10, but the total is 11: off by 1"
    assert (finding["expected"], finding["observed"]) == (11, 10)
    assert "gate FAIL" in capsys.readouterr().out


def test_warning_findings_pass_the_default_gate_but_not_fail_on_warning(project):
    sentence = "The agency identified 11 victims in 2017: 6 for sex trafficking and 4 for forced labor."
    project.seed("doc.txt", sentence)
    project.figure("total", "11", 11, sentence=sentence)
    project.figure("sex", "6", 6, sentence=sentence)
    project.figure("labor", "4", 4, sentence=sentence)
    project.rules("""
        rules:
          - {id: by-form, kind: sum_total, severity: warning, description: "11: 6 and 4", total: total, parts: [sex, labor]}
    """).write()
    assert run(project.args()) == 0
    assert run(project.args("--fail-on", "warning")) == 1


def test_missing_expectations_folder_exits_2_with_one_line(totals_project, capsys):
    args = totals_project.args()
    args[args.index("--expectations") + 1] = str(totals_project.root / "nope")
    assert run(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"auditor: {totals_project.root / 'nope'}: expectations folder not found"]
    assert not (totals_project.root / "reports").exists()


def test_usage_error_exits_2(totals_project, capsys):
    assert run(totals_project.args("--fail-on", "sometimes")) == 2
    assert "--fail-on" in capsys.readouterr().err


def test_json_format_prints_the_results(totals_project, capsys):
    assert run(totals_project.args("--format", "json")) == 0
    printed = json.loads(capsys.readouterr().out)
    written = json.loads((totals_project.root / "reports" / "results.json").read_text())
    assert printed == written


def test_typer_app_exposes_commands():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("check", "validate"):
        assert command in result.output


def test_check_help_documents_exit_codes():
    result = CliRunner().invoke(app, ["check", "--help"])
    assert result.exit_code == 0
    assert "0 = the gate passes" in " ".join(result.output.split())


def test_the_terminal_lists_the_first_failures_and_counts_the_rest(project, capsys):
    from auditor.report.terminal import LISTED

    # One figure extracted, so the document is being extracted: every other number of the text
    # is unaccounted for, one coverage finding each.
    text = " ".join(f"Shelter number {n} took in {n + 1000} people last winter." for n in range(40))
    project.seed("doc.txt", text).figure("first", "1000", 1000).write()
    # The table is the terminal's format (chosen by default on a TTY; captured output is not one).
    assert run(project.args("--format", "text")) == 0  # coverage findings are warnings: the default gate passes
    out = capsys.readouterr().out
    results = json.loads((project.root / "reports" / "results.json").read_text())
    unaccounted = results["summary"]["coverage"]["unaccounted"]
    assert unaccounted == 79 > LISTED
    assert out.count("coverage/doc.txt@") == LISTED
    assert f"… and {unaccounted - LISTED} more not listed (coverage {unaccounted - LISTED}): see the reports" in out
    assert run([*project.args("--format", "text"), "--verbose"]) == 0
    assert capsys.readouterr().out.count("coverage/doc.txt@") == unaccounted
