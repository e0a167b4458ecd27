"""The data the HTML report template is given: built from an :class:`AuditResult` and source texts.

Everything the page shows is decided here, in plain Python, so it can be tested without a
browser: the verdict, the counts, each finding's passages with its figures located inside them,
the source texts with every involved figure marked and coloured by its worst finding, and the
JSON payload the page's script reads.

Scale: a report may hold tens of thousands of findings, nearly all passed. When all of them fit
in :data:`HTML_LIMIT` they all become HTML (passed ones hidden until asked for); otherwise the
failed, errored and waived ones do (up to the limit) and the rest travel in a compact JSON
payload (figures, passages, quotes and descriptions are shared tables that findings refer to by
index), which the page renders on demand, a page at a time. 50,000 findings make a file of about
23 MB (benchmarks/report_bench.py).

Offsets: a figure's ``start``/``end`` are Python string indices into its source. Its quote is
found in the source near ``start`` (the same search :func:`auditor.extracts.locate` makes), which
gives the figure's offset inside the quote; when the quote is no longer there (a stale extract)
the figure is searched inside the quote as text instead.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..findings import STATUS_ORDER, AuditResult, Finding, FigureRef, summarize

#: Findings rendered as HTML; the rest are rendered by the page from the JSON payload.
HTML_LIMIT = 1000

STATUSES = ("failed", "error", "waived", "passed")
SEVERITIES = ("error", "warning", "info")
#: Statuses shown before the reader asks for more: passed findings start collapsed.
DEFAULT_STATUSES = ("failed", "error", "waived")
STATUS_LABELS = {"failed": "Failed", "error": "Error", "waived": "Waived", "passed": "Passed"}
#: A glyph next to each status label, so status never rests on colour alone.
STATUS_ICONS = {"failed": "✕", "error": "!", "waived": "~", "passed": "✓"}
DIFF_OPS = ("equal", "delete", "insert")
_RUN_LABELS = {"started_at": "Started", "seconds": "Run time", "host": "Host", "auditor_version": "auditor",
               "gx_version": "Great Expectations", "python_version": "Python", "engine": "Engine"}

# The order of the fields of one lazily rendered finding in the JSON payload (the page reads
# this list, so Python and JavaScript cannot disagree about positions).
LAZY_FIELDS = ("slug", "id", "rule_id", "status", "severity", "kind", "message", "description", "expected",
               "observed", "figures", "excerpts", "diff", "note", "details", "gx", "waiver", "new",
               "rule_location")

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9_-]+")


# --------------------------------------------------------------------------------------------
# Small helpers


def slugify(finding_id: str) -> str:
    """A fragment-safe slug for a finding id: ``[A-Za-z0-9_-]`` only, stable across runs.

    (No ``.`` either, so ``#finding-<slug>`` is also a plain CSS id selector.)

    Ids that are already safe keep their text; any other id gets a short hash of the original
    appended, so two ids that differ only in unsafe characters still get different slugs.
    """
    base = _UNSAFE_ID_CHARS.sub("-", finding_id).strip("-")[:80] or "finding"
    if base != finding_id:
        base += "-" + hashlib.sha1(finding_id.encode("utf-8")).hexdigest()[:8]
    return base


def format_value(value: Any) -> str:
    """A value as a reader expects it: ``740.0`` as ``740``, ``1814`` as ``1,814``; '' for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=_json_default, sort_keys=True)


# Characters a reader cannot see or that reorder what they see ("Trojan Source"): C0 controls
# other than tab and line breaks, DEL, C1 controls, bidi marks, overrides and isolates, and the
# zero-width ones (spaces, joiners, word joiner, BOM). Each becomes one visible character, so no
# offset into a text moves (the page marks figures by offset, in HTML and in the JSON payload):
# a C0 control its Unicode control picture (ESC as "␛"), every other one U+FFFD "�".
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff]")


def _picture(match: re.Match) -> str:
    code = ord(match.group(0))
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def show_invisible(text: str) -> str:
    """``text`` with every invisible or reordering character shown as one visible character."""
    return _INVISIBLE.sub(_picture, text)


def _json_default(value: Any) -> Any:
    # GX leaves numpy scalars in some result details.
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def script_json(data: Any) -> str:
    """JSON text safe inside ``<script type="application/json">`` in an HTML page.

    ``<``, ``>`` and ``&`` become ``\\u003c``-style escapes so no ``</script>`` or ``<!--`` can
    appear; U+2028/U+2029 are escaped because older JavaScript parsers treat them as newlines.
    The result is still valid JSON that parses back to ``data``.
    """
    return _script_safe(_dumps(data))


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _script_safe(text: str) -> str:
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_ROWS_PER_CHUNK = 2000


def script_json_chunks(data: dict[str, Any]):
    """:func:`script_json` of a dict, yielded in pieces: long lists a slice of rows at a time.

    Joined, the pieces are exactly ``script_json(data)``; at corpus scale the whole text is tens
    of MB (up to four bytes a character as a Python string), so the page streams it instead.
    """
    yield "{"
    for i, (key, value) in enumerate(data.items()):
        head = ("," if i else "") + _dumps(key) + ":"
        if isinstance(value, list) and len(value) > _ROWS_PER_CHUNK:
            yield _script_safe(head) + "["
            for start in range(0, len(value), _ROWS_PER_CHUNK):
                yield ("," if start else "") + _script_safe(_dumps(value[start:start + _ROWS_PER_CHUNK])[1:-1])
            yield "]"
        else:
            yield _script_safe(head + _dumps(value))
    yield "}"


