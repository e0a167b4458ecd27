"""Hostile or odd input that used to give a silently wrong audit, or a crash where an answer
was due: huge numbers, exponent notation, stale or over-wide ignored rows, colliding waivers."""

from __future__ import annotations

import json

import pytest

from auditor.cli import run


def validate_args(project) -> list[str]:
    return ["validate", "--seeds", str(project.seeds), "--datasets", str(project.datasets),
            "--expectations", str(project.expectations)]


def grew_rule(factor: str) -> str:
    """A relative_change rule over the totals project's figures, with ``factor`` as written."""
    return f"""
        rules:
          - id: grew
            kind: relative_change
            description: "from 6 to 4"
            earlier: sex
            later: labor
            factor: {factor}
    """


def results(project) -> dict:
    return json.loads((project.root / "reports" / "results.json").read_text(encoding="utf-8"))


# 16. Overflow: a rule is reported as not evaluated, never an internal error.

@pytest.mark.parametrize("factor", ["1.0e+308", "1e308"])
def test_a_factor_that_overflows_is_not_evaluated_not_a_crash(totals_project, capsys, factor):
    totals_project.rules(grew_rule(factor))
    assert run(validate_args(totals_project)) == 0, capsys.readouterr().err
    code = run(totals_project.args())
    err = capsys.readouterr().err
    assert code == 1, err
    assert "internal error" not in err
    finding = next(f for f in results(totals_project)["findings"] if f["id"] == "grew")
    assert finding["status"] == "error"
    assert "too large to compare in floating point" in finding["message"]


def test_parts_near_the_float_limit_are_not_evaluated_not_summed_to_infinity(totals_project, capsys):
    path = totals_project.datasets / "figures.csv"
    for row in totals_project.rows:
        if row["id"] in ("sex", "labor"):
            row["value"] = 1e308
    totals_project.write()
    code = run(totals_project.args())
    err = capsys.readouterr().err
    assert code == 1, err
    assert "internal error" not in err
    finding = next(f for f in results(totals_project)["findings"] if f["id"] == "victims-by-form")
    assert finding["status"] == "error" and "too large" in finding["message"]
    assert path.exists()


@pytest.mark.parametrize("written, value", [("1e3", 1000.0), ("2E-1", 0.2), ("-1.5e+2", -150.0)])
def test_exponent_notation_reads_as_a_number(tmp_path, written, value):
    from auditor.yamlfile import load_yaml
    path = tmp_path / "x.yml"
    path.write_text(f"n: {written}\ns: e3\n", encoding="utf-8")
    assert load_yaml(path) == {"n": value, "s": "e3"}


def test_a_rule_with_an_exponent_factor_validates(totals_project, capsys):
    totals_project.rules(grew_rule("67e-2"))
    assert run(validate_args(totals_project)) == 0, capsys.readouterr().err


def test_an_infinite_factor_is_refused_in_place(totals_project, capsys):
    totals_project.rules(grew_rule("1e400"))
    assert run(validate_args(totals_project)) == 2
    assert "rules.yml:8:5: factor: Input should be a finite number" in capsys.readouterr().err


# 14. ignored.csv rows are re-verified like extracts, and one row covers one mention.

IGNORED_TEXT = "The 13th Amendment applies. The agency counted 12 cases and 7 appeals."


@pytest.fixture
def ignoring(project):
    """A seed with one label (13th) and two figures nobody extracted, and no rules."""
    project.seed("doc.txt", IGNORED_TEXT).rules("settings:\n  coverage: {severity: error}\n").write()
    return project


def write_ignored(project, *rows: tuple[int, int, str]) -> None:
    lines = ["source,start,end,text,reason"] + [f'doc.txt,{start},{end},"{text}",not a quantity' for start, end, text in rows]
    (project.datasets / "ignored.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def span_of(text: str) -> tuple[int, int, str]:
    start = IGNORED_TEXT.index(text)
    return start, start + len(text), text


def test_a_verified_ignored_row_accounts_for_its_mention(ignoring, capsys):
    write_ignored(ignoring, span_of("13th"), span_of("12"), span_of("7"))
    assert run(ignoring.args()) == 0, capsys.readouterr()
    assert results(ignoring)["summary"]["coverage"]["ignored"] == 3


def test_a_stale_ignored_row_is_reported_and_accounts_for_nothing(ignoring, capsys):
    start, end, _ = span_of("12")
    write_ignored(ignoring, span_of("13th"), (start, end, "15"), span_of("7"))
    assert run(ignoring.args()) == 1
    findings = {f["id"]: f for f in results(ignoring)["findings"]}
    stale = findings[f"coverage/ignored/doc.txt@{start}"]
    assert stale["status"] == "failed" and "the text moved" in stale["message"]
    assert findings[f"coverage/doc.txt@{start}"]["observed"] == "unaccounted"


def test_an_ignored_row_spanning_several_mentions_hides_none_of_them(ignoring, capsys):
    write_ignored(ignoring, (0, len(IGNORED_TEXT), IGNORED_TEXT))
    assert run(ignoring.args()) == 1
    summary = results(ignoring)["summary"]["coverage"]
    assert summary["ignored"] == 0 and summary["unaccounted"] == 3
    findings = {f["id"]: f for f in results(ignoring)["findings"]}
    assert "spans 3 numeric mentions" in findings["coverage/ignored/doc.txt@0"]["message"]


# 19. A waiver for rule 'a#b' would take the id of rule 'a' narrowed to finding 'b'.

def test_a_waiver_rule_id_with_a_hash_is_refused(totals_project, capsys):
    waivers = totals_project.root / "waivers.yml"
    waivers.write_text("waivers:\n  - rule: 'a#b'\n    reason: r\n    reviewer: me\n    expires: 2099-01-01\n"
                       "  - rule: a\n    finding: b\n    reason: r\n    reviewer: me\n    expires: 2099-01-01\n",
                       encoding="utf-8")
    assert run(totals_project.args("--waivers", str(waivers))) == 2
    err = capsys.readouterr().err
    assert "waivers.yml:2:5: rule: a rule id never contains '#'" in err


def test_a_discovered_breakdown_of_huge_figures_is_not_evaluated_not_a_crash(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)      # a folder of documents only: no datasets/ or expectations/ yet
    huge = "9" * 308   # each part near the float limit: their sum overflows
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(
        f"The agency identified {huge} victims in 2017: {huge} for sex trafficking and {huge} for forced labor.",
        encoding="utf-8")
    code = run(["check", "--quiet"])
    err = capsys.readouterr().err
    assert code in (0, 1), err
    assert "internal error" not in err
    findings = json.loads((tmp_path / "audit_reports" / "results.json").read_text(encoding="utf-8"))["findings"]
    breakdown = [f for f in findings if f["kind"] == "sum_total"]
    assert breakdown and all(f["status"] == "error" and "too large" in f["message"] for f in breakdown)
