"""Scope aggregates: parallel statements of one measure and period for the parts of a whole.

    "The federal government identified 140 victims, compared to 194 in 2016 and 876 in 2015."
    "The state governments identified 527 victims, compared to 691 in 2016 and 938 in 2015."
    "The government reported identifying 667 trafficking victims in 2017 … 740 victims in 2016 …"

Federal and state counts of one measure and year must add up to the count that names no
scope (``aggregate``). Nationals and foreigners split a total too: "361 were Ghanaian. Of the
217 foreign national victims, …" after "identifying … 574 trafficking victims" — the
nationality must be the document's own (its most named country), and the total the nearest
count of the same kind before them in the paragraph.

What it cannot see: wholes made of other scopes (agencies, regions: nothing says the list is
complete), and a whole stated only in another document.
"""

from __future__ import annotations

from ..read.context import FigureRead
from ..rules.aggregate import Aggregate
from .model import Document, FigureBook, Relation, show
from ..read.vocabulary import PEOPLE

FAMILY = "scope_aggregate"
_GOVERNMENT_PARTS = ("federal", "state")


def find(document: Document, book: FigureBook) -> list[Relation]:
    return _government(document, book) + _nationality(document, book)


def _key(figure: FigureRead) -> tuple:
    return (figure.head, figure.unit, figure.period)


def _government(document: Document, book: FigureBook) -> list[Relation]:
    by_key: dict[tuple, dict[str, set[float]]] = {}
    first: dict[tuple, dict[str, FigureRead]] = {}
    for figure in document.figures:
        if not figure.head or not figure.period.isdigit() or figure.in_parentheses or figure.qualifier:
            continue
        if figure.scope not in (*_GOVERNMENT_PARTS, "local", "municipal", "") or not figure.verbs:
            continue
        key = _key(figure) + (frozenset(figure.verbs) & {"identify", "convict", "prosecute", "investigate", "refer", "assist"},)
        by_key.setdefault(key, {}).setdefault(figure.scope, set()).add(figure.value)
        first.setdefault(key, {}).setdefault(figure.scope, figure)
    relations = []
    for key, scopes in by_key.items():
        if not key[3] or not all(s in scopes for s in (*_GOVERNMENT_PARTS, "")):
            continue
        if "local" in scopes or "municipal" in scopes:
            continue   # the whole counts local governments too: federal + state is not all of it
        if any(len(values) > 1 for values in scopes.values()):
            continue   # one scope given two values: which one is the part is unclear
        whole = first[key][""]
        parts = [first[key][s] for s in _GOVERNMENT_PARTS]
        relations.append(_relation(book, whole, parts, 0.8, "federal and state counts against the count of the whole"))
    return relations


def _nationality(document: Document, book: FigureBook) -> list[Relation]:
    subject = document.subject[:4].lower()
    if not subject:
        return []
    relations = []
    passages = document.passages
    for p, read in enumerate(passages):
        nationals = [f for f in read.figures if f.scope and f.scope[:4].lower() == subject and not f.in_comparison]
        if len(nationals) != 1:
            continue
        window = [f for q in range(p, min(p + 2, len(passages))) for f in passages[q].figures]
        foreign = [f for f in window if f.scope == "foreign" and not f.in_comparison and f.mention.start > nationals[0].mention.start - 400]
        if len(foreign) != 1:
            continue
        total = _total_before(document, p, nationals[0])
        if total is None:
            continue
        relations.append(_relation(book, total, [nationals[0], foreign[0]], 0.8,
                                   f"{nationals[0].scope} and foreign counts against the total before them"))
    return relations


def _total_before(document: Document, p: int, part: FigureRead) -> FigureRead | None:
    """The nearest count of people before ``part`` in its paragraph that is not itself a part."""
    text = document.source.text
    for q in range(p, max(-1, p - 4), -1):
        read = document.passages[q]
        if q < p and "\n" in text[read.passage.end:document.passages[q + 1].passage.start]:
            return None   # a paragraph break: the total must be in the same paragraph
        for figure in reversed(read.figures):
            if figure.mention.start >= part.mention.start or figure.in_comparison or figure.in_parentheses:
                continue
            if figure.head in PEOPLE and not figure.scope and figure.verbs and not figure.qualifier:
                return figure
    return None


def _relation(book: FigureBook, whole: FigureRead, parts: list[FigureRead], confidence: float, how: str) -> Relation:
    whole_fig = book.figure(whole)
    part_figs = [book.figure(p) for p in parts]
    rule = Aggregate(id=f"discover/{FAMILY}/{whole_fig.id}", kind="aggregate", severity="warning",
                     description=f"scope aggregate: {how}: " + " + ".join(f"“{p.mention.text}” ({p.scope})" for p in parts)
                                 + f" against “{whole.mention.text}”",
                     aggregate=whole_fig.id, components=[f.id for f in part_figs])
    read_as = ("read as " + " + ".join(f"{p.scope} {show(p.value)}" for p in parts)
               + f" = {show(sum(p.value for p in parts))} against {show(whole.value)} {whole.noun}"
               + (f" in {whole.period}" if whole.period.isdigit() else ""))
    return Relation(FAMILY, rule, [whole_fig, *part_figs], confidence, rule.description, read_as)
