"""The one place that talks to Great Expectations.

Rules become rows of a few *check tables* (one per comparison shape, see
:data:`auditor.rules.base.TABLE_LAYOUTS`); each table is one GX batch validated against one
suite of one to three expectations. GX's per-expectation overhead (10–15 ms on pandas,
100–200 ms on Spark) is then paid a handful of times per run instead of once per rule, and
GX's ``unexpected_index_list`` (complete, unlike ``unexpected_list``) maps failing rows back to
their ``check_id``. The pandas and Spark engines build the same suites over the same tables.

GX is imported lazily: loading and validating configuration never pays for it.
"""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass, field
from typing import Any

from .errors import EngineUnavailable
from .rules.base import TABLE_LAYOUTS, Check

PROVENANCE_COLUMNS = ("figure_at_offsets", "quote_at_offsets", "parsed_value", "value")
ALL_LAYOUTS = {**TABLE_LAYOUTS, "provenance": PROVENANCE_COLUMNS}


@dataclass
class CheckOutcome:
    """GX's verdict on one check row."""

    passed: bool | None                      # None: GX could not evaluate the row
    expectations: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


@dataclass
class EngineResult:
    """Verdicts by check id, and one summary per GX expectation run."""

    outcomes: dict[str, CheckOutcome]
    validations: list[dict[str, Any]]
    engine: str
    gx_version: str


def _import_gx():
    try:
        with warnings.catch_warnings():
            # pyspark, when installed, warns about pandas 3 on GX import; that is not ours to show.
            warnings.simplefilter("ignore")
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            from . import gx_expectations
    except Exception as exc:  # ImportError, or a broken install raising anything on import
        raise EngineUnavailable(f"Great Expectations cannot be imported ({type(exc).__name__}: {exc}); "
                                "install the project with `pip install -e .`") from exc
    return gx, ProgressBarsConfig, gx_expectations


def _suite_for(table: str, columns: list[str], gx, custom) -> list:
    """The expectations evaluating one check table."""
    E = gx.expectations
    if table == "sum":
        return [custom.ExpectPartsToSumToTotal(column_list=columns)]
    if table == "ratio":
        return [custom.ExpectRatioToMatchTarget(column_list=columns)]
    if table == "at_least":
        return [E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="a", column_B="b", or_equal=True)]
    if table == "greater":
        return [E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="a", column_B="b", or_equal=False)]
    if table == "equal":
        return [E.ExpectColumnPairValuesToBeEqual(column_A="a", column_B="b")]
    if table == "provenance":
        return [
            E.ExpectColumnValuesToBeInSet(column="figure_at_offsets", value_set=[1.0]),
            E.ExpectColumnValuesToBeInSet(column="quote_at_offsets", value_set=[1.0]),
            E.ExpectColumnPairValuesToBeEqual(column_A="parsed_value", column_B="value"),
        ]
    raise ValueError(f"unknown check table {table!r}")


def build_tables(checks: list[tuple[str, Check]]) -> dict[str, tuple[list[str], dict[str, list]]]:
    """Lay checks out as columns per table: {table: (value columns, {column: values})}."""
    grouped: dict[str, list[tuple[str, Check]]] = {}
    for check_id, check in checks:
        grouped.setdefault(check.table, []).append((check_id, check))
    tables = {}
    for table, rows in sorted(grouped.items()):
        fixed = list(ALL_LAYOUTS[table])
        if table == "sum":
            width = max(len(c.values) for _, c in rows) - len(fixed)
            columns = fixed + [f"part_{i}" for i in range(width)]
        else:
            columns = fixed
        data: dict[str, list] = {"check_id": [cid for cid, _ in rows]}
        for i, name in enumerate(columns):
            # Missing parts are 0: they do not change a sum (and GX must never see nulls here).
            data[name] = [float(c.values[i]) if i < len(c.values) else 0.0 for _, c in rows]
        tables[table] = (columns, data)
    return tables


