"""``shares``: percentage shares of one whole add up to 100 %.

"45 % of victims were women, 30 % girls, 15 % men and 10 % boys" must make 100 %::

    - id: victims-by-sex-age-shares
      kind: shares
      description: "45 % … women, 30 % girls, 15 % men and 10 % boys"
      shares: [share-women, share-girls, share-men, share-boys]
      tolerance: {absolute: 1}      # rounded percentages may add to 99 or 101

Evaluated by GX's ``ExpectPartsToSumToTotal`` against a total of 100. ``complete: false``
turns the check into "at most 100 %" for lists that name only some of the shares.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from ..extracts import Figure
from .base import Check, Rule, SumParts, exact_sum, Tolerance, names_for, show


class Shares(Rule):
    """Shares of one whole sum to 100 % (``shares``, ``tolerance``, ``complete``)."""

    kind_name: ClassVar[str] = "shares"
    kind: Literal["shares"]
    shares: SumParts = Field(min_length=1)
    complete: bool = True
    tolerance: Tolerance = Field(default_factory=lambda: Tolerance(absolute=0.5))

    def figure_roles(self) -> list[tuple[str, str]]:
        return [(s, "share") for s in self.shares]

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        shares = [figures[s] for s in self.shares]
        total = exact_sum(s.value for s in shares)
        terms = " + ".join(f"{label} {show(s.value)} %" for label, s in zip(names_for(shares), shares))
        allowed = self.tolerance.around(100.0)
        ids = tuple(s.id for s in shares)
        if not self.complete:
            return [Check("at_least", (100.0 + allowed, total),
                          fails_as=f"{terms} = {show(total)} %, more than 100 %",
                          holds_as=f"{terms} = {show(total)} %, within 100 %",
                          expected="≤ 100", observed=total, figure_ids=ids)]
        return [Check("sum", (100.0, allowed, *[s.value for s in shares]),
                      fails_as=f"{terms} = {show(total)} %, not 100 % (tolerance {show(allowed)})",
                      holds_as=f"{terms} = {show(total)} %",
                      expected=100, observed=total, figure_ids=ids)]
