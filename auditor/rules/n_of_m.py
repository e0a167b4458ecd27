"""``n_of_m``: "N of M states" counts the same M everywhere, and N never exceeds it.

"27 of 31 states", "Twenty-eight out of 31 states", "Twenty-three of 31 states", "17 of 31
states" and "at least 17 of 32 states" all count Mexico's states; one of them disagrees::

    - id: mexican-states-count
      kind: n_of_m
      description: "27 of 31 states … Twenty-eight out of 31 states … at least 17 of 32 states"
      whole: 31              # optional: the known M; otherwise the M most statements use
      items:
        - {part: prosecutors-states, whole: prosecutors-states-of}
        - {part: criminal-alliances-states, whole: criminal-alliances-states-of}

Every M is compared with the reference by GX's ``ExpectColumnPairValuesToBeEqual``; every N
against its M by ``ExpectColumnPairValuesAToBeGreaterThanB`` (``or_equal``).
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..extracts import Figure
from .base import Check, Rule, show


class PartOf(BaseModel):
    """One "N of M" statement."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    part: str
    whole: str


class NOfM(Rule):
    """N of M counts agree on M (``items``: part/whole pairs, optional ``whole``)."""

    kind_name: ClassVar[str] = "n_of_m"
    kind: Literal["n_of_m"]
    items: list[PartOf] = Field(min_length=1)
    whole: float | None = Field(None, gt=0, allow_inf_nan=False)

    def figure_roles(self) -> list[tuple[str, str]]:
        roles = []
        for item in self.items:
            roles += [(item.part, "N"), (item.whole, "M")]
        return roles

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        wholes = [figures[i.whole] for i in self.items]
        if self.whole is not None:
            reference, basis = self.whole, "the known number"
        else:
            # The M most statements use; ties go to the first stated.
            counts = Counter(w.value for w in wholes)
            reference = max(counts, key=lambda v: (counts[v], -[w.value for w in wholes].index(v)))
            basis = f"{counts[reference]} of {len(wholes)} statements"
        result = []
        for item in self.items:
            part, whole = figures[item.part], figures[item.whole]
            phrase = f"{part.figure} of {whole.figure}"
            result.append(Check(
                "equal", (whole.value, reference),
                fails_as=f"\"{phrase}\" at {whole.source}:{whole.start} counts {show(whole.value)}, but {basis} count {show(reference)}",
                holds_as=f"\"{phrase}\" counts {show(reference)}",
                expected=reference, observed=whole.value, figure_ids=(part.id, whole.id),
            ))
            result.append(Check(
                "at_least", (whole.value, part.value),
                fails_as=f"\"{phrase}\": {show(part.value)} is more than {show(whole.value)}",
                holds_as=f"\"{phrase}\": {show(part.value)} ≤ {show(whole.value)}",
                expected=f"≤ {show(whole.value)}", observed=part.value, figure_ids=(part.id, whole.id),
            ))
        return result
