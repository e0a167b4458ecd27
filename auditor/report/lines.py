"""One line per finding, the way linters print problems: ``PATH:LINE:COL: SEVERITY ID message``.

The format editors (``:cfile``, VS Code problem matchers) and CI logs already understand; the
default when stdout is not a terminal. PATH is relative to the project and LINE:COL is the
finding's first figure in its source (1-based, as editors count); a finding without figures
points at its rule file. The message is whole, never cut. A waived finding says so, with its
waiver. The summary lines and the gate verdict follow, as in the terminal.

Every text from the input passes :func:`~auditor.errors.escape_controls`: one finding is always
exactly one line, with no terminal escape, bidi override or invisible character in it.
"""

from __future__ import annotations

from typing import Iterator

from ..errors import escape_controls
from ..findings import AuditResult, Finding
from .places import first_place, full_message, reported


def finding_line(finding: Finding, sources_dir: str = "seeds") -> str:
    """``PATH:LINE:COL: SEVERITY ID message``; ``PATH: …`` for a document without lines (a PDF),
    ``auditor: …`` for a finding without any place."""
    place = first_place(finding, sources_dir)
    where = (f"{place.path}:{place.line}:{place.col or 1}" if place.line else place.path) if place else "auditor"
    return escape_controls(f"{where}: {finding.severity} {finding.id} {full_message(finding)}")


def finding_lines(result: AuditResult, sources_dir: str = "seeds") -> Iterator[str]:
    """One line per non-passing finding, in result order (status, severity, rule)."""
    for finding in reported(result.findings):
        yield finding_line(finding, sources_dir)
