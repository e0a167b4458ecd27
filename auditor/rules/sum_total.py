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

A list the text does not close ("including 63 labor trafficking cases and 24 …", "among them",
"at least") may leave parts out: ``exhaustive: false`` only requires the parts not to exceed
the total, evaluated as GX's ``ExpectColumnPairValuesAToBeGreaterThanB`` (``or_equal``) over
the total and the parts' sum::

      exhaustive: false

A total the text names as a group of other figures ("Of the sex and labor trafficking victims
identified, there were 31 women, 25 men, …" after "42 labor trafficking victims, 23 sex
trafficking victims") is a list of figure ids: the parts must sum to their sum::

      total: [victims-labor, victims-sex]
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from ..extracts import Figure
from .base import Check, Rule, SumParts, exact_sum, Tolerance, names_for, show


class SumTotal(Rule):
    """Parts sum to a total (``total``, ``parts``, optional ``tolerance``, ``exhaustive``)."""

    kind_name: ClassVar[str] = "sum_total"
    kind: Literal["sum_total"]
    total: str | SumParts = Field(description="the total's figure id, or the ids of figures that make it up together")
    parts: SumParts = Field(min_length=1)
    tolerance: Tolerance = Field(default_factory=Tolerance)
    exhaustive: bool = Field(True, description="false: the parts may leave some out, so they must only not exceed the total")

    @property
    def totals(self) -> list[str]:
        return [self.total] if isinstance(self.total, str) else list(self.total)

    def figure_roles(self) -> list[tuple[str, str]]:
        return [(t, "total") for t in self.totals] + [(p, "part") for p in self.parts]

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        parts = [figures[p] for p in self.parts]
        if len(self.totals) > 1:
            return [group_sum_check([figures[t] for t in self.totals], parts, self.tolerance, self.exhaustive)]
        total = figures[self.totals[0]]
        if not self.exhaustive:
            return [within_check(total, parts, self.tolerance)]
        return [sum_check(total, parts, self.tolerance, "total")]


def within_check(total: Figure, parts: list[Figure], tolerance: Tolerance) -> Check:
    """An ``at_least`` check: the parts of a list that may leave some out do not exceed the total."""
    labels = names_for([*parts, total])
    terms = " + ".join(f"{label} {show(p.value)}" for label, p in zip(labels, parts))
    parts_sum = exact_sum(p.value for p in parts)
    allowed = tolerance.around(total.value)
    return Check(
        table="at_least",
        values=(total.value + allowed, parts_sum),
        fails_as=f"{terms} = {show(parts_sum)}, more than the total {show(total.value)} by {show(parts_sum - total.value)}",
        holds_as=f"{terms} = {show(parts_sum)}, within the total {show(total.value)}",
        expected=f"≤ {show(total.value)}", observed=parts_sum, figure_ids=(total.id, *[p.id for p in parts]),
    )


def sum_check(total: Figure, parts: list[Figure], tolerance: Tolerance, total_word: str | None) -> Check:
    """A ``sum`` check with the message an editor reads: "a 1 + b 2 = 3, but the total is 4: off by 1"."""
    labels = names_for([*parts, total])
    terms = " + ".join(f"{label} {show(p.value)}" for label, p in zip(labels, parts))
    parts_sum = exact_sum(p.value for p in parts)
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


def group_sum_check(totals: list[Figure], parts: list[Figure], tolerance: Tolerance, exhaustive: bool) -> Check:
    """Parts against a total made of several figures: "31 + 25 + 14 + 9 = 79, but 42 + 23 = 65"."""
    whole = exact_sum(t.value for t in totals)
    named = " + ".join(show(t.value) for t in totals)
    parts_sum = exact_sum(p.value for p in parts)
    terms = " + ".join(show(p.value) for p in parts)
    allowed = tolerance.around(whole)
    ids = (*[t.id for t in totals], *[p.id for p in parts])
    if not exhaustive:
        return Check("at_least", (whole + allowed, parts_sum),
                     fails_as=f"{terms} = {show(parts_sum)}, more than the total {named} = {show(whole)}",
                     holds_as=f"{terms} = {show(parts_sum)}, within the total {named} = {show(whole)}",
                     expected=f"≤ {show(whole)}", observed=parts_sum, figure_ids=ids)
    return Check("sum", (whole, allowed, *[p.value for p in parts]),
                 fails_as=f"{terms} = {show(parts_sum)}, but the total {named} is {show(whole)}: off by {show(abs(parts_sum - whole))}",
                 holds_as=f"{terms} = {show(parts_sum)}, matching the total {named} = {show(whole)}",
                 expected=whole, observed=parts_sum, figure_ids=ids)
