"""``claim``: a claim the text makes but gives no figures to check.

"overall represented a decrease in funding from the previous year" states a direction, but the
text gives only the 2017 amount; an editor must know that the audit could not check it::

    - id: funding-decrease-unverifiable
      kind: claim
      description: "6.7 million pesos … overall represented a decrease in funding from the previous year"
      figures: [prosecution-funding-2017-mxn]     # the figures the claim involves, may be empty
      missing: the federal funding for investigations and prosecutions in 2016

The rule hands no check to GX, so its finding always has status ``error`` with the message
"cannot be verified: <missing>". Its severity defaults to ``info``: an unverifiable claim is
something to know about, not a contradiction; raise it when the claim matters.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from ..extracts import Figure
from .base import Check, Rule


class Claim(Rule):
    """A claim the text gives no figures to check (``figures``, may be empty; ``missing``, required)."""

    kind_name: ClassVar[str] = "claim"
    kind: Literal["claim"]
    severity: Literal["error", "warning", "info"] = "info"
    figures: list[str] = Field(default_factory=list)
    missing: str = Field(min_length=1, description="the figure(s) that would be needed to check the claim")

    @field_validator("missing")
    @classmethod
    def _missing_not_blank(cls, value: str) -> str:
        # A claim without a stated gap would read "cannot be verified: " with nothing after it.
        if not value.strip():
            raise ValueError("missing must say which figure would be needed to check the claim")
        return " ".join(value.split())

    def figure_roles(self) -> list[tuple[str, str]]:
        return [(fid, "figure") for fid in self.figures]

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        # Nothing to evaluate: the point of the rule is to record what is missing.
        return []

    def unverifiable_because(self) -> str:
        return self.missing
