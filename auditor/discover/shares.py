"""Shares: percentages of one whole in one sentence.

    "58% were white, 20% were black and 18% were Hispanic"

Percentages listed as the items of one list (:mod:`.lists`) and dividing the whole one way
(sex, race, age, nationality: "58% were white, 20% were black, 18% were Hispanic") are shares
of one whole. A list the writer closes with a remainder ("…, and 7% other") must sum to 100
within rounding (``shares``); any other run must not exceed 100. Items that divide the whole
another way ("91% were male, 58% were white") start another run; items whose dimension is not
known are left alone.

What it cannot see: shares of different wholes in one list, and shares spread over sentences.
A percentage that is a change ("a 26% increase") is not a share.
"""

from __future__ import annotations

from ..rules.shares import Shares
from .lists import read_list
from .model import Document, FigureBook, Relation
from ..read.vocabulary import dimension_of

FAMILY = "shares"
_CHANGE_AFTER = {"increase", "decrease", "rise", "drop", "decline", "growth", "reduction", "more", "fewer",
                 "higher", "lower", "points", "point", "change"}


def find(document: Document, book: FigureBook) -> list[Relation]:
    relations = []
    for read in document.passages:
        percents = [f for f in read.figures if f.unit == "percent" and f.mention.kind == "percent"]
        if len(percents) < 2:
            continue
        items = read_list(read, percents[0].index, None)
        shares = [item for item in items.items if item.figure.unit == "percent"]
        if len(shares) < 2 or len(shares) != len(items.items) or items.nested:
            continue
        if any(item.words[:1] and item.words[0] in _CHANGE_AFTER for item in shares):
            continue
        if any(item.figure.mention.role for item in shares):
            continue   # "10-20%": a range, not shares
        for group in _one_dimension_runs(shares):
            relations.append(_relation(book, read, group, closed=items.closed and group[-1] is shares[-1]))
    return relations


def _one_dimension_runs(shares: list) -> list[list]:
    """Runs of two or more consecutive items dividing the whole the same way."""
    runs: list[list] = []
    current: list = []
    current_dimension = ""
    for item in shares:
        dimension = dimension_of([w for w in item.words if w not in ("were", "was", "are", "is")])
        if dimension and dimension == current_dimension:
            current.append(item)
            continue
        if len(current) >= 2:
            runs.append(current)
        current, current_dimension = ([item], dimension) if dimension else ([], "")
    if len(current) >= 2:
        runs.append(current)
    return runs


def _relation(book: FigureBook, read, shares: list, closed: bool) -> Relation:
    complete = closed and any(item.is_remainder for item in shares)
    figures = [book.figure(item.figure) for item in shares]
    rule = Shares(id=f"discover/{FAMILY}/{figures[0].id}", kind="shares", severity="warning",
                  description=f"shares of one whole: “{read.passage.text[:240]}”",
                  shares=[f.id for f in figures], complete=complete)
    total = sum(item.figure.value for item in shares)
    read_as = ("read as shares of one whole: " + " + ".join(item.figure.mention.text for item in shares)
               + f" = {total:g} %" + (" (should be 100 %)" if complete else " (at most 100 %)"))
    return Relation(FAMILY, rule, figures, 0.8, rule.description, read_as)
