"""``auditor check``: audit the project, write the reports, print the findings, gate on the result.

What is printed depends on who reads it (``--format``, chosen automatically when not given):

* ``text``: the rich table and the summary, for a person at a terminal (stdout is a TTY);
* ``lines``: one ``PATH:LINE:COL: SEVERITY ID message`` line per finding, then the summary, the
  way linters print problems (stdout is not a TTY: a CI log, a pipe, an editor);
* ``github``: GitHub Actions workflow commands, annotations on the pull request (chosen when
  ``GITHUB_ACTIONS=true``);
* ``json``: results.json on stdout, nothing else.

The exit code is the gate's verdict whatever the format, and whatever the stream can encode.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Callable, Optional

import typer
from rich.console import Console

from ..audit import AuditOptions, audit, folder_options
from ..errors import escape_controls, escape_json_controls
from ..findings import AuditResult
from . import examples
from ..report import write_reports
from ..report.github import annotations
from ..report.lines import finding_lines
from ..report.terminal import print_summary, print_totals

FORMATS = ("text", "lines", "github", "json")

# One string per paragraph: the help formatter wraps paragraphs itself and would keep our line breaks.
HELP = "\n\n".join([
    "Audit sources, extracts and rules; write report.html, results.json, junit.xml and results.sarif.",
    "Exit codes: 0 = the gate passes: no failed or error finding at or above --fail-on severity "
    "(with --fail-on-new: none that is new against --baseline); waived findings never block. "
    "1 = at least one blocking finding. 2 = usage, configuration or input error, including a "
    "malformed waivers file or baseline (nothing is written; the previous report stays as it was).",
    "Waivers (--waivers, default ./waivers.yml when present) turn reviewed, accepted failed findings "
    "into waived ones until their expiry date; expired and unused waivers are reported as warnings. "
    "See docs/gating.md.",
    "Output (--format): text = a table, for terminals; lines = PATH:LINE:COL: SEVERITY ID message, one "
    "line per finding (the default when stdout is not a terminal); github = GitHub Actions annotations "
    "(the default when GITHUB_ACTIONS=true); json = results.json on stdout. See docs/ci.md.",
])
EXAMPLES = examples(
    "auditor check",
    "auditor check --fail-on warning --format lines",
    "auditor check --baseline previous/results.json --fail-on-new --format json > results.json",
)

#: Seconds an audit runs before its progress is shown: short runs print nothing on stderr.
PROGRESS_AFTER = 2.0


def choose_format(requested: str | None, stdout_is_tty: bool, environ: dict[str, str] | os._Environ) -> str:
    """The output format: as requested, else github in GitHub Actions, else text on a TTY, else lines."""
    if requested:
        return requested
    if environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "text" if stdout_is_tty else "lines"


def project_path(path: Path) -> str:
    """``path`` as CI systems and editors name files: relative to the working directory when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return absolute.as_posix()


class Progress:
    """A status line on stderr that appears only once the audit has run :data:`PROGRESS_AFTER` seconds.

    Quiet with ``--quiet``, when stderr is not a terminal, and in CI (``CI`` set): a log needs no
    spinner. ``update`` is the audit's progress callback.
    """

    def __init__(self, enabled: bool, console: Console, delay: float = PROGRESS_AFTER):
        self.message = "auditing…"
        self._status = console.status(self.message) if enabled else None
        self._timer = threading.Timer(delay, self._show) if enabled else None
        self._lock = threading.Lock()
        self._shown = False

    def _show(self) -> None:
        with self._lock:
            if self._status is not None and not self._shown:
                self._status.update(escape_controls(self.message))
                self._status.start()
                self._shown = True

    def update(self, message: str) -> None:
        with self._lock:
            self.message = message
            if self._shown and self._status is not None:
                self._status.update(escape_controls(message))

    def __enter__(self) -> Callable[[str], None]:
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()
        return self.update

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._shown and self._status is not None:
                self._status.stop()
            self._status = None


def print_result(result: AuditResult, output_format: str, report_dir: Path, sources_dir: str, verbose: bool) -> None:
    """Print ``result`` on stdout in ``output_format`` (see the module docstring)."""
    if output_format == "json":
        text = result.to_json()
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        try:
            text.encode(encoding)
        except UnicodeEncodeError:
            # A stream that cannot carry the text (cp1252, ascii) gets JSON's own \\u escapes.
            import json
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=True) + "\n"
        sys.stdout.write(escape_json_controls(text))
        return
    console = Console()
    report_name = escape_controls(str(report_dir))
    if output_format == "text":
        print_summary(result, console, report_name, verbose=verbose)
        return
    lines = annotations(result, sources_dir) if output_format == "github" else finding_lines(result, sources_dir)
    for line in lines:
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    print_totals(result, console, report_name)


def register(app: typer.Typer) -> None:
    @app.command("check", help=HELP, epilog=EXAMPLES)
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
        output_format: Optional[str] = typer.Option(
            None, "--format", help="text (table), lines (PATH:LINE:COL: …), github (annotations) or json; "
            "default: github when GITHUB_ACTIONS=true, text on a terminal, lines otherwise"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress output"),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="list passed findings too (text format)"),
        no_discover: bool = typer.Option(False, "--no-discover", help="no relation discovery, whatever "
                                         "settings: discovery: enabled says; only the hand-written rules"),
    ) -> None:
        if fail_on not in ("error", "warning"):
            raise typer.BadParameter("must be error or warning", param_hint="--fail-on")
        if engine not in ("pandas", "spark"):
            raise typer.BadParameter("must be pandas or spark", param_hint="--engine")
        if output_format is not None and output_format not in FORMATS:
            raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
        if fail_on_new and baseline is None:
            raise typer.BadParameter("needs --baseline", param_hint="--fail-on-new")
        if waivers is None and Path("waivers.yml").is_file():
            waivers = Path("waivers.yml")
        chosen = choose_format(output_format, sys.stdout.isatty(), os.environ)
        options = AuditOptions(seeds=seeds, **folder_options(datasets, expectations), engine=engine,
                               spark_master=spark_master, fail_on=fail_on, waivers=waivers,
                               baseline=baseline, fail_on_new=fail_on_new, report_dir=report_dir,
                               discover=not no_discover)
        err = Console(stderr=True)
        show_progress = not quiet and err.is_terminal and not os.environ.get("CI")
        with Progress(show_progress, err) as progress:
            done = audit(options, progress=progress)
        result = done.result
        sources_dir = project_path(seeds)
        write_reports(result, report_dir, done.source_texts, sources_dir)
        print_result(result, chosen, report_dir, sources_dir, verbose)
        raise typer.Exit(0 if result.gate["passed"] else 1)
