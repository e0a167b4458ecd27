"""Extraction coverage: every numeric mention in the sources is accounted for.

A mention found by the scanner (:mod:`auditor.read.scanner`) is *extracted* when an extract's
``[start, end)`` overlaps it, a *date* when it is a year or date, *ignored* when a row of an
``ignored.csv`` overlaps it; anything else is *unaccounted* and becomes a finding, so nothing
in a source goes unexamined.

A source nobody has extracted yet (no extract and no ignored row names it: a new document) is
not buried under one finding per mention: the figures discovery read (:mod:`auditor.discover`)
count as *discovered*, and the rest are counted as *pending* for that source in the summary.

An ignored row is re-verified like an extract: its ``text`` must still be the source's text at
its offsets, and its span must overlap exactly one mention. A stale row, or one spanning several
mentions (a row over the whole document would otherwise hide every mention), accounts for
nothing and is reported itself (:attr:`Coverage.rejected`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .errors import short_repr
from .extracts import Extracts, IgnoredMention
from .read.sources import Source

DATE_KINDS = {"year", "date"}


@dataclass(frozen=True)
class Coverage:
    """Counts, and the mentions nobody accounted for."""

    mentions: int
    extracted: int
    dates: int
    ignored: int
    unaccounted: list  # list[auditor.read.scanner.Mention]
    discovered: int = 0
    pending: dict[str, int] = field(default_factory=dict)  # not yet extracted, by source
    rejected: list[tuple[IgnoredMention, str]] = field(default_factory=list)  # ignored rows that account for nothing, and why

    def summary(self) -> dict:
        return {"mentions": self.mentions, "extracted": self.extracted, "dates": self.dates,
                "ignored": self.ignored, "unaccounted": len(self.unaccounted), "discovered": self.discovered,
                "pending": sum(self.pending.values()), "pending_by_source": dict(sorted(self.pending.items()))}


class _Spans:
    """Sorted, merged [start, end) intervals with an overlap test in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # intervals starting before `end`
        return i > 0 and self.ends[i - 1] > start


def verify_ignored(item: IgnoredMention, source: Source, starts: list[int], ends: list[int]) -> str:
    """Why an ignored row accounts for nothing ("" when it holds); ``starts`` and ``ends`` are
    the sorted start and end offsets of the source's mentions."""
    found = source.text[item.start:item.end]
    if found != item.text:
        return (f"the source text at {item.start}-{item.end} is {short_repr(found, 60)}, not "
                f"{short_repr(item.text, 60)}: the text moved; update the row")
    # Mentions overlapping [start, end): those starting before `end`, minus those ending by
    # `start` (which all start before `end` too).
    overlapping = bisect.bisect_left(starts, item.end) - bisect.bisect_right(ends, item.start)
    if overlapping > 1:
        return f"it spans {overlapping} numeric mentions; an ignored row covers one, list each on its own row"
    return ""


def measure_coverage(sources: dict[str, Source], extracts: Extracts, mentions_by_source: dict[str, list],
                     discovered: dict[str, list[tuple[int, int]]] | None = None) -> Coverage:
    """Account for every mention of every source (``discovered``: spans discovery read, by source)."""
    extracted_spans: dict[str, list[tuple[int, int]]] = {}
    for figure in extracts.figures.values():
        extracted_spans.setdefault(figure.source, []).append((figure.start, figure.end))
    ignored_by_source: dict[str, list[IgnoredMention]] = {}
    for item in extracts.ignored:
        ignored_by_source.setdefault(item.source, []).append(item)
    total = extracted = dates = ignored = read = 0
    unaccounted = []
    pending: dict[str, int] = {}
    rejected: list[tuple[IgnoredMention, str]] = []
    for name in sources:
        mentions = sorted(mentions_by_source.get(name, []), key=lambda m: m.start)
        starts, ends = [m.start for m in mentions], sorted(m.end for m in mentions)
        spans = []
        for item in ignored_by_source.get(name, []):
            problem = verify_ignored(item, sources[name], starts, ends)
            if problem:
                rejected.append((item, problem))
            else:
                spans.append((item.start, item.end))
        covered = _Spans(extracted_spans.get(name, []))
        skipped = _Spans(spans)
        started = name in extracted_spans or name in ignored_by_source
        found = _Spans((discovered or {}).get(name, []))
        for mention in mentions_by_source.get(name, []):
            total += 1
            if covered.overlaps(mention.start, mention.end):
                extracted += 1
            elif mention.kind in DATE_KINDS:
                dates += 1
            elif skipped.overlaps(mention.start, mention.end):
                ignored += 1
            elif found.overlaps(mention.start, mention.end):
                read += 1
            elif started:
                unaccounted.append(mention)
            else:
                pending[name] = pending.get(name, 0) + 1
    return Coverage(total, extracted, dates, ignored, unaccounted, read, pending, rejected)
