"""Every rule kind, table-driven: YAML cases in ``tests/rule_cases/<kind>.yml``, one GX run for all.

A case file names its kind and holds named cases (the layout of sqlfluff's rule fixtures)::

    kind: sum_total
    cases:
      parts_off_by_one:
        figures:                      # local id -> value, or a mapping
          total: 11
          sex: {value: 6, category: sex trafficking}   # optional: written, period, scope, category, measure
        rule: {total: total, parts: [sex]}             # the rule body; id, kind, description are added
        expect: failed                # passed | failed | error
        message_contains: "off by 1"  # optional

The session fixture writes one small project holding every case: one source sentence per
figure (its written form at real offsets, the sentence as its quote), one extracts CSV, one rule
file per kind with figure ids made unique per case, then runs the real audit (GX, pandas)
once. Each parametrized case looks up its own finding. Automatic repeat detection and mention
coverage are switched off in the project's settings: the sentences are alike on purpose and
are not what these cases test.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.audit import AuditOptions, run_audit
from auditor.findings import AuditResult, Finding
from auditor.read.numbers import parse_number
from auditor.rules import RULE_KINDS

CASES_DIR = Path(__file__).parent / "rule_cases"
SOURCE = "cases.txt"
CASE_KEYS = {"figures", "rule", "expect", "message_contains", "severity"}
FIGURE_KEYS = {"value", "written", "period", "scope", "category", "measure"}
# Kinds that hand GX no check at all: their finding is "error" by design (see their docstrings).
NEVER_EVALUATED = {"claim"}


@dataclass(frozen=True)
class RuleCase:
    """One case of one kind, as read from its YAML file."""

    kind: str
    name: str
    spec: dict[str, Any]

    @property
    def rule_id(self) -> str:
        return f"{self.kind}/{self.name}"

    def figure_id(self, local: str) -> str:
        return f"{self.kind}/{self.name}/{local}"

    @property
    def figures(self) -> dict[str, dict[str, Any]]:
        """Local id -> {"value": ..., optional metadata}, with a bare number as the value."""
        return {local: (spec if isinstance(spec, dict) else {"value": spec})
                for local, spec in (self.spec.get("figures") or {}).items()}

    def rule(self) -> dict[str, Any]:
        """The rule as it goes into the rule file: local figure ids replaced by unique ones."""
        local_ids = set(self.figures)

        def rewrite(node: Any) -> Any:
            if isinstance(node, str) and node in local_ids:
                return self.figure_id(node)
            if isinstance(node, list):
                return [rewrite(item) for item in node]
            if isinstance(node, dict):
                return {key: rewrite(value) for key, value in node.items()}
            return node

        body = {key: rewrite(value) for key, value in self.spec["rule"].items()}
        return {"id": self.rule_id, "kind": self.kind, "description": f"rule case {self.rule_id}",
                **({"severity": self.spec["severity"]} if "severity" in self.spec else {}), **body}


def load_cases() -> list[RuleCase]:
    """Every case of every file in ``rule_cases/``, checked for shape (a typo must not skip a case)."""
    cases = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) == {"kind", "cases"}, f"{path}: top-level keys must be kind and cases"
        assert data["kind"] == path.stem, f"{path}: kind {data['kind']!r} must match the file name"
        for name, spec in data["cases"].items():
            assert set(spec) <= CASE_KEYS and {"rule", "expect"} <= set(spec), f"{path}: case {name}: keys {sorted(spec)}"
            assert spec["expect"] in ("passed", "failed", "error"), f"{path}: case {name}: expect {spec['expect']!r}"
            case = RuleCase(data["kind"], name, spec)
            for local, figure in case.figures.items():
                assert set(figure) <= FIGURE_KEYS and "value" in figure, f"{path}: case {name}: figure {local}"
            cases.append(case)
    return cases


CASES = load_cases()


def written_form(value: float) -> str:
    """How a case figure appears in the source when the case does not say: 1,814 or 40.3."""
    return f"{int(value):,}" if float(value).is_integer() else repr(float(value))


def build_project(root: Path, cases: list[RuleCase]) -> AuditOptions:
    """Write one project holding every case's figures and rules; return the options to audit it."""
    seeds, datasets, expectations = (root / name for name in ("seeds", "datasets", "expectations"))
    for folder in (seeds, datasets, expectations):
        folder.mkdir(parents=True)
    sentences: list[str] = []
    rows: list[dict[str, Any]] = []
    offset = 0
    for number, case in enumerate(cases, start=1):
        for local, figure in case.figures.items():
            written = str(figure.get("written", written_form(figure["value"])))
            # The case file must agree with the parser, or provenance (not the rule) would fail.
            assert parse_number(written).value == pytest.approx(float(figure["value"]), rel=0, abs=0), (case.rule_id, local)
            lead = f"Case {number} names figure {local} as "
            sentence = f"{lead}{written}."
            start = offset + len(lead)
            rows.append({"id": case.figure_id(local), "source": SOURCE, "figure": written,
                         "value": repr(float(figure["value"])), "unit": "",
                         "period": str(figure.get("period", "")), "scope": figure.get("scope", ""),
                         "category": figure.get("category", ""), "measure": figure.get("measure", ""),
                         "start": start, "end": start + len(written), "quote": sentence})
            sentences.append(sentence)
            offset += len(sentence) + 1          # the sentences are joined by one newline
    (seeds / SOURCE).write_text("\n".join(sentences) + "\n", encoding="utf-8")
    with open(datasets / "figures.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        by_kind.setdefault(case.kind, []).append(case.rule())
    for kind, rules in by_kind.items():
        (expectations / f"{kind}.yml").write_text(yaml.safe_dump({"rules": rules}, sort_keys=False, allow_unicode=True),
                                                  encoding="utf-8")
    (expectations / "settings.yml").write_text(yaml.safe_dump(
        {"settings": {"coverage": {"enabled": False}, "repeats": {"enabled": False}}}), encoding="utf-8")
    return AuditOptions(seeds=seeds, datasets=datasets, expectations=expectations)


@pytest.fixture(scope="session")
def audited(tmp_path_factory) -> tuple[AuditResult, dict[str, Finding]]:
    """One real audit (GX on pandas) of every case at once."""
    options = build_project(tmp_path_factory.mktemp("rule_cases"), CASES)
    result = run_audit(options)
    return result, {finding.id: finding for finding in result.findings}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule_id)
