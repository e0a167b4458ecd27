"""The terminal summary of an audit (rich; plain text when not a terminal or NO_COLOR).

Every text that comes from the input (rule ids, messages quoting the sources, file names) goes
through :func:`~auditor.errors.escape_controls` first: an escape sequence in a document must not
clear or retitle the reader's terminal, and a newline must not forge a line of its own.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import escape_controls
from ..findings import AuditResult
from .places import reader_places

_STYLE = {"failed": "bold red", "error": "bold magenta", "waived": "yellow", "passed": "green"}


#: Findings listed in the terminal without --verbose: a CI log is read, not searched; the rest
#: are counted by kind and are all in the reports.
LISTED = 50

#: The files :func:`auditor.report.write_reports` writes, as the summary names them.
REPORT_FILES = "report.html, results.json, junit.xml, results.sarif"


def print_summary(result: AuditResult, console: Console, report_dir: str | None = None, verbose: bool = False) -> None:
    """Print the non-passing findings (the first :data:`LISTED`, or every finding with
    ``verbose``) as a table, then the counts and the gate verdict."""
    listed = [f for f in result.findings if f.status != "passed" or verbose]
    shown = listed if verbose else listed[:LISTED]
    if shown:
        table = Table(show_header=True, header_style="bold", expand=False, show_lines=False)
        table.add_column("status")
        table.add_column("sev")
        table.add_column("rule")
        table.add_column("message", overflow="fold")
        for finding in shown:
            table.add_row(Text(finding.status, style=_STYLE[finding.status]), finding.severity,
                          Text(escape_controls(finding.id)), Text(escape_controls(finding.message + reader_places(finding))))
        console.print(table)
    rest = listed[len(shown):]
    if rest:
        by_kind = Counter(f.kind for f in rest)
        kinds = ", ".join(f"{kind} {count:,}" for kind, count in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])))
        console.print(Text(escape_controls(f"… and {len(rest):,} more not listed ({kinds}): see the reports, or --verbose")))
    print_totals(result, console, report_dir)


def print_totals(result: AuditResult, console: Console, report_dir: str | None = None) -> None:
    """The summary lines every text format ends with: counts, waivers, baseline, reports, gate."""
    for line in summary_lines(result, report_dir):
        console.print(Text(line), soft_wrap=True)  # one line each, however long: logs are searched by line
    gate = result.gate
    verdict = "PASS" if gate["passed"] else "FAIL"
    console.print(Text(f"gate {verdict} (fail on {gate['fail_on']}{', new only' if gate.get('only_new') else ''}): "
                       f"{gate['blocking']} blocking finding(s)", style="bold green" if gate["passed"] else "bold red"),
                  soft_wrap=True)


def summary_lines(result: AuditResult, report_dir: str | None = None) -> list[str]:
    """The counts lines before the gate verdict, each one line of safe text."""
    lines = []
    s = result.summary
    counts = s["by_status"]
    line = (f"{s['total']} findings: {counts['failed']} failed, {counts['error']} error, "
            f"{counts['waived']} waived, {counts['passed']} passed")
    coverage = s.get("coverage")
    if coverage:
        line += f"; mentions {coverage['mentions']}, unaccounted {coverage['unaccounted']}"
        if coverage.get("pending"):
            line += f", not yet extracted {coverage['pending']}"
    lines.append(line)
    discovery = s.get("discovery")
    if discovery:
        lines.append(f"discovery: {discovery['relations']:,} relation(s) read in the text and checked "
                     f"({discovery['confident']:,} confident), {discovery['covered_by_rules']:,} already "
                     f"checked by rules, {discovery['suppressed']:,} suppressed")
    repeats = s.get("repeats")
    if repeats and (repeats.get("templates") or repeats.get("other_subject") or repeats.get("other_figures")):
        lines.append(f"repeats: {repeats['checked']:,} checked; set aside as other statements: "
                     f"{repeats['templates']:,} templates, {repeats['other_subject']:,} about another subject, "
                     f"{repeats['other_figures']:,} with other figures")
    waivers = result.waivers or {}
    if waivers.get("file"):
        lines.append(f"waivers ({waivers['file']}): {len(waivers.get('applied', []))} applied, "
                     f"{len(waivers.get('expired', []))} expired, {len(waivers.get('unused', []))} unused")
    baseline = s.get("baseline")
    if baseline:
        lines.append(f"against baseline {baseline.get('file', '')}: {baseline['new']} new, "
                     f"{baseline['resolved']} resolved, {baseline['unchanged']} unchanged")
    if report_dir:
        lines.append(f"reports in {report_dir}/ ({REPORT_FILES})")
    return [escape_controls(line) for line in lines]
