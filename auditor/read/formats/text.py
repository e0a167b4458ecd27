"""Plain text (``.txt`` and any suffix auditor has no reader for): the file's own UTF-8 text.

The text is exactly the file's, less a leading byte-order mark, so offsets into it are what an
editor shows. A NUL byte (a binary file) or invalid UTF-8 is refused with its line and column.
Files with an unknown suffix are read this way too: a ``.csv`` or ``.text`` of prose audits as
before, and a binary file is refused by the NUL check rather than audited as noise.

No places: a plain-text figure is found by its offsets, and the seed is one long line.
"""

from __future__ import annotations

from ...errors import byte_position
from . import Extraction, FormatError


def decode_utf8(raw: bytes, what: str = "sources must be UTF-8 text") -> str:
    """``raw`` as UTF-8 text without a byte-order mark; :class:`FormatError` with line:col otherwise."""
    if b"\x00" in raw:
        nul = raw.index(b"\x00")
        line, col = byte_position(raw, nul)
        raise FormatError(f"binary file (NUL byte at offset {nul}); {what}", line, col)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = byte_position(raw, exc.start)
        raise FormatError(f"not UTF-8 text: invalid byte {raw[exc.start:exc.start + 1]!r}", line, col)
    # A byte-order mark is not part of the document; offsets count from the first real character.
    return text[1:] if text.startswith("\ufeff") else text


def read_text(raw: bytes) -> Extraction:
    """The file's text, as-is."""
    return Extraction(decode_utf8(raw))
