"""``trend``: a direction claimed in words holds over the figures given for it.

"identified fewer victims for the second consecutive year" over 1,814 (2015), 740 (2016) and
667 (2017); "fewer convictions than in previous years" over 86, 228 and 95::

    - id: victims-fewer-second-year
      kind: trend
      description: "identified fewer victims for the second consecutive year"
      direction: decrease          # decrease | increase | not_increase | not_decrease
      compare: consecutive         # consecutive: each step; latest_vs_all: the last against every earlier one
      series: [victims-2015-national, victims-2016-national, victims-2017-national]   # oldest first

Each comparison is one row for GX's built-in ``ExpectColumnPairValuesAToBeGreaterThanB``
(strict for decrease/increase, ``or_equal`` for the not_ forms).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from ..extracts import Figure
from .base import Check, Rule, show

_WORDS = {"decrease": "fewer than", "increase": "more than", "not_increase": "at most", "not_decrease": "at least"}


class Trend(Rule):
    """A claimed direction over a series (``series`` oldest first, ``direction``, ``compare``)."""

    kind_name: ClassVar[str] = "trend"
    kind: Literal["trend"]
    series: list[str] = Field(min_length=2)
    direction: Literal["decrease", "increase", "not_increase", "not_decrease"]
    compare: Literal["consecutive", "latest_vs_all"] = "consecutive"

    def figure_roles(self) -> list[tuple[str, str]]:
        return [(f, f"period {i + 1}") for i, f in enumerate(self.series)]

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        series = [figures[f] for f in self.series]
        if self.compare == "consecutive":
            steps = list(zip(series, series[1:]))
        else:
            steps = [(earlier, series[-1]) for earlier in series[:-1]]
        table = "greater" if self.direction in ("decrease", "increase") else "at_least"
        word = _WORDS[self.direction]
        result = []
        for earlier, later in steps:
            # decrease: earlier > later; increase: later > earlier.
            a, b = (earlier, later) if self.direction in ("decrease", "not_increase") else (later, earlier)
            when_e = earlier.period or earlier.id
            when_l = later.period or later.id
            result.append(Check(
                table=table, values=(a.value, b.value),
                fails_as=f"{when_l} ({show(later.value)}) is not {word} {when_e} ({show(earlier.value)})",
                holds_as=f"{when_l} ({show(later.value)}) is {word} {when_e} ({show(earlier.value)})",
                expected=f"{word} {show(earlier.value)}", observed=later.value,
                figure_ids=(earlier.id, later.id),
            ))
        return result
