"""``part_of_whole``: a part is at most its whole.

Arrests for one offence within all arrests; calls with trafficking indicators within calls
received; humanitarian visas issued within the victims assisted::

    - id: hsi-arrests-sex-trafficking-within-all
      kind: part_of_whole
      description: "made 1,588 related arrests, 1,543 of which were for sex-trafficking violations"
      whole: hsi-arrests-2018
      parts: [hsi-arrests-sex-2018]

Each part is checked on its own (parts need not add up: that is ``sum_total``) by GX's
built-in ``ExpectColumnPairValuesAToBeGreaterThanB`` with ``or_equal=True``.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from ..extracts import Figure
from .base import Check, Rule, names_for, show


class PartOfWhole(Rule):
    """A part is at most its whole (``whole``, ``parts``)."""

    kind_name: ClassVar[str] = "part_of_whole"
    kind: Literal["part_of_whole"]
    whole: str
    parts: list[str] = Field(min_length=1)

    def figure_roles(self) -> list[tuple[str, str]]:
        return [(self.whole, "whole")] + [(p, "part") for p in self.parts]

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        whole = figures[self.whole]
        result = []
        for pid in self.parts:
            part = figures[pid]
            part_name, whole_name = names_for([part, whole])
            result.append(Check(
                table="at_least",
                values=(whole.value, part.value),
                fails_as=f"the part ({part_name} {show(part.value)}) exceeds its whole ({whole_name} {show(whole.value)}) by {show(part.value - whole.value)}",
                holds_as=f"{part_name} {show(part.value)} ≤ {whole_name} {show(whole.value)}",
                expected=f"≤ {show(whole.value)}", observed=part.value, figure_ids=(part.id, whole.id),
            ))
        return result
