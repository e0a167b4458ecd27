"""The one result model behind every output: :class:`Finding` and :class:`AuditResult`.

HTML, JSON, JUnit and the terminal summary are all renderings of an :class:`AuditResult`;
none of them computes anything of its own. ``results.json`` is ``AuditResult.to_json()``,
described by ``auditor/schema/results.schema.json`` (version :data:`SCHEMA_VERSION`).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"
Severity = Literal["error", "warning", "info"]
Status = Literal["passed", "failed", "waived", "error"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
STATUS_ORDER = {"failed": 0, "error": 1, "waived": 2, "passed": 3}


class FigureRef(BaseModel):
    """A figure involved in a finding, with its exact place in its source."""

    model_config = ConfigDict(extra="forbid")

    id: str
    value: float | None
    figure: str = Field(description="the figure as written in the source")
    unit: str = ""
    source: str
    start: int
    end: int
    quote: str
    role: str = Field("", description="what the figure is in this rule: part, total, earlier, ...")


class Waiver(BaseModel):
    """The reviewed exception that turned a failed finding into a waived one."""

    rule: str
    finding: str | None = None
    reason: str
    reviewer: str
    expires: str


class Finding(BaseModel):
    """One verdict on one rule (or one source check), with everything needed to judge it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="stable id: the rule id, or rule id + '/' + instance for generated rules")
    rule_id: str
    kind: str
    severity: Severity
    status: Status
    message: str
    description: str = ""
    expected: Any = None
    observed: Any = None
    figures: list[FigureRef] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)
    gx: list[dict[str, Any]] = Field(default_factory=list, description="GX expectation results behind the verdict")
    waiver: Waiver | None = None
    new: bool | None = None
    rule_file: str | None = None
    rule_line: int | None = None

    @property
    def sort_key(self) -> tuple:
        return (STATUS_ORDER[self.status], SEVERITY_ORDER[self.severity], self.rule_id, self.id)


class SourceInfo(BaseModel):
    """A source document that was audited."""

    name: str
    chars: int
    passages: int
    sha256: str
    figures: int = 0


class AuditResult(BaseModel):
    """A whole audit: what was read, what was found, and whether the gate passes."""

    schema_version: str = SCHEMA_VERSION
    run: dict[str, Any] = Field(default_factory=dict, description="run metadata: time, host, versions, engine (not deterministic)")
    gate: dict[str, Any] = Field(default_factory=dict)
    summary: dict[str, Any] = Field(default_factory=dict)
    sources: list[SourceInfo] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    engine: dict[str, Any] = Field(default_factory=dict, description="GX validations run: one per check table")
    waivers: dict[str, Any] = Field(default_factory=dict)

    def to_json(self) -> str:
        """Deterministic JSON text (sorted findings, stable key order, trailing newline)."""
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False, default=_json_default) + "\n"

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "failed"]


def _json_default(value: Any) -> Any:
    # GX leaves numpy scalars (e.g. numpy.bool_) in some result details.
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def summarize(findings: list[Finding]) -> dict[str, Any]:
    """Counts by status, by severity and by (status, severity)."""
    by_status = Counter(f.status for f in findings)
    by_severity = Counter(f.severity for f in findings)
    failed_by_severity = Counter(f.severity for f in findings if f.status == "failed")
    return {
        "total": len(findings),
        "by_status": {s: by_status.get(s, 0) for s in ("passed", "failed", "waived", "error")},
        "by_severity": {s: by_severity.get(s, 0) for s in ("error", "warning", "info")},
        "failed_by_severity": {s: failed_by_severity.get(s, 0) for s in ("error", "warning", "info")},
        "by_kind": dict(sorted(Counter(f.kind for f in findings).items())),
    }


def gate(findings: list[Finding], fail_on: str = "error", only_new: bool = False) -> dict[str, Any]:
    """The release gate: fails when a failed (or errored) finding reaches ``fail_on`` severity.

    ``fail_on="error"`` gates on severity error only; ``"warning"`` on error and warning.
    With ``only_new`` only findings marked new against a baseline count.
    """
    threshold = SEVERITY_ORDER[fail_on]
    blocking = [
        f for f in findings
        if f.status in ("failed", "error") and SEVERITY_ORDER[f.severity] <= threshold
        and (not only_new or f.new)
    ]
    return {"passed": not blocking, "fail_on": fail_on, "only_new": only_new,
            "blocking": len(blocking), "blocking_ids": [f.id for f in blocking]}
