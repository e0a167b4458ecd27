"""What discovery works on and what it produces: read documents, figures, relations.

A :class:`Document` is a source read sentence by sentence (:mod:`auditor.read.context`), with
the comparisons resolved: in "identified 140 victims, compared to 194 in 2016 and 876 in 2015"
the figures 194 and 876 say nothing of what they count, so they take 140's measure and scope,
and 140 — given no year of its own — takes the year after the latest one it is compared with
(``period_how = "series"``).

A :class:`Relation` is one relation the text states or implies, as an ordinary rule of an
existing kind (:mod:`auditor.rules`) over figures made in memory (:class:`~auditor.extracts.Figure`
with meaningful ids), with the confidence and the evidence for it. The engine evaluates it like
any hand-written rule.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..extracts import Figure
from ..read.context import FigureRead, ReadPassage, read_source
from ..read.numbers import format_value
from ..read.scanner import Mention
from ..read.sources import Source
from ..rules.base import Rule
from ..read.vocabulary import MEASURES, PEOPLE

#: Relations at or above this confidence that fail are ``failed`` at the discovery severity;
#: below it they are reported with severity ``info``.
CONFIDENT = 0.75
QUOTE_CHARS = 300     # a quote is a bounded window of its sentence around the figure


@dataclass
class Document:
    """One source, read: its passages with their figures, and every figure in order."""

    source: Source
    passages: list[ReadPassage]
    figures: list[FigureRead] = field(default_factory=list)
    subject: str = ""        # the proper noun the document is most about ("Ghana")

    @property
    def name(self) -> str:
        return self.source.name


@dataclass
class Relation:
    """A relation found in the text, as a rule over in-memory figures."""

    family: str
    rule: Rule
    figures: list[Figure]
    confidence: float
    evidence: str            # the pattern, and the words that matched
    read_as: str             # what was read, in an editor's words

    @property
    def confident(self) -> bool:
        return self.confidence >= CONFIDENT


@dataclass
class Discovery:
    """Every relation found in a set of documents, and the figures they use."""

    documents: list[Document]
    relations: list[Relation]

    @property
    def figures(self) -> dict[str, Figure]:
        return {f.id: f for relation in self.relations for f in relation.figures}


def read_document(source: Source, mentions: list[Mention]) -> Document:
    """Read a source and resolve what its comparisons leave unsaid."""
    passages = read_source(source, mentions)
    document = Document(source, passages)
    for passage in passages:
        _resolve_comparisons(passage)
        document.figures.extend(passage.figures)
    document.subject = _subject(source.text)
    return document


def _resolve_comparisons(passage: ReadPassage) -> None:
    """Figures after "compared to/with" (or in "(96 in 2017 and 68 in 2016)") share their head's measure.

    A compared figure belongs to the nearest figure before it that is not compared and counts
    the same thing (or, when it names nothing, counts people or a measure): list items in
    between ("667 victims—429 for sex trafficking, … 115 unspecified—compared to 740") are not
    what it is compared with.
    """
    heads: list[FigureRead] = []
    compared: dict[int, list[FigureRead]] = {}
    for figure in passage.figures:
        if not (figure.in_comparison or (figure.in_parentheses and figure.period_how == "own")):
            heads.append(figure)
            continue
        head = _head_for(figure, heads)
        if head is None:
            continue
        if not figure.head:
            figure.head, figure.modifiers, figure.noun = head.head, head.modifiers, head.noun
        figure.verbs = figure.verbs or head.verbs
        figure.scope = figure.scope or head.scope
        compared.setdefault(id(head), []).append(figure)
    for head in heads:
        _settle(head, compared.get(id(head), []))


def _head_for(figure: FigureRead, heads: list[FigureRead]) -> FigureRead | None:
    """The figure ``figure`` is compared with: the nearest before it counting the same thing —
    of the same scope when it names one ("… compared to 188 federal and 288 state investigations")."""
    fallback = None
    for head in reversed(heads):
        if head.unit != figure.unit or not head.head:
            continue
        if figure.head:
            if head.head == figure.head:
                if not figure.scope or head.scope == figure.scope:
                    return head
                fallback = fallback or head
        elif head.head in PEOPLE or head.head in MEASURES:
            return head
    return fallback if fallback is not None and not figure.scope else None


def _settle(head: FigureRead, compared: list[FigureRead]) -> None:
    """Give ``head`` the year after those it is compared with, when it has none of its own."""
    head.compared = compared
    if head.period or not compared:
        return
    years = sorted({int(f.period) for f in compared if f.period.isdigit()}, reverse=True)
    if years and all(a - b == 1 for a, b in zip(years, years[1:])):
        head.period, head.period_how = str(years[0] + 1), "series"
    elif any(f.period == "previous" for f in compared):
        head.period, head.period_how = "current", "series"


_PROPER = re.compile(r"\b[A-Z][a-z]{3,}\b")
_NOT_SUBJECTS = {"The", "This", "These", "There", "That", "Government", "Authorities", "However",
                 "Department", "Ministry", "Trafficking", "Persons", "Report", "State", "National",
                 "Office", "Human", "Protection", "Prosecution", "Prevention", "Although", "While",
                 "During", "Officials", "Some", "Several", "NGOs", "Courts", "Police", "Source",
                 "United", "States", "Labor", "Social", "Welfare", "Justice", "Public", "Foreign"}


def _subject(text: str) -> str:
    """The proper noun a document is most about (its country, say): a cross-document key."""
    counts = Counter(w for w in _PROPER.findall(text) if w not in _NOT_SUBJECTS)
    if not counts:
        return ""
    word, _ = counts.most_common(1)[0]
    return word


# --------------------------------------------------------------------------- figures

class FigureBook:
    """Makes in-memory extracts for the figures relations use: one per mention, ids stable.

    An id says what the figure is, ``<doc>/<measure>-<period>[-<scope>]`` ("colombia_tip2019/
    victim-2018"), made unique in reading order with ``-2``, ``-3``; the same text always gives
    the same ids.
    """

    def __init__(self, document: Document):
        self.document = document
        self._by_start: dict[int, Figure] = {}
        self._used: Counter = Counter()
        self._stem = document_key(document.name)

    def figure(self, read: FigureRead) -> Figure:
        mention = read.mention
        known = self._by_start.get(mention.start)
        if known is not None:
            return known
        base = f"{self._stem}/{_slug(read.head or read.category or mention.kind)}"
        if read.period and read.period not in ("current",):
            base += f"-{read.period}"
        if read.scope:
            base += f"-{_slug(read.scope)}"
        self._used[base] += 1
        fid = base if self._used[base] == 1 else f"{base}-{self._used[base]}"
        figure = Figure(
            id=fid, source=self.document.name, figure=mention.text, value=mention.value, unit=mention.unit,
            period=read.period if read.period not in ("current",) else "", scope=read.scope,
            category=read.category, measure=read.measure, start=mention.start, end=mention.end,
            quote=quote_around(read.passage.text, read.passage.start, mention.start, mention.end),
            file="", line=0,
        )
        self._by_start[mention.start] = figure
        return figure


def document_key(name: str) -> str:
    """A document's name as it appears in ids: its path without a ``.txt`` extension (other
    extensions stay, so "a.txt" and "a.md" differ), when made of plain characters only;
    otherwise those characters and a short hash of the name, so two names never share a key
    ("a b.txt" and "a-b.txt")."""
    stem = name[:-4] if name.endswith(".txt") else name
    plain = re.sub(r"[^A-Za-z0-9_.~/-]+", "-", stem).strip("-./")[:80] or "document"
    if plain == stem:
        return plain
    return f"{plain}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "figure"


def quote_around(text: str, base: int, start: int, end: int, limit: int = QUOTE_CHARS) -> str:
    """An exact substring of a passage around ``[start, end)``, at most about ``limit`` characters."""
    lo, hi = start - base, end - base
    if len(text) <= limit:
        return text
    side = max(0, (limit - (hi - lo)) // 2)
    a, b = max(0, lo - side), min(len(text), hi + side)
    return text[a:b]


def show(value: float) -> str:
    return format_value(value)
