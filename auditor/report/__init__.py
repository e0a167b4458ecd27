"""Renderings of an :class:`~auditor.findings.AuditResult`, and writing them safely.

Every output is rendered in memory first; only when all of them exist are they written, each
to a temporary file in the report folder and then renamed over the old one. A run that fails
or is interrupted before that point leaves the previous report untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import InputErrors
from ..findings import AuditResult
from ..memory import gc_paused


def render_all(result: AuditResult, source_texts: dict[str, str] | None = None) -> dict[str, str]:
    """Every report file name and its content; ``source_texts`` (name -> text) feed the source view."""
    from .html import render_html
    from .junit import render_junit

    return {
        "results.json": result.to_json(),
        "report.html": render_html(result, source_texts or {}),
        "junit.xml": render_junit(result),
    }


def _write_temp(path: Path, content: str) -> str:
    """Write ``content`` next to ``path`` in a fsynced temporary file; return its name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
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


def write_atomic(path: Path, content: str) -> None:
    """Write one file via a temporary file in the same folder and a rename."""
    os.replace(_write_temp(path, content), path)


def write_reports(result: AuditResult, directory: Path, source_texts: dict[str, str] | None = None) -> dict[str, Path]:
    """Render everything, write every file to a temporary, and only then rename them all.

    A failure while rendering or writing (disk full, interrupt) leaves the previous set of
    reports whole: no mix of old and new files, no temporaries left behind.
    """
    with gc_paused():
        rendered = render_all(result, source_texts)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputErrors.single(directory, f"cannot create report folder: {exc.strerror or exc}")
    if not directory.is_dir():
        raise InputErrors.single(directory, "report folder is not a folder")
    temps: dict[str, str] = {}
    try:
        for name, content in rendered.items():
            temps[name] = _write_temp(directory / name, content)
    except OSError as exc:
        _discard(list(temps.values()))
        raise InputErrors.single(directory / name, f"cannot write report: {exc.strerror or exc}")
    except BaseException:
        _discard(list(temps.values()))
        raise
    _swap_in(directory, temps)
    return {name: directory / name for name in temps}


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
