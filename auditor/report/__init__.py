"""Renderings of an :class:`~auditor.findings.AuditResult`, and writing them safely.

Each output is streamed to a temporary file in the report folder in turn (results.json a finding
at a time, the HTML as its template renders: at corpus scale each is tens to hundreds of MB, and
is never held whole in memory); only when all of them are on disk are they renamed over the old
ones, together. A run that fails or is interrupted before that point leaves the previous report
untouched.

Signals and concurrent runs (docs/security.md):

* SIGINT and SIGTERM (Ctrl-C, a cancelled CI job, ``docker stop``) are held back while the set
  is renamed, so the folder never holds a mix of two runs; one arriving while the temporaries
  are written removes them and stops the run. :data:`swapped_in` tells the CLI whether the new
  set was in place when the interrupt came, so its message is true either way.
* Two runs writing to one folder take turns: the folder is locked with ``fcntl.flock`` (the
  standard library, no dependency; the kernel releases the lock when a process dies, even by
  SIGKILL, so no stale lock file can block CI), and a run waits up to :data:`LOCK_WAIT_SECONDS`
  for it, then exits 2 saying why.
* Temporaries a killed run left behind (``.report.html.*.tmp``, ``.*.old``) are removed by the
  next run, under the lock.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

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


# How long a run waits for another run writing to the same report folder.
LOCK_WAIT_SECONDS = 120.0

# The report folder whose new set of reports this process last renamed into place (None: none
# yet). The CLI resets it per run and reads it when interrupted, to say what happened.
swapped_in: Path | None = None


def write_reports(result: AuditResult, directory: Path, source_texts: dict[str, str] | None = None,
                  sources_dir: str = "seeds") -> dict[str, Path]:
    """Render everything, write every file to a temporary, and only then rename them all.

    A failure while rendering or writing (disk full, interrupt) leaves the previous set of
    reports whole: no mix of old and new files, no temporaries left behind, no folder made for
    them left behind either.
    """
    global swapped_in
    created = _make_folders(directory)
    outputs = writers(result, source_texts, sources_dir)
    try:
        with _locked(directory), _terminate_as_interrupt():
            _clean_leftovers(directory, list(outputs))
            temps: dict[str, str] = {}
            name = ""
            try:
                for name, write in outputs.items():
                    with gc_paused():
                        temps[name] = _write_temp(directory / name, write)
            except OSError as exc:
                _discard(list(temps.values()))
                raise InputErrors.single(directory / name, f"cannot write report: {exc.strerror or exc}")
            except BaseException:
                _discard(list(temps.values()))
                raise
            with _signals_held():
                _swap_in(directory, temps)
                swapped_in = directory
    except BaseException:
        if swapped_in != directory:
            _remove_folders(created)
        raise
    return {name: directory / name for name in outputs}


def _make_folders(directory: Path) -> list[Path]:
    """Create ``directory`` and its missing parents; return those created, outermost first."""
    missing = [folder for folder in [directory, *directory.parents] if not folder.exists()][::-1]
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _remove_folders([folder for folder in missing if folder.is_dir()])
        raise InputErrors.single(directory, f"cannot create report folder: {exc.strerror or exc}")
    if not directory.is_dir():
        raise InputErrors.single(directory, "report folder is not a folder")
    return missing


def _remove_folders(created: list[Path]) -> None:
    """Undo :func:`_make_folders` after a failed write: the folders it made, innermost first."""
    for folder in reversed(created):
        try:
            folder.rmdir()
        except OSError:
            pass


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the report folder itself (no lock file to leave behind)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not a POSIX system: no locking
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise InputErrors.single(directory, f"another auditor run has been writing reports to this folder "
                                                        f"for {LOCK_WAIT_SECONDS:g} s (it is locked); nothing written. "
                                                        "Run again when it is done, or choose another --report-dir") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)                    # releases the lock


def _clean_leftovers(directory: Path, names: list[str]) -> None:
    """Remove temporaries and backups of ours that a killed run left (only called under the lock)."""
    prefixes = tuple(f".{name}." for name in names)
    for entry in os.scandir(directory):
        if entry.name.startswith(prefixes) and entry.name.endswith((".tmp", ".old")) and entry.is_file(follow_symlinks=False):
            _discard([entry.path])


def _in_main_thread() -> bool:
    # Signal handlers and masks are process-wide settings only the main thread may change.
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt while reports are written, so temporaries are removed
    (its default action would kill the process on the spot and leave them)."""
    if not _in_main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the set is renamed; one that came is raised after.

    Handlers that only note the signal, rather than a blocked signal mask: Python runs signal
    handlers in the main thread whichever thread the kernel delivered to, and a mask set in the
    main thread would not hold back a signal delivered to another (GX and Spark start threads).
    """
    if not _in_main_thread():
        yield
        return
    came: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, lambda signum, frame: came.append(signum)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if came:
        raise KeyboardInterrupt


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
