"""Gate inputs: waivers and the baseline, applied to the findings before the gate is taken.

Order matters and is fixed here: waivers first (a waived finding is not failing), then the
baseline comparison (so the ``waiver`` findings for expired or unused entries, and findings
whose waiver expired, count as new when they were not failing before). The gate itself is
:func:`auditor.findings.gate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from .baseline import Baseline, compare, load_baseline
from ..errors import InputErrors
from ..findings import Finding
from .waivers import LocatedWaiver, apply_waivers, load_waivers


@dataclass(frozen=True)
class GateInputs:
    """Validated waivers and baseline, loaded before any evaluation result is needed."""

    today: date
    waivers_file: str | None
    waivers: tuple[LocatedWaiver, ...]
    baseline: Baseline | None


def today_of(options) -> date:
    """``options.today`` (YYYY-MM-DD) when given, else today's UTC date."""
    if options.today is None:
        return datetime.now(timezone.utc).date()
    try:
        return date.fromisoformat(str(options.today))
    except ValueError:
        raise InputErrors.single("today", f"not a date YYYY-MM-DD: {options.today!r}") from None


def load_gate_inputs(options) -> GateInputs:
    """Read and validate ``options.waivers`` and ``options.baseline``; all errors at once.

    Cheap (no GX): callers may run it before the evaluation to fail fast on bad input.
    """
    errors = []
    waivers: list[LocatedWaiver] = []
    baseline = None
    today = None
    try:
        today = today_of(options)
    except InputErrors as exc:
        errors.extend(exc.errors)
    if options.waivers is not None:
        try:
            waivers = load_waivers(options.waivers)
        except InputErrors as exc:
            errors.extend(exc.errors)
    if options.baseline is not None:
        try:
            baseline = load_baseline(options.baseline)
        except InputErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise InputErrors(errors)
    return GateInputs(today, str(options.waivers) if options.waivers is not None else None,
                      tuple(waivers), baseline)


def apply_gate_inputs(findings: list[Finding], options,
                      inputs: GateInputs | None = None) -> tuple[list[Finding], dict[str, Any]]:
    """Apply ``options.waivers`` and compare with ``options.baseline``.

    Returns the findings (statuses, ``waiver`` and ``new`` updated; ``waiver`` findings for
    expired and unused entries appended) and extra top-level fields for
    :class:`~auditor.findings.AuditResult`: ``waivers``, and ``summary`` holding
    ``{"baseline": ...}`` for the caller to merge into its summary when a baseline was given.
    """
    inputs = inputs or load_gate_inputs(options)
    findings, waiver_findings, waivers_report = apply_waivers(
        findings, list(inputs.waivers), inputs.today, inputs.waivers_file)
    findings = findings + waiver_findings
    extra: dict[str, Any] = {"waivers": waivers_report}
    if inputs.baseline is not None:
        findings, baseline_summary = compare(findings, inputs.baseline)
        extra["summary"] = {"baseline": baseline_summary}
    return findings, extra
