"""results.json's JSON Schema: generated from the model, current, and true of real output.

Also ``--format json``: stdout is exactly the results.json written to the report folder.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import jsonschema
import pytest

from auditor.cli import run
from auditor.findings import SCHEMA_VERSION, AuditResult

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "auditor" / "schema" / "results.schema.json"


def _gen_schema():
    spec = importlib.util.spec_from_file_location("gen_schema", ROOT / "scripts" / "gen_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def json_run(repo_root, tmp_path_factory):
    """The seed audited with --format json, a waivers file (applied, expired and unused entries)
    and a baseline, so every optional part of results.json is present."""
    work = tmp_path_factory.mktemp("schema")
    baseline = work / "baseline.json"
    baseline.write_text(json.dumps({"schema_version": SCHEMA_VERSION, "findings": [
        {"id": "victims-2016-federal-plus-state", "status": "failed"}, {"id": "gone", "status": "failed"}]}))
    waivers = work / "waivers.yml"
    waivers.write_text(
        "waivers:\n"
        "  - {rule: victims-2016-federal-plus-state, reason: accepted, reviewer: R, expires: 2999-01-01}\n"
        "  - {rule: victims-2015-federal-plus-state, reason: old, reviewer: R, expires: 2001-01-01}\n"
        "  - {rule: no-such-rule, reason: stale, reviewer: R, expires: 2999-01-01}\n")
    reports = work / "reports"
    args = ["check", "--seeds", str(repo_root / "seeds"), "--datasets", str(repo_root / "datasets"),
            "--expectations", str(repo_root / "expectations"), "--report-dir", str(reports),
            "--waivers", str(waivers), "--baseline", str(baseline), "--format", "json"]
    return args, reports


def test_the_committed_schema_is_what_the_script_generates():
    # Regenerate with: python scripts/gen_schema.py
    assert SCHEMA_FILE.read_text(encoding="utf-8") == _gen_schema().render()
    assert _gen_schema().main(["--check"]) == 0


def test_the_schema_is_draft_2020_12_and_versioned(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA_VERSION in schema["$id"]
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert set(schema["required"]) == set(AuditResult.model_fields)


def test_format_json_prints_exactly_results_json_and_it_validates(json_run, schema, capsys):
    args, reports = json_run
    capsys.readouterr()
    code = run(args)
    out = capsys.readouterr().out
    written = (reports / "results.json").read_text(encoding="utf-8")
    assert out == written
    results = json.loads(out)
    assert code == (0 if results["gate"]["passed"] else 1)
    jsonschema.Draft202012Validator(schema).validate(results)
    # the optional parts really are exercised
    # waived now counts as no longer failing: resolved, like the finding that is gone
    assert results["summary"]["baseline"]["resolved_ids"] == ["gone", "victims-2016-federal-plus-state"]
    assert {len(results["waivers"][k]) for k in ("applied", "expired", "unused")} == {1}
    assert any(f["waiver"] for f in results["findings"])
    # the model reads its own output back unchanged
    assert AuditResult.model_validate_json(written).to_json() == written


def test_the_schema_rejects_malformed_results(json_run, schema):
    _, reports = json_run
    results = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    broken = json.loads(json.dumps(results))
    broken["findings"][0]["status"] = "fine"
    del broken["gate"]["passed"]
    broken["schema_version"] = "0.1"
    paths = sorted("/".join(map(str, e.absolute_path)) for e in validator.iter_errors(broken))
    assert paths == ["findings/0/status", "gate", "schema_version"]


@pytest.mark.parametrize("findings", [0, 1, 3])
def test_results_json_is_streamed_with_the_same_bytes(findings):
    import io

    import numpy as np

    from auditor.findings import Finding

    result = AuditResult(summary={"total": findings}, findings=[
        Finding(id=f"r{i}", rule_id=f"r{i}", kind="sum_total", severity="error", status="failed",
                message="a “quoted” line\nand a second", details={"nested": {"findings": []}},
                gx=[{"passed": np.bool_(False), "value": np.float64(1.5)}])
        for i in range(findings)], engine={"findings": []})
    streamed = io.BytesIO()
    result.write_json(streamed)
    assert streamed.getvalue().decode("utf-8") == result.to_json()
    assert len(json.loads(streamed.getvalue())["findings"]) == findings
