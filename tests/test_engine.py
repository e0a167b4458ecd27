"""The GX compilation in auditor.engine, on pandas, in-process.

Checks become rows of a few check tables (``build_tables``), each table one GX batch validated
by one suite; GX's unexpected rows map back to check ids. The custom expectations of
auditor.gx_expectations are also run on plain pandas DataFrames, without the engine.
"""

from __future__ import annotations

import gc
import json
import math

import numpy as np
import pandas as pd
import pytest

from auditor import engine as engine_module
from auditor.engine import CheckOutcome, Engine, build_tables
from auditor.rules.base import TABLE_LAYOUTS
from auditor.rules.base import Check


def check(table: str, *values: float) -> Check:
    return Check(table=table, values=tuple(float(v) for v in values), fails_as="fails", holds_as="holds")


@pytest.fixture(scope="module")
def engine() -> Engine:
    # One GX context for the module: importing GX and starting a context costs seconds.
    return Engine("pandas")


# Crafted checks, each with the verdict its table's definition gives (see auditor.gx_expectations
# and the built-in expectations named in auditor.engine.suite_expectations).
CRAFTED = [
    # sum: |sum(parts) - total| <= tolerance
    ("sum/exact", check("sum", 6, 0, 1, 2, 3), True),
    ("sum/short-row-padded", check("sum", 3, 0, 3), True),
    ("sum/within-tolerance", check("sum", 100, 2, 49, 49), True),
    ("sum/at-tolerance", check("sum", 100, 2, 51, 51), True),
    ("sum/beyond-tolerance", check("sum", 100, 2, 51, 52), False),
    ("sum/off", check("sum", 740, 0, 194, 691), False),
    ("sum/float-noise", check("sum", 0.3, 0, 0.1, 0.2), True),
    # ratio: num/den = tnum/tden within relative tolerance; zero denominators fail
    ("ratio/same-rate", check("ratio", 598500, 30370, 6700000, 340030, 0.02), True),
    ("ratio/other-rate", check("ratio", 598500, 36000, 6700000, 340030, 0.02), False),
    ("ratio/zero-denominator", check("ratio", 5, 0, 1, 2, 0.5), False),
    ("ratio/zero-target-denominator", check("ratio", 5, 10, 1, 0, 0.5), False),
    ("ratio/percent", check("ratio", 75000, 150000, 50, 100, 0.01), True),
    # at_least: a >= b
    ("at_least/equal", check("at_least", 31, 31), True),
    ("at_least/more", check("at_least", 32, 17), True),
    ("at_least/less", check("at_least", 27, 28), False),
    # greater: a > b
    ("greater/more", check("greater", 1814, 740), True),
    ("greater/equal", check("greater", 740, 740), False),
    ("greater/less", check("greater", 667, 740), False),
    # equal: a == b; a value against a missing one fails
    ("equal/same", check("equal", 429, 429), True),
    ("equal/different", check("equal", 429, 439), False),
    ("equal/missing-counterpart", check("equal", 8, math.nan), False),
    ("equal/both-missing", check("equal", math.nan, math.nan), True),
]


def test_build_tables_lays_out_one_table_per_shape_with_fixed_columns():
    tables = build_tables([(cid, c) for cid, c, _ in CRAFTED])
    assert set(tables) == {"sum", "ratio", "at_least", "greater", "equal"}
    for table, (columns, data) in tables.items():
        expected_ids = [cid for cid, c, _ in CRAFTED if c.table == table]
        assert data["check_id"] == expected_ids
        assert columns[:len(TABLE_LAYOUTS[table])] == list(TABLE_LAYOUTS[table])
        assert set(data) == {"check_id", *columns}
        for name in columns:
            assert data[name].dtype == np.float64 and len(data[name]) == len(expected_ids)


def test_sum_table_is_as_wide_as_the_longest_check_and_pads_parts_with_zero():
    checks = [("long", check("sum", 10, 0, 1, 2, 3, 4)), ("short", check("sum", 5, 1, 5))]
    columns, data = build_tables(checks)["sum"]
    assert columns == ["total", "tolerance", "part_0", "part_1", "part_2", "part_3"]
    assert [data[c][0] for c in columns] == [10, 0, 1, 2, 3, 4]
    assert [data[c][1] for c in columns] == [5, 1, 5, 0, 0, 0]
    assert not any(np.isnan(data[c]).any() for c in columns)


def test_nan_stays_nan_outside_padding():
    _, data = build_tables([("p", check("equal", math.nan, 3))])["equal"]
    assert math.isnan(data["a"][0]) and data["b"][0] == 3


