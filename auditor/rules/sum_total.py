"""``sum_total``: the parts of a breakdown add up to its stated total.

Example — "667 trafficking victims in 2017—429 for sex trafficking, 103 for forced labor …"::

    - id: victims-2017-by-exploitation
      kind: sum_total
      severity: error
      description: "The government reported identifying 667 trafficking victims in 2017—429 for sex trafficking, …"
      total: victims-2017-total
      parts: [victims-2017-sex, victims-2017-labor, victims-2017-begging, ...]
      tolerance: {absolute: 0}

Evaluated by GX as ``ExpectPartsToSumToTotal`` over the ``sum`` check table. The tolerance
(the larger of ``absolute`` and ``relative`` × total) allows for rounding in the source.
"""

from __future__ import annotations

import math
from typing import ClassVar, Literal

from pydantic import Field

from ..extracts import Figure
from .base import Check, Rule, SumParts, Tolerance, names_for, show


class SumTotal(Rule):
    """Parts sum to a total (``total``, ``parts``, optional ``tolerance``)."""

    kind_name: ClassVar[str] = "sum_total"
    kind: Literal["sum_total"]
    total: str
    parts: SumParts = Field(min_length=1)
    tolerance: Tolerance = Field(default_factory=Tolerance)

    def figure_roles(self) -> list[tuple[str, str]]:
        return [(self.total, "total")] + [(p, "part") for p in self.parts]

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        return [sum_check(figures[self.total], [figures[p] for p in self.parts], self.tolerance, "total")]


def sum_check(total: Figure, parts: list[Figure], tolerance: Tolerance, total_word: str | None) -> Check:
    """A ``sum`` check with the message an editor reads: "a 1 + b 2 = 3, but the total is 4: off by 1"."""
    labels = names_for([*parts, total])
    terms = " + ".join(f"{label} {show(p.value)}" for label, p in zip(labels, parts))
    # fsum: exact whatever the order, and raises OverflowError instead of summing to inf.
    parts_sum = math.fsum(p.value for p in parts)
    if total_word is None:
        total_word = f"{labels[-1]} total" if labels[-1] != total.id else "aggregate"
    difference = parts_sum - total.value
    allowed = tolerance.around(total.value)
    slack = f" (tolerance {show(allowed)})" if allowed else ""
    return Check(
        table="sum",
        values=(total.value, allowed, *[p.value for p in parts]),
        fails_as=f"{terms} = {show(parts_sum)}, but the {total_word} is {show(total.value)}: off by {show(abs(difference))}{slack}",
        holds_as=f"{terms} = {show(parts_sum)}, matching the {total_word} {show(total.value)}{slack}",
        expected=total.value,
        observed=parts_sum,
        figure_ids=(total.id, *[p.id for p in parts]),
    )
