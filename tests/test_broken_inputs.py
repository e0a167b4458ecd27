"""A battery of broken inputs on a copy of the real project: exit 2, a placed message, the old report kept.

The session starts from a copy of the repository's ``seeds/``, ``datasets/`` and
``expectations/`` and runs ``auditor check`` once for real (GX) to get a good report. Every case
then copies that project *with its report*, breaks exactly one thing, and runs ``auditor check``
again. Each must end in exit 2 within seconds, with a message naming the offending file (and
line:col where the file has lines) or value, no traceback, and ``audit_reports/`` byte for byte
as the good run left it, with no temporary file behind.

Most cases run in-process through :func:`auditor.cli.run` (fast); a few run the installed
``auditor`` console script in a subprocess to prove no traceback reaches a real stderr. The last
tests make rendering and writing fail after a good audit and check the same guarantees.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import yaml

from auditor.cli import run

REPO = Path(__file__).resolve().parents[1]
REPORTS = "audit_reports"
CHECK = ["check", "--quiet"]
CONSOLE_SCRIPT = Path(sys.executable).with_name("auditor")


@dataclass(frozen=True)
class Expected:
    """What the error output must say: the file, the line if the file has one, and a fragment."""

    file: str
    line: int | None
    fragment: str


def copy_project(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("seeds", "datasets", "expectations"):
        shutil.copytree(REPO / name, target / name)
    # The repository's seed is read-only; a copy a test may rewrite must not be.
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def report_snapshot(root: Path) -> dict[str, bytes]:
    """Every file in the report folder (temporary ones included, so leftovers show up)."""
    return {p.name: p.read_bytes() for p in sorted((root / REPORTS).iterdir())}


@pytest.fixture(scope="session")
def golden(tmp_path_factory) -> Path:
    """The real project, copied, with the report of one good ``auditor check`` run."""
    root = tmp_path_factory.mktemp("golden")
    copy_project(root)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        code = run(CHECK)
    finally:
        os.chdir(cwd)
    assert code in (0, 1), "the repository's own project must audit cleanly before it can be broken"
    assert set(report_snapshot(root)) == {"report.html", "results.json", "junit.xml", "results.sarif"}
    return root


@pytest.fixture
def case_root(golden, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the golden project and its report; the working directory for the case."""
    root = tmp_path / "project"
    shutil.copytree(golden, root)
    monkeypatch.chdir(root)
    return root


# --- helpers that find something real to break, whatever the project currently holds ----------------

def rule_files(root: Path) -> list[Path]:
    return sorted((root / "expectations").glob("*.yml"))


def extract_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "datasets").glob("*.csv") if not p.name.endswith("ignored.csv"))


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def first_rule(root: Path) -> tuple[Path, dict]:
    path = rule_files(root)[0]
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))["rules"][0]


def csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_first_cell(root: Path, column: str, value: str) -> Expected:
    """Set ``column`` of the first record of the first extracts file (records start on line 2)."""
    path = extract_files(root)[0]
    header, rows = csv_rows(path)
    rows[0][column] = value
    write_csv(path, header, rows)
    return Expected(f"datasets/{path.name}", 2, "")


def two_figure_ids(root: Path) -> list[str]:
    _, rows = csv_rows(extract_files(root)[0])
    return [rows[0]["id"], rows[1]["id"]]


def add_rule_file(root: Path, name: str, text: str) -> Path:
    path = root / "expectations" / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the breakages: each returns what the error output must contain ------------------------------

def bad_yaml(root: Path) -> Expected:
    path, _ = first_rule(root)
    text = path.read_text(encoding="utf-8")
    start = text.index("kind:")
    path.write_text(text[:start] + "kind: [" + text[start + len("kind:"):], encoding="utf-8")
    return Expected(f"expectations/{path.name}", None, "YAML: ")


def typo_key(root: Path) -> Expected:
    path, _ = first_rule(root)
    text = path.read_text(encoding="utf-8")
    broken = text.replace("description:", "descripton:", 1)
    path.write_text(broken, encoding="utf-8")
    return Expected(f"expectations/{path.name}", line_of(broken, "descripton:"),
                    "unknown key 'descripton'; did you mean 'description'?")


def unknown_kind(root: Path) -> Expected:
    path, rule = first_rule(root)
    text = path.read_text(encoding="utf-8")
    broken = text.replace(f"kind: {rule['kind']}", f"kind: {rule['kind']}s", 1)
    path.write_text(broken, encoding="utf-8")
    return Expected(f"expectations/{path.name}", line_of(broken, f"kind: {rule['kind']}s"),
                    f"unknown rule kind '{rule['kind']}s' (did you mean '{rule['kind']}'?)")


def unknown_figure_id(root: Path) -> Expected:
    known = two_figure_ids(root)[0]
    text = (f"rules:\n  - id: zz-extra\n    kind: part_of_whole\n    description: a new rule\n"
            f"    whole: {known}\n    parts: [{known}-typo]\n")
    add_rule_file(root, "zz.yml", text)
    return Expected("expectations/zz.yml", line_of(text, f"{known}-typo"), f"unknown figure id '{known}-typo'")