def test_build_tables_rejects_unknown_tables_and_wrong_widths():
    with pytest.raises(ValueError, match="unknown check table 'median'"):
        build_tables([("x", check("median", 1, 2))])
    with pytest.raises(ValueError, match="wrong number of values"):
        build_tables([("x", check("equal", 1, 2, 3))])


def test_suites_per_table(engine):
    types = {table: [e.expectation_type for e in engine.expectations(table, list(TABLE_LAYOUTS[table]))]
             for table in TABLE_LAYOUTS}
    assert types == {
        "sum": ["expect_parts_to_sum_to_total"],
        "ratio": ["expect_ratio_to_match_target"],
        "at_least": ["expect_column_pair_values_a_to_be_greater_than_b"],
        "greater": ["expect_column_pair_values_a_to_be_greater_than_b"],
        "equal": ["expect_column_pair_values_to_be_equal"],
    }
    or_equal = {t: engine.expectations(t, ["a", "b"])[0].or_equal for t in ("at_least", "greater")}
    assert or_equal == {"at_least": True, "greater": False}
    wide = ["total", "tolerance", "part_0", "part_1", "part_2"]
    assert engine.expectations("sum", wide)[0].column_list == wide
    with pytest.raises(ValueError):
        engine.expectations("median", ["a"])


def test_evaluate_maps_every_failing_row_back_to_its_check_id(engine):
    result = engine.evaluate([(cid, c) for cid, c, _ in CRAFTED])
    assert set(result.outcomes) == {cid for cid, _, _ in CRAFTED}
    verdicts = {cid: outcome.passed for cid, outcome in result.outcomes.items()}
    assert verdicts == {cid: holds for cid, _, holds in CRAFTED}
    assert result.engine == "pandas" and result.gx_version


def test_one_validation_per_expectation_with_counts(engine):
    result = engine.evaluate([(cid, c) for cid, c, _ in CRAFTED])
    by_table: dict[str, list[dict]] = {}
    for summary in result.validations:
        by_table.setdefault(summary["table"], []).append(summary)
    assert {t: len(s) for t, s in by_table.items()} == {
        "sum": 1, "ratio": 1, "at_least": 1, "greater": 1, "equal": 1}
    for table, summaries in by_table.items():
        rows = [holds for _, c, holds in CRAFTED if c.table == table]
        for summary in summaries:
            assert summary["element_count"] == len(rows)
            assert summary["exception"] is None
    single = {t: s[0] for t, s in by_table.items() if len(s) == 1}
    for table, summary in single.items():
        failed = sum(1 for _, c, holds in CRAFTED if c.table == table and not holds)
        assert summary["unexpected_count"] == failed
        assert summary["success"] is (failed == 0)
    json.dumps(result.validations)  # plain Python values only (GX leaves numpy scalars in places)


def test_each_row_records_every_expectation_of_its_table(engine):
    result = engine.evaluate([(cid, c) for cid, c, _ in CRAFTED])
    kwargs = lambda record: result.validations[record["validation"]]["kwargs"]  # noqa: E731
    different = result.outcomes["equal/different"]
    assert [(r["expectation_type"], r["table"], r["success"]) for r in different.expectations] == [
        ("expect_column_pair_values_to_be_equal", "equal", False)]
    assert kwargs(different.expectations[0]) == {"column_A": "a", "column_B": "b"}
    held = result.outcomes["greater/more"]
    assert held.error is None and [r["success"] for r in held.expectations] == [True]
    assert kwargs(held.expectations[0]) == {"column_A": "a", "column_B": "b", "or_equal": False}
    # Rows share the verdict records but not the lists holding them.
    other = result.outcomes["at_least/more"]
    assert other.expectations is not held.expectations


def test_evaluate_can_run_twice_and_leaves_the_garbage_collector_on(engine):
    checks = [("a", check("equal", 1, 1)), ("b", check("equal", 1, 2))]
    first = engine.evaluate(checks)
    second = engine.evaluate(checks + [("c", check("greater", 2, 1))])
    assert {k: v.passed for k, v in first.outcomes.items()} == {"a": True, "b": False}
    assert {k: v.passed for k, v in second.outcomes.items()} == {"a": True, "b": False, "c": True}
    assert gc.isenabled()


def test_many_rows_all_failures_found(engine):
    # Every third row of a large table fails; all of them come back, not GX's capped sample.
    n = 3000
    checks = [(f"row{i}", check("at_least", 10, 11 if i % 3 == 0 else 9)) for i in range(n)]
    outcomes = engine.evaluate(checks).outcomes
    failed = {cid for cid, outcome in outcomes.items() if outcome.passed is False}
    assert failed == {f"row{i}" for i in range(0, n, 3)}


