"""JUnit XML: one testcase per finding, one testsuite per rule kind."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ..findings import AuditResult


def render_junit(result: AuditResult) -> str:
    """Render ``junit.xml``: failed findings are ``<failure>``, waived ones ``<skipped>``."""
    root = ET.Element("testsuites", name="auditor")
    by_kind: dict[str, list] = {}
    for finding in result.findings:
        by_kind.setdefault(finding.kind, []).append(finding)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for kind, findings in sorted(by_kind.items()):
        suite = ET.SubElement(root, "testsuite", name=kind)
        counts = {"tests": len(findings), "failures": 0, "errors": 0, "skipped": 0}
        for finding in findings:
            case = ET.SubElement(suite, "testcase", classname=f"auditor.{kind}", name=finding.id)
            if finding.status == "failed":
                counts["failures"] += 1
                node = ET.SubElement(case, "failure", message=finding.message, type=finding.severity)
                node.text = finding.description
            elif finding.status == "error":
                counts["errors"] += 1
                ET.SubElement(case, "error", message=finding.message)
            elif finding.status == "waived":
                counts["skipped"] += 1
                reason = finding.waiver.reason if finding.waiver else "waived"
                ET.SubElement(case, "skipped", message=f"waived: {reason}")
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
