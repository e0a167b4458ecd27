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


def render_all(result: AuditResult, source_texts: dict[str, str] | None = None) -> dict[str, str]:
    """Every report file name and its content; ``source_texts`` (name -> text) feed the source view."""
    from .html import render_html
    from .junit import render_junit

    return {
        "results.json": result.to_json(),
        "report.html": render_html(result, source_texts or {}),
        "junit.xml": render_junit(result),
    }


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` via a temporary file in the same folder and a rename."""
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
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_reports(result: AuditResult, directory: Path, source_texts: dict[str, str] | None = None) -> dict[str, Path]:
    """Render everything, then write each file atomically into ``directory``."""
    rendered = render_all(result, source_texts)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputErrors.single(directory, f"cannot create report folder: {exc.strerror or exc}")
    if not directory.is_dir():
        raise InputErrors.single(directory, "report folder is not a folder")
    written = {}
    for name, content in rendered.items():
        try:
            write_atomic(directory / name, content)
        except OSError as exc:
            raise InputErrors.single(directory / name, f"cannot write report: {exc.strerror or exc}")
        written[name] = directory / name
    return written
