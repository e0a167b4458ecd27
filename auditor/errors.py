"""User-facing errors: bad configuration or bad input, always with a place.

Every problem a user can fix by editing a file is a :class:`ConfigError` carrying
``file:line:col`` (1-based). Loaders collect all of them and raise one :class:`InputErrors`
so a steward sees every mistake at once; the CLI prints them and exits 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Characters that must never reach a terminal raw from a file name or a file's content: C0/C1
# controls (escape sequences can rewrite the screen; a newline could forge a second error line),
# the bidirectional marks and overrides that make text read differently than it is ("Trojan
# Source"), and the invisible ones (zero-width space and joiners, word joiner, BOM) that make two
# different ids or figures look the same.
_BEYOND_C0 = "\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u2028\u2029\ufeff"
_UNSAFE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_UNSAFE_BUT_LINE_BREAKS = re.compile(f"[\x00-\x09\x0b\x0c\x0e-\x1f{_BEYOND_C0}]")


def _escape(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, keep_line_breaks: bool = False) -> str:
    """``text`` with control and bidi-override characters shown as ``\\xNN`` / ``\\uNNNN`` escapes.

    ``keep_line_breaks`` leaves LF and CR for a caller that encodes them itself (GitHub's
    workflow commands turn them into ``%0A``/``%0D``).
    """
    return (_UNSAFE_BUT_LINE_BREAKS if keep_line_breaks else _UNSAFE).sub(_escape, text)


# The same characters as they can appear raw in JSON text: serializers already escape C0 controls.
_UNSAFE_IN_JSON = re.compile(f"[{_BEYOND_C0}]")


def escape_json_controls(json_text: str) -> str:
    """JSON text with every unsafe character as a ``\\uNNNN`` escape: the same data, safe on a terminal."""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group(0)):04x}", json_text)


def short_repr(value: object, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters: a message quotes user values, it does not echo files."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def byte_position(raw: bytes, index: int) -> tuple[int, int]:
    """1-based (line, column) of byte ``index`` in ``raw``; the column counts characters.

    Used for problems found before the bytes are text (a NUL byte, invalid UTF-8): the line
    counts ``\\n``, the column decodes the start of that line leniently so it matches what an
    editor shows for the valid characters before the bad byte.
    """
    index = max(0, min(index, len(raw)))
    line_start = raw.rfind(b"\n", 0, index) + 1
    line = raw.count(b"\n", 0, index) + 1
    col = len(raw[line_start:index].decode("utf-8", errors="replace")) + 1
    return line, col


def bad_file_name(path: Path) -> "ConfigError | None":
    """An error when ``path`` is not valid UTF-8 (Linux allows any bytes); reports are UTF-8 files."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return ConfigError(ascii(str(path))[1:-1], "file name is not valid UTF-8; rename the file")
    return None


@dataclass(frozen=True)
class ConfigError:
    """One problem in a user-supplied file or value, located as precisely as we can."""

    file: str
    message: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.col is not None:
                place += f":{self.col}"
        # File names and messages quote user files: one error is always exactly one safe line.
        return escape_controls(f"{place}: {self.message}")


class InputErrors(Exception):
    """One or more :class:`ConfigError`; raised once loading has collected them all."""

    def __init__(self, errors: list[ConfigError], partial: object = None):
        self.errors = sorted(errors, key=lambda e: (e.file, e.line or 0, e.col or 0, e.message))
        # What did load, so a caller can go on validating the next stage and report everything at once.
        self.partial = partial
        super().__init__("\n".join(str(e) for e in self.errors))

    @classmethod
    def single(cls, file: str | Path, message: str, line: int | None = None, col: int | None = None):
        """An :class:`InputErrors` holding one :class:`ConfigError`."""
        return cls([ConfigError(str(file), message, line, col)])


class EngineUnavailable(Exception):
    """The evaluation engine (Great Expectations, or pyspark for ``--engine spark``) cannot run."""
