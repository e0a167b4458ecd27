"""Reports under signals and concurrent runs: the set of reports is swapped all or nothing,
leftovers are cleaned, the interrupt message tells the truth, two runs take turns.

Signals are sent by the process to itself at a chosen moment (a patched ``os.replace`` or
renderer), in-process where the run survives the signal, in a subprocess for SIGTERM, whose
default action before the fix killed the process.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import auditor.report as report
from auditor.cli import run


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the report folder, hidden ones too (so leftovers show up)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def reported(totals_project):
    """The totals project with a first set of reports written; its report.html marked old."""
    assert run(totals_project.args()) == 0
    folder = totals_project.root / "reports"
    for path in folder.iterdir():               # every report write_reports writes
        path.write_bytes(b"old " + path.name.encode())
    return totals_project


def report_names(project) -> list[str]:
    names = sorted(p.name for p in (project.root / "reports").iterdir())
    assert {"report.html", "results.json", "junit.xml"} <= set(names)
    return names


def signal_on_first_replace(monkeypatch, signum: int) -> None:
    real_replace = os.replace

    def replace(src, dst):
        real_replace(src, dst)
        if not getattr(replace, "sent", False):
            replace.sent = True
            os.kill(os.getpid(), signum)
    monkeypatch.setattr(report.os, "replace", replace)


def test_sigint_during_the_renames_swaps_the_whole_set_and_says_so(reported, capsys, monkeypatch):
    names = report_names(reported)
    signal_on_first_replace(monkeypatch, signal.SIGINT)
    code = run(reported.args())
    err = capsys.readouterr().err
    folder = reported.root / "reports"
    files = snapshot(folder)
    assert code == 2
    assert sorted(files) == names                                             # no .tmp, no .old
    assert not any(content.startswith(b"old ") for content in files.values())  # all new
    assert f"interrupted after the new reports were written to {folder}" in err
    assert "previous reports left as they were" not in err


def test_sigint_after_the_swap_does_not_claim_the_old_reports_were_kept(reported, capsys, monkeypatch):
    def interrupted_summary(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr("auditor.commands.check.print_result", interrupted_summary)
    assert run(reported.args()) == 2
    err = capsys.readouterr().err
    assert "interrupted after the new reports were written" in err
    assert not (reported.root / "reports" / "report.html").read_bytes().startswith(b"old ")


SIGTERM_WHILE_WRITING = """
import os, signal, sys
import auditor.report.junit as junit
from auditor.cli import run

def render_junit(result):
    os.kill(os.getpid(), signal.SIGTERM)
    return "<testsuites/>"

junit.render_junit = render_junit
sys.exit(run(sys.argv[1:]))
"""


def test_sigterm_while_writing_removes_the_temporaries_and_keeps_the_old_set(reported):
    before = snapshot(reported.root / "reports")
    script = reported.root / "sigterm_while_writing.py"   # a file: GX's import misbehaves under python -c
    script.write_text(SIGTERM_WHILE_WRITING, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), *reported.args()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "interrupted; previous reports left as they were" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(reported.root / "reports") == before


def test_leftovers_of_a_killed_run_are_removed(reported, capsys):
    folder = reported.root / "reports"
    names = report_names(reported)
    for leftover in (".report.html.abc123.tmp", ".junit.xml.xyz.old", ".results.json.q.tmp"):
        (folder / leftover).write_bytes(b"half")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")     # not ours: kept
    assert run(reported.args()) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names, "notes.txt"])


def test_a_second_run_on_a_locked_report_folder_exits_2_saying_why(reported, capsys, monkeypatch):
    folder = reported.root / "reports"
    before = snapshot(folder)
    monkeypatch.setattr(report, "LOCK_WAIT_SECONDS", 0.3)
    holder = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)              # as a run writing its reports holds it
        code = run(reported.args())
    finally:
        os.close(holder)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "another auditor run has been writing reports to this folder" in err
    assert snapshot(folder) == before
    assert run(reported.args()) == 0                    # and once it is released, the next run writes


def test_a_failed_write_to_a_new_nested_report_folder_leaves_no_empty_folders(totals_project, capsys, monkeypatch):
    nested = totals_project.root / "a" / "b" / "c"

    def disk_full(result):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("auditor.report.junit.render_junit", disk_full)
    assert run([*totals_project.args(), "--report-dir", str(nested)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert not (totals_project.root / "a").exists()
