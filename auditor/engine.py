"""The one place that talks to Great Expectations.

Rules become rows of a few *check tables* (one per comparison shape, see
:data:`auditor.rules.base.TABLE_LAYOUTS`); each table is one GX batch validated against one
suite of one expectation. GX's per-expectation overhead (10–15 ms on pandas,
100–200 ms on Spark) is then paid a handful of times per run instead of once per rule, and
GX's ``unexpected_index_list`` (complete, unlike ``unexpected_list``) maps failing rows back to
their ``check_id``: every batch carries a ``row`` key (the pandas index, a Spark column) that
is the row's position in its table, and ``unexpected_index_column_names=["row"]`` makes GX
return the failing positions. The pandas and Spark engines build the same suites over the same
tables.

What a run costs beyond GX itself is kept linear and small (see docs/scale.md): tables are laid
out as numpy columns in one pass; the row key is an integer (GX fingerprints every pandas batch,
and hashing 10^5 string ids costs 0.15 s each time); failing rows come back as one list per
expectation; results are read from GX's result objects directly (not through
``to_json_dict``); rows share their verdict records; the garbage collector is paused while
verdicts are allocated.

GX is imported lazily: loading and validating configuration never pays for it.
"""

from __future__ import annotations

import atexit
import logging
import math
import os
import tempfile
import warnings
from dataclasses import dataclass, field
from typing import Any

from .errors import EngineUnavailable
from .memory import gc_paused
from .rules.base import TABLE_LAYOUTS, Check


ROW_KEY = "row"
# COMPLETE is the only format whose unexpected_index_list is complete. The unexpected values are
# not needed (rows are identified by their key): excluding them spares GX gathering them and
# makes it return the failing keys as one list per expectation instead of one dict per row.
RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ROW_KEY],
    "partial_unexpected_count": 20,
    "exclude_unexpected_values": True,
    "return_unexpected_index_query": False,
}


@dataclass(slots=True)
class CheckOutcome:
    """GX's verdict on one check row.

    ``expectations`` holds one record per expectation of the row's table. Rows share these
    records, and all rows of a table that held share one outcome: treat outcomes as read-only.
    """

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


@dataclass
class ExpectationRun:
    """One GX expectation over one check table: its summary, and the check ids it failed.

    ``failing`` is None when GX could not evaluate the expectation (``summary["exception"]``).
    """

    summary: dict[str, Any]
    failing: set[str] | None


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


def suite_expectations(table: str, columns: list[str], gx, custom) -> list:
    """The expectations evaluating one check table (``custom`` is :mod:`auditor.gx_expectations`)."""
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
    raise ValueError(f"unknown check table {table!r}")