class Engine:
    """Evaluates check rows with GX on pandas (default) or on a Spark session."""

    def __init__(self, kind: str = "pandas", spark_master: str | None = None):
        if kind not in ("pandas", "spark"):
            raise EngineUnavailable(f"unknown engine {kind!r}; use pandas or spark")
        self.kind = kind
        self.spark_master = spark_master or os.environ.get("AUDITOR_SPARK_MASTER") or "local[*]"
        self._gx, progress_config, self._custom = _import_gx()
        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self._context = self._gx.get_context(mode="ephemeral")
        # TQDM_DISABLE does not reach GX's bars; the context setting does.
        self._context.variables.progress_bars = progress_config(globally=False, metric_calculations=False)
        self._spark = None
        if kind == "spark":
            self._spark = spark_session(self.spark_master)
            self._datasource = self._context.data_sources.add_spark("auditor")
        else:
            self._datasource = self._context.data_sources.add_pandas("auditor")

    def evaluate(self, checks: list[tuple[str, Check]]) -> EngineResult:
        """Run every check through GX; each check id gets a :class:`CheckOutcome`."""
        import pandas as pd

        outcomes: dict[str, CheckOutcome] = {}
        validations: list[dict[str, Any]] = []
        for table, (columns, data) in build_tables(checks).items():
            frame = pd.DataFrame(data)
            if self._spark is not None:
                frame = self._spark.createDataFrame(frame)
            asset = self._datasource.add_dataframe_asset(f"checks_{table}")
            batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": frame})
            suite = self._gx.ExpectationSuite(name=f"auditor_{table}", expectations=_suite_for(table, columns, self._gx, self._custom))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = batch.validate(suite, result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": ["check_id"],
                    "partial_unexpected_count": 20,
                })
            for check_id in data["check_id"]:
                outcomes[check_id] = CheckOutcome(passed=True)
            for expectation_result in result.results:
                summary = _summarize(table, expectation_result)
                validations.append(summary)
                if summary["exception"]:
                    for check_id in data["check_id"]:
                        outcomes[check_id].passed = None
                        outcomes[check_id].error = summary["exception"]
                    continue
                failing = {entry["check_id"] for entry in expectation_result.result.get("unexpected_index_list") or []}
                for check_id in data["check_id"]:
                    row_verdict = {"expectation_type": summary["expectation_type"], "table": table,
                                   "kwargs": summary["kwargs"], "success": check_id not in failing}
                    outcome = outcomes[check_id]
                    outcome.expectations.append(row_verdict)
                    if check_id in failing and outcome.passed is not None:
                        outcome.passed = False
        return EngineResult(outcomes, validations, self.kind, self._gx.__version__)


def _summarize(table: str, expectation_result) -> dict[str, Any]:
    """The part of a GX ExpectationValidationResult worth keeping for every run."""
    as_dict = expectation_result.to_json_dict()
    config = as_dict.get("expectation_config") or {}
    kwargs = {k: v for k, v in (config.get("kwargs") or {}).items() if k != "batch_id"}
    res = as_dict.get("result") or {}
    info = as_dict.get("exception_info") or {}
    exception = None
    if info.get("raised_exception"):
        exception = info.get("exception_message") or "GX raised an exception"
    elif info and "raised_exception" not in info:
        # Metric errors come keyed by metric configuration id (see GX facts note).
        messages = [v.get("exception_message") for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
        if messages:
            exception = "; ".join(m for m in messages if m)
    return {
        "table": table,
        "expectation_type": config.get("type"),
        "kwargs": kwargs,
        "success": bool(as_dict.get("success")),
        "element_count": res.get("element_count"),
        "unexpected_count": res.get("unexpected_count"),
        "unexpected_percent": res.get("unexpected_percent"),
        "exception": exception,
    }


def spark_session(master: str):
    """A Spark session for GX's Spark datasource (``[spark]`` extra)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineUnavailable("--engine spark needs pyspark: pip install -e '.[spark]'") from exc
    builder = (SparkSession.builder.master(master).appName("auditor")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.sql.ansi.enabled", "false"))
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # Java missing, master unreachable, ...
        raise EngineUnavailable(f"cannot start Spark at {master!r}: {exc}") from exc
    session.sparkContext.setLogLevel("ERROR")
    return session
