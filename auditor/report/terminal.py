"""The terminal summary of an audit (rich; plain text when not a terminal or NO_COLOR)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..findings import AuditResult, Finding

_STYLE = {"failed": "bold red", "error": "bold magenta", "waived": "yellow", "passed": "green"}


#: Findings listed in the terminal without --verbose: a CI log is read, not searched; the rest
#: are counted by kind and are all in the reports.
LISTED = 50


def _places(finding: Finding) -> str:
    """Where a reader finds the finding's figures ("report.pdf p. 14"), for documents that have places."""
    refs = sorted((ref for ref in finding.figures if ref.place), key=lambda ref: (ref.source, ref.start))
    places = dict.fromkeys(f"{ref.source} {ref.place}" for ref in refs)
    return f" [{'; '.join(places)}]" if places else ""


def print_summary(result: AuditResult, console: Console, report_dir: str | None = None, verbose: bool = False) -> None:
    """Print the non-passing findings (the first :data:`LISTED`, or every finding with
    ``verbose``), then the counts and the gate verdict."""
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
                          Text(finding.id), Text(finding.message + _places(finding)))
        console.print(table)
    rest = listed[len(shown):]
    if rest:
        by_kind = Counter(f.kind for f in rest)
        kinds = ", ".join(f"{kind} {count:,}" for kind, count in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])))
        console.print(Text(f"… and {len(rest):,} more not listed ({kinds}): see the reports, or --verbose"))
    s = result.summary
    counts = s["by_status"]
    line = (f"{s['total']} findings: {counts['failed']} failed, {counts['error']} error, "
            f"{counts['waived']} waived, {counts['passed']} passed")
    coverage = s.get("coverage")
    if coverage:
        line += f"; mentions {coverage['mentions']}, unaccounted {coverage['unaccounted']}"
        if coverage.get("pending"):
            line += f", not yet extracted {coverage['pending']}"
    console.print(Text(line))
    discovery = s.get("discovery")
    if discovery:
        console.print(Text(f"discovery: {discovery['relations']:,} relation(s) read in the text and checked "
                           f"({discovery['confident']:,} confident), {discovery['covered_by_rules']:,} already "
                           f"checked by rules, {discovery['suppressed']:,} suppressed"))
    repeats = s.get("repeats")
    if repeats and (repeats.get("templates") or repeats.get("other_subject") or repeats.get("other_figures")):
        console.print(Text(f"repeats: {repeats['checked']:,} checked; set aside as other statements: "
                           f"{repeats['templates']:,} templates, {repeats['other_subject']:,} about another subject, "
                           f"{repeats['other_figures']:,} with other figures"))
    waivers = result.waivers or {}
    if waivers.get("file"):
        console.print(Text(f"waivers ({waivers['file']}): {len(waivers.get('applied', []))} applied, "
                           f"{len(waivers.get('expired', []))} expired, {len(waivers.get('unused', []))} unused"))
    baseline = s.get("baseline")
    if baseline:
        console.print(Text(f"against baseline {baseline.get('file', '')}: {baseline['new']} new, "
                           f"{baseline['resolved']} resolved, {baseline['unchanged']} unchanged"))
    if report_dir:
        console.print(Text(f"reports in {report_dir}/ (report.html, results.json, junit.xml)"))
    gate = result.gate
    verdict = "PASS" if gate["passed"] else "FAIL"
    console.print(Text(f"gate {verdict} (fail on {gate['fail_on']}{', new only' if gate.get('only_new') else ''}): "
                       f"{gate['blocking']} blocking finding(s)", style="bold green" if gate["passed"] else "bold red"))
