"""Extracts: one row per figure mention, tied to its exact place in a source.

Format (``datasets/*.csv``, UTF-8, header required)::

    id,source,figure,value,unit,period,scope,category,measure,start,end,quote

``figure`` is the text as written ("1,814", "eight", "6.7 million pesos"); ``value`` the
number it stands for; ``start``/``end`` the character offsets of ``figure`` in the source;
``quote`` an exact passage of the source that contains it. Files named ``ignored.csv`` list
mentions deliberately left out (``source,start,end,text,reason``).

Loading validates the files (errors carry file:line:col). Re-verification against the
current source text happens on every run: :func:`locate` finds where each figure really is;
the verdict on it (stale or not) is taken by the GX engine from the located facts.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, InputErrors
from .numbers import parse_number
from .sources import Source

FIGURE_COLUMNS = ["id", "source", "figure", "value", "unit", "period", "scope", "category",
                  "measure", "start", "end", "quote"]
REQUIRED_FIGURE_COLUMNS = ["id", "source", "figure", "value", "start", "end", "quote"]
IGNORED_COLUMNS = ["source", "start", "end", "text", "reason"]
IGNORED_FILE = "ignored.csv"
MAX_CSV_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class Figure:
    """One extracted figure mention."""

    id: str
    source: str
    figure: str
    value: float
    unit: str
    period: str
    scope: str
    category: str
    measure: str
    start: int
    end: int
    quote: str
    file: str
    line: int


@dataclass(frozen=True)
class IgnoredMention:
    """A numeric mention deliberately not extracted, with the reason."""

    source: str
    start: int
    end: int
    text: str
    reason: str
    file: str
    line: int


@dataclass(frozen=True)
class Location:
    """Where a figure is in the current source text, as far as the text can tell.

    ``figure_at_offsets``: ``text[start:end] == figure``. ``quote_at_offsets``: the quote occurs
    in the text around those offsets. ``parsed_value``: the written figure parsed (NaN when it
    does not parse). ``found_at``: offsets where the figure's quote now holds it, if it moved.
    """

    figure_at_offsets: bool
    quote_at_offsets: bool
    parsed_value: float
    parse_error: str
    found_at: tuple[int, int] | None


@dataclass
class Extracts:
    """All figures and ignored mentions, indexed by id."""

    figures: dict[str, Figure]
    ignored: list[IgnoredMention]


def _read_csv(path: Path, columns: list[str], required: list[str], errors: list[ConfigError]) -> list[tuple[int, dict[str, str]]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        errors.append(ConfigError(str(path), f"cannot read file: {exc.strerror or exc}"))
        return []
    if len(raw) > MAX_CSV_BYTES:
        errors.append(ConfigError(str(path), f"file is {len(raw)} bytes; the limit is {MAX_CSV_BYTES}"))
        return []
    if b"\x00" in raw:
        errors.append(ConfigError(str(path), "binary file (NUL byte); extracts must be UTF-8 CSV"))
        return []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        errors.append(ConfigError(str(path), f"not UTF-8 text: invalid byte {raw[exc.start:exc.start + 1]!r}", line))
        return []
    if not text.strip():
        errors.append(ConfigError(str(path), "empty file: expected a header line", 1, 1))
        return []
    reader = csv.reader(text.splitlines(keepends=True))
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = [h.strip() for h in next(reader)]
        missing = [c for c in required if c not in header]
        unknown = [h for h in header if h not in columns]
        if missing:
            errors.append(ConfigError(str(path), f"missing required column(s): {', '.join(missing)}", 1, 1))
        for name in unknown:
            errors.append(ConfigError(str(path), f"unknown column {name!r}; expected columns: {', '.join(columns)}", 1, header.index(name) + 1))
        if missing or unknown:
            return []
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                errors.append(ConfigError(str(path), f"expected {len(header)} fields, found {len(record)}", line, 1))
                continue
            rows.append((line, dict(zip(header, record))))
    except csv.Error as exc:
        errors.append(ConfigError(str(path), f"CSV: {exc}", reader.line_num))
    return rows


def _int_field(row: dict[str, str], name: str, header: list[str], path: Path, line: int,
               errors: list[ConfigError]) -> int | None:
    raw = row.get(name, "").strip()
    try:
        value = int(raw)
    except ValueError:
        errors.append(ConfigError(str(path), f"{name} must be a whole number, got {raw!r}", line, header.index(name) + 1))
        return None
    if value < 0:
        errors.append(ConfigError(str(path), f"{name} must not be negative, got {value}", line, header.index(name) + 1))
        return None
    return value


def load_extracts(directory: Path, sources: dict[str, Source]) -> Extracts:
    """Read and validate every ``*.csv`` below ``directory``; collect all errors, then raise."""
    if not directory.is_dir():
        raise InputErrors.single(directory, "extracts folder not found" if not directory.exists() else "not a folder")
    errors: list[ConfigError] = []
    figures: dict[str, Figure] = {}
    ignored: list[IgnoredMention] = []
    for path in sorted(directory.rglob("*.csv")):
        if any(part.startswith(".") for part in path.relative_to(directory).parts):
            continue
        if path.name == IGNORED_FILE or path.name.endswith("." + IGNORED_FILE):
            ignored.extend(_load_ignored(path, sources, errors))
            continue
        header = FIGURE_COLUMNS
        for line, row in _read_csv(path, FIGURE_COLUMNS, REQUIRED_FIGURE_COLUMNS, errors):
            header = list(row)
            col = lambda name: header.index(name) + 1  # noqa: E731 - local position helper
            fid = row["id"].strip()
            if not fid:
                errors.append(ConfigError(str(path), "empty figure id", line, col("id")))
                continue
            if fid in figures:
                other = figures[fid]
                errors.append(ConfigError(str(path), f"duplicate figure id {fid!r} (first defined at {other.file}:{other.line})", line, col("id")))
                continue
            source = row["source"].strip()
            if source not in sources:
                known = ", ".join(sorted(sources)[:5])
                errors.append(ConfigError(str(path), f"unknown source {source!r} (sources: {known})", line, col("source")))
                continue
            raw_value = row["value"].strip()
            try:
                value = float(raw_value)
            except ValueError:
                errors.append(ConfigError(str(path), f"value must be a number, got {raw_value!r}", line, col("value")))
                continue
            if not math.isfinite(value):
                errors.append(ConfigError(str(path), f"value must be finite, got {raw_value!r}", line, col("value")))
                continue
            start = _int_field(row, "start", header, path, line, errors)
            end = _int_field(row, "end", header, path, line, errors)
            if start is None or end is None:
                continue
            if end <= start:
                errors.append(ConfigError(str(path), f"end ({end}) must be greater than start ({start})", line, col("end")))
                continue
            if not row["figure"].strip():
                errors.append(ConfigError(str(path), "empty figure text", line, col("figure")))
                continue
            if not row["quote"].strip():
                errors.append(ConfigError(str(path), "empty quote", line, col("quote")))
                continue
            figures[fid] = Figure(
                id=fid, source=source, figure=row["figure"], value=value,
                unit=row.get("unit", "").strip(), period=row.get("period", "").strip(),
                scope=row.get("scope", "").strip(), category=row.get("category", "").strip(),
                measure=row.get("measure", "").strip(), start=start, end=end, quote=row["quote"],
                file=str(path), line=line,
            )
    if errors:
        raise InputErrors(errors)
    return Extracts(figures=figures, ignored=ignored)


def _load_ignored(path: Path, sources: dict[str, Source], errors: list[ConfigError]) -> list[IgnoredMention]:
    result = []
    for line, row in _read_csv(path, IGNORED_COLUMNS, IGNORED_COLUMNS, errors):
        header = list(row)
        source = row["source"].strip()
        if source not in sources:
            errors.append(ConfigError(str(path), f"unknown source {source!r}", line, header.index("source") + 1))
            continue
        start = _int_field(row, "start", header, path, line, errors)
        end = _int_field(row, "end", header, path, line, errors)
        if start is None or end is None:
            continue
        if not row["reason"].strip():
            errors.append(ConfigError(str(path), "an ignored mention needs a reason", line, header.index("reason") + 1))
            continue
        result.append(IgnoredMention(source, start, end, row["text"], row["reason"].strip(), str(path), line))
    return result


def locate(figure: Figure, source: Source) -> Location:
    """Compare an extract with the current text of its source (no verdict, just facts)."""
    text = source.text
    figure_at_offsets = text[figure.start:figure.end] == figure.figure
    quote_at_offsets = False
    found_at: tuple[int, int] | None = None
    # The quote must cover the figure's offsets: search the occurrences around them.
    window_start = max(0, figure.end - len(figure.quote))
    pos = text.find(figure.quote, window_start)
    while pos != -1 and pos <= figure.start:
        if pos + len(figure.quote) >= figure.end:
            quote_at_offsets = True
            break
        pos = text.find(figure.quote, pos + 1)
    if not (figure_at_offsets and quote_at_offsets):
        # Where is it now? First occurrence of the quote that holds the figure.
        qpos = text.find(figure.quote)
        while qpos != -1:
            inner = figure.quote.find(figure.figure)
            if inner != -1:
                found_at = (qpos + inner, qpos + inner + len(figure.figure))
                break
            qpos = text.find(figure.quote, qpos + 1)
    try:
        parsed = parse_number(figure.figure)
        parsed_value, parse_error = parsed.value, ""
    except ValueError as exc:
        parsed_value, parse_error = math.nan, str(exc)
    return Location(figure_at_offsets, quote_at_offsets, parsed_value, parse_error, found_at)
