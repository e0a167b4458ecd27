"""Subsets: a part stated inside its whole, against the other figures for that part nearby.

    "identifying 348 potential victims of trafficking (252 children) … nearly all of whom (231)
     were children … 22 of whom were children"

A figure in parentheses right after a total names a part of it: it must not exceed the total
(``part_of_whole``). Figures further on in the same paragraph that count the same group
("were children", "22 children") are parts of that part: together they must not exceed it
(``sum_total`` with ``exhaustive: false``) — the writer may leave some out, never count more.

What it cannot see: groups named in other words ("minors" for "children"), and groups counted
twice on purpose (the same children in two breakdowns): the paragraph is the limit, and a
figure that is itself compared with another year is left out.
"""

from __future__ import annotations

from ..read.context import FigureRead, ReadPassage, singular
from ..rules.part_of_whole import PartOfWhole
from ..rules.sum_total import SumTotal
from .model import Document, FigureBook, Relation, show

FAMILY = "subset"


def find(document: Document, book: FigureBook) -> list[Relation]:
    relations = []
    passage_of = {id(read.passage): read for read in document.passages}
    for p, read in enumerate(document.passages):
        for whole in read.figures:
            inner = _parenthesised_part(read, whole)
            if inner is None:
                continue
            relations.append(_part_of_whole(book, whole, inner))
            group = _group_of(read, inner)
            members = [f for f in _paragraph_after(document, p, inner)
                       if _group_of(passage_of[id(f.passage)], f) == group]
            if len(members) >= 2:
                relations.append(_within(book, inner, members, group))
    return relations


def _parenthesised_part(read: ReadPassage, whole: FigureRead) -> FigureRead | None:
    """ "348 potential victims of trafficking (252 children)": the one figure in the aside."""
    if whole.in_comparison or whole.in_parentheses or not whole.head or whole.unit != "count":
        return None
    tokens = read.tokens
    for i in range(whole.index + 1, min(len(tokens), whole.index + 8)):
        t = tokens[i]
        if t.kind == "num" or t.text in (",", ".", ";"):
            return None
        if t.text == "(":
            inner = [f for f in read.figures if i < f.index <= i + 4]
            close = next((j for j in range(i + 1, min(len(tokens), i + 6)) if tokens[j].text == ")"), None)
            if close is None or len(inner) != 1 or inner[0].index >= close or inner[0].unit != whole.unit:
                return None
            part = inner[0]
            return part if part.head and part.head != whole.head else None
    return None


def _group_of(read: ReadPassage, figure: FigureRead) -> str:
    tokens = read.tokens
    words = [t.low for t in tokens[figure.index + 1:figure.index + 6] if t.kind == "word"]
    if words[:1] in (["were"], ["was"], ["are"]) and len(words) > 1:
        return singular(words[1])
    if words[:3] == ["of", "whom", "were"] and len(words) > 3:
        return singular(words[3])
    return figure.head


def _paragraph_after(document: Document, p: int, inner: FigureRead) -> list[FigureRead]:
    text = document.source.text
    found = []
    for q in range(p, min(p + 4, len(document.passages))):
        read = document.passages[q]
        if q > p and "\n" in text[document.passages[q - 1].passage.end:read.passage.start]:
            break
        found += [f for f in read.figures if f.mention.start > inner.mention.end and not f.in_comparison
                  and f.unit == inner.unit and not f.qualifier]
    return found


def _part_of_whole(book: FigureBook, whole: FigureRead, part: FigureRead) -> Relation:
    w, p = book.figure(whole), book.figure(part)
    rule = PartOfWhole(id=f"discover/{FAMILY}/{p.id}", kind="part_of_whole", severity="warning",
                       description=f"subset: “{whole.mention.text} {whole.noun} ({part.mention.text} {part.noun})”",
                       whole=w.id, parts=[p.id])
    read_as = f"read as {show(part.value)} {part.noun} among {show(whole.value)} {whole.noun}"
    return Relation(FAMILY, rule, [w, p], 0.85, rule.description, read_as)


def _within(book: FigureBook, inner: FigureRead, members: list[FigureRead], group: str) -> Relation:
    total = book.figure(inner)
    parts = [book.figure(m) for m in members]
    rule = SumTotal(id=f"discover/{FAMILY}/{total.id}/parts", kind="sum_total", severity="warning",
                    description=f"subset: later counts of {group} in the paragraph of “{inner.mention.text} {inner.noun}”: "
                                + ", ".join(f"“{m.mention.text}”" for m in members),
                    total=total.id, parts=[p.id for p in parts], exhaustive=False)
    read_as = (f"read as counts of {group} within the {show(inner.value)} {inner.noun}: "
               + " + ".join(show(m.value) for m in members) + f" ≤ {show(inner.value)}")
    return Relation(FAMILY, rule, [total, *parts], 0.75, rule.description, read_as)