def test_both_shapes_of_unexpected_index_list_give_the_same_verdicts(engine, monkeypatch):
    # Without exclude_unexpected_values GX returns one dict per failing row instead of one list.
    checks = [(cid, c) for cid, c, _ in CRAFTED]
    expected = {cid: o.passed for cid, o in engine.evaluate(checks).outcomes.items()}
    per_row = {k: v for k, v in engine_module.RESULT_FORMAT.items() if k != "exclude_unexpected_values"}
    monkeypatch.setattr(engine_module, "RESULT_FORMAT", per_row)
    assert {cid: o.passed for cid, o in engine.evaluate(checks).outcomes.items()} == expected


def test_an_errored_metric_leaves_its_table_undecided_with_the_error(engine, monkeypatch):
    real = engine_module.suite_expectations

    def broken(table, columns, gx, custom):
        if table == "equal":
            # A column the batch does not have: the metric fails inside GX.
            return [gx.expectations.ExpectColumnValuesToNotBeNull(column="no_such_column")]
        return real(table, columns, gx, custom)

    monkeypatch.setattr(engine_module, "suite_expectations", broken)
    result = engine.evaluate([("e1", check("equal", 1, 1)), ("e2", check("equal", 1, 2)),
                              ("g", check("greater", 2, 1))])
    for cid in ("e1", "e2"):
        outcome = result.outcomes[cid]
        assert outcome.passed is None
        assert "no_such_column" in outcome.error
    assert result.outcomes["g"] == CheckOutcome(True, result.outcomes["g"].expectations, None)
    errored = [v for v in result.validations if v["table"] == "equal"]
    assert len(errored) == 1 and not errored[0]["success"] and "no_such_column" in errored[0]["exception"]


def test_spark_master_comes_from_the_argument_then_the_environment(monkeypatch):
    monkeypatch.setenv("AUDITOR_SPARK_MASTER", "spark://cluster:7077")
    assert Engine("pandas").spark_master == "spark://cluster:7077"
    assert Engine("pandas", "local[3]").spark_master == "local[3]"
    monkeypatch.delenv("AUDITOR_SPARK_MASTER")
    assert Engine("pandas").spark_master == "local[*]"


def test_unknown_engine_is_refused():
    from auditor.errors import EngineUnavailable

    with pytest.raises(EngineUnavailable, match="unknown engine"):
        Engine("dask")


# --- The custom expectations on pandas DataFrames, without the engine -------------------------

@pytest.fixture(scope="module")
def pandas_batch(engine):
    """Validate a DataFrame with a list of expectations; returns GX's suite result."""
    import great_expectations as gx

    asset = engine._context.data_sources.add_pandas("direct").add_dataframe_asset("frame")
    definition = asset.add_batch_definition_whole_dataframe("all")

    def validate(frame: pd.DataFrame, expectations: list):
        batch = definition.get_batch(batch_parameters={"dataframe": frame})
        suite = gx.ExpectationSuite(name="direct", expectations=expectations)
        return batch.validate(suite, result_format={"result_format": "COMPLETE"})

    return validate


def test_parts_sum_to_total_on_a_dataframe(pandas_batch):
    from auditor.gx_expectations import ExpectPartsToSumToTotal

    frame = pd.DataFrame({
        "total": [667.0, 740.0, 100.0, 10.0],
        "tol": [0.0, 0.0, 1.0, 0.0],
        "p0": [429.0, 194.0, 45.0, 4.0],
        "p1": [238.0, 691.0, 56.0, math.nan],   # NaN part: the sum is unknown, the row fails
    })
    result = pandas_batch(frame, [ExpectPartsToSumToTotal(column_list=["total", "tol", "p0", "p1"])])
    (run,) = result.results
    assert not run.success
    assert run.result["unexpected_index_list"] == [1, 3]


def test_ratio_matches_target_on_a_dataframe(pandas_batch):
    from auditor.gx_expectations import ExpectRatioToMatchTarget

    frame = pd.DataFrame({
        "num": [598500.0, 598500.0, 1.0, 4.0],
        "den": [30370.0, 30370.0, 0.0, 3.0],
        "tnum": [6700000.0, 6700000.0, 1.0, 4.0],
        "tden": [340030.0, 300000.0, 1.0, 3.0],
        "rel": [0.02, 0.02, 0.5, 0.0],
    })
    result = pandas_batch(frame, [ExpectRatioToMatchTarget(column_list=["num", "den", "tnum", "tden", "rel"])])
    (run,) = result.results
    assert run.exception_info.get("raised_exception") is False
    # Row 1: 19.71 against 22.33 pesos per dollar; row 2: a zero denominator fails, not raises.
    assert run.result["unexpected_index_list"] == [1, 2]
