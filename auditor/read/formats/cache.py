"""The extraction cache: a PDF or Word file is parsed once, not on every ``auditor check``.

An :class:`~auditor.read.formats.Extraction` is stored as JSON under ``.auditor-cache/formats/``
in the working directory (the project; ``.gitignore`` covers it), named by the SHA-256 of the
file's bytes, its format and :data:`~auditor.read.formats.READER_VERSION`: a changed file or a
changed reader is a new entry, and nothing needs invalidating. ``AUDITOR_CACHE_DIR`` sets another
folder; ``AUDITOR_CACHE_DIR=`` (empty) turns the cache off.

In CI (the ``CI`` variable set, as GitHub Actions, GitLab CI and most others do) the cache is off
unless ``AUDITOR_CACHE_DIR`` names a folder: the checkout of a pull request could carry a forged
entry (``git add -f`` passes ``.gitignore``) whose well-formed text is not the PDF's, and the
audit would pass on it. A folder restored by the CI's own cache step is trusted like the runner.

A cache folder can come from a pull request like any file, so what is read back is untrusted:
it is JSON (never pickle), read only from a real folder and a real file (no symbolic links, at
most :data:`MAX_ENTRY_BYTES`), and used only when its shape is exactly right (places and blocks
ascending and inside the text, labels short strings); anything else is ignored and re-extracted.
Writes go to a temporary file renamed into place, so a crash never leaves half an entry; a
folder that cannot be written only means no caching.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from . import MAX_LABEL_CHARS, MAX_TEXT_CHARS, READER_VERSION, Extraction

DEFAULT_DIR = ".auditor-cache"
#: JSON escapes can make an entry up to six bytes per character of text.
MAX_ENTRY_BYTES = 6 * MAX_TEXT_CHARS + 1024 * 1024


def cache_dir() -> Path | None:
    """Where entries live (``None``: caching is off)."""
    configured = os.environ.get("AUDITOR_CACHE_DIR")
    if configured is not None:
        return Path(configured) / "formats" if configured else None
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        return None
    return Path(DEFAULT_DIR) / "formats"


def entry_name(raw: bytes, fmt: str) -> str:
    return f"{hashlib.sha256(raw).hexdigest()}-{fmt}-v{READER_VERSION}.json"


def load(raw: bytes, fmt: str) -> Extraction | None:
    """The cached extraction of these bytes, if a valid entry exists."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / entry_name(raw, fmt)
    try:
        if any(p.is_symlink() for p in (path, folder, folder.parent)) or not path.is_file():
            return None
        if path.stat().st_size > MAX_ENTRY_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return _valid(data)


def _valid(data: object) -> Extraction | None:
    """``data`` as an Extraction when it has exactly the shape :func:`store` writes."""
    if not isinstance(data, dict) or set(data) != {"text", "places", "blocks"}:
        return None
    text, places, blocks = data["text"], data["places"], data["blocks"]
    if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS or not isinstance(places, list) or not isinstance(blocks, list):
        return None
    last = -1
    for item in places:
        if not (isinstance(item, list) and len(item) == 2 and type(item[0]) is int and isinstance(item[1], str)
                and last < item[0] <= len(text) and len(item[1]) <= MAX_LABEL_CHARS + 32):
            return None
        last = item[0]
    last = 0
    for item in blocks:
        if not (isinstance(item, list) and len(item) == 2 and type(item[0]) is int and type(item[1]) is int
                and last <= item[0] < item[1] <= len(text)):
            return None
        last = item[1]
    return Extraction(text, tuple((o, label) for o, label in places), tuple((s, e) for s, e in blocks))


def store(raw: bytes, fmt: str, extraction: Extraction) -> None:
    """Save an extraction for the next run; any failure to write only skips caching."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        if folder.is_symlink() or folder.parent.is_symlink():
            return
        folder.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"text": extraction.text, "places": [list(p) for p in extraction.places],
                              "blocks": [list(b) for b in extraction.blocks]}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
            os.replace(tmp, folder / entry_name(raw, fmt))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