def gx_text(gx: list[dict[str, Any]]) -> str:
    """GX results as shown: one compact JSON line per check (``compactJson`` in report.js writes
    the same text for findings the page renders), whole floats written as integers."""
    return "\n".join(json.dumps(_whole_numbers(entry), ensure_ascii=False, separators=(", ", ": "),
                                default=_json_default) for entry in gx)


def _whole_numbers(value: Any) -> Any:
    if type(value) is float and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if hasattr(value, "item"):      # numpy scalars left in GX details
        return _whole_numbers(value.item())
    return value


def _worse(a: str | None, b: str) -> str:
    """The worse of two statuses (failed > error > waived > passed)."""
    return b if a is None or STATUS_ORDER[b] < STATUS_ORDER[a] else a


def _bounded_find(haystack: str, needle: str) -> int:
    """First occurrence of a figure in a quote that is not part of a longer number or word."""
    if not needle:
        return -1
    pattern = re.compile(r"(?<![0-9A-Za-z])(?<![0-9][.,])" + re.escape(needle) + r"(?![0-9A-Za-z])(?![.,][0-9])")
    match = pattern.search(haystack)
    if match:
        return match.start()
    return haystack.find(needle)


# --------------------------------------------------------------------------------------------
# Locating figures: in their quote, and in their source


@dataclass(frozen=True)
class Placement:
    """Where one figure is: inside its quote, and (when the source text has it) in the source."""

    quote_start: int | None     # the quote's offset in the source, when found there
    offset: int | None          # the figure's offset inside the quote
    source_span: tuple[int, int] | None  # the figure's [start, end) in the source text


def locate_in_quote(figure: FigureRef, text: str | None) -> Placement:
    """Find ``figure`` inside its quote and in ``text`` (its source), robustly.

    1. The source still holds the figure at ``start:end`` and a copy of the quote covers those
       offsets: the figure's offset in the quote is ``start - quote_start``.
    2. The figure is at its offsets but the quote is not around them: the figure is searched in
       the quote as text.
    3. The figure moved: the first copy of the quote in the source that holds the figure gives
       both places (as the provenance check reports it).
    4. No usable source text: the figure is searched in the quote as text.
    """
    quote, fig = figure.quote, figure.figure
    if text is not None:
        at_offsets = 0 <= figure.start < figure.end <= len(text) and text[figure.start:figure.end] == fig
        if at_offsets:
            pos = text.find(quote, max(0, figure.end - len(quote)))
            while pos != -1 and pos <= figure.start:
                if pos + len(quote) >= figure.end:
                    return Placement(pos, figure.start - pos, (figure.start, figure.end))
                pos = text.find(quote, pos + 1)
            return Placement(None, _none_if_negative(_bounded_find(quote, fig)), (figure.start, figure.end))
        inner = _bounded_find(quote, fig)
        if inner != -1:
            pos = text.find(quote)
            if pos != -1:
                return Placement(pos, inner, (pos + inner, pos + inner + len(fig)))
        return Placement(None, _none_if_negative(inner), None)
    return Placement(None, _none_if_negative(_bounded_find(quote, fig)), None)


def _none_if_negative(value: int) -> int | None:
    return None if value < 0 else value


# --------------------------------------------------------------------------------------------
# What the template reads


@dataclass
class FigureView:
    """One figure: what it is, and where (shared by every finding that involves it).

    A finding's own copy carries its ``roles`` in that finding (part, total, first copy, ...).
    """

    index: int                  # in the payload's figure table
    id: str
    figure: str
    value: str
    unit: str
    source: str
    source_index: int
    quote: str
    quote_start: int | None     # the quote's offset in the source, when found there
    offset: int | None          # the figure's offset inside the quote; None when not in it
    span: tuple[int, int] | None  # the figure's [start, end) in the source text, when found
    mark_id: str | None = None  # the anchor of its mark in the source view
    roles: list[str] = field(default_factory=list)
    place: str = ""             # where a reader finds it: "p. 14", "¶ 12", "§ heading" ("" for plain text)


@dataclass
class PassageView:
    """A source passage (a figure's quote) with the finding's figures in it highlighted.

    ``segments`` is the quote cut into plain text (``figure`` None) and highlighted figures.
    """

    source: str
    source_index: int | None
    quote_start: int | None
    segments: list[tuple[str, FigureView | None]]
    figures: list[FigureView]
    place: str = ""             # its first figure's place in the document ("p. 14")


@dataclass
class Excerpt:
    """A passage a finding names by position (``details["passages"]``), linked into its source."""

    source: str
    source_index: int
    start: int
    anchor: str | None          # the id of its place in the source view, when the text is there
    text: str