def build_tables(checks: list[tuple[str, Check]]) -> dict[str, tuple[list[str], dict[str, Any]]]:
    """Lay checks out as columns per table: {table: (value columns, {column: values})}.

    ``check_id`` is a list of ids; every value column is a float64 numpy array. In the ``sum``
    table the parts are ``part_0 .. part_n``, as wide as the longest check; a shorter check's
    missing parts are 0, which does not change its sum (GX must never see nulls there: pandas
    and Spark treat them differently). NaN stays NaN (a figure that does not parse).
    """
    import numpy as np

    grouped: dict[str, list[tuple[str, Check]]] = {}
    for check_id, check in checks:
        grouped.setdefault(check.table, []).append((check_id, check))
    tables = {}
    for table, rows in sorted(grouped.items()):
        if table not in TABLE_LAYOUTS:
            raise ValueError(f"unknown check table {table!r} (check {rows[0][0]})")
        fixed = list(TABLE_LAYOUTS[table])
        if table == "sum":
            width = max(len(check.values) for _, check in rows)
            columns = fixed + [f"part_{i}" for i in range(width - len(fixed))]
            values = [check.values + (0.0,) * (width - len(check.values)) for _, check in rows]
        else:
            columns = fixed
            values = [check.values for _, check in rows]
            wrong = next((cid for cid, check in rows if len(check.values) != len(fixed)), None)
            if wrong is not None:
                raise ValueError(f"check {wrong} has the wrong number of values for table {table!r}")
        matrix = np.array(values, dtype="float64").reshape(len(rows), len(columns))
        data: dict[str, Any] = {"check_id": [cid for cid, _ in rows]}
        for i, name in enumerate(columns):
            data[name] = np.ascontiguousarray(matrix[:, i])
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
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._datasource = self._context.data_sources.add_spark("auditor")
        else:
            self._datasource = self._context.data_sources.add_pandas("auditor")
        self._batch_definitions: dict[str, Any] = {}
        # Every table's asset is registered up front, with the context: each registration
        # re-serializes the context's configuration (YAML), a fixed start-up cost (~0.1 s for
        # all tables) that belongs with creating the context, not with evaluating checks.
        for table in TABLE_LAYOUTS:
            self._batch_definition(table)

    def expectations(self, table: str, columns: list[str]) -> list:
        """The GX expectations this engine runs over ``table``."""
        return suite_expectations(table, columns, self._gx, self._custom)

    def _frame(self, table: str, columns: list[str], data: dict[str, Any]):
        """The batch's DataFrame: pandas, or Spark built from plain rows (no pandas conversion)."""
        import numpy as np

        positions = np.arange(len(data["check_id"]), dtype="int64")
        if self._spark is None:
            import pandas as pd

            # The key as the named index: GX reads the failing keys off the index in one step;
            # as a column it looks each failing row up one by one (seconds per 10^5 rows).
            return pd.DataFrame({name: data[name] for name in columns}, index=pd.Index(positions, name=ROW_KEY))
        from pyspark.sql.types import DoubleType, LongType, StructField, StructType

        if table in ("at_least", "greater"):
            data = _unordered_fails(data)
        schema = StructType([StructField(ROW_KEY, LongType(), False)]
                            + [StructField(name, DoubleType(), True) for name in columns])
        rows = list(zip(positions.tolist(), *(data[name].tolist() for name in columns)))
        # GX runs several Spark jobs per expectation, and each would rebuild a frame made from
        # Python rows from the pickled rows again (2.5-4 s per table measured, against 0.7-1.5 s
        # once the rows sit in the executors). localCheckpoint puts them there once.
        return self._spark.createDataFrame(rows, schema=schema).localCheckpoint(eager=True)

    def _batch_definition(self, table: str):
        # One asset per table for the engine's lifetime: evaluate() may run more than once.
        if table not in self._batch_definitions:
            asset = self._datasource.add_dataframe_asset(f"checks_{table}")
            self._batch_definitions[table] = asset.add_batch_definition_whole_dataframe("all")
        return self._batch_definitions[table]

    def validate_table(self, table: str, columns: list[str], data: dict[str, Any]) -> list[ExpectationRun]:
        """Validate one check table (as laid out by :func:`build_tables`) with its suite."""
        frame = self._frame(table, columns, data)
        batch = self._batch_definition(table).get_batch(batch_parameters={"dataframe": frame})
        suite = self._gx.ExpectationSuite(name=f"auditor_{table}", expectations=self.expectations(table, columns))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = batch.validate(suite, result_format=RESULT_FORMAT)
        runs = []
        for expectation_result in result.results:
            summary = _summarize(table, expectation_result)
            failing = None
            if summary["exception"] is None:
                ids = data["check_id"]
                failing = {ids[int(row)] for row in _failing_keys(expectation_result.result or {})}
            runs.append(ExpectationRun(summary, failing))
        return runs

    def evaluate(self, checks: list[tuple[str, Check]]) -> EngineResult:
        """Run every check through GX; each check id gets a :class:`CheckOutcome`."""
        with gc_paused():
            return self._evaluate(checks)

    def _evaluate(self, checks: list[tuple[str, Check]]) -> EngineResult:
        outcomes: dict[str, CheckOutcome] = {}
        validations: list[dict[str, Any]] = []
        for table, (columns, data) in build_tables(checks).items():
            runs = self.validate_table(table, columns, data)
            first = len(validations)
            validations.extend(run.summary for run in runs)
            # An expectation GX could not evaluate leaves every row of its table undecided
            # (passed None, with the error); the other expectations' verdicts are still kept.
            error = "; ".join(run.summary["exception"] for run in runs if run.failing is None) or None
            evaluated = []
            for index, run in enumerate(runs, start=first):
                if run.failing is not None:
                    # The expectation's kwargs live once in ``validations[index]``; a row's record
                    # only names it (at 3x10^5 rows, repeating them made up a sixth of results.json).
                    verdict = {"expectation_type": run.summary["expectation_type"], "table": table,
                               "validation": index}
                    evaluated.append((run.failing, {**verdict, "success": True}, {**verdict, "success": False}))
            all_hold = [holds for _, holds, _ in evaluated]
            failing_any = set().union(*(failing for failing, _, _ in evaluated))
            # Every row that held shares one outcome (read-only): at 10^5 rows, one object per
            # row was a third of the time spent outside GX. Failing rows get their own.
            shared = CheckOutcome(None if error else True, all_hold, error)
            outcomes.update(dict.fromkeys(data["check_id"], shared))
            for check_id in failing_any:
                records = [fails if check_id in failing else holds for failing, holds, fails in evaluated]
                outcomes[check_id] = CheckOutcome(None if error else False, records, error)
        return EngineResult(outcomes, validations, self.kind, self._gx.__version__)


