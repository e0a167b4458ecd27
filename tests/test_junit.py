"""junit.xml: one testcase per finding, suites by kind, counts that match results.json."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from auditor.findings import AuditResult, FigureRef, Finding, Waiver
from auditor.report.junit import render_junit


def _finding(fid: str, status: str, kind: str = "aggregate", **extra) -> Finding:
    return Finding(id=fid, rule_id=fid, kind=kind, severity=extra.pop("severity", "error"), status=status,
                   message=extra.pop("message", f"{fid} {status}"), **extra)


def _result() -> AuditResult:
    waiver = Waiver(rule="w", reason="accepted: the source is wrong", reviewer="R. Viewer", expires="2027-05-31",
                    file="waivers.yml", line=3)
    figure = FigureRef(id="f1", value=740, figure="740", source="doc.txt", start=10, end=13,
                       quote="compared to 740 victims in 2016", role="aggregate")
    return AuditResult(run={"started_at": "2027-01-01T00:00:00+00:00", "seconds": 1.5}, findings=[
        _finding("f", "failed", description="quotes the claim", expected=740, observed=885, figures=[figure],
                 rule_file="expectations/x.yml", rule_line=7, new=True),
        _finding("p", "passed"),
        _finding("w", "waived", waiver=waiver),
        _finding("e", "error", kind="provenance", message="not evaluated: stale extract f1"),
        _finding("c", "failed", kind="coverage", severity="warning"),
    ])


def _parse(result: AuditResult) -> ET.Element:
    return ET.fromstring(render_junit(result).encode("utf-8"))


def test_counts_are_consistent_at_every_level():
    result = _result()
    root = _parse(result)
    assert root.tag == "testsuites"
    for node in [root, *root.findall("testsuite")]:
        assert int(node.get("tests")) == len(node.findall(".//testcase"))
        assert int(node.get("failures")) == len(node.findall(".//failure"))
        assert int(node.get("errors")) == len(node.findall(".//error"))
        assert int(node.get("skipped")) == len(node.findall(".//skipped"))
    assert int(root.get("failures")) == len(result.failed)
    assert root.get("time") == "1.500"


def test_suites_are_kinds_and_each_case_has_at_most_one_verdict():
    root = _parse(_result())
    assert [s.get("name") for s in root.findall("testsuite")] == ["aggregate", "coverage", "provenance"]
    for suite in root.findall("testsuite"):
        for case in suite.findall("testcase"):
            assert case.get("classname") == f"auditor.{suite.get('name')}"
            assert len(list(case)) <= 1
    passed = root.find(".//testcase[@name='p']")
    assert list(passed) == []


def test_failure_error_and_skipped_carry_what_an_editor_needs():
    root = _parse(_result())
    failure = root.find(".//testcase[@name='f']/failure")
    assert failure.get("message") == "f failed" and failure.get("type") == "error"
    assert "quotes the claim" in failure.text
    assert "expected: 740; observed: 885" in failure.text
    assert "aggregate f1 = 740 at doc.txt:10-13: 'compared to 740 victims in 2016'" in failure.text
    assert "new since the baseline" in failure.text
    case = root.find(".//testcase[@name='f']")
    assert (case.get("file"), case.get("line")) == ("expectations/x.yml", "7")
    skipped = root.find(".//testcase[@name='w']/skipped")
    assert skipped.get("message") == "waived until 2027-05-31 by R. Viewer: accepted: the source is wrong"
    error = root.find(".//testcase[@name='e']/error")
    assert error.get("message") == "not evaluated: stale extract f1"


def test_untrusted_text_stays_well_formed_xml():
    nasty = 'figures <b>"885"</b> & \'740\' ]]> \x00\x0b\x1b \ud800 end'
    result = AuditResult(findings=[_finding("x&<y>", "failed", message=nasty, description=nasty)])
    root = _parse(result)  # would raise on invalid characters or broken markup
    failure = root.find(".//failure")
    # Markup survives as text; characters XML cannot hold become U+FFFD, nothing else changes.
    expected = nasty.replace("\x00", "\ufffd").replace("\x0b", "\ufffd").replace("\x1b", "\ufffd").replace("\ud800", "\ufffd")
    assert failure.get("message") == expected
    assert expected in failure.text
    assert root.find(".//testcase").get("name") == "x&<y>"


def test_an_empty_audit_is_still_a_valid_report():
    root = _parse(AuditResult())
    assert (root.get("tests"), root.get("failures"), root.findall("testsuite")) == ("0", "0", [])
