"""User-facing errors: bad configuration or bad input, always with a place.

Every problem a user can fix by editing a file is a :class:`ConfigError` carrying
``file:line:col`` (1-based). Loaders collect all of them and raise one :class:`InputErrors`
so a steward sees every mistake at once; the CLI prints them and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        return f"{place}: {self.message}"


class InputErrors(Exception):
    """One or more :class:`ConfigError`; raised once loading has collected them all."""

    def __init__(self, errors: list[ConfigError]):
        self.errors = sorted(errors, key=lambda e: (e.file, e.line or 0, e.col or 0, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))

    @classmethod
    def single(cls, file: str | Path, message: str, line: int | None = None, col: int | None = None):
        return cls([ConfigError(str(file), message, line, col)])


class EngineUnavailable(Exception):
    """The evaluation engine (Great Expectations, or pyspark for ``--engine spark``) cannot run."""
