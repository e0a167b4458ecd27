"""N of M: "17 of 32 states" against the other statements of M.

The scanner marks "27 of 31 states", "Twenty-eight out of 31 states", "1 in 4" as part/whole
pairs. Statements counting the same thing (the word after M) must agree on M, and N must not
exceed M (``n_of_m``: the M most statements use is the reference). Only a thing counted out of
M at least three times is checked: with two statements nobody can say which M is right.

What it cannot see: an M that is right for another period ("of 31 states then, 32 now") or
another place (one text covering two countries, each with its own number of states).
"""

from __future__ import annotations

from collections import Counter

from ..rules.n_of_m import NOfM, PartOf
from .model import Document, FigureBook, Relation

FAMILY = "n_of_m"


def find(document: Document, book: FigureBook) -> list[Relation]:
    pairs: dict[str, list] = {}
    figures = document.figures
    for part, whole in zip(figures, figures[1:]):
        if part.mention.role == "part" and whole.mention.role == "whole" and whole.head:
            pairs.setdefault(whole.head, []).append((part, whole))
    relations = []
    for head, items in pairs.items():
        if len(items) < 3:
            continue
        counts = Counter(w.value for _, w in items)
        majority, n = counts.most_common(1)[0]
        confidence = 0.8 if n >= 2 and n > len(items) - n else 0.5
        made = [(book.figure(p), book.figure(w)) for p, w in items]
        rule = NOfM(id=f"discover/{FAMILY}/{made[0][1].id}", kind="n_of_m", severity="warning",
                    description="N of M: " + "; ".join(f"“{p.mention.text} of {w.mention.text} {w.noun}”" for p, w in items),
                    items=[PartOf(part=p.id, whole=w.id) for p, w in made])
        read_as = f"read as {len(items)} counts out of one number of {items[0][1].noun or head}: " + ", ".join(
            f"{p.mention.text} of {w.mention.text}" for p, w in items)
        relations.append(Relation(FAMILY, rule, [f for pair in made for f in pair], confidence, rule.description, read_as))
    return relations
