"""What every rule kind shares: its YAML model, the checks it hands to GX, and tolerances.

A rule kind is a pydantic model (its docstring is its documentation) with two duties:
``figure_roles()`` names the figures it involves, and ``checks(figures)`` turns them into
:class:`Check` rows. A check is one comparison laid out for one of the engine's check tables;
GX decides whether it holds. The rule never decides pass or fail itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, field_validator
from pydantic_core import PydanticCustomError

from ..extracts import Figure
from ..read.numbers import format_value

# The engine's check tables and the layout of a check's values in each (see auditor.engine).
TABLE_LAYOUTS: dict[str, tuple[str, ...]] = {
    "sum": ("total", "tolerance"),            # + part_0..part_n
    "ratio": ("numerator", "denominator", "target_numerator", "target_denominator", "relative_tolerance"),
    "at_least": ("a", "b"),                   # a >= b
    "greater": ("a", "b"),                    # a > b
    "equal": ("a", "b"),                      # a == b
}


# The parts of one sum are columns of the engine's ``sum`` table, and GX's cost over a table
# grows with the square of its columns (1,000 parts: 4 s; 10,000: 89 s). A breakdown in a
# document has a few dozen parts; this bound keeps one hostile rule to about a second.
MAX_PARTS = 500


def _bounded_parts(value: list[str]) -> list[str]:
    if len(value) > MAX_PARTS:
        raise PydanticCustomError(
            "too_many_parts",
            "{count} figures in one sum; at most {limit} are allowed (GX's cost grows with the square "
            "of the parts of one sum): split it into partial sums",
            {"count": len(value), "limit": MAX_PARTS})
    return value


def exact_sum(values) -> float:
    """The sum of ``values`` without rounding error (math.fsum); beyond the float range it is
    infinite, and the audit reports the rule as not evaluated (see auditor.audit.finite_checks)."""
    values = list(values)
    try:
        return math.fsum(values)
    except OverflowError:           # fsum's intermediate overflow: the plain sum says which infinity
        return sum(values)


# A list of figure ids laid out as the parts of one ``sum`` check.
SumParts = Annotated[list[str], AfterValidator(_bounded_parts)]


@dataclass(frozen=True, slots=True)  # hundreds of thousands at corpus scale
class Check:
    """One comparison for GX, with the words an editor reads when it fails or passes."""

    table: str
    values: tuple[float, ...]
    fails_as: str
    holds_as: str
    expected: Any = None
    observed: Any = None
    figure_ids: tuple[str, ...] = field(default=())


class Tolerance(BaseModel):
    """How far apart two figures may be and still agree: the larger of the two bounds."""

    model_config = ConfigDict(extra="forbid")

    absolute: float = Field(0.0, ge=0, allow_inf_nan=False, description="allowed absolute difference")
    relative: float = Field(0.0, ge=0, le=1, allow_inf_nan=False, description="allowed difference as a fraction of the reference value")

    def around(self, reference: float) -> float:
        return max(self.absolute, self.relative * abs(reference))


class Rule(BaseModel):
    """Fields common to every rule: ``id``, ``kind``, ``severity``, ``description``, ``note``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind_name: ClassVar[str] = ""

    id: str = Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:/@~-]*$")
    kind: str
    severity: Literal["error", "warning", "info"] = "error"
    description: str = Field(min_length=1, description="quotes the claim the rule checks")
    note: str = Field("", description="why the severity, e.g. the figures come from different sources")

    _file: str = PrivateAttr("")
    _line: int | None = PrivateAttr(None)

    @field_validator("description")
    @classmethod
    def _description_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("description must quote the claim the rule checks")
        return value

    def figure_roles(self) -> list[tuple[str, str]]:
        """(figure id, role) for every figure the rule involves, in reading order."""
        raise NotImplementedError

    def checks(self, figures: dict[str, Figure]) -> list[Check]:
        """The comparisons GX must evaluate; ``figures`` holds every id from :meth:`figure_roles`."""
        raise NotImplementedError

    def unverifiable_because(self) -> str:
        """Why a rule with no checks cannot be verified (its finding gets status ``error``)."""
        return "the rule produced no checks to evaluate"

    def located_at(self, file: str, line: int | None) -> "Rule":
        self._file, self._line = file, line
        return self

    @property
    def file(self) -> str:
        return self._file

    @property
    def line(self) -> int | None:
        return self._line


_LABEL_FIELDS = ("category", "scope", "measure", "period")


def names_for(figures: list[Figure]) -> list[str]:
    """How a message names each of several figures: by what tells them apart.

    "commercial sex acts 1,607 + involuntary servitude 274" (categories differ), "federal 194 +
    state 691" (scopes differ), "cases with convictions 40 ≤ traffickers convicted 95"
    (measures differ). The first field that is filled in and different for every figure wins;
    then one that at least varies; then each figure's own first filled-in field, then its id.
    """
    if len(figures) > 1:
        for distinct_only in (True, False):
            for name in _LABEL_FIELDS:
                values = [getattr(f, name) for f in figures]
                if all(values) and (len(set(values)) == len(values) if distinct_only else len(set(values)) > 1):
                    return values
    return [name_of(f) for f in figures]


def name_of(figure: Figure) -> str:
    """How a message names a single figure: its first filled-in descriptive field, else its id."""
    for name in _LABEL_FIELDS[:3]:
        if getattr(figure, name):
            return getattr(figure, name)
    return figure.id


def show(value: float) -> str:
    """A value as an editor reads it."""
    return format_value(value)
