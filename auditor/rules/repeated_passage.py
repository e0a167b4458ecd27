"""``repeated_passage``: the figures of a passage stated twice are the same in both copies.

The seed states its 2017 breakdown of identified victims twice; every figure of one copy is
paired with the same figure of the other::

    - id: victims-2017-breakdown-repeated
      kind: repeated_passage
      description: "The government reported identifying 667 trafficking victims in 2017 …" (twice)
      pairs:
        - [victims-2017-total, victims-2017-total-copy]
        - [victims-2017-sex, victims-2017-sex-copy]

Evaluated by GX's built-in ``ExpectColumnPairValuesToBeEqual`` (exact equality) over the
``equal`` check table. Repeats found automatically in the sources (see ``auditor.read.passages``)
become rules of this kind too, with ids ``repeat/<source>@<start>~<source>@<start>``.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from ..extracts import Figure
from .base import Check, Rule, show


class RepeatedPassage(Rule):
    """Repeated passages agree (``pairs`` of figure ids, one from each copy)."""

    kind_name: ClassVar[str] = "repeated_passage"
    kind: Literal["repeated_passage"]
    pairs: list[tuple[str, str]] = Field(min_length=1)

    def figure_roles(self) -> list[tuple[str, str]]:
        roles = []
        for first, second in self.pairs:
            roles += [(first, "first copy"), (second, "second copy")]
        return roles

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        return [pair_check(figures[a], figures[b]) for a, b in self.pairs]


def pair_check(first: Figure, second: Figure) -> Check:
    """An ``equal`` check between a figure and its counterpart in the other copy."""
    return Check(
        table="equal",
        values=(first.value, second.value),
        fails_as=(f"{first.figure!r} at {first.source}:{first.start} is repeated as "
                  f"{second.figure!r} at {second.source}:{second.start}: {show(first.value)} ≠ {show(second.value)}"),
        holds_as=f"{first.figure!r} is repeated unchanged ({show(first.value)})",
        expected=first.value,
        observed=second.value,
        figure_ids=(first.id, second.id),
    )
