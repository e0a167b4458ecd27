"""``conversion``: amounts given in two currencies imply one exchange rate.

"598,500 pesos ($30,370)" and "6.7 million pesos ($340,030)" both imply about 19.7 pesos to
the dollar::

    - id: peso-dollar-rate
      kind: conversion
      description: "598,500 pesos ($30,370) … 6.7 million pesos ($340,030)"
      pairs:                       # [amount, the same amount in the other currency]
        - [indesol-funding-mxn, indesol-funding-usd]
        - [federal-funding-mxn, federal-funding-usd]
      tolerance: {relative: 0.02}  # rates of different days, rounding of "6.7 million"

Each pair's rate is compared with the first pair's by GX's ``ExpectRatioToMatchTarget``.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from ..extracts import Figure
from .base import Check, Rule, Tolerance


class Conversion(Rule):
    """Currency pairs imply one rate (``pairs`` of [amount, converted amount], ``tolerance``)."""

    kind_name: ClassVar[str] = "conversion"
    kind: Literal["conversion"]
    pairs: list[tuple[str, str]] = Field(min_length=2)
    tolerance: Tolerance = Field(default_factory=lambda: Tolerance(relative=0.02))

    def figure_roles(self) -> list[tuple[str, str]]:
        roles = []
        for amount, converted in self.pairs:
            roles += [(amount, "amount"), (converted, "converted")]
        return roles

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        ref_a, ref_b = (figures[i] for i in self.pairs[0])
        ref_rate = ref_a.value / ref_b.value if ref_b.value else float("nan")
        result = []
        for amount_id, converted_id in self.pairs[1:]:
            a, b = figures[amount_id], figures[converted_id]
            rate = a.value / b.value if b.value else float("nan")
            result.append(Check(
                "ratio", (a.value, b.value, ref_a.value, ref_b.value, self.tolerance.relative),
                fails_as=(f"{a.figure} = {b.figure} implies a rate of {rate:.4f}, but {ref_a.figure} = {ref_b.figure} "
                          f"implies {ref_rate:.4f} ({(rate / ref_rate - 1) * 100:+.1f} %)"),
                holds_as=f"{a.figure} = {b.figure} (rate {rate:.4f}) agrees with {ref_a.figure} = {ref_b.figure} (rate {ref_rate:.4f})",
                expected=round(ref_rate, 4), observed=round(rate, 4), figure_ids=(a.id, b.id, ref_a.id, ref_b.id),
            ))
        return result
