"""The ``auditor`` command line: commands from :mod:`auditor.commands`, one error boundary.

Every user error (bad configuration, unreadable input, a missing engine) is printed as
``file:line:col: message`` lines on stderr and exits 2, without a traceback unless
``--debug`` is given. Nothing is written on such a run.
"""

from __future__ import annotations

import sys

import typer

from . import __version__, report
from .commands import check, discover, init, rules, validate
from .errors import EngineUnavailable, InputErrors, escape_controls

# add_completion: typer's --install-completion / --show-completion (bash, zsh, fish, PowerShell).
app = typer.Typer(add_completion=True, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Find the places where documents that cite figures contradict themselves.")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit(0)


@app.callback(epilog="Examples: auditor check · auditor init my-project --from reports/ · "
                     "auditor check --format lines --fail-on warning")
def _root(debug: bool = typer.Option(False, "--debug", help="show a traceback on errors"),
          version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                       help="print the version and exit")) -> None:
    """auditor: data quality and source consistency audits on Great Expectations.

    Colours follow NO_COLOR and FORCE_COLOR (https://no-color.org, https://force-color.org).
    """


for _module in (check, validate, rules, init, discover):
    _module.register(app)
try:  # the scan command arrives with the mention scanner
    from .commands import scan as _scan
    _scan.register(app)
except ImportError:  # pragma: no cover - only while the scanner is absent
    pass


# The code typer returns for a command interrupted by Ctrl-C (128 + SIGINT); no command uses it.
INTERRUPTED = 130


def degrade_unencodable_output() -> None:
    """Let stdout and stderr write what they cannot encode as escapes instead of crashing.

    A CI runner or a Windows console may have a cp1252 or ASCII stdout: "→" or "…" in a message
    must come out as ``\\u2192``, not end the run with a UnicodeEncodeError before the exit
    code (the gate's verdict) is returned.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a closed or detached stream: nothing to protect
                pass


def run(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` behind the error boundary; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    degrade_unencodable_output()
    report.swapped_in = None
    try:
        # Without standalone mode click returns the code of typer.Exit instead of exiting.
        code = app(args=args, prog_name="auditor", standalone_mode=False)
        if code == INTERRUPTED:
            # Typer turns Ctrl-C into Exit(130) itself, so the KeyboardInterrupt branch below
            # only sees interrupts outside a command; say what happened here too.
            print(_interrupted(), file=sys.stderr)
            return 2
        return int(code or 0)
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except InputErrors as exc:
        if debug:
            raise
        for error in exc.errors:
            print(f"auditor: {error}", file=sys.stderr)
        return 2
    except EngineUnavailable as exc:
        if debug:
            raise
        print(f"auditor: {exc}", file=sys.stderr)
        return 2
    except typer.Abort:
        print("auditor: aborted", file=sys.stderr)
        return 2
    except Exception as exc:  # click usage errors (typer vendors click) and anything unexpected
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            exc.show()  # "Usage: … Error: Invalid value for '--fail-on': …"
            return 2
        if debug:
            raise
        print(f"auditor: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_interrupted(), file=sys.stderr)
        return 2


def _interrupted() -> str:
    """What an interrupted run did to the reports, truthfully: the new set is either all in
    place or not at all (see :mod:`auditor.report`)."""
    if report.swapped_in is not None:
        return f"auditor: interrupted after the new reports were written to {escape_controls(str(report.swapped_in))}"
    return "auditor: interrupted; previous reports left as they were"


def main() -> None:
    """Console entry point (``auditor``)."""
    sys.exit(run())


if __name__ == "__main__":
    main()
