"""Extraction coverage: every numeric mention in the sources is accounted for.

A mention found by the scanner (:mod:`auditor.read.scanner`) is *extracted* when an extract's
``[start, end)`` overlaps it, a *date* when it is a year or date, *ignored* when a row of an
``ignored.csv`` overlaps it; anything else is *unaccounted* and becomes a finding, so nothing
in a source goes unexamined.

A source nobody has extracted yet (no extract and no ignored row names it: a new document) is
not buried under one finding per mention: the figures discovery read (:mod:`auditor.discover`)
count as *discovered*, and the rest are counted as *pending* for that source in the summary.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .extracts import Extracts
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


def measure_coverage(sources: dict[str, Source], extracts: Extracts, mentions_by_source: dict[str, list],
                     discovered: dict[str, list[tuple[int, int]]] | None = None) -> Coverage:
    """Account for every mention of every source (``discovered``: spans discovery read, by source)."""
    extracted_spans: dict[str, list[tuple[int, int]]] = {}
    for figure in extracts.figures.values():
        extracted_spans.setdefault(figure.source, []).append((figure.start, figure.end))
    ignored_spans: dict[str, list[tuple[int, int]]] = {}
    for item in extracts.ignored:
        ignored_spans.setdefault(item.source, []).append((item.start, item.end))
    total = extracted = dates = ignored = read = 0
    unaccounted = []
    pending: dict[str, int] = {}
    for name in sources:
        covered = _Spans(extracted_spans.get(name, []))
        skipped = _Spans(ignored_spans.get(name, []))
        started = name in extracted_spans or name in ignored_spans
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
    return Coverage(total, extracted, dates, ignored, unaccounted, read, pending)
