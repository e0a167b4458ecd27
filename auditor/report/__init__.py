"""Renderings of an :class:`~auditor.findings.AuditResult`, and writing them safely.

Each output is streamed to a temporary file in the report folder in turn (results.json a finding
at a time, the HTML as its template renders: at corpus scale each is tens to hundreds of MB, and
is never held whole in memory); only when all of them are on disk are they renamed over the old
ones, together. A run that fails or is
interrupted before that point leaves the previous report untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from ..errors import InputErrors
from ..findings import AuditResult
from ..memory import gc_paused


def writers(result: AuditResult, source_texts: dict[str, str] | None = None,
            sources_dir: str = "seeds") -> dict[str, Callable[[BinaryIO], None]]:
    """Every report file name and the function writing it (UTF-8) to a binary file;
    ``source_texts`` feed the source view, ``sources_dir`` (relative to the project) the SARIF paths."""
    from .html import write_html
    from .junit import render_junit
    from .sarif import write_sarif

    return {
        "results.json": result.write_json,
        "report.html": lambda handle: write_html(result, source_texts or {}, handle),
        "junit.xml": lambda handle: handle.write(render_junit(result).encode("utf-8")),
        "results.sarif": lambda handle: write_sarif(result, handle, sources_dir),
    }


def _write_temp(path: Path, write: Callable[[BinaryIO], None]) -> str:
    """Run ``write`` on a fsynced temporary file next to ``path``; return the file's name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; reports are meant to be shared like any file the user writes.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        _discard([tmp])
        raise
    return tmp


def _discard(temps: list[str]) -> None:
    for tmp in temps:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def write_reports(result: AuditResult, directory: Path, source_texts: dict[str, str] | None = None,
                  sources_dir: str = "seeds") -> dict[str, Path]:
    """Render everything, write every file to a temporary, and only then rename them all.

    A failure while rendering or writing (disk full, interrupt) leaves the previous set of
    reports whole: no mix of old and new files, no temporaries left behind.
    """
    created = not directory.exists()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputErrors.single(directory, f"cannot create report folder: {exc.strerror or exc}")
    if not directory.is_dir():
        raise InputErrors.single(directory, "report folder is not a folder")
    temps: dict[str, str] = {}
    name = ""
    try:
        for name, write in writers(result, source_texts, sources_dir).items():
            with gc_paused():
                temps[name] = _write_temp(directory / name, write)
    except OSError as exc:
        _abandon(directory, temps, created)
        raise InputErrors.single(directory / name, f"cannot write report: {exc.strerror or exc}")
    except BaseException:
        _abandon(directory, temps, created)
        raise
    _swap_in(directory, temps)
    return {name: directory / name for name in temps}


def _abandon(directory: Path, temps: dict[str, str], created: bool) -> None:
    """Undo a write that did not finish: temporaries gone, a folder made for it removed."""
    _discard(list(temps.values()))
    if created:
        try:
            directory.rmdir()
        except OSError:
            pass


def _swap_in(directory: Path, temps: dict[str, str]) -> None:
    """Rename the new files over the old ones, all or none.

    The old files are first hard-linked aside; if a rename fails midway, the ones already
    replaced are put back, so the folder never holds a mix of two runs.
    """
    backups: dict[str, str] = {}
    replaced: list[str] = []
    try:
        for name in temps:
            target = directory / name
            if target.exists():
                backup = tempfile.mktemp(prefix=f".{name}.", suffix=".old", dir=directory)
                os.link(target, backup)
                backups[name] = backup
        for name, tmp in temps.items():
            os.replace(tmp, directory / name)
            replaced.append(name)
    except OSError as exc:
        for name in replaced:
            if name in backups:
                os.replace(backups.pop(name), directory / name)
            else:
                _discard([str(directory / name)])
        _discard([tmp for name, tmp in temps.items() if name not in replaced])
        raise InputErrors.single(directory / name, f"cannot write report: {exc.strerror or exc}")
    finally:
        _discard(list(backups.values()))
