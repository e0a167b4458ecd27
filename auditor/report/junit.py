"""JUnit XML: one testcase per finding, one testsuite per finding kind.

CI systems (GitHub Actions reporters, GitLab, Jenkins, Azure) read JUnit, so an audit shows up
as a test run: a ``failed`` finding is a ``<failure>``, an ``error`` finding (the rule could
not be evaluated) an ``<error>``, a ``waived`` one ``<skipped>`` with the waiver's reason, and a
passed one an empty testcase. The counts on ``<testsuite>`` and ``<testsuites>`` are computed
from the same findings, so ``failures`` equals the number of failed findings in results.json.

Findings quote source documents, so every string is untrusted: ElementTree escapes markup, and
characters XML 1.0 cannot carry at all (most control characters) are replaced first.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from ..findings import AuditResult, Finding

# Characters outside the XML 1.0 Char production; a parser rejects the file if one appears.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: object) -> str:
    """``text`` as a string XML 1.0 can hold (invalid characters become U+FFFD)."""
    return _NOT_XML.sub("\ufffd", str(text))


def _details(finding: Finding) -> str:
    """The body of a failure/error/skipped element: what an editor needs to judge the finding."""
    lines = [f"{finding.severity} {finding.kind} {finding.id}"]
    if finding.rule_file:
        lines.append(f"rule: {finding.rule_file}" + (f":{finding.rule_line}" if finding.rule_line else ""))
    if finding.new is not None:
        lines.append("new since the baseline" if finding.new else "also failing in the baseline")
    lines.append(finding.message)
    if finding.description:
        lines.append(finding.description)
    if finding.expected is not None or finding.observed is not None:
        lines.append(f"expected: {finding.expected!r}; observed: {finding.observed!r}")
    for ref in finding.figures:
        where = f" ({ref.place})" if ref.place else ""
        lines.append(f"{ref.role or 'figure'} {ref.id} = {ref.figure} at {ref.source}:{ref.start}-{ref.end}{where}: {ref.quote!r}")
    return _xml("\n".join(lines))


def render_junit(result: AuditResult) -> str:
    """Render ``junit.xml`` for a result (see the module docstring for the mapping)."""
    root = ET.Element("testsuites", name="auditor")
    by_kind: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_kind.setdefault(finding.kind, []).append(finding)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    started = result.run.get("started_at")
    for kind, findings in sorted(by_kind.items()):
        suite = ET.SubElement(root, "testsuite", name=_xml(kind))
        if started:
            suite.set("timestamp", _xml(started))
        counts = {"tests": len(findings), "failures": 0, "errors": 0, "skipped": 0}
        for finding in findings:
            case = ET.SubElement(suite, "testcase", classname=_xml(f"auditor.{kind}"), name=_xml(finding.id))
            # file/line are not in the strict JUnit XSD, but the common readers use them to
            # point at the rule (GitLab, GitHub Actions reporters); the others ignore them.
            if finding.rule_file:
                case.set("file", _xml(finding.rule_file))
                if finding.rule_line:
                    case.set("line", str(finding.rule_line))
            if finding.status == "failed":
                counts["failures"] += 1
                node = ET.SubElement(case, "failure", message=_xml(finding.message), type=finding.severity)
                node.text = _details(finding)
            elif finding.status == "error":
                counts["errors"] += 1
                node = ET.SubElement(case, "error", message=_xml(finding.message), type="not evaluated")
                node.text = _details(finding)
            elif finding.status == "waived":
                counts["skipped"] += 1
                w = finding.waiver
                reason = f"waived until {w.expires} by {w.reviewer}: {w.reason}" if w else "waived"
                node = ET.SubElement(case, "skipped", message=_xml(reason))
                node.text = _details(finding)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    if "seconds" in result.run:
        root.set("time", f"{float(result.run['seconds']):.3f}")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
