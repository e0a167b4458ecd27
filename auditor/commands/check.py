"""``auditor check``: audit the project and gate on the result."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from ..audit import AuditOptions, audit
from ..errors import InputErrors
from ..report import write_reports
from ..report.terminal import print_summary

HELP = """Audit sources, extracts and rules; write report.html, results.json and junit.xml.

Exit codes: 0 = the gate passes (no failed or errored finding at or above --fail-on severity;
waived findings never block); 1 = at least one blocking finding; 2 = usage, configuration or
input error (nothing is written; the previous report stays as it was).
"""


def register(app: typer.Typer) -> None:
    @app.command("check", help=HELP)
    def check(
        seeds: Path = typer.Option(Path("seeds"), "--seeds", help="folder of source documents"),
        datasets: Path = typer.Option(Path("datasets"), "--datasets", help="folder of extracts (CSV)"),
        expectations: Path = typer.Option(Path("expectations"), "--expectations", help="folder of YAML rules"),
        report_dir: Path = typer.Option(Path("audit_reports"), "--report-dir", help="where reports are written"),
        fail_on: str = typer.Option("error", "--fail-on", help="lowest severity that fails the gate: error or warning"),
        waivers: Optional[Path] = typer.Option(None, "--waivers", help="waivers file (default: waivers.yml when present)"),
        baseline: Optional[Path] = typer.Option(None, "--baseline", help="an earlier results.json to compare with"),
        fail_on_new: bool = typer.Option(False, "--fail-on-new", help="gate only on failures not in --baseline"),
        engine: str = typer.Option("pandas", "--engine", help="GX execution engine: pandas or spark"),
        spark_master: Optional[str] = typer.Option(None, "--spark-master", help="Spark master URL (default local[*] or $AUDITOR_SPARK_MASTER)"),
        output_format: str = typer.Option("text", "--format", help="text (summary) or json (results on stdout)"),
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
        options = AuditOptions(seeds=seeds, datasets=datasets, expectations=expectations, engine=engine,
                               spark_master=spark_master, fail_on=fail_on, waivers=waivers,
                               baseline=baseline, fail_on_new=fail_on_new)
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