@dataclass
class DiffView:
    """A side-by-side word diff: the first copy with deletions, the second with insertions.

    Segments are runs of words without their surrounding white space; the page puts one space
    between consecutive segments.
    """

    left: list[tuple[str, str]]     # (op, text) with op equal|delete
    right: list[tuple[str, str]]    # (op, text) with op equal|insert
    left_place: Excerpt | None = None
    right_place: Excerpt | None = None


@dataclass
class FindingView:
    """One finding as the page shows it."""

    slug: str
    anchor: str
    id: str
    rule_id: str
    kind: str
    severity: str
    status: str
    message: str
    description: str
    expected: str
    observed: str
    passages: list[PassageView]
    unplaced: list[FigureView]              # figures whose quote is empty or missing
    excerpts: list[Excerpt]                 # passages named in details (shown when no diff)
    sources: list[int]
    diff: DiffView | None
    note: str                               # the rule's note: why this severity (shown, not folded)
    details: list[tuple[str, str]]
    gx_lines: str                           # gx_text(finding.gx)
    waiver: dict[str, str] | None
    new: bool
    rule_location: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_icon(self) -> str:
        return STATUS_ICONS[self.status]


@dataclass
class SourceMark:
    """A figure marked in the source view, coloured by the worst finding that involves it."""

    id: str
    start: int
    end: int
    status: str
    figure_ids: list[str]
    finding_anchor: str         # the worst finding involving it (where the mark links)
    finding_count: int
    title: str = ""
    kind: str = "mark"


@dataclass
class SourceAnchor:
    """An empty anchor at a position of a source: where an excerpt of a finding starts, or
    (``kind`` "place", with its ``label``) where a page, paragraph or table row of the document starts."""

    id: str
    kind: str = "anchor"
    label: str = ""


@dataclass
class SourceView:
    """A source document with its involved figures marked."""

    index: int
    anchor: str
    name: str
    chars: int | None
    passages: int | None
    sha256: str
    figures: int | None
    available: bool
    segments: list[tuple[str, SourceMark | SourceAnchor | None]]
    marks_by_status: dict[str, int]


@dataclass
class Verdict:
    """The gate, in words."""

    evaluated: bool
    passed: bool
    fail_on: str
    only_new: bool
    blocking: int
    blocking_links: list[tuple[str, str]]   # (finding id, anchor), the first few
    headline: str
    explanation: str


@dataclass
class ReportView:
    """Everything the template renders."""

    title: str
    verdict: Verdict
    total: int
    by_status: dict[str, int]
    by_severity: dict[str, int]
    failed_by_severity: dict[str, int]
    coverage: list[tuple[str, int, str]] | None     # (kind of mention, count, percent of mentions)
    coverage_total: int
    coverage_accounted_percent: str
    provenance: dict[str, Any] | None
    repeats: dict[str, Any] | None                  # summary.repeats: checked, set aside, templates
    sources: list[SourceView]
    run: list[tuple[str, str]]
    run_line: str                                   # when, how long, with what (for the banner)
    findings: list[FindingView]                     # rendered as HTML
    lazy_count: int
    lazy_by_status: dict[str, int]
    kinds: list[tuple[str, int]]
    source_options: list[tuple[int, str, int]]      # (index, name, findings involving it)
    default_statuses: tuple[str, ...]
    payload_data: dict[str, Any]                    # what the page's script reads (see payload)
    statuses: tuple[str, ...] = STATUSES
    severities: tuple[str, ...] = SEVERITIES
    status_labels: dict[str, str] = field(default_factory=lambda: dict(STATUS_LABELS))
    status_icons: dict[str, str] = field(default_factory=lambda: dict(STATUS_ICONS))

    @property
    def payload(self) -> str:
        """The payload as one JSON text, safe in a ``<script>`` element (:func:`script_json`)."""
        return "".join(self.payload_chunks())

    def payload_chunks(self):
        """The same text in pieces, for the template to stream (see :func:`script_json_chunks`)."""
        return script_json_chunks(self.payload_data)


# --------------------------------------------------------------------------------------------
# Building the view


class _Tables:
    """Interned tables shared by the lazily rendered findings (they keep the payload small)."""

    NAMES = ("kinds", "roles", "files", "descriptions", "quotes", "passages", "figures", "exps", "gxkeys")

    def __init__(self) -> None:
        self.lists: dict[str, list] = {name: [] for name in self.NAMES}
        self._index: dict[str, dict] = {name: {} for name in self.NAMES}

    def intern(self, table: str, key: Any, value: Any = None) -> int:
        """The index of ``key`` in ``table``, appending ``value`` (default: the key) when new."""
        index = self._index[table]
        found = index.get(key)
        if found is None:
            found = index[key] = len(self.lists[table])
            self.lists[table].append(key if value is None else value)
        return found


@dataclass
class _MarkFacts:
    """What is known about one figure span in a source while findings are read."""

    status: str
    figure_ids: set[str]
    best_key: tuple
    anchor: str
    finding_id: str
    findings: set[int]
    place: str = ""             # where a reader finds the span ("p. 14"), shown in the mark's title


