"""``same_fact``: one fact stated in several places, in other words, gives one number.

"24.9 million in forced labour", "24.9 million people are victims of forced labor" and
"24.9 million people are trapped in forced labor" are the same figure three times::

    - id: forced-labour-global-restated
      kind: same_fact
      description: "24.9 million in forced labour" / "… victims of forced labor" / "… trapped in forced labor"
      figures: [forced-labour-global, forced-labour-global-2, forced-labour-global-3]
      tolerance: {relative: 0.005}

Each restatement is compared with the first within the tolerance (for rounding: "6.7 million"
against "6,712,000"), by GX's ``ExpectPartsToSumToTotal`` with one part.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from ..extracts import Figure
from .base import Check, Rule, Tolerance, show


class SameFact(Rule):
    """One fact restated agrees (``figures``: the first is the reference; ``tolerance``)."""

    kind_name: ClassVar[str] = "same_fact"
    kind: Literal["same_fact"]
    figures: list[str] = Field(min_length=2)
    tolerance: Tolerance = Field(default_factory=Tolerance)

    def figure_roles(self) -> list[tuple[str, str]]:
        return [(self.figures[0], "statement")] + [(f, "restatement") for f in self.figures[1:]]

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        first = figures[self.figures[0]]
        allowed = self.tolerance.around(first.value)
        result = []
        for fid in self.figures[1:]:
            other = figures[fid]
            slack = f" (tolerance {show(allowed)})" if allowed else ""
            result.append(Check(
                table="sum",
                values=(first.value, allowed, other.value),
                fails_as=f"stated as {first.figure!r} ({show(first.value)}) at {first.source}:{first.start} but as {other.figure!r} ({show(other.value)}) at {other.source}:{other.start}{slack}",
                holds_as=f"{other.figure!r} at {other.source}:{other.start} agrees with {first.figure!r}{slack}",
                expected=first.value, observed=other.value, figure_ids=(first.id, other.id),
            ))
        return result