def duplicate_rule_id_across_files(root: Path) -> Expected:
    path, rule = first_rule(root)
    add_rule_file(root, "zz.yml", yaml.safe_dump({"rules": [rule]}, sort_keys=False, allow_unicode=True))
    return Expected("expectations/zz.yml", 2, f"duplicate rule id '{rule['id']}' (first defined at expectations/{path.name}:")


def duplicate_figure_id_across_files(root: Path) -> Expected:
    path = extract_files(root)[0]
    header, rows = csv_rows(path)
    write_csv(root / "datasets" / "zz_copy.csv", header, rows[:1])
    return Expected("datasets/zz_copy.csv", 2, f"duplicate figure id '{rows[0]['id']}' (first defined at datasets/{path.name}:2)")


def empty_rule_file(root: Path) -> Expected:
    add_rule_file(root, "zz.yml", "")
    return Expected("expectations/zz.yml", 1, "empty rule file")


def missing_csv_column(root: Path) -> Expected:
    path = extract_files(root)[0]
    header, rows = csv_rows(path)
    write_csv(path, [c for c in header if c != "quote"], rows)
    return Expected(f"datasets/{path.name}", 1, "missing required column(s): quote")


def non_numeric_value(root: Path) -> Expected:
    expected = set_first_cell(root, "value", "many")
    return Expected(expected.file, 2, "value must be a number, got 'many'")


def infinite_value(root: Path) -> Expected:
    expected = set_first_cell(root, "value", "inf")
    return Expected(expected.file, 2, "value must be finite, got 'inf'")


def offsets_beyond_the_source(root: Path) -> Expected:
    expected = set_first_cell(root, "end", "99999999")
    return Expected(expected.file, 2, "end (99999999) is beyond the end of source")


def negative_offset(root: Path) -> Expected:
    expected = set_first_cell(root, "start", "-1")
    return Expected(expected.file, 2, "start must not be negative, got -1")


def wrong_field_count(root: Path) -> Expected:
    path = extract_files(root)[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "stray,row\n", encoding="utf-8")
    return Expected(f"datasets/{path.name}", text.count("\n") + 1, "expected 12 fields, found 2")


def non_utf8_extracts(root: Path) -> Expected:
    path = extract_files(root)[-1]
    path.write_bytes(path.read_bytes() + b"caf\xe9\n")
    return Expected(f"datasets/{path.name}", None, "not UTF-8 text: invalid byte b'\\xe9'")


def binary_seed(root: Path) -> Expected:
    # .bin: a suffix with no reader is read as text (a .pdf is read as PDF, see test_formats_bad_files.py)
    (root / "seeds" / "scan.bin").write_bytes(b"%PDF-1.7\n\x00\x01\x02")
    return Expected("seeds/scan.bin", 2, "binary file (NUL byte at offset 9)")


def non_utf8_seed(root: Path) -> Expected:
    (root / "seeds" / "latin1.txt").write_bytes("Une phrase en français.".encode("latin-1"))
    return Expected("seeds/latin1.txt", 1, "not UTF-8 text: invalid byte b'\\xe7'")


def missing_folder(root: Path) -> Expected:
    # A missing datasets/ or expectations/ means "none yet"; the documents must be there.
    shutil.rmtree(root / "seeds")
    return Expected("seeds", None, "sources folder not found")


def yaml_python_tag(root: Path) -> Expected:
    marker = root / "executed"
    add_rule_file(root, "zz.yml", f"rules: !!python/object/apply:os.system ['touch {marker}']\n")
    return Expected("expectations/zz.yml", 1, "is not allowed: auditor files hold plain data only")


def alias_bomb(root: Path) -> Expected:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        rows.append(f"{level}: &{level} [" + ",".join([f"*{chr(ord(level) - 1)}"] * 9) + "]")
    add_rule_file(root, "zz.yml", "\n".join(rows) + "\n")
    return Expected("expectations/zz.yml", 1, "anchors (&name) are not allowed")


def deep_nesting(root: Path) -> Expected:
    add_rule_file(root, "zz.yml", "rules: " + "[" * 20000 + "\n")
    return Expected("expectations/zz.yml", 1, "levels deep")


def rules_not_a_list(root: Path) -> Expected:
    path, rule = first_rule(root)
    path.write_text(f"rules:\n  id: {rule['id']}\n", encoding="utf-8")
    return Expected(f"expectations/{path.name}", 1, "'rules:' must be a list of rules")