class _Builder:
    """Accumulates figures, marks and interned tables over all findings (see :func:`build_view`)."""

    def __init__(self, result: AuditResult, source_texts: dict[str, str]):
        self.texts = source_texts
        self.tables = _Tables()
        self.source_index: dict[str, int] = {}
        self.source_names: list[str] = []
        for info in result.sources:
            self._source(info.name)
        for name in source_texts:
            self._source(name)
        self.figures: dict[tuple, FigureView] = {}
        self.by_ref: dict[int, FigureView] = {}
        self.marks: dict[tuple[int, int, int], _MarkFacts] = {}
        self.slugs: set[str] = set()
        self.mark_ids: dict[tuple[int, int, int], str] = {}   # (source, start, end) -> merged mark id
        self.anchor_positions: dict[int, set[int]] = {}         # source -> excerpt starts

    def _source(self, name: str) -> int:
        if name not in self.source_index:
            self.source_index[name] = len(self.source_names)
            self.source_names.append(name)
        return self.source_index[name]

    def unique_slug(self, finding_id: str) -> str:
        slug = base = slugify(finding_id)
        n = 2
        while slug in self.slugs:   # duplicate finding ids: keep every anchor distinct
            slug = f"{base}-{n}"
            n += 1
        self.slugs.add(slug)
        return slug

    def figure(self, ref: FigureRef) -> FigureView:
        """The shared view of a figure, located once however many findings involve it."""
        # Every pass asks for the same FigureRef objects again; they live as long as the
        # result, so their id() is a safe first-level cache key.
        view = self.by_ref.get(id(ref))
        if view is not None:
            return view
        key = (ref.id, ref.source, ref.start, ref.end, ref.figure, ref.quote, ref.value, ref.unit)
        view = self.figures.get(key)
        if view is not None:
            self.by_ref[id(ref)] = view
            return view
        src = self._source(ref.source)
        place = locate_in_quote(ref, self.texts.get(ref.source))
        passage_key = (src, self.tables.intern("quotes", ref.quote),
                       -1 if place.quote_start is None else place.quote_start)
        passage = self.tables.intern("passages", passage_key, [*passage_key, ref.place])
        index = self.tables.intern("figures", key, [
            ref.id, ref.figure, format_value(ref.value), ref.unit, passage,
            -1 if place.offset is None else place.offset, ""])
        view = self.figures[key] = FigureView(
            index=index, id=ref.id, figure=ref.figure, value=format_value(ref.value), unit=ref.unit,
            source=ref.source, source_index=src, quote=ref.quote, quote_start=place.quote_start,
            offset=place.offset, span=place.source_span, place=ref.place)
        self.by_ref[id(ref)] = view
        return view

    def note_mark(self, position: int, finding: Finding, sort_key: tuple, anchor: str, view: FigureView) -> None:
        """Record that ``finding`` involves the figure at ``view.span`` (for the source view)."""
        if view.span is None:
            return
        key = (view.source_index, *view.span)
        facts = self.marks.get(key)
        if facts is None:
            self.marks[key] = _MarkFacts(finding.status, {view.id}, sort_key, anchor, finding.id, {position}, view.place)
            return
        facts.status = _worse(facts.status, finding.status)
        facts.figure_ids.add(view.id)
        facts.findings.add(position)
        if sort_key < facts.best_key:
            facts.best_key, facts.anchor, facts.finding_id = sort_key, anchor, finding.id

    def excerpts(self, finding: Finding) -> list[Excerpt]:
        """The passages a finding names in ``details["passages"]``, each anchored in its source."""
        found = []
        for item in _detail_passages(finding.details) or []:
            src = self._source(item["source"])
            text = self.texts.get(item["source"])
            anchor = None
            if text is not None and 0 <= item["start"] <= len(text):
                anchor = f"at-{src}-{item['start']}"
                self.anchor_positions.setdefault(src, set()).add(item["start"])
            found.append(Excerpt(item["source"], src, item["start"], anchor, item["text"]))
        return found

    # ---- sources

    def source_views(self, result: AuditResult) -> list[SourceView]:
        """Each source's text cut into plain runs and marks; overlapping spans share one mark."""
        infos = {info.name: info for info in result.sources}
        by_source: dict[int, list[tuple[int, int, _MarkFacts]]] = {}
        for (src, start, end), facts in self.marks.items():
            by_source.setdefault(src, []).append((start, end, facts))
        views = []
        for index, name in enumerate(self.source_names):
            text = self.texts.get(name)
            info = infos.get(name)
            segments: list[tuple[str, SourceMark | None]] = []
            counts = dict.fromkeys(STATUSES, 0)
            if text is not None:
                marks = self._merge(index, sorted(by_source.get(index, []), key=lambda m: (m[0], -m[1])))
                for mark in marks:
                    counts[mark.status] += 1
                # Pages, paragraphs and table rows are marked; headings are already in the text.
                places = [(pos, label) for pos, label in info.places if not label.startswith("§")] if info else []
                segments = _cut_source(text, marks, self.anchor_positions.get(index, set()), index, places)
            views.append(SourceView(
                index=index, anchor=f"source-{index}", name=name,
                chars=info.chars if info else (len(text) if text is not None else None),
                passages=info.passages if info else None, sha256=info.sha256 if info else "",
                figures=info.figures if info else None, available=text is not None,
                segments=segments, marks_by_status=counts))
        return views

    def _merge(self, src: int, spans: list[tuple[int, int, _MarkFacts]]) -> list[SourceMark]:
        merged: list[tuple[int, int, _MarkFacts, list[tuple[int, int]]]] = []
        for start, end, facts in spans:
            if merged and start < merged[-1][1]:
                m_start, m_end, m_facts, members = merged[-1]
                union = _MarkFacts(_worse(m_facts.status, facts.status), m_facts.figure_ids | facts.figure_ids,
                                   min(m_facts.best_key, facts.best_key), "", "", m_facts.findings | facts.findings,
                                   m_facts.place)
                best = m_facts if m_facts.best_key <= facts.best_key else facts
                union.anchor, union.finding_id = best.anchor, best.finding_id
                merged[-1] = (m_start, max(m_end, end), union, members + [(start, end)])
            else:
                merged.append((start, end, facts, [(start, end)]))
        marks = []
        for start, end, facts, members in merged:
            mark_id = f"fig-{src}-{start}-{end}"
            for member in members:
                self.mark_ids[(src, *member)] = mark_id
            count = len(facts.findings)
            others = f" and {count - 1:,} more" if count > 1 else ""
            # Passed marks are most of them: no tooltip keeps large reports small.
            title = f"{STATUS_LABELS[facts.status]}: {facts.finding_id}{others}" if facts.status != "passed" else ""
            if title and facts.place:
                title = f"{facts.place} · {title}"
            marks.append(SourceMark(mark_id, start, end, facts.status, sorted(facts.figure_ids), facts.anchor,
                                    count, title))
        return marks

    def assign_mark_ids(self) -> None:
        """Give each figure (and its payload row) the anchor of its mark in the source view."""
        for view in self.figures.values():
            if view.span is not None:
                view.mark_id = self.mark_ids.get((view.source_index, *view.span))
                self.tables.lists["figures"][view.index][6] = view.mark_id or ""

    # ---- findings

    @staticmethod
    def diff_and_excerpts(finding: Finding, excerpts: list[Excerpt]) -> tuple[DiffView | None, list[Excerpt]]:
        """A diff drawn side by side (captioned by the two passages it compares), or the passages.

        A diff without a change (a word-for-word repeat) is not drawn; named passages are shown
        only when the finding's figures do not already show their passages.
        """
        diff = diff_view(finding.details.get("diff"))
        if diff is not None and all(op == "equal" for op, _ in diff.left + diff.right):
            diff = None
        if diff is None and finding.figures:
            return None, []
        if diff is not None and len(excerpts) == 2:
            diff.left_place, diff.right_place = excerpts
            excerpts = []
        return diff, ([] if diff is not None else excerpts)

    def finding_view(self, finding: Finding, slug: str, views: list[FigureView],
                     excerpts: list[Excerpt]) -> FindingView:
        """A finding rendered as HTML: its figures grouped by passage, highlighted in it.

        ``views`` are its figures' shared views (in the order of ``finding.figures``),
        ``excerpts`` the passages its details name.
        """
        groups: dict[tuple, tuple[FigureView, dict[int, FigureView]]] = {}
        unplaced: list[FigureView] = []
        for ref, base in zip(finding.figures, views):
            if not ref.quote.strip():
                unplaced.append(replace(base, roles=[ref.role] if ref.role else []))
                continue
            gkey = (base.source_index, ref.quote,
                    base.quote_start if base.quote_start is not None else ("unlocated", base.index))
            _, figs = groups.setdefault(gkey, (base, {}))
            if base.index in figs:
                if ref.role and ref.role not in figs[base.index].roles:
                    figs[base.index].roles.append(ref.role)
            else:
                figs[base.index] = replace(base, roles=[ref.role] if ref.role else [])
        passages = [PassageView(first.source, first.source_index, first.quote_start,
                                _segments(first.quote, list(figs.values())), list(figs.values()), first.place)
                    for first, figs in groups.values()]
        diff, excerpts = self.diff_and_excerpts(finding, excerpts)
        sources = sorted({view.source_index for view in views}
                         | {e.source_index for e in excerpts}
                         | ({diff.left_place.source_index, diff.right_place.source_index}
                            if diff is not None and diff.left_place is not None else set()))
        return FindingView(
            slug=slug, anchor=f"finding-{slug}", id=finding.id, rule_id=finding.rule_id, kind=finding.kind,
            severity=finding.severity, status=finding.status, message=finding.message,
            description=finding.description, expected=format_value(finding.expected),
            observed=format_value(finding.observed), passages=passages, unplaced=unplaced, excerpts=excerpts,
            sources=sources, diff=diff, note=_note(finding.details), details=details_items(finding.details),
            gx_lines=gx_text(finding.gx),
            waiver=_waiver(finding), new=bool(finding.new), rule_location=_rule_location(finding),
        )

    def lazy_row(self, finding: Finding, slug: str, views: list[FigureView],
                 excerpts: list[Excerpt]) -> tuple[list, set[int]]:
        """A finding for the page to render on demand, as one compact array in
        :data:`LAZY_FIELDS` order (the page works out its sources itself); and those sources."""
        intern = self.tables.intern
        figs = [[view.index, intern("roles", ref.role)] for ref, view in zip(finding.figures, views)]
        sources = {view.source_index for view in views}
        diff, excerpts = self.diff_and_excerpts(finding, excerpts)
        places = [diff.left_place, diff.right_place] if diff is not None and diff.left_place is not None else []
        sources.update(e.source_index for e in [*excerpts, *places])
        waiver = finding.waiver
        row = [
            "" if slug == finding.id else slug,                                   # slug
            finding.id,                                                           # id
            "" if finding.rule_id == finding.id else finding.rule_id,             # rule_id
            STATUSES.index(finding.status),                                       # status
            SEVERITIES.index(finding.severity),                                   # severity
            intern("kinds", finding.kind),                                        # kind
            finding.message,                                                      # message
            # Interned: generated rules (repeats, coverage) often quote the same claim.
            intern("descriptions", finding.description),                          # description
            format_value(finding.expected),                                       # expected
            format_value(finding.observed),                                       # observed
            figs,                                                                 # figures
            [_excerpt_row(e) for e in excerpts] or 0,                             # excerpts
            [diff.left, diff.right, *[_excerpt_row(e)[:3] for e in places]] if diff else 0,   # diff
            _note(finding.details),                                               # note
            (details_items(finding.details) or 0) if finding.details else 0,     # details
            self._compact_gx(finding.id, finding.gx) if finding.gx else 0,        # gx
            [waiver.reason, waiver.reviewer, waiver.expires, waiver.finding or ""] if waiver else 0,  # waiver
            1 if finding.new else 0,                                              # new
            [intern("files", finding.rule_file), finding.rule_line or 0] if finding.rule_file else 0,  # rule_location
        ]
        return row, sources

    def _compact_gx(self, finding_id: str, gx: list[dict[str, Any]]) -> list:
        """GX results, smaller but equal once the page expands them (``expandGx`` in report.js).

        Each entry becomes ``[keys index, value, ...]`` with its key list interned (every check
        has the same keys); a check id that extends the finding id keeps only its suffix (key
        ``check_id$suffix``); expectation configurations, the same for every check of a table,
        are interned (key ``expectations$exps``); 5.0 in a list is written 5 (the page's
        JSON.stringify shows them alike anyway).
        """
        out = []
        for entry in gx:
            keys: list[str] = []
            values: list[Any] = []
            for key, value in entry.items():
                if key == "check_id" and isinstance(value, str) and value.startswith(finding_id):
                    key, value = "check_id$suffix", value[len(finding_id):]
                elif key == "expectations" and isinstance(value, list) and value \
                        and all(isinstance(e, dict) for e in value):
                    # repr() is a cheap key; equal configurations in another key order merely
                    # get two entries.
                    key, value = "expectations$exps", [self.tables.intern("exps", repr(e), e) for e in value]
                elif type(value) is list:
                    value = _compact_numbers(value)
                keys.append(key)
                values.append(value)
            out.append([self.tables.intern("gxkeys", tuple(keys), keys), *values])
        return out


