"""``auditor validate``: the pre-commit check. No GX, fast, and the same input errors as ``check``."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from auditor.cli import run

SENTENCE = "The agency identified 11 victims in 2017: 6 for sex trafficking and 4 for forced labor."
RULES = """\
rules:
  - id: victims-by-form
    kind: sum_total
    description: "11 victims in 2017: 6 for sex trafficking and 4 for forced labor"
    total: total
    parts: [sex, labor]
"""
HEAVY = ("great_expectations", "pyspark", "pandas", "scipy", "altair", "jinja2")


@pytest.fixture
def contradicting(project):
    """A well-formed project whose one rule fails (6 + 4 is not 11): valid input, blocking finding."""
    project.seed("doc.txt", SENTENCE)
    project.figure("total", "11", 11, sentence=SENTENCE)
    project.figure("sex", "6", 6, sentence=SENTENCE)
    project.figure("labor", "4", 4, sentence=SENTENCE)
    project.rules(RULES)
    return project.write()


def folders(project) -> list[str]:
    return ["--seeds", str(project.seeds), "--datasets", str(project.datasets), "--expectations", str(project.expectations)]


def test_validate_passes_well_formed_input_without_evaluating_it(contradicting, capsys):
    # The rule is false, but validate only checks that the input is well-formed.
    assert run(["validate", *folders(contradicting)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "ok: 1 source(s), 3 figure(s), 1 rule(s)"
    assert not (contradicting.root / "reports").exists()


def test_validate_runs_without_great_expectations(contradicting, tmp_path):
    # A script file, not ``python -c``: with pyspark installed, GX imports misbehave under -c.
    script = tmp_path / "validate_modules.py"
    script.write_text(textwrap.dedent(f"""
        import json, sys, time
        started = time.perf_counter()
        from auditor.cli import run
        code = run({["validate", *folders(contradicting)]!r})
        elapsed = time.perf_counter() - started
        loaded = sorted({{name.split(".")[0] for name in sys.modules}} & set({HEAVY!r}))
        print(json.dumps({{"code": code, "loaded": loaded, "seconds": elapsed}}))
    """), encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-X", "importtime", str(script)], capture_output=True, text=True, timeout=120)
    wall = time.perf_counter() - started
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, done.stderr[-2000:]
    assert report["loaded"] == []
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert imported and not [name for name in imported if name.split(".")[0] in HEAVY]
    # GX's import alone costs ~3.4 s here; validate must stay well below that, even as a new process.
    assert report["seconds"] < 2.5 and wall < 5, (report, wall)


BREAKS = {
    "unknown_kind": lambda p: (p.expectations / "rules.yml").write_text(RULES.replace("sum_total", "sum_totl")),
    "typo_key": lambda p: (p.expectations / "rules.yml").write_text(RULES.replace("parts:", "prts:")),
    "bad_value": lambda p: (p.datasets / "figures.csv").write_text(
        (p.datasets / "figures.csv").read_text().replace(",11,11,", ",11,eleven,")),
    "several_files": lambda p: ((p.seeds / "x.bin").write_bytes(b"\x00"),
                                (p.expectations / "more.yml").write_text("rules: [\n")),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_validate_reports_exactly_what_check_reports(name, contradicting, capsys):
    BREAKS[name](contradicting)
    assert run(["validate", *folders(contradicting)]) == 2
    from_validate = capsys.readouterr()
    assert run(contradicting.args()) == 2
    from_check = capsys.readouterr()
    assert from_validate.err == from_check.err
    assert from_validate.err.strip() and "Traceback" not in from_validate.err
    assert from_validate.out == from_check.out == ""
    assert not (contradicting.root / "reports").exists()


def test_debug_shows_a_traceback_through_the_console_script(contradicting):
    script = Path(sys.executable).with_name("auditor")
    assert script.exists(), "the package must be installed (pip install -e .)"
    BREAKS["unknown_kind"](contradicting)
    plain = subprocess.run([str(script), "validate", *folders(contradicting)], capture_output=True, text=True, timeout=60)
    debug = subprocess.run([str(script), "--debug", "validate", *folders(contradicting)], capture_output=True, text=True,
                           timeout=60)
    assert plain.returncode == 2 and "Traceback" not in plain.stderr and "unknown rule kind 'sum_totl'" in plain.stderr
    assert debug.returncode != 0 and "Traceback" in debug.stderr and "InputErrors" in debug.stderr
