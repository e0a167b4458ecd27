"""``percent_of_base``: a count stated with its percentage of a stated base agrees with both.

"Out of 150,000 children … 50 percent" with "75,000 children" stated elsewhere::

    - id: street-children-share
      kind: percent_of_base
      description: "Out of 150,000 children living on the streets … 50 percent are victims"
      percent: street-children-victims-pct
      base: street-children
      part: street-children-victims
      tolerance: {relative: 0.01}

GX's ``ExpectRatioToMatchTarget`` checks part / base = percent / 100 within the relative
tolerance (by cross multiplication: a zero base fails rather than raising).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from ..extracts import Figure
from .base import Check, Rule, Tolerance, show


class PercentOfBase(Rule):
    """A percentage of a stated base (``percent``, ``base``, ``part``, ``tolerance``)."""

    kind_name: ClassVar[str] = "percent_of_base"
    kind: Literal["percent_of_base"]
    percent: str
    base: str
    part: str
    tolerance: Tolerance = Field(default_factory=lambda: Tolerance(relative=0.01))

    def figure_roles(self) -> list[tuple[str, str]]:
        return [(self.percent, "percent"), (self.base, "base"), (self.part, "part")]

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        pct, base, part = figures[self.percent], figures[self.base], figures[self.part]
        implied = pct.value / 100.0 * base.value
        actual = part.value / base.value * 100.0 if base.value else float("nan")
        return [Check(
            table="ratio",
            values=(part.value, base.value, pct.value, 100.0, self.tolerance.relative),
            fails_as=f"{show(pct.value)} % of {show(base.value)} is {show(implied)}, but the text gives {show(part.value)} ({show(actual)} %)",
            holds_as=f"{show(part.value)} is {show(pct.value)} % of {show(base.value)}",
            expected=implied, observed=part.value, figure_ids=(pct.id, base.id, part.id),
        )]