def severity_not_in_set(root: Path) -> Expected:
    path = next(p for p in rule_files(root) if "severity: " in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    start = text.index("severity: ")
    end = text.index("\n", start)
    broken = text[:start] + "severity: blocker" + text[end:]
    path.write_text(broken, encoding="utf-8")
    return Expected(f"expectations/{path.name}", line_of(broken, "severity: blocker"),
                    "severity: Input should be 'error', 'warning' or 'info' (got 'blocker')")


def tolerance_out_of_range(root: Path) -> Expected:
    a, b = two_figure_ids(root)
    text = (f"rules:\n  - id: zz-extra\n    kind: same_fact\n    description: a new rule\n"
            f"    figures: [{a}, {b}]\n    tolerance: {{relative: 2}}\n")
    add_rule_file(root, "zz.yml", text)
    return Expected("expectations/zz.yml", 6, "tolerance.relative: Input should be less than or equal to 1 (got 2)")


def settings_typo(root: Path) -> Expected:
    add_rule_file(root, "zz.yml", "settings:\n  repeat: {enabled: false}\n")
    return Expected("expectations/zz.yml", 2, "unknown key 'repeat'; did you mean 'repeats'?")


BREAKAGES: dict[str, Callable[[Path], Expected]] = {f.__name__: f for f in (
    bad_yaml, typo_key, unknown_kind, unknown_figure_id, duplicate_rule_id_across_files,
    duplicate_figure_id_across_files, empty_rule_file, missing_csv_column, non_numeric_value,
    infinite_value, offsets_beyond_the_source, negative_offset, wrong_field_count, non_utf8_extracts,
    binary_seed, non_utf8_seed, missing_folder, yaml_python_tag, alias_bomb, deep_nesting,
    rules_not_a_list, severity_not_in_set, tolerance_out_of_range, settings_typo,
)}
# Run through the installed console script in a subprocess: no traceback may reach a real stderr.
SUBPROCESS_CASES = {"bad_yaml", "yaml_python_tag", "binary_seed", "alias_bomb", "missing_folder"}


def assert_reported(stderr: str, expected: Expected) -> None:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert lines and all(line.startswith("auditor: ") for line in lines), stderr
    if expected.line is None:
        wanted = f"auditor: {expected.file}:"
        matching = [l for l in lines if l.startswith(wanted) or l.startswith(f"auditor: {expected.file}: ")]
    else:
        matching = [l for l in lines if l.startswith(f"auditor: {expected.file}:{expected.line}:")]
    assert any(expected.fragment in line for line in matching), f"{expected} not in:\n{stderr}"


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_input_exits_2_and_keeps_the_previous_report(name, case_root, capsys):
    before = report_snapshot(case_root)
    expected = BREAKAGES[name](case_root)
    started = time.perf_counter()
    if name in SUBPROCESS_CASES:
        assert CONSOLE_SCRIPT.exists(), "the package must be installed (pip install -e .)"
        done = subprocess.run([str(CONSOLE_SCRIPT), *CHECK], cwd=case_root, capture_output=True, text=True, timeout=60)
        code, stdout, stderr = done.returncode, done.stdout, done.stderr
    else:
        code = run(CHECK)
        captured = capsys.readouterr()
        stdout, stderr = captured.out, captured.err
    elapsed = time.perf_counter() - started
    assert code == 2, stderr
    assert stdout == ""
    assert_reported(stderr, expected)
    assert elapsed < (10 if name in SUBPROCESS_CASES else 3), f"took {elapsed:.1f} s"
    assert report_snapshot(case_root) == before
    assert not (case_root / "executed").exists()


def test_the_battery_covers_at_least_fifteen_kinds_of_breakage():
    assert len(BREAKAGES) >= 15
    assert SUBPROCESS_CASES <= set(BREAKAGES)


# --- failures after a good audit: rendering and writing ------------------------------------------

def test_a_renderer_failure_keeps_the_previous_report(case_root, capsys, monkeypatch):
    before = report_snapshot(case_root)

    def broken_render(result, source_texts, handle, *args):
        handle.write(b"<!doctype html><p>half a page")  # fails midway through streaming
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("auditor.report.html.write_html", broken_render)
    assert run(CHECK) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "internal error: RuntimeError: renderer exploded" in err
    assert report_snapshot(case_root) == before


def test_an_interrupt_while_rendering_keeps_the_previous_report(case_root, capsys, monkeypatch):
    before = report_snapshot(case_root)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("auditor.report.junit.render_junit", interrupted)
    assert run(CHECK) == 2
    assert "interrupted; previous reports left as they were" in capsys.readouterr().err
    assert report_snapshot(case_root) == before


def test_a_write_failure_midway_keeps_the_whole_previous_report(case_root, capsys, monkeypatch):
    before = report_snapshot(case_root)
    import auditor.report as report

    real_replace = os.replace
    calls = []

    def failing_second_replace(src, dst):
        if Path(dst).parent.name != REPORTS:      # os.replace is patched for everyone; count ours
            return real_replace(src, dst)
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(report.os, "replace", failing_second_replace)
    assert run(CHECK) == 2
    err = capsys.readouterr().err
    assert "cannot write report: No space left on device" in err
    assert len(calls) >= 2  # the failing rename, then the ones putting old files back
    assert report_snapshot(case_root) == before
