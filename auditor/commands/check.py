"""``auditor check``: audit the project and gate on the result."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from ..audit import AuditOptions, audit, folder_options
from ..report import write_reports
from ..report.terminal import print_summary

# One string per paragraph: the help formatter wraps paragraphs itself and would keep our line breaks.
HELP = "\n\n".join([
    "Audit sources, extracts and rules; write report.html, results.json and junit.xml.",
    "Exit codes: 0 = the gate passes: no failed or error finding at or above --fail-on severity "
    "(with --fail-on-new: none that is new against --baseline); waived findings never block. "
    "1 = at least one blocking finding. 2 = usage, configuration or input error, including a "
    "malformed waivers file or baseline (nothing is written; the previous report stays as it was).",
    "Waivers (--waivers, default ./waivers.yml when present) turn reviewed, accepted failed findings "
    "into waived ones until their expiry date; expired and unused waivers are reported as warnings. "
    "--format json prints results.json to stdout for piping. See docs/gating.md.",
])


def register(app: typer.Typer) -> None:
    @app.command("check", help=HELP)
    def check(
        seeds: Path = typer.Option(Path("seeds"), "--seeds", help="folder of source documents"),
        datasets: Optional[Path] = typer.Option(None, "--datasets", help="folder of extracts (CSV)"),
        expectations: Optional[Path] = typer.Option(None, "--expectations", help="folder of YAML rules"),
        report_dir: Path = typer.Option(Path("audit_reports"), "--report-dir", help="where reports are written"),
        fail_on: str = typer.Option("error", "--fail-on", help="lowest severity that fails the gate: error or warning"),
        waivers: Optional[Path] = typer.Option(None, "--waivers", help="waivers file (default: ./waivers.yml when present); see docs/gating.md"),
        baseline: Optional[Path] = typer.Option(None, "--baseline", help="an earlier results.json: mark failing findings new or not, count resolved ones"),
        fail_on_new: bool = typer.Option(False, "--fail-on-new", help="gate only on failing findings that are new against --baseline"),
        engine: str = typer.Option("pandas", "--engine", help="GX execution engine: pandas or spark"),
        spark_master: Optional[str] = typer.Option(None, "--spark-master", help="Spark master URL (default local[*] or $AUDITOR_SPARK_MASTER)"),
        output_format: str = typer.Option("text", "--format", help="text (summary) or json (results.json on stdout, nothing else)"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress output"),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="list passed findings too"),
    ) -> None:
        if fail_on not in ("error", "warning"):
            raise typer.BadParameter("must be error or warning", param_hint="--fail-on")
        if engine not in ("pandas", "spark"):
            raise typer.BadParameter("must be pandas or spark", param_hint="--engine")
        if output_format not in ("text", "json"):
            raise typer.BadParameter("must be text or json", param_hint="--format")
        if fail_on_new and baseline is None:
            raise typer.BadParameter("needs --baseline", param_hint="--fail-on-new")
        if waivers is None and Path("waivers.yml").is_file():
            waivers = Path("waivers.yml")
        options = AuditOptions(seeds=seeds, **folder_options(datasets, expectations), engine=engine,
                               spark_master=spark_master, fail_on=fail_on, waivers=waivers,
                               baseline=baseline, fail_on_new=fail_on_new, report_dir=report_dir)
        err = Console(stderr=True)
        show_progress = not quiet and output_format == "text" and err.is_terminal
        if show_progress:
            with err.status("auditing…") as status:
                done = audit(options, progress=lambda msg: status.update(msg))
        else:
            done = audit(options)
        result = done.result
        write_reports(result, report_dir, done.source_texts)
        if output_format == "json":
            sys.stdout.write(result.to_json())
        else:
            print_summary(result, Console(), str(report_dir), verbose=verbose)
        raise typer.Exit(0 if result.gate["passed"] else 1)
