"""Rule kinds, one module each; :data:`RULE_KINDS` is the explicit registry.

A rule's documentation is its class and module docstring (``auditor rules`` prints them).
"""

from __future__ import annotations

from .aggregate import Aggregate
from .base import Check, Rule, Tolerance
from .claim import Claim
from .conversion import Conversion
from .n_of_m import NOfM
from .part_of_whole import PartOfWhole
from .percent_of_base import PercentOfBase
from .range_bounds import Range
from .relative_change import RelativeChange
from .repeated_passage import RepeatedPassage
from .same_fact import SameFact
from .shares import Shares
from .sum_total import SumTotal
from .trend import Trend

RULE_KINDS: dict[str, type[Rule]] = {
    cls.kind_name: cls
    for cls in (SumTotal, Aggregate, RepeatedPassage, SameFact, PartOfWhole, Shares,
                PercentOfBase, Trend, RelativeChange, NOfM, Conversion, Range, Claim)
}

__all__ = ["RULE_KINDS", "Check", "Rule", "Tolerance"]
