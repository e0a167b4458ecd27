"""Waivers and baseline: what turns a failed finding into a waived one, and which are new.

Applied to the findings after GX's verdicts and before the gate is taken.
"""

from __future__ import annotations

from typing import Any

from .findings import Finding


def apply_gate_inputs(findings: list[Finding], options) -> tuple[list[Finding], dict[str, Any]]:
    """Apply ``options.waivers`` and compare with ``options.baseline``.

    Returns the findings (statuses and ``new`` marks updated) and extra top-level fields
    for :class:`~auditor.findings.AuditResult` (``waivers``).
    """
    if options.waivers is not None or options.baseline is not None:
        raise NotImplementedError("waivers and baseline are being built (issue 6)")
    return findings, {}