def _compact_numbers(values: list) -> list:
    """A list with its whole floats as ints (``[740.0, 0.5]`` -> ``[740, 0.5]``)."""
    return [int(v) if type(v) is float and v.is_integer() and abs(v) < 2 ** 53 else v for v in values]


def _excerpt_row(excerpt: Excerpt) -> list:
    return [excerpt.source_index, excerpt.start, excerpt.anchor or "", excerpt.text]


def _detail_passages(details: dict[str, Any]) -> list[dict] | None:
    """``details["passages"]`` when it is a list of {source, start, text} places, else None."""
    items = details.get("passages")
    if not isinstance(items, list) or not items:
        return None
    for item in items:
        if not (isinstance(item, dict) and isinstance(item.get("source"), str) and isinstance(item.get("text"), str)
                and isinstance(item.get("start"), int) and not isinstance(item.get("start"), bool)):
            return None
    return items


def _cut_source(text: str, marks: list[SourceMark], anchors: set[int], src: int,
                places: list[tuple[int, str]] = ()) -> list[tuple[str, SourceMark | SourceAnchor | None]]:
    """A source's text as plain runs, marks and empty anchors (an anchor inside a mark moves to its start)."""
    events: list[tuple[int, int, Any]] = [(m.start, 1, m) for m in marks]
    starts = [m.start for m in marks]
    located = [(pos, SourceAnchor(f"at-{src}-{pos}")) for pos in sorted(anchors)]
    located += [(pos, SourceAnchor(f"pl-{src}-{pos}", "place", label)) for pos, label in places]
    for pos, anchor in located:
        i = bisect.bisect_right(starts, pos) - 1
        at = marks[i].start if i >= 0 and marks[i].start < pos < marks[i].end else pos
        events.append((at, 0, anchor))
    events.sort(key=lambda e: (e[0], e[1]))
    segments: list[tuple[str, SourceMark | SourceAnchor | None]] = []
    cursor = 0
    for pos, _, item in events:
        if pos > cursor:
            segments.append((text[cursor:pos], None))
            cursor = pos
        if isinstance(item, SourceMark):
            segments.append((text[item.start:item.end], item))
            cursor = item.end
        else:
            segments.append(("", item))
    if cursor < len(text):
        segments.append((text[cursor:], None))
    return segments


