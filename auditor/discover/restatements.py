"""Restatements: one measure, scope and period stated again with another value.

Within a document, a figure written as the whole of something — "referred all 578 victims",
"refer the 114 identified victims" — restates the total of that measure for that period:
"identifying and referring 574 trafficking victims … in 2022". The two must be equal
(``same_fact``). The total is the one figure of the same head noun, scope and period that
shares a counting verb with the restatement; a value that two such figures add up to
("all 783" after 611 and 172 more) is an aggregate, not a restatement, and is left alone.

Across documents of one subject (a later report restating an earlier year: "(96 in 2017 and
68 in 2016)" against the previous report's "identified 96 victims … in 2017"), counts of the
same head noun, scope and year, sharing a counting verb, must agree. Money is left out: a
later report converts the same amount at another rate.

What it cannot see: a restatement in other words ("the total", "all of them"), and periods a
document leaves implicit.
"""

from __future__ import annotations

from collections import Counter

from ..read.context import FigureRead
from ..rules.same_fact import SameFact
from .model import Document, FigureBook, Relation, show

FAMILY = "restatement"
_FIRM_PERIODS = ("own", "sentence", "series")


def find_all(documents: list[Document], books: dict[str, FigureBook], across_documents: bool) -> list[Relation]:
    relations = []
    for document in documents:
        relations += _within(document, books[document.name])
    if across_documents:
        relations += _across(documents, books)
    return relations


def _within(document: Document, book: FigureBook) -> list[Relation]:
    relations = []
    by_kind: dict[tuple, list[FigureRead]] = {}      # one pass: each restatement looks at its kind only
    for figure in document.figures:
        by_kind.setdefault((figure.head, figure.unit), []).append(figure)
    for figure in document.figures:
        if not _written_as_whole(figure) or (figure.period and figure.period_how not in _FIRM_PERIODS):
            continue
        same_kind = [f for f in by_kind[(figure.head, figure.unit)] if f is not figure and not _written_as_whole(f)]
        peers = [f for f in same_kind if _same_measure(f, figure) and not f.in_parentheses and not f.qualifier
                 and f.period and f.period_how in _FIRM_PERIODS]
        # "referred all 201 victims", no year: the total of the latest year the document gives.
        period = figure.period or max((f.period for f in peers if f.period.isdigit()), default="")
        peers = [f for f in peers if f.period == period]
        if not peers:
            continue
        values = {f.value for f in peers}
        # Figures of the same kind and period whatever their scope: "all 390" after 210 and 180.
        if figure.value not in values and _two_add_up(figure.value, [f.value for f in same_kind if f.period == period]):
            continue
        if len(values) > 1 and figure.value not in values:
            continue   # two candidate totals: which one is restated is unclear
        total = next((f for f in peers if f.value == figure.value), peers[0])
        relations.append(_relation(book, book, total, figure, 0.8, "a figure written as a whole restates the total"))
    return relations


def _two_add_up(target: float, values: list[float]) -> bool:
    """Do two of ``values`` add up to ``target``? (one pass, a set of those seen)"""
    seen: set[float] = set()
    for value in values:
        if target - value in seen:
            return True
        seen.add(value)
    return False


def _written_as_whole(figure: FigureRead) -> bool:
    tokens_before = figure.passage.text[:figure.mention.start - figure.passage.start].split()[-1:]
    return bool(tokens_before) and tokens_before[0].lower() in ("all", "the") and bool(figure.head)


_PLAIN = {"possible", "potential", "alleged", "suspected", "identified", "confirmed", "reported", "total",
          "trafficking", "human", "known", "new", "additional"}


def kind_of(figure: FigureRead) -> frozenset[str]:
    """The words that make a count a different count ("child victims" is not "victims")."""
    return frozenset(figure.modifiers) - _PLAIN


def _same_measure(a: FigureRead, b: FigureRead) -> bool:
    return (a.head == b.head and a.unit == b.unit and a.scope == b.scope and bool(a.verbs & b.verbs)
            and kind_of(a) == kind_of(b))


def _across(documents: list[Document], books: dict[str, FigureBook]) -> list[Relation]:
    """Each document's count of a (subject, measure, scope, year) against the one most give.

    Two documents must agree. Among three or more, the value most of them give is the fact
    and a document giving another is flagged; when no value has a majority, the documents are
    not restating one fact (a template filled in with each report's own figures, say) and are
    left alone, as repeated passages are (:mod:`auditor.read.passages`).
    """
    groups: dict[tuple, dict[str, list[FigureRead]]] = {}
    for document in documents:
        if not document.subject:
            continue
        for figure in document.figures:
            if (figure.unit != "count" or not figure.head or not figure.period.isdigit()
                    or figure.period_how not in _FIRM_PERIODS or figure.qualifier or not figure.verbs):
                continue
            key = (document.subject, figure.head, figure.scope, figure.period, kind_of(figure))
            groups.setdefault(key, {}).setdefault(document.name, []).append(figure)
    relations = []
    for key, by_document in groups.items():
        # A document giving one count two values here is read no further: which is meant is unclear.
        stated = [(name, figures[0]) for name, figures in by_document.items() if len({f.value for f in figures}) == 1]
        if len(stated) < 2:
            continue
        counts = Counter(figure.value for _, figure in stated)
        value, most = counts.most_common(1)[0]
        if len(stated) > 2 and most * 2 <= len(stated):
            continue
        first_name, first = next((name, figure) for name, figure in stated if figure.value == value)
        for name, other in stated:
            if name == first_name or not first.verbs & other.verbs:
                continue
            # A year the reader had to infer ("compared with 2018" → 2019) is less sure than one written.
            confidence = 0.75 if "series" not in (first.period_how, other.period_how) else 0.7
            relations.append(_relation(books[first_name], books[name], first, other, confidence,
                                       f"the same count for {key[3]} in another report on {key[0]}"))
    return relations


def _relation(book_a: FigureBook, book_b: FigureBook, first: FigureRead, again: FigureRead, confidence: float,
              how: str) -> Relation:
    a, b = book_a.figure(first), book_b.figure(again)
    rule = SameFact(id=f"discover/{FAMILY}/{b.id}", kind="same_fact", severity="warning",
                    description=f"restatement: {how}: “{first.mention.text} {first.noun}” ({a.source}) and "
                                f"“{again.mention.text} {again.noun}” ({b.source})",
                    figures=[a.id, b.id])
    period = f" for {first.period}" if first.period.isdigit() else ""
    read_as = f"read as one count of {first.noun or first.head}{period} stated twice: {show(first.value)} and {show(again.value)}"
    return Relation(FAMILY, rule, [a, b], confidence, rule.description, read_as)
