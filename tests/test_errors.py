"""Every class of user error, end to end: ``auditor validate`` prints ``file:line:col: message``, exits 2.

Each test breaks one thing in a tiny valid project and asserts the exact message and the exact
1-based position, computed from the text written (never typed by hand). Everything runs
in-process through :func:`auditor.cli.run`; nothing here imports GX.
"""

from __future__ import annotations

import csv
import io
import os
import time
from pathlib import Path

import pytest

from auditor.cli import run
from auditor.errors import InputErrors
from auditor.rules import RULE_KINDS
from auditor.yamlfile import MAX_DEPTH

SENTENCE = "The agency identified 10 victims in 2017: 6 for sex trafficking and 4 for forced labor."
RULES = """\
rules:
  - id: victims-by-form
    kind: sum_total
    description: "10 victims in 2017: 6 for sex trafficking and 4 for forced labor"
    total: total
    parts: [sex, labor]
"""


def pos(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, col) of the ``occurrence``-th ``needle`` in ``text``."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def cell_pos(csv_text: str, line: int, column: str) -> tuple[int, int]:
    """(line, col) of a cell of a one-line CSV record whose cells before ``column`` hold no comma."""
    header = csv_text.splitlines()[0].split(",")
    cells = csv_text.splitlines()[line - 1].split(",")
    index = header.index(column)
    return line, sum(len(cell) + 1 for cell in cells[:index]) + 1


@pytest.fixture
def tiny(project):
    """A valid three-figure, one-rule project (the shared ``project`` builder of conftest)."""
    project.seed("doc.txt", SENTENCE)
    project.figure("total", "10", 10, sentence=SENTENCE)
    project.figure("sex", "6", 6, sentence=SENTENCE, category="sex trafficking")
    project.figure("labor", "4", 4, sentence=SENTENCE, category="forced labor")
    project.rules(RULES)
    project.write()
    return project