def test_rule_case(case: RuleCase, audited):
    _, findings = audited
    finding = findings[case.rule_id]
    assert finding.kind == case.kind
    assert finding.status == case.spec["expect"], finding.message
    if "message_contains" in case.spec:
        assert case.spec["message_contains"] in finding.message
    if case.kind in NEVER_EVALUATED:
        assert finding.gx == []
    else:
        # The verdict is GX's: one entry per check, and the status follows their verdicts.
        assert finding.gx and all(entry["expectations"] for entry in finding.gx)
        assert (finding.status == "failed") == any(entry["passed"] is False for entry in finding.gx)


def test_every_case_figure_is_verified_in_its_source(audited):
    result, _ = audited
    assert [f.message for f in result.findings if f.kind == "provenance"] == []
    assert result.summary["provenance"]["stale"] == 0
    assert result.summary["provenance"]["figures"] == sum(len(c.figures) for c in CASES)


def test_the_audit_holds_exactly_the_cases(audited):
    result, _ = audited
    assert sorted(f.id for f in result.findings) == sorted(c.rule_id for c in CASES)
    assert result.engine["validations"], "GX ran no validation"


def test_every_rule_kind_has_passing_and_failing_cases():
    expected_by_kind: dict[str, set[str]] = {kind: set() for kind in RULE_KINDS}
    for case in CASES:
        assert case.kind in RULE_KINDS, f"cases for unknown kind {case.kind!r}"
        expected_by_kind[case.kind].add(case.spec["expect"])
    for kind, outcomes in expected_by_kind.items():
        if kind in NEVER_EVALUATED:
            assert outcomes == {"error"}, f"{kind}: a never-evaluated kind can only end in error"
        else:
            assert {"passed", "failed"} <= outcomes, f"{kind} needs at least one passing and one failing case, has {outcomes}"
