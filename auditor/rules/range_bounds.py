"""``range``: a range runs from low to high, and sits inside the bounds the text states.

"sentences ranging from two years to 99 years" against the law's "penalties ranging from
five to 30 years"::

    - id: sentences-within-statutory-penalties
      kind: range
      severity: warning
      description: "sentences ranging from two years to 99 years … penalties ranging from five to 30 years"
      low: sentences-min
      high: sentences-max
      within: {low: penalty-min, high: penalty-max}   # optional

Every comparison is a row for GX's built-in ``ExpectColumnPairValuesAToBeGreaterThanB``
(``or_equal``): high ≥ low, and with ``within``, low ≥ bound low and bound high ≥ high.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from ..extracts import Figure
from .base import Check, Rule, show


class Bounds(BaseModel):
    """The bounds a range must sit inside."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    low: str | None = None
    high: str | None = None


class Range(Rule):
    """A range is ordered and within bounds (``low``, ``high``, optional ``within``)."""

    kind_name: ClassVar[str] = "range"
    kind: Literal["range"]
    low: str
    high: str
    within: Bounds | None = None

    def figure_roles(self) -> list[tuple[str, str]]:
        roles = [(self.low, "low"), (self.high, "high")]
        if self.within and self.within.low:
            roles.append((self.within.low, "lower bound"))
        if self.within and self.within.high:
            roles.append((self.within.high, "upper bound"))
        return roles

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        low, high = figures[self.low], figures[self.high]
        result = [Check(
            "at_least", (high.value, low.value),
            fails_as=f"the range runs backwards: from {show(low.value)} to {show(high.value)}",
            holds_as=f"{show(low.value)} ≤ {show(high.value)}",
            expected=f"≥ {show(low.value)}", observed=high.value, figure_ids=(low.id, high.id),
        )]
        if self.within and self.within.low:
            bound = figures[self.within.low]
            result.append(Check(
                "at_least", (low.value, bound.value),
                fails_as=f"the low end {show(low.value)} is below the stated minimum {show(bound.value)}",
                holds_as=f"the low end {show(low.value)} is at least the minimum {show(bound.value)}",
                expected=f"≥ {show(bound.value)}", observed=low.value, figure_ids=(low.id, bound.id),
            ))
        if self.within and self.within.high:
            bound = figures[self.within.high]
            result.append(Check(
                "at_least", (bound.value, high.value),
                fails_as=f"the high end {show(high.value)} is above the stated maximum {show(bound.value)}",
                holds_as=f"the high end {show(high.value)} is at most the maximum {show(bound.value)}",
                expected=f"≤ {show(bound.value)}", observed=high.value, figure_ids=(high.id, bound.id),
            ))
        return result