def _segments(quote: str, figures: list[FigureView]) -> list[tuple[str, FigureView | None]]:
    """Cut a quote into plain text and highlighted figures (of overlapping figures the first wins)."""
    placed = sorted((f for f in figures if f.offset is not None), key=lambda f: (f.offset, -len(f.figure)))
    segments: list[tuple[str, FigureView | None]] = []
    cursor = 0
    for fig in placed:
        start, end = fig.offset, fig.offset + len(fig.figure)
        if start < cursor or end > len(quote):
            continue
        if start > cursor:
            segments.append((quote[cursor:start], None))
        segments.append((quote[start:end], fig))
        cursor = end
    if cursor < len(quote):
        segments.append((quote[cursor:], None))
    return segments


def diff_view(diff: Any) -> DiffView | None:
    """Split ``details["diff"]`` ([op, text] segments) into a left and a right column."""
    if not isinstance(diff, list) or not diff:
        return None
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    for item in diff:
        if not isinstance(item, (list, tuple)) or len(item) != 2 or item[0] not in DIFF_OPS:
            return None     # not a diff this page understands: shown with the other details
        op, text = item[0], str(item[1])
        if op in ("equal", "delete"):
            left.append((op, text))
        if op in ("equal", "insert"):
            right.append((op, text))
    return DiffView(left, right)


