"""GitHub Actions workflow commands: one annotation per finding on the pull request's files.

``::error file=PATH,line=L,col=C,endLine=L,endColumn=C,title=ID::message`` (``::warning`` and
``::notice`` by severity; a waived finding is a notice). GitHub shows each as an annotation on
the line of the finding's first figure in the changed files, and in the run's summary.

Escaping is exactly the toolkit's (``@actions/core``, ``command.ts``): in the message ``%`` →
``%25``, CR → ``%0D``, LF → ``%0A``; in property values also ``:`` → ``%3A`` and ``,`` → ``%2C``.
So a message keeps its newlines and a figure id cannot close a property or start a new command.
Every other control, bidi or invisible character is shown as an escape first
(:func:`~auditor.errors.escape_controls`), as on every other stream.

``col``/``endColumn`` are given only when the figure starts and ends on one line (GitHub drops
them otherwise); ``endColumn`` is the column of the figure's last character (inclusive).
"""

from __future__ import annotations

from typing import Iterator

from ..errors import escape_controls
from ..findings import AuditResult, Finding
from .places import first_place, full_message, reported

#: The workflow command of each severity.
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A message as a workflow command's data (the toolkit's ``escapeData``)."""
    return escape_controls(text, keep_line_breaks=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value of a workflow command (the toolkit's ``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, sources_dir: str = "seeds") -> str:
    """The workflow command annotating one non-passing finding."""
    command = "notice" if finding.status == "waived" else COMMANDS[finding.severity]
    props: list[tuple[str, object]] = []
    place = first_place(finding, sources_dir)
    if place is not None:
        props.append(("file", place.path))
        if place.line is not None:  # none: the whole file (a PDF, a Word document)
            props.append(("line", place.line))
        if place.line is not None and place.end_line is not None:
            props.append(("endLine", place.end_line))
        if place.line is not None and place.col is not None and place.end_line == place.line and place.end_col:
            props += [("col", place.col), ("endColumn", max(place.col, place.end_col - 1))]
    props.append(("title", finding.id))
    return f"::{command} " + ",".join(f"{key}={escape_property(str(value))}" for key, value in props) \
        + f"::{escape_data(full_message(finding))}"


def annotations(result: AuditResult, sources_dir: str = "seeds") -> Iterator[str]:
    """One workflow command per non-passing finding, in result order."""
    for finding in reported(result.findings):
        yield annotation(finding, sources_dir)