def _unordered_fails(data: dict[str, Any]) -> dict[str, Any]:
    """Rows where ``a`` or ``b`` is NaN made to fail GX's built-in "a > b" on Spark too.

    pandas compares NaN as false, so the row fails; Spark orders NaN above every number, so
    ``NaN >= 3`` holds there. Writing such a row as ``-inf`` against ``+inf`` fails both
    ``>=`` and ``>`` on either engine.
    """
    import numpy as np

    unknown = np.isnan(data["a"]) | np.isnan(data["b"])
    if not unknown.any():
        return data
    return {**data, "a": np.where(unknown, -np.inf, data["a"]), "b": np.where(unknown, np.inf, data["b"])}


def _failing_keys(result: dict[str, Any]) -> list:
    """The row keys of the unexpected rows.

    With ``exclude_unexpected_values`` GX gives them column-wise (``[{"row": [keys]}]``);
    without it, one entry per row (``[{"row": key, ...}]``). Both are accepted.
    """
    keys: list = []
    for entry in result.get("unexpected_index_list") or []:
        value = entry[ROW_KEY]
        if isinstance(value, (list, tuple)):
            keys.extend(value)
        else:
            keys.append(value)
    return keys


def _plain(value: Any) -> Any:
    """numpy scalars and containers of them as plain Python values (json.dumps-safe)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def _exception_message(info: Any) -> str | None:
    """The error behind a result, if any: flat, or keyed by metric configuration id (see GX facts)."""
    if not info:
        return None
    if "raised_exception" in info:
        if info.get("raised_exception"):
            return info.get("exception_message") or "GX raised an exception"
        return None
    messages = [v.get("exception_message") or "GX raised an exception"
                for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
    return "; ".join(messages) or None


def _summarize(table: str, expectation_result) -> dict[str, Any]:
    """The part of a GX ExpectationValidationResult worth keeping for every run.

    Read from the result object itself: ``to_json_dict`` would first copy the whole
    unexpected index list, which is as long as the table when everything fails.
    """
    config = expectation_result.expectation_config
    kwargs = {k: _plain(v) for k, v in (config.kwargs or {}).items() if k != "batch_id" and v is not None}
    res = expectation_result.result or {}
    percent = res.get("unexpected_percent")
    return {
        "table": table,
        "expectation_type": config.type,
        "kwargs": kwargs,
        "success": bool(expectation_result.success),
        "element_count": _plain(res.get("element_count")),
        "unexpected_count": _plain(res.get("unexpected_count")),
        "unexpected_percent": None if percent is None or math.isnan(float(percent)) else float(percent),
        "exception": _exception_message(expectation_result.exception_info),
    }


def spark_session(master: str):
    """A Spark session for GX's Spark datasource (``[spark]`` extra).

    The JVM's own output (startup notices, log4j warnings, stage progress bars) would land in
    the middle of the CLI's output, and on stdout it would corrupt ``--format json``. So the JVM
    is started with its stdout and stderr going to a log file: ``$AUDITOR_SPARK_LOG`` when set
    (kept), otherwise a temporary file removed when the process exits. A session that already
    exists in this process (a notebook, a test fixture) is reused as it is.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from pyspark import SparkConf, SparkContext
            from pyspark.java_gateway import launch_gateway
            from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineUnavailable("--engine spark needs pyspark: pip install -e '.[spark]'") from exc
    log_path = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if SparkContext._active_spark_context is None:
                conf = (SparkConf().setMaster(master).setAppName("auditor")
                        .set("spark.ui.enabled", "false")
                        .set("spark.ui.showConsoleProgress", "false")
                        .set("spark.sql.shuffle.partitions", "4")
                        .set("spark.sql.ansi.enabled", "false"))
                log_path = _spark_log_path()
                with open(log_path, "ab") as log:
                    gateway = launch_gateway(conf, popen_kwargs={"stdout": log, "stderr": log})
                SparkContext(conf=conf, gateway=gateway)
            session = SparkSession.builder.getOrCreate()
        except Exception as exc:  # Java missing, master unreachable, ...
            where = f" (JVM output in {log_path}: {_tail(log_path)})" if log_path else ""
            raise EngineUnavailable(f"cannot start Spark at {master!r}: {exc}{where}") from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def _spark_log_path() -> str:
    path = os.environ.get("AUDITOR_SPARK_LOG")
    if path:
        return path
    fd, path = tempfile.mkstemp(prefix="auditor-spark-", suffix=".log")
    os.close(fd)
    atexit.register(lambda: os.path.exists(path) and os.unlink(path))
    return path


def _tail(path: str, lines: int = 5) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return " | ".join(line.strip() for line in handle.read().splitlines()[-lines:] if line.strip())
    except OSError:
        return "unreadable"