def _note(details: dict[str, Any]) -> str:
    note = details.get("note")
    return note if isinstance(note, str) else ""


def details_items(details: dict[str, Any]) -> list[tuple[str, str]]:
    """A finding's details other than those drawn on their own (a diff, its passages, a note)."""
    return [(str(key), format_value(value)) for key, value in details.items()
            if not (key == "diff" and diff_view(value) is not None)
            and not (key == "passages" and _detail_passages(details) is not None)
            and not (key == "note" and isinstance(value, str))]


def _waiver(finding: Finding) -> dict[str, str] | None:
    if finding.waiver is None:
        return None
    w = finding.waiver
    return {"reason": w.reason, "reviewer": w.reviewer, "expires": w.expires, "finding": w.finding or ""}


def _rule_location(finding: Finding) -> str:
    if not finding.rule_file:
        return ""
    return f"{finding.rule_file}:{finding.rule_line}" if finding.rule_line else finding.rule_file


def _verdict(result: AuditResult, anchors: dict[str, str]) -> Verdict:
    gate = result.gate or {}
    if "passed" not in gate:
        return Verdict(False, False, "", False, 0, [], "Gate not evaluated", "This result carries no gate verdict.")
    fail_on = str(gate.get("fail_on", "error"))
    scope = {"error": "severity error", "warning": "severity warning or error",
             "info": "any severity"}.get(fail_on, f"severity {fail_on}")
    only_new = bool(gate.get("only_new"))
    newness = " new against the baseline" if only_new else ""
    blocking = int(gate.get("blocking", 0) or 0)
    links = [(fid, anchors.get(fid, "")) for fid in list(gate.get("blocking_ids", []))[:20]]
    if gate["passed"]:
        return Verdict(True, True, fail_on, only_new, 0, [], "Gate passes",
                       f"No failed or unevaluated finding{newness} at {scope}.")
    plural = "finding blocks" if blocking == 1 else "findings block"
    return Verdict(True, False, fail_on, only_new, blocking, links, "Gate fails",
                   f"{blocking:,} {plural} publication: failed or not evaluated{newness}, at {scope}.")


