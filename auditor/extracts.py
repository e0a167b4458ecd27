"""Extracts: one row per figure mention, tied to its exact place in a source.

Format (``datasets/*.csv``, UTF-8, header required)::

    id,source,figure,value,unit,period,scope,category,measure,start,end,quote

``figure`` is the text as written ("1,814", "eight", "6.7 million pesos"); ``value`` the
number it stands for; ``start``/``end`` the character offsets of ``figure`` in the source;
``quote`` an exact passage of the source that contains it. Files named ``ignored.csv`` list
mentions deliberately left out (``source,start,end,text,reason``).

Loading validates the files (errors carry file:line:col): :func:`load_extracts` is the one
validation ``auditor validate`` and ``auditor check`` both run, so they reject the same input
with the same message. A written figure that does not parse as a number ("about a dozen") is
such an input error: it never matched its source, whereas a figure whose source text moved or
changed since it was extracted is *stale*, which re-verification tells on every run:
:func:`locate` finds where each figure really is; the verdict on it (stale or not) is taken by
the GX engine from the located facts.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError, InputErrors, byte_position, short_repr
from .paths import read_limited, walk_files
from .read.numbers import parse_number
from .read.sources import Source

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
    defined: set[str] = field(default_factory=set)   # every id a row names, its source readable or not


@dataclass(frozen=True)
class _Row:
    """One CSV record: its cells by column name, the line it starts on, and its physical lines."""

    line: int
    values: dict[str, str]
    lines: list[str]

    def at(self, name: str) -> tuple[int, int]:
        """(line, col) of the cell of column ``name``; only computed for an error."""
        index = list(self.values).index(name)
        starts = _field_starts(self.lines, self.line)
        return starts[index] if index < len(starts) else (self.line, 1)


def _field_starts(lines: list[str], first_line: int) -> list[tuple[int, int]]:
    """(line, col) where each field of one CSV record starts, following the CSV quoting rules.

    Columns count characters, as an editor does, so ``file:line:col`` lands on the cell; a
    record with a quoted line break spans several lines and its later cells are placed there.
    """
    chars = [(first_line + offset, col, ch) for offset, physical in enumerate(lines)
             for col, ch in enumerate(physical, start=1)]
    starts = [(first_line, 1)]
    quoted = False
    at_field_start = True
    index = 0
    while index < len(chars):
        _, _, ch = chars[index]
        if quoted:
            if ch == '"':
                if index + 1 < len(chars) and chars[index + 1][2] == '"':
                    index += 1                      # "" is an escaped quote inside a quoted field
                else:
                    quoted = False
        elif ch == '"' and at_field_start:
            quoted = True
        elif ch == ",":
            line, col, _ = chars[index]
            starts.append((line, col + 1))
            at_field_start = True
            index += 1
            continue
        at_field_start = False
        index += 1
    return starts


def _read_csv(path: Path, columns: list[str], required: list[str],
              errors: list[ConfigError]) -> tuple[list[_Row], bool]:
    """The records of one CSV file, and whether all of them could be read (False when the file
    is unusable as a whole: unreadable, not UTF-8, a header that is not this format's)."""
    try:
        raw = read_limited(path, MAX_CSV_BYTES, "file")
    except InputErrors as exc:
        errors.extend(exc.errors)
        return [], False
    if b"\x00" in raw:
        line, col = byte_position(raw, raw.index(b"\x00"))
        errors.append(ConfigError(str(path), "binary file (NUL byte); extracts must be UTF-8 CSV", line, col))
        return [], False
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig reports the index in the bytes after a byte-order mark.
        bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
        line, col = byte_position(raw[bom:], exc.start)
        errors.append(ConfigError(str(path), f"not UTF-8 text: invalid byte {raw[bom + exc.start:bom + exc.start + 1]!r}", line, col))
        return [], False
    if not text.strip():
        errors.append(ConfigError(str(path), "empty file: expected a header line", 1, 1))
        return [], True                         # no rows: no ids anybody could name
    # Lines as the csv module wants them (newline=""): split at \n, \r\n and \r only, endings
    # kept, so a quoted line break stays inside its cell and line numbers match an editor's.
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines)
    rows: list[_Row] = []
    try:
        header = [h.strip() for h in next(reader)]
        header_places = _field_starts(lines[:reader.line_num], 1)
        place = lambda i: header_places[i] if i < len(header_places) else (1, 1)  # noqa: E731
        missing = [c for c in required if c not in header]
        if missing:
            errors.append(ConfigError(str(path), f"missing required column(s): {', '.join(missing)}", 1, 1))
        bad_header = bool(missing)
        for index, name in enumerate(header):
            if name not in columns:
                close = difflib.get_close_matches(name, columns, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                errors.append(ConfigError(str(path), f"unknown column {short_repr(name)}; {hint}expected columns: {', '.join(columns)}", *place(index)))
                bad_header = True
            elif name in header[:index]:
                errors.append(ConfigError(str(path), f"column {short_repr(name)} appears twice in the header", *place(index)))
                bad_header = True
        if bad_header:
            return [], False
        while True:
            first = reader.line_num + 1          # the record starts on the line after the last one read
            try:
                record = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                errors.append(ConfigError(str(path), f"expected {len(header)} fields, found {len(record)}", first, 1))
                continue
            rows.append(_Row(first, dict(zip(header, record)), lines[first - 1:reader.line_num]))
    except csv.Error as exc:
        errors.append(ConfigError(str(path), f"CSV: {exc}", reader.line_num))
        return rows, False
    return rows, True


def _int_field(row: _Row, name: str, path: Path, errors: list[ConfigError]) -> int | None:
    raw = row.values.get(name, "").strip()
    try:
        value = int(raw)
    except ValueError:
        errors.append(ConfigError(str(path), f"{name} must be a whole number, got {short_repr(raw)}", *row.at(name)))
        return None
    if value < 0:
        errors.append(ConfigError(str(path), f"{name} must not be negative, got {value}", *row.at(name)))
        return None
    return value


def _span(row: _Row, path: Path, source: Source, errors: list[ConfigError]) -> tuple[int, int] | None:
    """``start``/``end`` of a row, checked against each other and against the source's length."""
    start = _int_field(row, "start", path, errors)
    end = _int_field(row, "end", path, errors)
    if start is None or end is None:
        return None
    if end <= start:
        errors.append(ConfigError(str(path), f"end ({end}) must be greater than start ({start})", *row.at("end")))
        return None
    length = len(source.text)
    if end > length:
        errors.append(ConfigError(str(path), f"end ({end}) is beyond the end of source {source.name!r} "
                                             f"({length} characters)", *row.at("end")))
        return None
    return start, end


def skipped_source(name: str, unreadable: set[str] | None) -> bool:
    """True when rows of source ``name`` are not checked because the source itself is already
    reported as an error (``unreadable`` names files and refused folders; None: every source,
    the sources folder itself could not be read). Keeps one real error from burying itself
    under a knock-on "unknown source" per row."""
    if unreadable is None:
        return True
    # The name and each folder above it (a refused link to a folder, a folder not listable).
    return name in unreadable or any(name[:i] in unreadable for i, ch in enumerate(name) if ch == "/")


def load_extracts(directory: Path, sources: dict[str, Source], unreadable: set[str] | None = frozenset()) -> Extracts:
    """Read and validate every ``*.csv`` below ``directory``; collect all errors, then raise.

    Rows of sources that are :func:`skipped_source` (already reported as errors) are skipped
    silently. On errors, :attr:`InputErrors.partial` holds every figure id the files define, or
    None when a file could not be read as a whole (its ids are unknown: rules naming figures
    are then not checked against them, rather than buried under "unknown figure id" lines).
    """
    if not directory.exists():
        return Extracts({}, [])     # a project starts as a folder of documents: no extracts yet
    if not directory.is_dir():
        raise InputErrors.single(directory, "not a folder")
    errors: list[ConfigError] = []
    figures: dict[str, Figure] = {}
    defined: set[str] = set()       # every id a row names, valid or not (for rule references)
    ignored: list[IgnoredMention] = []
    # A file name in another Unicode normal form (macOS writes NFD) names the same source.
    by_normal_form = {unicodedata.normalize("NFC", name): name for name in sources}
    paths = walk_files(directory, errors, (".csv",), folder_name="the extracts folder")
    complete = not errors            # a refused file or folder defines ids nobody knows
    for path in paths:
        if path.name.lower() == IGNORED_FILE or path.name.lower().endswith("." + IGNORED_FILE):
            ignored.extend(_load_ignored(path, sources, by_normal_form, unreadable, errors))
            continue
        rows, whole = _read_csv(path, FIGURE_COLUMNS, REQUIRED_FIGURE_COLUMNS, errors)
        complete = complete and whole
        for row in rows:
            cells, line = row.values, row.line
            fid = cells["id"].strip()
            if not fid:
                errors.append(ConfigError(str(path), "empty figure id", *row.at("id")))
                continue
            defined.add(fid)
            if fid in figures:
                other = figures[fid]
                errors.append(ConfigError(str(path), f"duplicate figure id {fid!r} (first defined at {other.file}:{other.line})", *row.at("id")))
                continue
            source = by_normal_form.get(unicodedata.normalize("NFC", cells["source"].strip()), cells["source"].strip())
            if skipped_source(source, unreadable):
                continue
            if source not in sources:
                known = ", ".join(sorted(sources)[:5])
                errors.append(ConfigError(str(path), f"unknown source {short_repr(source)} (sources: {known})", *row.at("source")))
                continue
            raw_value = cells["value"].strip()
            try:
                value = float(raw_value)
            except ValueError:
                errors.append(ConfigError(str(path), f"value must be a number, got {short_repr(raw_value)}", *row.at("value")))
                continue
            if not math.isfinite(value):
                errors.append(ConfigError(str(path), f"value must be finite, got {short_repr(raw_value)}", *row.at("value")))
                continue
            span = _span(row, path, sources[source], errors)
            if span is None:
                continue
            if not cells["figure"].strip():
                errors.append(ConfigError(str(path), "empty figure text", *row.at("figure")))
                continue
            unparsable = _parse_error(cells["figure"])
            if unparsable:
                errors.append(ConfigError(str(path), f"figure {short_repr(cells['figure'])} does not parse as a number "
                                                     f"({unparsable}); copy the figure exactly as the source writes it, "
                                                     "or list the mention in ignored.csv", *row.at("figure")))
                continue
            if not cells["quote"].strip():
                errors.append(ConfigError(str(path), "empty quote", *row.at("quote")))
                continue
            figures[fid] = Figure(
                id=fid, source=source, figure=cells["figure"], value=value,
                unit=cells.get("unit", "").strip(), period=cells.get("period", "").strip(),
                scope=cells.get("scope", "").strip(), category=cells.get("category", "").strip(),
                measure=cells.get("measure", "").strip(), start=span[0], end=span[1], quote=cells["quote"],
                file=str(path), line=line,
            )
    if errors:
        raise InputErrors(errors, partial=defined if complete else None)
    return Extracts(figures=figures, ignored=ignored, defined=defined)


def _parse_error(written: str) -> str:
    """Why a written figure is not a number, or "" when it is one."""
    try:
        parse_number(written)
    except ValueError as exc:
        return str(exc)
    return ""


def _load_ignored(path: Path, sources: dict[str, Source], by_normal_form: dict[str, str],
                  unreadable: set[str] | None, errors: list[ConfigError]) -> list[IgnoredMention]:
    result = []
    for row in _read_csv(path, IGNORED_COLUMNS, IGNORED_COLUMNS, errors)[0]:
        source = by_normal_form.get(unicodedata.normalize("NFC", row.values["source"].strip()), row.values["source"].strip())
        if skipped_source(source, unreadable):
            continue
        if source not in sources:
            errors.append(ConfigError(str(path), f"unknown source {short_repr(source)}", *row.at("source")))
            continue
        span = _span(row, path, sources[source], errors)
        if span is None:
            continue
        if not row.values["reason"].strip():
            errors.append(ConfigError(str(path), "an ignored mention needs a reason", *row.at("reason")))
            continue
        result.append(IgnoredMention(source, span[0], span[1], row.values["text"], row.values["reason"].strip(),
                                     str(path), row.line))
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
