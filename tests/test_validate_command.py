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
YEAR_AT = SENTENCE.index("2017")
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


def _edit_figures(project, old: str, new: str) -> None:
    path = project.datasets / "figures.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Every kind of input check rejects; validate must reject each with the same lines.
BREAKS = {
    "unknown_kind": lambda p: (p.expectations / "rules.yml").write_text(RULES.replace("sum_total", "sum_totl")),
    "typo_key": lambda p: (p.expectations / "rules.yml").write_text(RULES.replace("parts:", "prts:")),
    "bad_value": lambda p: _edit_figures(p, ",11,11,", ",11,eleven,"),
    "figure_never_parsed": lambda p: _edit_figures(p, "total,doc.txt,11,", "total,doc.txt,a dozen,"),
    "offsets_backwards": lambda p: _edit_figures(p, ",22,24,", ",24,22,"),
    "offsets_beyond_source": lambda p: _edit_figures(p, ",22,24,", ",22,9999,"),
    "duplicate_id": lambda p: _edit_figures(p, "sex,doc.txt", "total,doc.txt"),
    "unknown_source": lambda p: _edit_figures(p, "sex,doc.txt", "sex,other.txt"),
    "empty_quote": lambda p: _edit_figures(p, f",{SENTENCE}\n", ",\n"),
    "unknown_figure_in_rule": lambda p: (p.expectations / "rules.yml").write_text(RULES.replace("[sex, labor]", "[sex, lab]")),
    "bad_ignored": lambda p: (p.datasets / "ignored.csv").write_text(f"source,start,end,text,reason\ndoc.txt,{YEAR_AT},{YEAR_AT + 4},2017,\n"),
    "bad_waivers": lambda p: (p.root / "waivers.yml").write_text("waivers: {}\n"),
    "bad_baseline": lambda p: (p.root / "baseline.json").write_text("{not json"),
    "several_files": lambda p: ((p.seeds / "x.bin").write_bytes(b"\x00"),
                                (p.expectations / "more.yml").write_text("rules: [\n")),
}
# Files some breaks add, named to both commands alike.
GATE_FILES = {"bad_waivers": ("--waivers", "waivers.yml"), "bad_baseline": ("--baseline", "baseline.json")}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_validate_reports_exactly_what_check_reports(name, contradicting, capsys):
    BREAKS[name](contradicting)
    extra = [GATE_FILES[name][0], str(contradicting.root / GATE_FILES[name][1])] if name in GATE_FILES else []
    assert run(["validate", *folders(contradicting), *extra]) == 2
    from_validate = capsys.readouterr()
    assert run(contradicting.args(*extra)) == 2
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


def test_a_figure_that_never_parsed_is_told_from_one_whose_text_moved(contradicting, capsys):
    _edit_figures(contradicting, "total,doc.txt,11,", "total,doc.txt,a dozen,")
    assert run(["validate", *folders(contradicting)]) == 2
    message = capsys.readouterr().err
    assert "figure 'a dozen' does not parse as a number" in message and "stale" not in message
    assert f"{contradicting.datasets / 'figures.csv'}:2:" in message


def test_zero_in_words_is_a_figure_extracts_accept(project, capsys):
    text = "Courts convicted 5 traffickers in 2021 and none in 2020."
    project.seed("doc.txt", text)
    project.figure("convictions-2021", "5", 5, sentence=text)
    project.figure("convictions-2020", "none", 0, sentence=text)
    project.rules("""
        rules:
          - {id: all, kind: sum_total, description: "5 in 2021 and none in 2020", total: convictions-2021, parts: [convictions-2021, convictions-2020]}
    """).write()
    assert run(["validate", *folders(project)]) == 0, capsys.readouterr().err