def _count(value: Any) -> int:
    if isinstance(value, (list, tuple, dict)):
        return len(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _coverage(summary: dict[str, Any]) -> tuple[list[tuple[str, int, str]] | None, int, str]:
    """Coverage rows (label, count, percent of mentions) when the result has coverage."""
    coverage = summary.get("coverage")
    if not isinstance(coverage, dict) or not coverage:
        return None, 0, ""
    total = _count(coverage.get("mentions", 0))
    rows = [(key, _count(coverage[key]), f"{100 * _count(coverage[key]) / total:.1f}" if total else "0")
            for key in ("extracted", "dates", "ignored", "discovered", "pending", "unaccounted") if key in coverage]
    # Mentions of documents nobody has extracted yet are not accounted for either.
    accounted = total - _count(coverage.get("unaccounted", 0)) - _count(coverage.get("pending", 0))
    percent = f"{100 * accounted / total:.1f}%" if total else "—"
    return rows, total, percent


def _run_items(run: dict[str, Any]) -> list[tuple[str, str]]:
    items = []
    for key, value in run.items():
        text = f"{value:.2f} s" if key == "seconds" and isinstance(value, (int, float)) else format_value(value)
        items.append((_RUN_LABELS.get(key, key.replace("_", " ")), text))
    return items


def _run_line(run: dict[str, Any]) -> str:
    """``2026-11-28 11:01 UTC in 3.19 s · auditor 0.1.0 · Great Expectations 1.24.1 (pandas)``."""
    parts = []
    started = run.get("started_at")
    if isinstance(started, str) and started:
        parts.append(started.replace("T", " ").replace("+00:00", " UTC"))
    if isinstance(run.get("seconds"), (int, float)):
        parts.append(f"in {run['seconds']:.2f} s")
    head = " ".join(parts)
    tools = []
    if run.get("auditor_version"):
        tools.append(f"auditor {run['auditor_version']}")
    if run.get("gx_version"):
        engine = f" ({run['engine']})" if run.get("engine") else ""
        tools.append(f"Great Expectations {run['gx_version']}{engine}")
    return " · ".join(p for p in [head, *tools] if p)


def _html_selection(findings: list[Finding], html_limit: int) -> list[bool]:
    """Which findings become HTML: all when they fit in ``html_limit``; else the first non-passed ones.

    A small report is then complete without script (and prints whole); in a large one every
    passed finding waits in the JSON until the reader asks for passed findings.
    """
    if len(findings) <= html_limit:
        return [True] * len(findings)
    chosen = 0
    selection = []
    for finding in findings:
        take = finding.status != "passed" and chosen < html_limit
        chosen += take
        selection.append(take)
    return selection


def build_view(result: AuditResult, source_texts: dict[str, str], html_limit: int = HTML_LIMIT) -> ReportView:
    """Build everything the report template shows; ``source_texts`` maps source name to text."""
    builder = _Builder(result, source_texts)
    findings = list(result.findings)
    keys = [f.sort_key for f in findings]
    if any(a > b for a, b in zip(keys, keys[1:])):   # the result is sorted; re-sort only if not
        findings.sort(key=lambda f: f.sort_key)
        keys = [f.sort_key for f in findings]

    # Pass 1: every figure located once, and every source span with its worst finding.
    slugs = [builder.unique_slug(f.id) for f in findings]
    anchors: dict[str, str] = {}
    figure_views: list[list[FigureView]] = []
    excerpts: list[list[Excerpt]] = []
    for position, (finding, slug, sort_key) in enumerate(zip(findings, slugs, keys)):
        anchor = f"finding-{slug}"
        anchors.setdefault(finding.id, anchor)
        views = [builder.figure(ref) for ref in finding.figures]
        for view in views:
            builder.note_mark(position, finding, sort_key, anchor, view)
        figure_views.append(views)
        excerpts.append(builder.excerpts(finding) if finding.details else [])
    sources = builder.source_views(result)
    builder.assign_mark_ids()

    # Pass 2: HTML for the first findings, compact rows for the rest.
    as_html = _html_selection(findings, html_limit)
    html_views, lazy_rows = [], []
    lazy_by_status = dict.fromkeys(STATUSES, 0)
    source_counts: dict[int, int] = {}
    for finding, slug, html, views, named in zip(findings, slugs, as_html, figure_views, excerpts):
        if html:
            view = builder.finding_view(finding, slug, views, named)
            html_views.append(view)
            involved = view.sources
        else:
            row, involved = builder.lazy_row(finding, slug, views, named)
            lazy_rows.append(row)
            lazy_by_status[finding.status] += 1
        for index in involved:
            source_counts[index] = source_counts.get(index, 0) + 1
    kinds: dict[str, int] = {}
    for finding in findings:
        kinds[finding.kind] = kinds.get(finding.kind, 0) + 1

    summary = result.summary if isinstance(result.summary.get("by_status"), dict) else \
        {**summarize(findings), **result.summary}
    coverage_rows, coverage_total, coverage_percent = _coverage(summary)
    provenance = summary.get("provenance") if isinstance(summary.get("provenance"), dict) else None
    payload = {
        "fields": list(LAZY_FIELDS), "statuses": list(STATUSES), "severities": list(SEVERITIES),
        "statusLabels": STATUS_LABELS, "statusIcons": STATUS_ICONS,
        "sources": [{"name": name, "anchor": f"source-{i}"} for i, name in enumerate(builder.source_names)],
        **builder.tables.lists,
        "lazy": lazy_rows,
    }
    gate = result.gate or {}
    return ReportView(
        title=("Audit report — gate passes" if gate.get("passed") else "Audit report — gate fails")
        if "passed" in gate else "Audit report",
        verdict=_verdict(result, anchors),
        total=len(findings),
        by_status={s: int(summary["by_status"].get(s, 0)) for s in STATUSES},
        by_severity={s: int(summary.get("by_severity", {}).get(s, 0)) for s in SEVERITIES},
        failed_by_severity={s: int(summary.get("failed_by_severity", {}).get(s, 0)) for s in SEVERITIES},
        coverage=coverage_rows, coverage_total=coverage_total, coverage_accounted_percent=coverage_percent,
        provenance=provenance,
        repeats=summary.get("repeats") if isinstance(summary.get("repeats"), dict) else None,
        sources=sources,
        run=_run_items(result.run),
        run_line=_run_line(result.run),
        findings=html_views,
        lazy_count=len(lazy_rows),
        lazy_by_status=lazy_by_status,
        kinds=sorted(kinds.items()),
        source_options=[(i, name, source_counts.get(i, 0)) for i, name in enumerate(builder.source_names)],
        default_statuses=DEFAULT_STATUSES,
        payload_data=payload,
    )
