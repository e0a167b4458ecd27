"""Custom Great Expectations expectations for the checks no built-in covers.

GX registers an expectation class (and its metric) when the class is defined, so importing
this module is enough; :mod:`auditor.engine` does so before building any suite.

Both are multicolumn *map* expectations: every row of the check table is one rule instance and
GX reports the rows that fail, by ``check_id``. Columns are positional in ``column_list``
because a map metric receives only the columns of its domain:

* :class:`ExpectPartsToSumToTotal` — ``[total, tolerance, part_0, ..., part_n]``:
  ``|sum(parts) - total| <= tolerance``. Parts are padded with 0 by the engine.
* :class:`ExpectRatioToMatchTarget` — ``[numerator, denominator, target_numerator,
  target_denominator, relative_tolerance]``: ``numerator/denominator`` equals
  ``target_numerator/target_denominator`` within the relative tolerance. Evaluated by cross
  multiplication, so a zero denominator fails instead of raising.

A row with a NaN (or null) value fails on both engines: pandas compares NaN as false, and the
Spark implementations check for it explicitly (Spark orders NaN above every number).
"""

from __future__ import annotations

from typing import ClassVar, Literal, Tuple

from great_expectations.compatibility.pyspark import functions as F
from great_expectations.execution_engine import PandasExecutionEngine, SparkDFExecutionEngine
from great_expectations.expectations.expectation import MulticolumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import MulticolumnMapMetricProvider
from great_expectations.expectations.metrics.map_metric_provider.multicolumn_condition_partial import (
    multicolumn_condition_partial,
)

# Float noise allowance on top of the declared tolerance: 1e-9 relative to the magnitude.
_EPSILON = 1e-9

_DOMAIN_KEYS = ("batch_id", "table", "column_list", "row_condition", "condition_parser", "ignore_row_if")


def _known(condition, names):
    """A Spark condition that fails, as on pandas, when any of its values is NaN or null.

    pandas compares NaN as false, so such a row fails. Spark orders NaN above every number
    (``x <= NaN`` is true) and a null comparison is null, which GX does not count as unexpected;
    without this guard the same row would pass on Spark.
    """
    for name in names:
        value = F.col(name).cast("double")
        condition = condition & value.isNotNull() & ~F.isnan(value)
    return F.coalesce(condition, F.lit(False))


class PartsSumToTotal(MulticolumnMapMetricProvider):
    """Row-wise: |sum(column_list[2:]) - column_list[0]| <= column_list[1] (+ float noise)."""

    condition_metric_name = "auditor.parts_sum_to_total"
    condition_domain_keys = _DOMAIN_KEYS
    condition_value_keys = ()

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list, **kwargs):
        values = column_list.astype("float64")
        total = values.iloc[:, 0]
        tolerance = values.iloc[:, 1]
        parts = values.iloc[:, 2:].sum(axis=1, skipna=False)
        noise = _EPSILON * total.abs().clip(lower=1.0)
        return (parts - total).abs() <= tolerance + noise

    @multicolumn_condition_partial(engine=SparkDFExecutionEngine)
    def _spark(cls, column_list, **kwargs):
        names = column_list.columns
        total = F.col(names[0]).cast("double")
        tolerance = F.col(names[1]).cast("double")
        parts = F.lit(0.0)
        for name in names[2:]:
            parts = parts + F.col(name).cast("double")
        noise = F.lit(_EPSILON) * F.greatest(F.abs(total), F.lit(1.0))
        return _known(F.abs(parts - total) <= tolerance + noise, names)


class RatioMatchesTarget(MulticolumnMapMetricProvider):
    """Row-wise: |num*tden - tnum*den| <= rel_tol * |tnum*den| (+ float noise)."""

    condition_metric_name = "auditor.ratio_matches_target"
    condition_domain_keys = _DOMAIN_KEYS
    condition_value_keys = ()

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list, **kwargs):
        v = column_list.astype("float64")
        num, den, tnum, tden, rel = (v.iloc[:, i] for i in range(5))
        scale = (tnum * den).abs()
        return ((num * tden - tnum * den).abs() <= rel * scale + _EPSILON * scale.clip(lower=1.0)) & (den != 0) & (tden != 0)

    @multicolumn_condition_partial(engine=SparkDFExecutionEngine)
    def _spark(cls, column_list, **kwargs):
        num, den, tnum, tden, rel = (F.col(n).cast("double") for n in column_list.columns)
        scale = F.abs(tnum * den)
        ok = F.abs(num * tden - tnum * den) <= rel * scale + F.lit(_EPSILON) * F.greatest(scale, F.lit(1.0))
        return _known(ok & (den != 0) & (tden != 0), column_list.columns)


class ExpectPartsToSumToTotal(MulticolumnMapExpectation):
    """Expect, in every row, the parts to add up to the total within the row's tolerance.

    ``column_list`` is ``[total, tolerance, part_0, ..., part_n]``.
    """

    map_metric: ClassVar[str] = "auditor.parts_sum_to_total"
    success_keys: ClassVar[Tuple[str, ...]] = ("mostly",)
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"


class ExpectRatioToMatchTarget(MulticolumnMapExpectation):
    """Expect, in every row, numerator/denominator to equal the target ratio within a relative tolerance.

    ``column_list`` is ``[numerator, denominator, target_numerator, target_denominator, relative_tolerance]``.
    """

    map_metric: ClassVar[str] = "auditor.ratio_matches_target"
    success_keys: ClassVar[Tuple[str, ...]] = ("mostly",)
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"
