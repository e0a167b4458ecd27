"""``relative_change``: a change stated as a proportion ("rose by a third", "doubled", "fell 20 %").

::

    - id: state-investigations-rose-by-a-third
      kind: relative_change
      severity: warning
      description: "State human trafficking investigations in Mexico rose by a third last year"
      earlier: investigations-state-2016
      later: investigations-state-2017
      factor: 1.3333333          # later / earlier as claimed
      tolerance: {relative: 0.05}

GX's ``ExpectRatioToMatchTarget`` checks later / earlier = factor within the relative tolerance.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import ClassVar, Literal

from pydantic import Field

from ..extracts import Figure
from .base import Check, Rule, Tolerance, show


class RelativeChange(Rule):
    """A proportional change (``earlier``, ``later``, ``factor`` = later/earlier, ``tolerance``)."""

    kind_name: ClassVar[str] = "relative_change"
    kind: Literal["relative_change"]
    earlier: str
    later: str
    factor: float = Field(gt=0, allow_inf_nan=False)
    tolerance: Tolerance = Field(default_factory=lambda: Tolerance(relative=0.05))

    def figure_roles(self) -> list[tuple[str, str]]:
        return [(self.earlier, "earlier"), (self.later, "later")]

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        earlier, later = figures[self.earlier], figures[self.later]
        target = Fraction(self.factor).limit_denominator(1000)
        implied = earlier.value * self.factor
        change = (later.value / earlier.value - 1) * 100 if earlier.value else float("nan")
        claimed = (self.factor - 1) * 100
        return [Check(
            table="ratio",
            values=(later.value, earlier.value, float(target.numerator), float(target.denominator), self.tolerance.relative),
            fails_as=(f"a change of {show(round(claimed, 1))} % from {show(earlier.value)} would give about {show(round(implied) if math.isfinite(implied) else implied)}, "
                      f"but the figures go from {show(earlier.value)} to {show(later.value)} ({change:+.1f} %)"),
            holds_as=f"{show(earlier.value)} → {show(later.value)} is a change of {change:+.1f} %, as claimed",
            expected=round(implied, 2), observed=later.value, figure_ids=(earlier.id, later.id),
        )]
