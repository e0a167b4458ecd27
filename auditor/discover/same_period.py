"""The same period twice: one comparison giving one year two values.

    "secured eleven convictions in 2019, compared with eight convictions in 2019"

Within one sentence, a figure and a figure it is compared with that count the same thing and
name the same year must be equal (``same_fact``). Both years must be written next to their
figures: a year the reader infers is not enough to call two statements one.

What it cannot see: a year restated in another sentence (see :mod:`.restatements`).
"""

from __future__ import annotations

from ..rules.same_fact import SameFact
from .model import Document, FigureBook, Relation, show

FAMILY = "same_period"


def find(document: Document, book: FigureBook) -> list[Relation]:
    relations = []
    for head in document.figures:
        if head.period_how != "own" or not head.period.isdigit():
            continue
        for other in head.compared:
            if other.period_how == "own" and other.period == head.period and other.head == head.head \
                    and other.unit == head.unit and (not other.verbs or not head.verbs or other.verbs & head.verbs):
                a, b = book.figure(head), book.figure(other)
                rule = SameFact(id=f"discover/{FAMILY}/{a.id}", kind="same_fact", severity="warning",
                                description=f"same period twice: {head.mention.text} and {other.mention.text} both for {head.period}: "
                                            f"“{head.passage.text[:200]}”",
                                figures=[a.id, b.id])
                read_as = f"read as one measure given twice for {head.period}: {show(head.value)} and {show(other.value)}"
                relations.append(Relation(FAMILY, rule, [a, b], 0.85, rule.description, read_as))
    return relations
