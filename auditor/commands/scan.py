"""``auditor scan``: every numeric mention of some documents, and their repeated passages.

    auditor scan PATH... [--draft DIR] [--json]

PATH is a file or a folder (every non-hidden file below it). The mentions are listed with
their offsets, value, kind and a little context; then the repeated passages found among all
the documents. ``--json`` prints one JSON document instead. ``--draft DIR`` writes, for each
source, ``DIR/<source-stem>.draft.csv`` (one row per figure, the project's extracts format) and
``DIR/<source-stem>.draft.ignored.csv`` (the labels, with their reason), skipping what DIR
already accounts for; see :mod:`auditor.draft` and docs/reading.md.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..draft import write_drafts
from ..errors import ConfigError, InputErrors, escape_controls, escape_json_controls
from ..read.numbers import format_value
from ..read.passages import Repeat, search_repeats
from ..read.scanner import Mention, scan_source
from ..read.sources import Source, load_sources, read_source
from . import examples

CONTEXT_CHARS = 60


@dataclass
class ScanResult:
    """What a scan found: mentions per source (in source order) and the repeats among them."""

    sources: dict[str, Source]
    mentions: dict[str, list[Mention]]
    repeats: list[Repeat]
    set_aside: dict[str, int]  # likenesses the repeat finder took for other statements (templates, ...)


def register(app: typer.Typer) -> None:
    """Add the ``scan`` command to ``app``."""

    @app.command("scan", epilog=examples("auditor scan seeds/new-report.txt",
                                         "auditor scan reports/ --draft datasets/",
                                         "auditor scan seeds/ --json > mentions.json"))
    def scan(
        paths: list[Path] = typer.Argument(..., help="documents, or folders of documents, to scan"),
        draft: Path | None = typer.Option(None, "--draft", help="write DIR/<source-stem>.draft.csv draft extracts "
                                                                  "and .draft.ignored.csv labels (see docs/reading.md)"),
        force: bool = typer.Option(False, "--force", help="with --draft: replace existing drafts of these documents"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document instead of tables"),
    ) -> None:
        """List every numeric mention and the repeated passages of documents."""
        result = scan_paths(paths)
        if draft is not None:
            done = write_drafts(result.sources, result.mentions, draft, force=force)
            # On stderr: --json keeps stdout one JSON document.
            typer.echo(f"drafted {done.figures} figure(s) and {done.labels} label(s) into {len(done.written)} file(s); "
                       f"{done.already} mention(s) already accounted for under the draft folder", err=True)
        if as_json:
            typer.echo(escape_json_controls(json.dumps(to_json(result), ensure_ascii=False, indent=2)))
        else:
            render(result, Console())


def scan_paths(paths: list[Path]) -> ScanResult:
    """Read the documents (raising :class:`InputErrors` with every problem) and scan them."""
    sources: dict[str, Source] = {}
    errors: list[ConfigError] = []
    for path in paths:
        try:
            if path.is_dir():
                found = load_sources(path)
            elif path.exists():
                found = {path.name: read_source(path, path.name)}
            else:
                raise InputErrors.single(path, "no such file or folder")
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        for name, source in found.items():
            if name in sources:
                errors.append(ConfigError(str(path), f"two documents are both named {name!r} "
                                                     f"({sources[name].path} and {source.path}); scan them separately"))
            else:
                sources[name] = source
    if errors:
        raise InputErrors(errors)
    mentions = {name: scan_source(source) for name, source in sources.items()}
    search = search_repeats(p for source in sources.values() for p in source.passages)
    return ScanResult(sources, mentions, search.repeats, search.set_aside())


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """About ``width`` characters around ``text[start:end]``, white space collapsed."""
    side = max(0, (width - (end - start)) // 2)
    lo, hi = max(0, start - side), min(len(text), end + side)
    window = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + window + ("…" if hi < len(text) else "")


# --------------------------------------------------------------------------- output

def _value(mention: Mention) -> str:
    """The value as a reader would write it: 1,814; a year as 2017; a date as 2019-02-06."""
    value = mention.value
    if math.isnan(value):
        return ""
    if mention.kind == "year":
        return str(int(value))
    if mention.kind == "date":
        year, month, day = int(value) // 10000, int(value) // 100 % 100, int(value) % 100
        parts = ([f"{year:04d}"] if year else []) + [f"{month:02d}"] + ([f"{day:02d}"] if day else [])
        return "-".join(parts)
    return format_value(value)


def _kind(mention: Mention) -> str:
    return f"{mention.kind} ({mention.role})" if mention.role else mention.kind


def _place(source: str, start: int, end: int) -> str:
    return f"{source}:{start}-{end}"


def _figures_note(repeat: Repeat) -> str:
    """The figures that differ between the two copies, as a reader would write them."""
    notes = [f"{p.first.text} → {p.second.text}" for p in repeat.figure_pairs if p.first.value != p.second.value]
    for m in repeat.unpaired:
        in_first = m.source == repeat.first.source and repeat.first.start <= m.start < repeat.first.end
        notes.append(f"only in {'first' if in_first else 'second'}: {m.text}")
    return "; ".join(notes) if notes else "same figures"


def _rows(result: ScanResult) -> tuple[list[list[str]], list[list[str]]]:
    # A PDF's or Word file's mentions also say where a reader finds them ("23-28 p. 1").
    mention_rows = [[m.source, f"{m.start}-{m.end} {result.sources[name].place(m.start)}".rstrip(),
                     m.text, _value(m), _kind(m), context(result.sources[name].text, m.start, m.end)]
                    for name, mentions in result.mentions.items() for m in mentions]
    repeat_rows = [[r.kind, _place(r.first.source, r.first.start, r.first.end),
                    _place(r.second.source, r.second.start, r.second.end), f"{r.similarity:.1f}", _figures_note(r)]
                   for r in result.repeats]
    return mention_rows, repeat_rows


MENTION_HEADER = ["source", "offset", "as written", "value", "kind", "context"]
REPEAT_HEADER = ["repeat", "first", "second", "similarity", "figures"]


def render(result: ScanResult, console: Console) -> None:
    """Rich tables on a terminal; plain aligned text when the output is a file or a pipe."""
    # Documents and their names are untrusted: no escape sequence or bidi override reaches the terminal.
    mention_rows, repeat_rows = ([[escape_controls(cell) for cell in row] for row in rows] for rows in _rows(result))
    count = sum(len(m) for m in result.mentions.values())
    summary = f"{count} mention(s) in {len(result.sources)} document(s); {len(result.repeats)} repeated passage(s)"
    if any(result.set_aside.values()):
        summary += ("; set aside as other statements: " + ", ".join(
            f"{n} {label}" for label, n in (("template(s)", result.set_aside["templates"]),
                                            ("about another subject", result.set_aside["other_subject"]),
                                            ("with other figures", result.set_aside["other_figures"])) if n))
    summary = escape_controls(summary)
    if console.is_terminal:
        for title, header, rows in (("Numeric mentions", MENTION_HEADER, mention_rows),
                                    ("Repeated passages", REPEAT_HEADER, repeat_rows)):
            if not rows:
                continue
            table = Table(*header, title=title, box=box.SIMPLE_HEAVY, title_justify="left")
            for row in rows:
                table.add_row(*map(Text, row))  # Text: brackets in a document are not markup
            console.print(table, markup=False, highlight=False)
        console.print(summary, markup=False, highlight=False)
        return
    for header, rows in ((MENTION_HEADER, mention_rows), (REPEAT_HEADER, repeat_rows)):
        if rows:
            for line in _aligned([header, *rows]):
                typer.echo(line)
            typer.echo("")
    typer.echo(summary)


def _aligned(rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell; the last column is left ragged."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join([cell.ljust(w) for cell, w in zip(row, widths)] + [row[-1]]).rstrip() for row in rows]


def _mention_json(mention: Mention, text: str | None = None) -> dict:
    data = {"source": mention.source, "start": mention.start, "end": mention.end, "text": mention.text,
            "value": None if math.isnan(mention.value) else mention.value, "kind": mention.kind,
            "unit": mention.unit, "role": mention.role}
    if text is not None:
        data["context"] = context(text, mention.start, mention.end)
    return data


def _located(mention: Mention, source: Source) -> dict:
    """A mention of the scan's list, with its context and its place ("p. 14"; "" for plain text)."""
    return {**_mention_json(mention, source.text), "place": source.place(mention.start)}


def to_json(result: ScanResult) -> dict:
    """The scan as plain data: ``{"mentions": [...], "repeats": [...], "set_aside": {...}}``."""
    def passage(p):
        return {"source": p.source, "start": p.start, "end": p.end, "text": p.text}

    return {
        "mentions": [_located(m, result.sources[name]) for name, mentions in result.mentions.items() for m in mentions],
        "repeats": [{
            "kind": r.kind, "similarity": r.similarity, "first": passage(r.first), "second": passage(r.second),
            "figures_differ": r.figures_differ, "text_differs": r.text_differs,
            "figure_pairs": [{"first": _mention_json(p.first), "second": _mention_json(p.second)} for p in r.figure_pairs],
            "unpaired": [_mention_json(m) for m in r.unpaired],
            "diff": [list(segment) for segment in r.diff],
        } for r in result.repeats],
        "set_aside": result.set_aside,
    }
