"""Where auditor reads and writes: inside the project, never through a link that leaves it.

Inputs come from pull requests, and a repository can commit symbolic links. A link is how a
contributed folder would make auditor read (and publish in its reports, or echo in an error
on a CI log) a file outside the project, or write its reports outside it. The rules:

* The **project root** is the folder holding the three input folders (``--seeds``,
  ``--datasets``, ``--expectations``; their deepest common parent as written, not resolved).
  With the defaults it is the current working directory.
* A path the steward writes on the command line is used as written; but a path that lies
  inside the project must also *resolve* inside it. So ``seeds/`` itself, ``datasets/``,
  ``expectations/``, ``waivers.yml``, a baseline and the report folder may not be links (or
  lie below links) that lead out of the project. A baseline named at ``/tmp/prev.json`` on
  the command line is the steward's own choice and is read.
* Every file read from an input folder must resolve inside that folder, and a folder is walked
  without following links to folders (see :func:`walk_files`). A link to a folder, a folder
  that cannot be listed and anything that is not a regular file are refused with an error,
  never skipped: a file that could be meant as input is read or refused.

Refusals are :class:`~auditor.errors.ConfigError` s that name the path, never the target's
content.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import ConfigError, InputErrors, bad_file_name


def project_root(*folders: Path) -> Path:
    """The deepest folder holding every one of ``folders`` (absolute, not resolved)."""
    parents = [os.path.abspath(folder) for folder in folders]
    return Path(os.path.commonpath([os.path.dirname(p) for p in parents]))


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def leaves_project(path: Path, root: Path) -> bool:
    """True when ``path`` lies inside ``root`` as written but resolves outside it (through a link)."""
    written = os.path.abspath(path)
    if not _inside(written, str(root)):
        return False                  # named on the command line outside the project: used as written
    return not _inside(os.path.realpath(written), os.path.realpath(root))


def outside_link_error(path: Path, root: Path, what: str) -> ConfigError | None:
    """An error when ``path`` (a folder or file named by the run) leads out of the project."""
    if leaves_project(path, root):
        return ConfigError(str(path), f"{what} is a symbolic link (or lies below one) leading outside "
                                      f"the project folder {root}; not used")
    return None


def _shown(path: Path) -> str:
    """``path`` for a message: as is when it is UTF-8 (Linux allows any bytes), else escaped."""
    try:
        str(path).encode("utf-8")
        return str(path)
    except UnicodeEncodeError:
        return ascii(str(path))[1:-1]


def walk_files(directory: Path, errors: list[ConfigError], suffixes: tuple[str, ...] | None = None,
               folder_name: str = "") -> list[Path]:
    """Every non-hidden file below ``directory`` (sorted), whose name ends in one of ``suffixes``
    (compared case-insensitively: ``RULES.YML`` is a rule file too), or every file when None.

    Refused with an error in ``errors``, never skipped silently: a sub-folder that cannot be
    listed, a link to a folder (not followed: it could leave the folder or loop), a file link
    that resolves outside ``directory``, a name that is not UTF-8, and anything that is not a
    regular file (a FIFO would block the run, a device never ends). ``folder_name`` names
    ``directory`` in messages ("the sources folder").
    """
    root = os.path.realpath(directory)
    found: list[Path] = []
    pending = [directory]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            errors.append(ConfigError(_shown(folder), f"cannot read folder: {exc.strerror or exc}"))
            continue
        for entry in listing:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError as exc:
                errors.append(ConfigError(_shown(path), f"cannot read: {exc.strerror or exc}"))
                continue
            if is_dir:
                if is_link:
                    errors.append(ConfigError(_shown(path), "symbolic link to a folder; not followed (copy the files in instead)"))
                else:
                    pending.append(path)
                continue
            if suffixes is not None and not entry.name.lower().endswith(suffixes):
                continue
            bad_name = bad_file_name(path)   # of the file or of a folder above it
            if bad_name:
                errors.append(bad_name)
                continue
            if is_link and not _inside(os.path.realpath(path), root):
                errors.append(ConfigError(_shown(path), f"symbolic link to a file outside {folder_name or directory}; not read"))
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                errors.append(ConfigError(_shown(path), f"cannot read: {exc.strerror or exc}"))
                continue
            if not stat.S_ISREG(mode):
                errors.append(ConfigError(_shown(path), "not a regular file; not read"))
                continue
            found.append(path)
    return sorted(found)


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; :class:`InputErrors` otherwise.

    Checked before opening (opening a FIFO blocks the run, and a device such as /dev/zero never
    ends) and again while reading (a file may grow after the check). ``what`` names the file in
    messages: "source", "baseline", "file".
    """
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise InputErrors.single(path, f"{what} is not a regular file; not read")
        if status.st_size > limit:
            raise InputErrors.single(path, f"{what} is {status.st_size} bytes; the limit is {limit}")
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InputErrors.single(path, f"cannot read {what}: {exc.strerror or exc}")
    if len(raw) > limit:
        raise InputErrors.single(path, f"{what} grew beyond the limit of {limit} bytes while it was read")
    return raw