def validate(project, capsys, *, expect_code: int = 2) -> list[str]:
    """Run ``auditor validate`` on the project; return the stderr lines (no traceback allowed)."""
    args = ["validate", "--seeds", str(project.seeds), "--datasets", str(project.datasets),
            "--expectations", str(project.expectations)]
    code = run(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert code == expect_code, captured.err
    return captured.err.splitlines()


def expect_error(lines: list[str], path: Path, place: tuple[int, int] | None, message: str) -> None:
    """``lines`` holds exactly the error for ``path`` at ``place`` with ``message``."""
    where = f"{path}:{place[0]}:{place[1]}" if place else str(path)
    assert f"auditor: {where}: {message}" in lines, "\n".join(lines)


def test_the_tiny_project_is_valid(tiny, capsys):
    assert run(["validate", "--seeds", str(tiny.seeds), "--datasets", str(tiny.datasets),
                "--expectations", str(tiny.expectations)]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 source(s), 3 figure(s), 1 rule(s)")


# --- rule files: (what to replace in RULES, with what, the text the error points at, message) ---

RULE_FILE_ERRORS = {
    "typo_key_suggests_the_right_one": (
        "    parts: [sex, labor]\n", "    parts: [sex, labor]\n    tolerence: {absolute: 1}\n",
        "tolerence", "unknown key 'tolerence'; did you mean 'tolerance'?"),
    "typo_in_nested_key": (
        "    parts: [sex, labor]\n", "    parts: [sex, labor]\n    tolerance: {absolut: 1}\n",
        "absolut", "unknown key 'absolut'; did you mean 'absolute'?"),
    "string_instead_of_list": (
        "parts: [sex, labor]", "parts: sex", "parts", "parts: Input should be a valid array (got 'sex')"),
    "quoted_number_is_a_type_error": (
        "    parts: [sex, labor]\n", "    parts: [sex, labor]\n    tolerance: {absolute: '1'}\n",
        "absolute", "tolerance.absolute: Input should be a valid number (got '1')"),
    "relative_tolerance_above_one": (
        "    parts: [sex, labor]\n", "    parts: [sex, labor]\n    tolerance: {relative: 1.5}\n",
        "relative", "tolerance.relative: Input should be less than or equal to 1 (got 1.5)"),
    "negative_tolerance": (
        "    parts: [sex, labor]\n", "    parts: [sex, labor]\n    tolerance: {absolute: -1}\n",
        "absolute", "tolerance.absolute: Input should be greater than or equal to 0 (got -1)"),
    "nan_tolerance": (
        "    parts: [sex, labor]\n", "    parts: [sex, labor]\n    tolerance: {absolute: .nan}\n",
        "absolute", "tolerance.absolute: Input should be a finite number (got nan)"),
    "infinite_tolerance": (
        "    parts: [sex, labor]\n", "    parts: [sex, labor]\n    tolerance: {absolute: .inf}\n",
        "absolute", "tolerance.absolute: Input should be a finite number (got inf)"),
    "severity_not_in_set": (
        "    kind: sum_total\n", "    kind: sum_total\n    severity: critical\n",
        "severity", "severity: Input should be 'error', 'warning' or 'info' (got 'critical')"),
    "unknown_figure_in_a_list": (
        "parts: [sex, labor]", "parts: [sex, labr]",
        "labr", "rule 'victims-by-form': unknown figure id 'labr' (did you mean 'labor'?)"),
    "unknown_figure_as_a_value": (
        "total: total", "total: totl",
        "total: totl", "rule 'victims-by-form': unknown figure id 'totl' (did you mean 'total'?)"),
    "missing_required_key": (
        "    total: total\n", "", "id: victims-by-form", "missing required key 'total'"),
    "rule_id_with_spaces": (
        "id: victims-by-form", "id: victims by form", "id: victims",
        "id: String should match pattern '^[A-Za-z0-9][A-Za-z0-9_.:/@~-]*$' (got 'victims by form')"),
    "duplicate_key_in_a_mapping": (
        "    total: total\n", "    total: total\n    total: sex\n", "total: sex", "YAML: duplicate key 'total'"),
    "tab_indentation": (
        "    total: total\n", "\ttotal: total\n", "\t",
        "YAML: found character '\\t' that cannot start any token"),
    "bad_explicit_number_tag": (
        "    total: total\n", "    total: total\n    note: !!float abc\n", "!!float",
        "YAML: cannot read 'abc' as number: could not convert string to float: 'abc'"),
    "impossible_date": (
        "    total: total\n", "    total: total\n    note: 2017-13-45\n", "2017-13-45",
        "YAML: cannot read '2017-13-45' as date: month must be in 1..12"),
    "rules_not_a_list": (
        RULES, "rules:\n  id: victims-by-form\n", "rules", "'rules:' must be a list of rules"),
    "empty_rules_list": (RULES, "rules: []\n", "rules", "'rules:' is an empty list"),
    "rule_not_a_mapping": (RULES, "rules:\n  - victims-by-form\n", "victims-by-form", "a rule must be a mapping, got str"),
    "top_level_typo": (RULES, RULES.replace("rules:", "rulez:"), "rulez", "unknown top-level key 'rulez'; did you mean 'rules'?"),
    "file_is_a_list": (RULES, "- a\n- b\n", "- a", "a rule file must be a mapping with 'rules:' (and optionally 'settings:')"),
    "settings_out_of_range": (
        RULES, RULES + "settings:\n  repeats: {threshold: 20}\n", "threshold",
        "repeats.threshold: Input should be greater than or equal to 50 (got 20)"),
    "settings_typo": (
        RULES, RULES + "settings:\n  coverage: {enabeld: false}\n", "enabeld", "unknown key 'enabeld'; did you mean 'enabled'?"),
    "settings_wrong_type": (
        RULES, RULES + "settings:\n  coverage: {enabled: 'no'}\n", "enabled", "coverage.enabled: Input should be a valid boolean (got 'no')"),
    "several_documents": (RULES, RULES + "---\nrules: []\n", "---", "YAML: but found another document"),
}


@pytest.mark.parametrize("name", sorted(RULE_FILE_ERRORS))
def test_rule_file_error(name, tiny, capsys):
    old, new, needle, message = RULE_FILE_ERRORS[name]
    assert old in RULES
    text = RULES.replace(old, new)
    path = tiny.expectations / "rules.yml"
    path.write_text(text, encoding="utf-8")
    expect_error(validate(tiny, capsys), path, pos(text, needle), message)


def test_unknown_kind_lists_the_valid_kinds_and_suggests_one(tiny, capsys):
    text = RULES.replace("kind: sum_total", "kind: sum_totl")
    path = tiny.expectations / "rules.yml"
    path.write_text(text, encoding="utf-8")
    valid = ", ".join(RULE_KINDS)
    expect_error(validate(tiny, capsys), path, pos(text, "kind: sum_totl"),
                 f"unknown rule kind 'sum_totl' (did you mean 'sum_total'?); valid kinds: {valid}")


def test_rule_without_kind(tiny, capsys):
    text = RULES.replace("    kind: sum_total\n", "")
    path = tiny.expectations / "rules.yml"
    path.write_text(text, encoding="utf-8")
    expect_error(validate(tiny, capsys), path, pos(text, "id: victims-by-form"),
                 "rule has no 'kind'; valid kinds: " + ", ".join(RULE_KINDS))


def test_duplicate_rule_id_across_files_names_the_first(tiny, capsys):
    second = tiny.expectations / "more.yml"
    # Files load in name order: more.yml first, so rules.yml holds the duplicate.
    second.write_text(RULES, encoding="utf-8")
    first_line = pos(RULES, "id: victims-by-form")[0]
    expect_error(validate(tiny, capsys), tiny.expectations / "rules.yml", pos(RULES, "id: victims-by-form"),
                 f"duplicate rule id 'victims-by-form' (first defined at {second}:{first_line})")


def test_settings_in_two_files(tiny, capsys):
    (tiny.expectations / "a.yml").write_text("settings:\n  coverage: {enabled: false}\n", encoding="utf-8")
    text = RULES + "settings:\n  repeats: {enabled: false}\n"
    (tiny.expectations / "rules.yml").write_text(text, encoding="utf-8")
    expect_error(validate(tiny, capsys), tiny.expectations / "rules.yml", pos(text, "settings"),
                 f"settings are already given in {tiny.expectations / 'a.yml'}")


@pytest.mark.parametrize("content", ["", "# only a comment\n", "\n\n"])
def test_empty_rule_file(content, tiny, capsys):
    path = tiny.expectations / "empty.yml"
    path.write_text(content, encoding="utf-8")
    expect_error(validate(tiny, capsys), path, (1, 1), "empty rule file: expected a mapping with 'rules:'")


def test_python_object_tag_is_an_error_and_never_runs(tiny, capsys, tmp_path):
    marker = tmp_path / "executed"
    text = f"rules: !!python/object/apply:os.system ['touch {marker}']\n"
    path = tiny.expectations / "evil.yml"
    path.write_text(text, encoding="utf-8")
    expect_error(validate(tiny, capsys), path, pos(text, "!!python"),
                 "YAML: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed: "
                 "auditor files hold plain data only")
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!set {a, b}", "!!omap [{a: 1}]", "!custom x"])
def test_non_plain_data_tags_are_errors(tag, tiny, capsys):
    text = RULES.replace("    total: total\n", f"    total: total\n    note: {tag}\n")
    path = tiny.expectations / "rules.yml"
    path.write_text(text, encoding="utf-8")
    lines = validate(tiny, capsys)
    line, col = pos(text, tag)
    assert any(l.startswith(f"auditor: {path}:{line}:{col}: YAML: the tag ") and l.endswith("is not allowed: auditor files hold plain data only")
               for l in lines), lines


def test_billion_laughs_is_refused_at_the_first_anchor_within_a_second(tiny, capsys):
    rows = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        rows.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]")
    text = "\n".join(rows) + "\n"
    path = tiny.expectations / "bomb.yml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    lines = validate(tiny, capsys)
    assert time.perf_counter() - started < 1.0
    expect_error(lines, path, pos(text, "&a"), "YAML: anchors (&name) are not allowed in auditor files")


def test_alias_without_anchor_use_is_refused(tiny, capsys):
    text = RULES.replace("parts: [sex, labor]", "parts: *parts")
    path = tiny.expectations / "rules.yml"
    path.write_text(text, encoding="utf-8")
    expect_error(validate(tiny, capsys), path, pos(text, "*parts"),
                 "YAML: anchors and aliases (*name) are not allowed in auditor files")


def test_deep_nesting_is_an_error_not_a_recursion_crash(tiny, capsys):
    text = "rules: " + "[" * 5000 + "]" * 5000 + "\n"
    path = tiny.expectations / "deep.yml"
    path.write_text(text, encoding="utf-8")
    # The limit counts every collection from the root mapping down.
    expect_error(validate(tiny, capsys), path, (1, len("rules: ") + MAX_DEPTH), f"YAML: nested more than {MAX_DEPTH} levels deep")


def test_too_many_values_in_one_file(tiny, capsys, monkeypatch):
    monkeypatch.setattr("auditor.yamlfile.MAX_NODES", 50)
    text = "rules: [" + "1, " * 100 + "1]\n"
    path = tiny.expectations / "long.yml"
    path.write_text(text, encoding="utf-8")
    # Values are counted in reading order: the root mapping, the key "rules" and the list come
    # first, so the 51st value is the list's 48th item.
    column = len("rules: [") + 47 * len("1, ") + 1
    expect_error(validate(tiny, capsys), path, (1, column), "YAML: more than 50 values in one file")


def test_yaml_control_character(tiny, capsys):
    text = RULES.replace("victims-by-form", "victims-\x07by-form")
    path = tiny.expectations / "rules.yml"
    path.write_text(text, encoding="utf-8")
    expect_error(validate(tiny, capsys), path, pos(text, "\x07"), "YAML: character '\\x07' is not allowed in YAML")


def test_non_utf8_rule_file(tiny, capsys):
    raw = RULES.encode().replace(b"forced labor", b"forced lab\xf6r")
    path = tiny.expectations / "rules.yml"
    path.write_bytes(raw)
    expect_error(validate(tiny, capsys), path, pos(RULES, "or\""), "not UTF-8 text: invalid byte b'\\xf6'")


# --- extracts -----------------------------------------------------------------------------------

def set_cell(project, figure_id: str, column: str, value: str) -> tuple[Path, str, int]:
    """Rewrite one cell of figures.csv; return the path, the new text and the record's line."""
    path = project.datasets / "figures.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    line = next(i for i, row in enumerate(rows, start=2) if row["id"] == figure_id)
    rows[line - 2][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path, out.getvalue(), line


CELL_ERRORS = {
    "non_numeric_value": ("value", "six", "value must be a number, got 'six'"),
    "nan_value": ("value", "nan", "value must be finite, got 'nan'"),
    "infinite_value": ("value", "inf", "value must be finite, got 'inf'"),
    "negative_start": ("start", "-3", "start must not be negative, got -3"),
    "fractional_offset": ("end", "24.5", "end must be a whole number, got '24.5'"),
    "end_not_after_start": ("end", "{start}", "end ({start}) must be greater than start ({start})"),
    "end_beyond_the_source": ("end", "5000", f"end (5000) is beyond the end of source 'doc.txt' ({len(SENTENCE)} characters)"),
    "unknown_source": ("source", "nope.txt", "unknown source 'nope.txt' (sources: doc.txt)"),
    "empty_figure_id": ("id", "", "empty figure id"),
    "empty_figure_text": ("figure", " ", "empty figure text"),
}


@pytest.mark.parametrize("name", sorted(CELL_ERRORS))
def test_extract_cell_error(name, tiny, capsys):
    column, value, message = CELL_ERRORS[name]
    start = next(row["start"] for row in tiny.rows if row["id"] == "sex")
    path, text, line = set_cell(tiny, "sex", column, value.format(start=start))
    expect_error(validate(tiny, capsys), path, cell_pos(text, line, column), message.format(start=start))


def test_duplicate_figure_id_across_files_names_the_first(tiny, capsys):
    original = tiny.datasets / "figures.csv"
    lines = original.read_text(encoding="utf-8").splitlines(keepends=True)
    other = tiny.datasets / "a_more.csv"          # read before figures.csv
    other.write_text(lines[0] + lines[2], encoding="utf-8")
    expect_error(validate(tiny, capsys), original, (3, 1), f"duplicate figure id 'sex' (first defined at {other}:2)")


def test_missing_required_column(tiny, capsys):
    path = tiny.datasets / "figures.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[c for c in rows[0] if c != "quote"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    expect_error(validate(tiny, capsys), path, (1, 1), "missing required column(s): quote")


def test_unknown_column_suggests_the_right_one(tiny, capsys):
    path = tiny.datasets / "figures.csv"
    text = path.read_text(encoding="utf-8").replace("category", "categroy", 1)
    path.write_text(text, encoding="utf-8")
    lines = validate(tiny, capsys)
    assert any(l.startswith(f"auditor: {path}:{pos(text, 'categroy')[0]}:{pos(text, 'categroy')[1]}: "
                            "unknown column 'categroy'; did you mean 'category'? expected columns: id, source")
               for l in lines), lines


def test_duplicate_column(tiny, capsys):
    path = tiny.datasets / "figures.csv"
    text = path.read_text(encoding="utf-8").replace("unit", "scope", 1)
    path.write_text(text, encoding="utf-8")
    expect_error(validate(tiny, capsys), path, pos(text, "scope", 2), "column 'scope' appears twice in the header")


def test_wrong_number_of_fields(tiny, capsys):
    path = tiny.datasets / "figures.csv"
    text = path.read_text(encoding="utf-8") + "extra,doc.txt,10\n"
    path.write_text(text, encoding="utf-8")
    expect_error(validate(tiny, capsys), path, pos(text, "extra,doc"), "expected 12 fields, found 3")


def test_a_record_with_a_line_break_is_placed_where_it_starts(tiny, capsys):
    path = tiny.datasets / "figures.csv"
    base = path.read_text(encoding="utf-8")
    record = 'multi,doc.txt,10,ten,,,,,,0,2,"first line\nsecond line"\nafter,doc.txt,10,x,,,,,,0,2,"q"\n'
    text = base + record
    path.write_text(text, encoding="utf-8")
    lines = validate(tiny, capsys)
    # Both records are placed on their own first line, at their value cell.
    expect_error(lines, path, pos(text, "ten,"), "value must be a number, got 'ten'")
    expect_error(lines, path, pos(text, "x,,,"), "value must be a number, got 'x'")


def test_empty_extracts_file(tiny, capsys):
    path = tiny.datasets / "empty.csv"
    path.write_text("\n", encoding="utf-8")
    expect_error(validate(tiny, capsys), path, (1, 1), "empty file: expected a header line")


def test_binary_extracts_file(tiny, capsys):
    path = tiny.datasets / "figures.csv"
    raw = path.read_bytes().replace(b"sex trafficking", b"sex\x00trafficking", 1)
    path.write_bytes(raw)
    text = raw.decode("utf-8")
    expect_error(validate(tiny, capsys), path, pos(text, "\x00"), "binary file (NUL byte); extracts must be UTF-8 CSV")


def test_non_utf8_extracts_file(tiny, capsys):
    path = tiny.datasets / "figures.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode().replace(b"forced labor", b"forced lab\xe9r", 1))
    line, col = pos(text, "forced labor")
    expect_error(validate(tiny, capsys), path, (line, col + len("forced lab")), "not UTF-8 text: invalid byte b'\\xe9'")


def test_ignored_mentions_are_checked_like_extracts(tiny, capsys):
    path = tiny.datasets / "ignored.csv"
    text = ("source,start,end,text,reason\n"
            "nope.txt,1,2,x,a reason\n"
            "doc.txt,5,2,x,a reason\n"
            "doc.txt,5,9999,x,a reason\n"
            "doc.txt,0,3,The,\n")
    path.write_text(text, encoding="utf-8")
    lines = validate(tiny, capsys)
    expect_error(lines, path, (2, 1), "unknown source 'nope.txt'")
    expect_error(lines, path, cell_pos(text, 3, "end"), "end (2) must be greater than start (5)")
    expect_error(lines, path, cell_pos(text, 4, "end"), f"end (9999) is beyond the end of source 'doc.txt' ({len(SENTENCE)} characters)")
    expect_error(lines, path, cell_pos(text, 5, "reason"), "an ignored mention needs a reason")


# --- sources and folders ----------------------------------------------------------------------------

def test_binary_source(tiny, capsys):
    path = tiny.seeds / "scan.dat"   # a suffix with no reader is read as text; .pdf is read as PDF
    raw = b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\x00"
    path.write_bytes(raw)
    line, col = pos(raw.decode("latin-1"), "\x00")
    expect_error(validate(tiny, capsys), path, (line, col),
                 f"binary file (NUL byte at offset {raw.index(0)}); sources must be UTF-8 text")


def test_non_utf8_source(tiny, capsys):
    path = tiny.seeds / "latin1.txt"
    path.write_bytes("Première ligne\nDeuxième ligne".encode("latin-1"))
    expect_error(validate(tiny, capsys), path, (1, 6), "not UTF-8 text: invalid byte b'\\xe8'")


@pytest.mark.parametrize("folder,message", [("seeds", "sources folder not found"),
                                            ("datasets", "extracts folder not found"),
                                            ("expectations", "expectations folder not found")])
def test_missing_folder(folder, message, tiny, capsys):
    target = getattr(tiny, folder)
    for path in sorted(target.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    target.rmdir()
    expect_error(validate(tiny, capsys), target, None, message)


def test_folder_that_is_a_file(tiny, capsys):
    for path in tiny.datasets.iterdir():
        path.unlink()
    tiny.datasets.rmdir()
    tiny.datasets.write_text("not a folder", encoding="utf-8")
    expect_error(validate(tiny, capsys), tiny.datasets, None, "not a folder")


def test_no_source_documents(tiny, capsys):
    (tiny.seeds / "doc.txt").unlink()
    expect_error(validate(tiny, capsys), tiny.seeds, None, "no source documents found")


def test_symlink_out_of_the_sources_folder_is_not_read(tiny, capsys, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("a host file that must never reach a report", encoding="utf-8")
    link = tiny.seeds / "notes.txt"
    link.symlink_to(secret)
    expect_error(validate(tiny, capsys), link, None, "symbolic link to a file outside the sources folder; not read")


def test_symlink_inside_the_sources_folder_is_read(tiny, capsys):
    (tiny.seeds / "alias.txt").symlink_to(tiny.seeds / "doc.txt")
    assert validate(tiny, capsys, expect_code=0) == []


@pytest.mark.parametrize("folder,name", [("seeds", b"caf\xe9.txt"), ("datasets", b"caf\xe9.csv"),
                                         ("expectations", b"caf\xe9.yml")])
def test_file_names_that_are_not_utf8(folder, name, tiny, capsys):
    # Linux allows any bytes in a name; results.json and report.html could not hold this one.
    with open(os.fsencode(getattr(tiny, folder)) + b"/" + name, "wb") as handle:
        handle.write(b"x")
    shown = f"{getattr(tiny, folder)}/caf\\udce9{name.decode('latin-1')[-4:]}"
    expect_error(validate(tiny, capsys), Path(shown), None, "file name is not valid UTF-8; rename the file")


@pytest.mark.parametrize("module,limit,folder,name", [
    ("auditor.read.sources", "MAX_SOURCE_BYTES", "seeds", "doc.txt"),
    ("auditor.extracts", "MAX_CSV_BYTES", "datasets", "figures.csv"),
    ("auditor.yamlfile", "MAX_YAML_BYTES", "expectations", "rules.yml"),
])
def test_oversized_files_are_refused_before_reading(module, limit, folder, name, tiny, capsys, monkeypatch):
    path = getattr(tiny, folder) / name
    monkeypatch.setattr(f"{module}.{limit}", 20)
    lines = validate(tiny, capsys)
    assert any(line.startswith(f"auditor: {path}: ") and f"{path.stat().st_size} bytes" in line and "limit" in line
               for line in lines), lines


# --- the error boundary -----------------------------------------------------------------------------

def test_all_errors_of_all_files_are_printed_together_sorted(tiny, capsys):
    (tiny.seeds / "bad.txt").write_bytes(b"\xff")
    rules = RULES.replace("kind: sum_total", "kind: sum_totl")
    (tiny.expectations / "rules.yml").write_text(rules, encoding="utf-8")
    (tiny.expectations / "z.yml").write_text("rules: [\n", encoding="utf-8")
    lines = validate(tiny, capsys)
    files = [line.split(": ", 2)[1].split(":")[0] for line in lines]
    assert len(lines) == 3, lines
    assert files == sorted(files)
    assert {str(tiny.seeds / "bad.txt"), str(tiny.expectations / "rules.yml"), str(tiny.expectations / "z.yml")} == set(files)


def test_control_characters_in_names_cannot_forge_or_colour_output(tiny, capsys):
    # A file name carrying a newline and an escape sequence: one error stays one escaped line.
    evil = tiny.seeds / "x\nauditor: forged.yml:1:1: all good\x1b[2J.txt"
    evil.write_bytes(b"\xff")
    lines = validate(tiny, capsys)
    assert len(lines) == 1
    assert "\x1b" not in lines[0] and "\\x1b[2J" in lines[0] and "x\\x0aauditor: forged.yml" in lines[0]


def test_long_values_are_cut_in_messages(tiny, capsys):
    text = RULES.replace("    kind: sum_total\n", f"    kind: sum_total\n    severity: {'x' * 5000}\n")
    (tiny.expectations / "rules.yml").write_text(text, encoding="utf-8")
    (line,) = validate(tiny, capsys)
    assert len(line) < 400 and line.endswith("…)")


def test_debug_shows_the_exception(tiny):
    (tiny.expectations / "rules.yml").write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(InputErrors) as raised:
        run(["--debug", "validate", "--seeds", str(tiny.seeds), "--datasets", str(tiny.datasets),
             "--expectations", str(tiny.expectations)])
    assert raised.value.errors[0].file == str(tiny.expectations / "rules.yml")
