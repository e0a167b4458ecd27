"""``--engine spark``: the same suites on GX's Spark datasource give the same findings as pandas.

One local Spark session (``local[2]``) serves the whole module: starting it costs ~7 s. The
seed project is audited on both engines and the findings compared field by field; crafted
checks for every table (tolerances, zero denominators, NaN) must get the same verdicts.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import pytest

from auditor.audit import AuditOptions, run_audit
from auditor.engine import Engine
from auditor.rules.base import Check

pytestmark = pytest.mark.spark

ROOT = Path(__file__).resolve().parents[1]

if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java", allow_module_level=True)
pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark_start():
    """Start the Spark engine once, recording what its start writes to stdout/stderr and warns.

    The file descriptors themselves are redirected (not just sys.stdout/err) because the JVM
    writes to them directly.
    """
    with tempfile.TemporaryFile(mode="w+b") as sink, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        saved = os.dup(1), os.dup(2)
        try:
            os.dup2(sink.fileno(), 1)
            os.dup2(sink.fileno(), 2)
            engine = Engine("spark", "local[2]")
            engine.evaluate([("warm", Check("equal", (1.0, 1.0), "", ""))])
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        sink.seek(0)
        output = sink.read().decode("utf-8", errors="replace")
    return engine, output, [str(w.message) for w in caught]


@pytest.fixture(scope="module")
def spark_engine(spark_start) -> Engine:
    return spark_start[0]


@pytest.fixture(scope="module")
def pandas_engine() -> Engine:
    return Engine("pandas")


def test_spark_start_prints_and_warns_nothing(spark_start):
    _, output, caught = spark_start
    assert output == ""
    assert caught == []


def test_spark_engine_runs_on_a_local_session(spark_engine):
    # local[2] unless another test of this process started a session first (it is then reused).
    assert spark_engine.kind == "spark"
    assert spark_engine._spark.sparkContext.master.startswith("local")


def _findings(options: AuditOptions) -> dict[str, dict]:
    result = run_audit(options)
    keep = ("rule_id", "kind", "severity", "status", "message", "expected", "observed")
    return {f.id: {k: getattr(f, k) for k in keep} | {"gx": [(g["check_id"], g["passed"]) for g in f.gx]}
            for f in result.findings}


def test_seed_project_findings_identical_on_spark_and_pandas(spark_engine, pandas_engine):
    # run_audit starts its own Engine; on Spark it reuses the module's session.
    base = dict(seeds=ROOT / "seeds", datasets=ROOT / "datasets", expectations=ROOT / "expectations")
    on_pandas = _findings(AuditOptions(**base))
    on_spark = _findings(AuditOptions(**base, engine="spark", spark_master="local[2]"))
    assert on_pandas, "the seed project has findings"
    assert set(on_spark) == set(on_pandas)
    for fid, finding in on_pandas.items():
        assert on_spark[fid] == finding, fid


def check(table: str, *values: float) -> Check:
    return Check(table=table, values=tuple(float(v) for v in values), fails_as="", holds_as="")


CRAFTED = [
    # sum, with tolerances and padded parts
    ("sum/exact", check("sum", 6, 0, 1, 2, 3)),
    ("sum/padded", check("sum", 3, 0, 3)),
    ("sum/at-tolerance", check("sum", 100, 2, 51, 51)),
    ("sum/beyond-tolerance", check("sum", 100, 2, 51, 52)),
    ("sum/relative-noise", check("sum", 0.3, 0, 0.1, 0.2)),
    ("sum/nan-part", check("sum", 3, 0, 3, math.nan)),
    ("sum/nan-tolerance", check("sum", 3, math.nan, 4)),
    # ratio, with zero denominators
    ("ratio/same", check("ratio", 598500, 30370, 6700000, 340030, 0.02)),
    ("ratio/other", check("ratio", 598500, 36000, 6700000, 340030, 0.02)),
    ("ratio/zero-den", check("ratio", 5, 0, 1, 2, 0.5)),
    ("ratio/zero-target-den", check("ratio", 5, 10, 1, 0, 0.5)),
    ("ratio/all-zero", check("ratio", 0, 0, 0, 0, 0)),
    ("ratio/nan-tolerance", check("ratio", 1, 2, 1, 3, math.nan)),
    # comparisons
    ("at_least/equal", check("at_least", 31, 31)),
    ("at_least/less", check("at_least", 27, 28)),
    ("at_least/nan-a", check("at_least", math.nan, 3)),
    ("at_least/nan-b", check("at_least", 3, math.nan)),
    ("greater/equal", check("greater", 740, 740)),
    ("greater/more", check("greater", 1814, 740)),
    ("greater/nan-a", check("greater", math.nan, 3)),
    ("equal/same", check("equal", 8, 8)),
    ("equal/different", check("equal", 8, 9)),
    ("equal/missing-counterpart", check("equal", 8, math.nan)),
    ("equal/both-missing", check("equal", math.nan, math.nan)),
    # provenance rows: a flag against 1, a figure that does not parse against its value
    ("provenance/ok#figure", check("equal", 1, 1)),
    ("provenance/moved#figure", check("equal", 0, 1)),
    ("provenance/nan-parsed#value", check("equal", math.nan, 667)),
]


@pytest.fixture(scope="module")
def crafted(spark_engine, pandas_engine):
    """The crafted checks evaluated once on each engine: (pandas result, Spark result)."""
    return pandas_engine.evaluate(CRAFTED), spark_engine.evaluate(CRAFTED)


def test_crafted_checks_get_identical_verdicts(crafted):
    on_pandas, on_spark = (result.outcomes for result in crafted)
    for cid, _ in CRAFTED:
        p, s = on_pandas[cid], on_spark[cid]
        assert (s.passed, s.error) == (p.passed, p.error), cid
        assert [r["success"] for r in s.expectations] == [r["success"] for r in p.expectations], cid
    # And they are the verdicts the definitions give, not merely the same mistakes.
    failing = {cid for cid, o in on_pandas.items() if o.passed is False}
    assert failing == {
        "sum/beyond-tolerance", "sum/nan-part", "sum/nan-tolerance", "ratio/other", "ratio/zero-den",
        "ratio/zero-target-den", "ratio/all-zero", "ratio/nan-tolerance", "at_least/less", "at_least/nan-a",
        "at_least/nan-b", "greater/equal", "greater/nan-a", "equal/different", "equal/missing-counterpart",
        "provenance/moved#figure", "provenance/nan-parsed#value"}


def test_spark_validations_summarise_like_pandas(crafted):
    keep = ("table", "expectation_type", "kwargs", "success", "element_count", "unexpected_count", "exception")
    on_pandas, on_spark = (sorted(tuple(str(v[k]) for k in keep) for v in result.validations) for result in crafted)
    assert on_spark == on_pandas
