"""SARIF 2.1.0 (``results.sarif``): the audit as static-analysis results, for code scanning.

GitHub code scanning (``github/codeql-action/upload-sarif``), GitLab and IDE SARIF viewers read
this OASIS standard. The mapping:

* one ``result`` per finding that did not pass, ``ruleId`` its rule, ``level`` from its severity
  (``info`` → ``note``), the message whole (with the waiver of a waived finding);
* ``locations``: every figure of the finding, in order, each a region of its source file
  (``startLine``/``startColumn``/``endLine``/``endColumn``, columns in Unicode code points as
  ``run.columnKind`` declares, ``endColumn`` exclusive) and the figure in the location's
  message; a figure of a PDF or Word document points at the whole file, its page or paragraph
  in the message; a finding without figures points at its rule file and line;
* a waived finding carries an external, accepted ``suppression`` with the waiver's reason,
  reviewer and expiry; against a baseline, ``baselineState`` is ``new`` or ``unchanged``;
* ``tool.driver.rules``: every rule with a result, its description (the claim the rule
  quotes), and as help the documentation of its kind (the text ``auditor rules KIND`` prints).

Paths are relative to the project (``%SRCROOT%``, the repository checkout in CI); an absolute
sources folder gives ``file://`` URIs. The file is deterministic for the same inputs and
auditor version. It is JSON with one result per line, streamed: at corpus scale it is large.
"""

from __future__ import annotations

import importlib
import inspect
import json
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any, BinaryIO
from urllib.parse import quote

from pydantic_core import to_json

from ..findings import AuditResult, Finding
from .places import Place, finding_places, full_message, reported

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"

# Findings that no rule file declares; their documentation is their module's docstring.
_BUILT_IN_RULES = {"coverage": "auditor.coverage", "provenance": "auditor.extracts",
                   "repeat": "auditor.repeat_checks", "waiver": "auditor.gate.waivers"}


@lru_cache(maxsize=None)
def kind_documentation(rule_id: str, kind: str) -> str:
    """The documentation of a finding's rule: its kind's module docstring (as ``auditor rules KIND``)."""
    from ..rules import RULE_KINDS

    if rule_id in _BUILT_IN_RULES:
        module = importlib.import_module(_BUILT_IN_RULES[rule_id])
    elif kind in RULE_KINDS:
        module = importlib.import_module(RULE_KINDS[kind].__module__)
    else:
        return ""
    return inspect.getdoc(module) or ""


@lru_cache(maxsize=4096)
def artifact_location(path: str) -> dict[str, str]:
    """A SARIF artifactLocation: a relative URI under ``%SRCROOT%``, or a ``file://`` URI."""
    posix = PurePosixPath(path)
    if posix.is_absolute():
        return {"uri": "file://" + quote(posix.as_posix(), safe="/")}
    return {"uri": quote(posix.as_posix(), safe="/"), "uriBaseId": SRCROOT}


def location(place: Place, index: int) -> dict[str, Any]:
    """One SARIF location: the file, the region, and what is there."""
    # A copy: the cached dict is shared by every location in the same file.
    physical: dict[str, Any] = {"artifactLocation": dict(artifact_location(place.path))}
    if place.line is not None:  # none: the whole file (a PDF, a Word document; the label names the page)
        region: dict[str, Any] = {"startLine": place.line}
        if place.col is not None:
            region["startColumn"] = place.col
        if place.end_line is not None and place.end_col is not None:
            region.update(endLine=place.end_line, endColumn=place.end_col)
        physical["region"] = region
    return {"id": index, "physicalLocation": physical, "message": {"text": place.label}}


def sarif_result(finding: Finding, rule_index: int, sources_dir: str) -> dict[str, Any]:
    """The SARIF result of one non-passing finding."""
    result: dict[str, Any] = {
        "ruleId": finding.rule_id, "ruleIndex": rule_index, "kind": "fail", "level": LEVELS[finding.severity],
        "message": {"text": full_message(finding)},
        "locations": [location(place, i) for i, place in enumerate(finding_places(finding, sources_dir))],
        "partialFingerprints": {"auditorFindingId/v1": finding.id},
        "properties": {"findingId": finding.id, "status": finding.status, "severity": finding.severity,
                       "findingKind": finding.kind},
    }
    if finding.status == "waived" and finding.waiver is not None:
        w = finding.waiver
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": f"{w.reason} (reviewed by {w.reviewer}, until {w.expires})"}]
    if finding.new is not None:
        result["baselineState"] = "new" if finding.new else "unchanged"
    return result


def sarif_rule(finding: Finding) -> dict[str, Any]:
    """The reportingDescriptor of the rule behind ``finding`` (its first non-passing finding)."""
    documentation = kind_documentation(finding.rule_id, finding.kind)
    summary = documentation.split("\n\n", 1)[0].replace("\n", " ") or finding.kind
    rule: dict[str, Any] = {
        "id": finding.rule_id, "name": finding.kind,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": finding.description if finding.rule_id not in _BUILT_IN_RULES and finding.description
                            else summary},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"kind": finding.kind},
    }
    if documentation:
        rule["help"] = {"text": documentation}
    return rule


def write_sarif(result: AuditResult, handle: BinaryIO, sources_dir: str = "seeds") -> None:
    """Write ``results.sarif`` (UTF-8) for ``result`` to ``handle``, one result per line."""
    findings = reported(result.findings)
    rule_index: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    for finding in findings:
        if finding.rule_id not in rule_index:
            rule_index[finding.rule_id] = len(rules)
            rules.append(sarif_rule(finding))
    version = str(result.run.get("auditor_version", ""))
    driver: dict[str, Any] = {"name": "auditor", "rules": rules}
    if version:
        driver["version"] = version
    run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints",
           "originalUriBaseIds": {SRCROOT: {"description": {"text": "the project's root (the repository checkout)"}}},
           "results": []}
    head, tail = json.dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]},
                            ensure_ascii=False).split('"results": []', 1)
    handle.write((head + '"results": [').encode("utf-8"))
    for i, finding in enumerate(findings):
        # pydantic-core's serializer writes the same compact UTF-8 JSON as json.dumps, faster.
        handle.write((b",\n" if i else b"\n") + to_json(sarif_result(finding, rule_index[finding.rule_id], sources_dir)))
    handle.write(("\n]" + tail + "\n").encode("utf-8"))
