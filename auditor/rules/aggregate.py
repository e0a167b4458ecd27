"""``aggregate``: components reported separately match the aggregate reported for them.

The federal and state governments' counts against the national count; victims in the United
States plus those in other countries against all victims abroad; forced labour plus forced
marriage against everyone in modern slavery::

    - id: victims-2016-federal-state-national
      kind: aggregate
      description: "The federal government identified 140 victims, compared to 194 in 2016 …"
      aggregate: victims-2016-national
      components: [victims-2016-federal, victims-2016-state]

Same arithmetic as ``sum_total`` (GX ``ExpectPartsToSumToTotal``); the message names the
components and the aggregate by their scope.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from ..extracts import Figure
from .base import Check, Rule, SumParts, Tolerance
from .sum_total import sum_check


class Aggregate(Rule):
    """Components match an aggregate (``aggregate``, ``components``, optional ``tolerance``)."""

    kind_name: ClassVar[str] = "aggregate"
    kind: Literal["aggregate"]
    aggregate: str
    components: SumParts = Field(min_length=2)
    tolerance: Tolerance = Field(default_factory=Tolerance)

    def figure_roles(self) -> list[tuple[str, str]]:
        return [(c, "component") for c in self.components] + [(self.aggregate, "aggregate")]

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        # The aggregate is named by what sets it apart from its components ("the national total").
        return [sum_check(figures[self.aggregate], [figures[c] for c in self.components], self.tolerance, None)]
